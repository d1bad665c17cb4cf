import { absentTopicOf } from './absent-topic.ts';
import {
  type ConfidenceFeatures,
  confidenceFeatures,
  confidenceOf,
  declineThreshold,
  unstatedFactOf,
} from './answer-confidence.ts';
import type { SearchIndex } from './build-search-index.ts';
import type { QaAnswer } from './knowledge-types.ts';
import { namesWorkplaceTopicOf, workplaceServiceOf } from './out-of-scope.ts';
import { parseQuestion } from './parse-question.ts';
import { joinSentences, type RankedPassage, rankPassages } from './rank-passages.ts';

/**
 * A quote shorter than this gets the next sentence too, so the answer reads in context: policies state
 * a rule and then its detail ("...every three years. Frontline staff also..."), and the messy exports
 * split one answer over several short lines. Up to four short sentences is still a short answer; on
 * the evaluation sets it puts the expected words on the card for 3-7 more questions in a hundred than
 * three sentences under 250 characters did (npm run eval:qa, 'top-1 quote' and 'card' columns).
 */
const shortQuoteChars = 450;
const maxQuoteSentences = 4;

export interface AnswerOptions {
  threshold?: number;
  /** How many ranked passages to return beside the answer (the answer's own passage included). */
  candidates?: number;
}

export interface AnswerCandidate {
  answer: Extract<QaAnswer, { kind: 'answer' }>;
  /** The chunk the quote comes from, for evaluation against expected passages. */
  chunkText: string;
  docId: string;
  headingPath: string[];
  features: ConfidenceFeatures;
}

export interface RankedAnswer {
  /** The best passage, or a decline when it falls below the threshold. */
  answer: QaAnswer;
  /** The best passages in rank order with their own confidence, threshold not applied. */
  candidates: AnswerCandidate[];
}

/**
 * One ranking per question: the answer (or decline) and its runners-up come from the same ranked
 * list, so the card's "other parts of the policy" never cost a second search.
 */
export function rankAnswer(index: SearchIndex, raw: string, options: AnswerOptions = {}): RankedAnswer {
  if (index.chunks.length === 0)
    return { answer: { kind: 'decline', reason: 'no-documents' }, candidates: [] };
  const parsed = parseQuestion(raw, index);
  if (!parsed.ok) return { answer: { kind: 'decline', reason: parsed.reason }, candidates: [] };
  if (parsed.question.concepts.length === 0)
    return { answer: { kind: 'decline', reason: 'no-match' }, candidates: [] };
  const ranked = rankPassages(index, parsed.question);
  const runnerUp = runnerUpScore(ranked);
  const candidates = ranked
    .slice(0, Math.max(1, options.candidates ?? 1))
    .map((passage) => candidateOf(index, passage, runnerUp));
  const best = candidates[0];
  if (!best) return { answer: { kind: 'decline', reason: 'no-match' }, candidates };
  const confidence = best.answer.confidence;
  const service = workplaceServiceOf(parsed.question.text);
  if (service && !namesWorkplaceTopicOf(parsed.question.text, best.chunkText)) {
    return { answer: { kind: 'decline', reason: 'out-of-scope', confidence, service }, candidates };
  }
  const threshold = options.threshold ?? declineThreshold;
  const unstated = ranked[0] ? unstatedFactOf(ranked[0].evidence) : undefined;
  if (unstated) {
    const stating = runnerUpStatingTheFact(index, ranked, runnerUp, Math.max(threshold, promotionFloor));
    if (stating) {
      const rest = candidates.filter((candidate) => candidate.answer.chunkId !== stating.answer.chunkId);
      return { answer: stating.answer, candidates: [stating, ...rest] };
    }
    return {
      answer: { kind: 'decline', reason: 'low-confidence', confidence, threshold, unstated },
      candidates,
    };
  }
  const absentTopic = ranked[0] ? absentTopicOf(ranked[0].evidence) : undefined;
  if (absentTopic) {
    return {
      answer: { kind: 'decline', reason: 'low-confidence', confidence, threshold, absentTopic },
      candidates,
    };
  }
  if (confidence < threshold) {
    return { answer: { kind: 'decline', reason: 'low-confidence', confidence, threshold }, candidates };
  }
  return { answer: best.answer, candidates };
}

function candidateOf(index: SearchIndex, passage: RankedPassage, runnerUp: number): AnswerCandidate {
  const features = confidenceFeatures(passage.evidence, passage.score, runnerUp);
  const chunk = passage.evidence.chunk;
  return {
    answer: toAnswer(index, passage, confidenceOf(features)),
    chunkText: chunk.text,
    docId: chunk.docId,
    headingPath: chunk.headingPath,
    features,
  };
}

/**
 * When the best passage lacks the fact asked for, one of the next two that states it answers instead,
 * if it is confident on its own (the folder's threshold, and at least promotionFloor: a tidy policy's
 * low threshold would let a loosely matching passage with any phone number in). "NSPCC whistleblowing
 * line number" ranks the sentence naming the line first and the one giving its number second. On the
 * development files (with the deadline rule): shared knowledge declines 148 -> 150 of 165, false
 * declines 17 of 551 both ways, two more top-1; sample policy 95 -> 97 of 138, false declines 8 -> 10
 * of 510, each a question that had been answered from a passage without the span it asked for.
 */
function runnerUpStatingTheFact(
  index: SearchIndex,
  ranked: readonly RankedPassage[],
  runnerUp: number,
  floor: number,
): AnswerCandidate | undefined {
  for (const passage of ranked.slice(1, 1 + factRunnersUp)) {
    if (unstatedFactOf(passage.evidence) || absentTopicOf(passage.evidence)) continue;
    const candidate = candidateOf(index, passage, runnerUp);
    return candidate.answer.kind === 'answer' && candidate.answer.confidence >= floor ? candidate : undefined;
  }
  return undefined;
}

const factRunnersUp = 2;
const promotionFloor = 0.5;

/** A decline that no threshold would turn into an answer: out of scope, an unstated fact, an absent topic. */
export function declinedByRule(answer: QaAnswer): boolean {
  return (
    answer.kind === 'decline' &&
    (answer.reason === 'out-of-scope' || answer.unstated !== undefined || answer.absentTopic !== undefined)
  );
}

export function answerQuestion(index: SearchIndex, raw: string, options: AnswerOptions = {}): QaAnswer {
  return rankAnswer(index, raw, options).answer;
}

/** The best passages in rank order, each with its confidence, without applying the threshold. */
export function answerCandidates(index: SearchIndex, raw: string, limit: number): AnswerCandidate[] {
  return rankAnswer(index, raw, { candidates: limit }).candidates;
}

/** The best score outside the winning chunk (ranked passages are one per chunk). */
function runnerUpScore(ranked: readonly RankedPassage[]): number {
  return ranked[1]?.score ?? 0;
}

/** A sentence that leans on the one before it: a pronoun or "this" for what was just named. */
function opensWithReference(sentence: string): boolean {
  return /^(?:they|it|this|these|those|he|she|such|their|its|his|her|both|the latter|the former)\b/i.test(
    sentence.trimStart(),
  );
}

export function toAnswer(
  index: SearchIndex,
  best: RankedPassage,
  confidence: number,
): Extract<QaAnswer, { kind: 'answer' }> {
  const chunk = best.evidence.chunk;
  const records = index.sentences[best.chunkIndex] ?? [];
  let start = best.start;
  let end = best.end;
  const short = (): boolean =>
    end - start + 1 < maxQuoteSentences &&
    joinSentences(records.slice(start, end + 1)).length < shortQuoteChars;
  // The next sentence first (policies state a rule, then its detail); the one before at a chunk's end.
  while (short() && end + 1 < records.length) end++;
  while (short() && start > 0) start--;
  // "They can listen..." needs the sentence that says who they are.
  if (start > 0 && opensWithReference(records[start]?.text ?? '')) {
    start--;
    if (end - start + 1 > maxQuoteSentences && end > best.end) end--;
  }
  const doc = index.documentsById.get(chunk.docId);
  const sectionText = doc?.sectionTexts.get(chunk.headingPath.join(' > ')) ?? chunk.text;
  return {
    kind: 'answer',
    quote: joinSentences(records.slice(start, end + 1)),
    docTitle: chunk.docTitle,
    section: chunk.section,
    ...(chunk.link ? { link: chunk.link } : {}),
    chunkId: chunk.id,
    sectionText,
    confidence,
  };
}
