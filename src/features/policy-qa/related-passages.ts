import type { AnswerCandidate } from './answer-question.ts';

/** How close to the answer's confidence another passage must be to be shown beside it. */
export const relatedConfidenceRatio = 0.75;
/** Ranked passages looked at for "other parts of the policy" (the answer's own included). */
export const relatedCandidates = 5;
const maxRelated = 2;

/**
 * A section longer than this (several screens, as in a self-assessment answer) may give two passages:
 * they are as far apart as two sections would be. A shorter one is one click away ("Show the full section").
 */
const shortSectionChars = 2_000;

function isShortSection(sectionText: string): boolean {
  return sectionText.length <= shortSectionChars;
}

function sameSection(
  a: { docTitle: string; section: string },
  b: { docTitle: string; section: string },
): boolean {
  return a.docTitle === b.docTitle && a.section === b.section;
}

export interface RelatedPassage {
  quote: string;
  docTitle: string;
  section: string;
}

/**
 * Up to two other passages, from other sections (or far apart in a long one), that the engine ranked
 * close to the answer:
 * policies often say the same thing in two places (a duty and its procedure), and the reader
 * should see both rather than trust the first alone. They come from the answer's own ranking.
 */
export function relatedPassages(
  candidates: readonly AnswerCandidate[],
  main: { chunkId: string; section: string; docTitle: string; confidence: number; sectionText: string },
  ratio = relatedConfidenceRatio,
): RelatedPassage[] {
  const shown = [main];
  const related: RelatedPassage[] = [];
  for (const { answer } of candidates) {
    if (shown.some((passage) => sameSection(passage, answer) && isShortSection(answer.sectionText))) continue;
    if (shown.some((passage) => passage.chunkId === answer.chunkId)) continue;
    if (answer.confidence < main.confidence * ratio) continue;
    shown.push(answer);
    related.push({ quote: answer.quote, docTitle: answer.docTitle, section: answer.section });
    if (related.length === maxRelated) break;
  }
  return related;
}
