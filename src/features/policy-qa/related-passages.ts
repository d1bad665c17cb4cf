import { declineThreshold } from './answer-confidence.ts';
import type { AnswerCandidate } from './answer-question.ts';
import type { QaAnswer } from './knowledge-types.ts';

/** How close to the answer's confidence another passage must be to be shown beside it. */
export const relatedConfidenceRatio = 0.4;
/** Ranked passages looked at for "other parts of the policy" (the answer's own included). */
export const relatedCandidates = 5;
const maxRelated = 2;

export interface RelatedPassage {
  quote: string;
  docTitle: string;
  section: string;
}

/**
 * Up to two other passages that the engine ranked close to the answer, each from another chunk
 * (another section, or another part of a long one): policies often say the same thing in two places
 * (a duty and its procedure), and the messy exports split one answer over several paragraphs, so the
 * reader should see the runners-up rather than trust the first alone. They come from the answer's own
 * ranking and are labelled with their section on the card.
 */
export function relatedPassages(
  candidates: readonly AnswerCandidate[],
  main: { chunkId: string; confidence: number },
  ratio = relatedConfidenceRatio,
): RelatedPassage[] {
  const related: RelatedPassage[] = [];
  for (const { answer } of candidates) {
    if (answer.chunkId === main.chunkId) continue;
    if (answer.confidence < main.confidence * ratio) continue;
    related.push({ quote: answer.quote, docTitle: answer.docTitle, section: answer.section });
    if (related.length === maxRelated) break;
  }
  return related;
}

/**
 * A decline for low confidence still shows the closest passages whose confidence is at least this
 * share of the threshold the answer fell below, under "they may not answer your question": the
 * reader can judge a near miss instead of getting nothing, and a question the documents plainly do
 * not touch (a car park, a pay date) shows none. A share rather than a fixed floor, because each
 * folder has its own threshold (0.36 by default, 0.11 for the sample policy). Chosen with
 * `npm run eval:qa` (the 'declined, nearest shows' column): the fixed 0.2 it replaces was 0.41 of
 * the default threshold of the time and 0.57 of the sample policy's.
 */
export const nearestShareOfThreshold = 0.5;

/**
 * Up to two passages from the ranking that came closest, for a decline for low confidence (none for
 * any other answer or decline): never presented as the answer.
 */
export function nearestPassages(
  answer: QaAnswer,
  candidates: readonly AnswerCandidate[],
  share = nearestShareOfThreshold,
): RelatedPassage[] {
  if (answer.kind !== 'decline' || answer.reason !== 'low-confidence') return [];
  const floor = share * (answer.threshold ?? declineThreshold);
  return candidates
    .filter(({ answer }) => answer.confidence >= floor)
    .slice(0, maxRelated)
    .map(({ answer }) => ({ quote: answer.quote, docTitle: answer.docTitle, section: answer.section }));
}
