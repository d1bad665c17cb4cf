import {
  type ConfidenceFeatures,
  confidenceFeatures,
  confidenceOf,
  declineThreshold,
} from './answer-confidence.ts';
import type { SearchIndex } from './build-search-index.ts';
import type { QaAnswer } from './knowledge-types.ts';
import { parseQuestion } from './parse-question.ts';
import { joinSentences, type RankedPassage, rankPassages } from './rank-passages.ts';

/** A quote shorter than this gets the next sentence too, so the answer reads in context. */
const shortQuoteChars = 140;
const maxQuoteSentences = 3;

export interface AnswerOptions {
  threshold?: number;
}

export function answerQuestion(index: SearchIndex, raw: string, options: AnswerOptions = {}): QaAnswer {
  if (index.chunks.length === 0) return { kind: 'decline', reason: 'no-documents' };
  const parsed = parseQuestion(raw, index);
  if (!parsed.ok) return { kind: 'decline', reason: parsed.reason };
  if (parsed.question.concepts.length === 0) return { kind: 'decline', reason: 'no-match' };
  const ranked = rankPassages(index, parsed.question);
  const best = ranked[0];
  if (!best) return { kind: 'decline', reason: 'no-match' };
  const confidence = confidenceOf(confidenceFeatures(best.evidence, best.score, runnerUpScore(ranked)));
  if (confidence < (options.threshold ?? declineThreshold)) {
    return { kind: 'decline', reason: 'low-confidence', confidence };
  }
  return toAnswer(index, best, confidence);
}

export interface AnswerCandidate {
  answer: Extract<QaAnswer, { kind: 'answer' }>;
  /** The chunk the quote comes from, for evaluation against expected passages. */
  chunkText: string;
  docId: string;
  headingPath: string[];
  features: ConfidenceFeatures;
}

/** The best passages in rank order, each with its confidence, without applying the threshold. */
export function answerCandidates(index: SearchIndex, raw: string, limit: number): AnswerCandidate[] {
  if (index.chunks.length === 0) return [];
  const parsed = parseQuestion(raw, index);
  if (!parsed.ok || parsed.question.concepts.length === 0) return [];
  const candidates: AnswerCandidate[] = [];
  const ranked = rankPassages(index, parsed.question);
  const runnerUp = runnerUpScore(ranked);
  for (const passage of ranked.slice(0, limit)) {
    const features = confidenceFeatures(passage.evidence, passage.score, runnerUp);
    const answer = toAnswer(index, passage, confidenceOf(features));
    if (answer.kind !== 'answer') continue;
    const chunk = passage.evidence.chunk;
    candidates.push({
      answer,
      chunkText: chunk.text,
      docId: chunk.docId,
      headingPath: chunk.headingPath,
      features,
    });
  }
  return candidates;
}

/** The best score outside the winning chunk (ranked passages are one per chunk). */
function runnerUpScore(ranked: readonly RankedPassage[]): number {
  return ranked[1]?.score ?? 0;
}

export function toAnswer(
  index: SearchIndex,
  best: RankedPassage,
  confidence: number,
): Extract<QaAnswer, { kind: 'answer' }> {
  const chunk = best.evidence.chunk;
  const records = index.sentences[best.chunkIndex] ?? [];
  let end = best.end;
  while (
    end + 1 < records.length &&
    end - best.start + 1 < maxQuoteSentences &&
    joinSentences(records.slice(best.start, end + 1)).length < shortQuoteChars
  ) {
    end++;
  }
  const doc = index.documentsById.get(chunk.docId);
  const sectionText = doc?.sectionTexts.get(chunk.headingPath.join(' > ')) ?? chunk.text;
  return {
    kind: 'answer',
    quote: joinSentences(records.slice(best.start, end + 1)),
    docTitle: chunk.docTitle,
    section: chunk.section,
    ...(chunk.link ? { link: chunk.link } : {}),
    chunkId: chunk.id,
    sectionText,
    confidence,
  };
}
