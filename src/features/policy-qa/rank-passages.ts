import type { SearchIndex } from './build-search-index.ts';
import type { KnowledgeChunk, SentenceRecord } from './knowledge-types.ts';
import { type ParsedQuestion, variantsByFirstTerm } from './parse-question.ts';
import { defaultScorers, type PassageEvidence, type PassageScorer } from './passage-scorers.ts';

/** First-stage candidates: enough to hold the right chunk, few enough to bound the per-query work. */
const candidateChunks = 30;
const maxWindowSentences = 3;

export interface RankedPassage {
  evidence: PassageEvidence;
  chunkIndex: number;
  start: number;
  end: number;
  score: number;
}

export function rankPassages(
  index: SearchIndex,
  question: ParsedQuestion,
  scorers: readonly PassageScorer[] = defaultScorers,
): RankedPassage[] {
  const ranked: RankedPassage[] = [];
  let current: RankedPassage | undefined;
  forEachPassageWindow(index, question, (evidence, chunkIndex, start, end) => {
    if (current && current.chunkIndex !== chunkIndex) {
      ranked.push(current);
      current = undefined;
    }
    let score = 0;
    for (const scorer of scorers) score += scorer.weight * scorer.score(evidence);
    if (!current || score > current.score)
      current = { evidence: evidence.snapshot(), chunkIndex, start, end, score };
  });
  if (current) ranked.push(current);
  return ranked.sort((a, b) => b.score - a.score);
}

/**
 * The evidence of the window being visited. One object per question is refilled for every window
 * (a question visits hundreds), so a visitor that keeps a window takes a snapshot().
 */
export class WindowEvidence implements PassageEvidence {
  chunk!: KnowledgeChunk;
  sentences: SentenceRecord[] = [];
  contextMatch: Float64Array = new Float64Array();
  chunkPrior = 0;
  sectionPrior = 0;
  readonly conceptMatch: Float64Array;

  constructor(
    readonly question: ParsedQuestion,
    readonly averageSentenceTerms: number,
    readonly numberTerms: ReadonlySet<number>,
  ) {
    this.conceptMatch = new Float64Array(question.concepts.length);
  }

  /** Joined only when read (the confidence of the few best windows), not for every window. */
  get text(): string {
    return joinSentences(this.sentences);
  }

  snapshot(): PassageEvidence {
    const copy = new WindowEvidence(this.question, this.averageSentenceTerms, this.numberTerms);
    copy.chunk = this.chunk;
    copy.sentences = this.sentences.slice();
    copy.contextMatch = this.contextMatch;
    copy.chunkPrior = this.chunkPrior;
    copy.sectionPrior = this.sectionPrior;
    copy.conceptMatch.set(this.conceptMatch);
    return copy;
  }
}

/**
 * Every candidate window (1-3 consecutive sentences) of the first-stage chunks, chunk by chunk, with
 * the evidence the scorers read. The ranking keeps the best window per chunk; the ranker fit
 * (bench/qa-eval/fit-ranker.ts) reads them all. The evidence is valid during `visit` only: it is
 * refilled for the next window, so keep `evidence.snapshot()`.
 */
export function forEachPassageWindow(
  index: SearchIndex,
  question: ParsedQuestion,
  visit: (evidence: WindowEvidence, chunkIndex: number, start: number, end: number) => void,
): void {
  const firstStage = firstStageCandidates(index, question);
  // How strongly each section matches overall: the sum of its candidate chunks' priors.
  const sectionMass = new Map<string, number>();
  const sectionOf = (chunkIndex: number): string => {
    const chunk = index.chunks[chunkIndex];
    return chunk ? `${chunk.docId}\u0000${chunk.headingPath.join('\u0000')}` : '';
  };
  for (const { chunkIndex, prior } of firstStage)
    sectionMass.set(sectionOf(chunkIndex), (sectionMass.get(sectionOf(chunkIndex)) ?? 0) + prior);
  const topMass = Math.max(1e-9, ...sectionMass.values());
  const evidence = new WindowEvidence(question, index.averageSentenceTerms, index.numberTerms);
  const matcher = conceptMatcher(question);
  const conceptCount = question.concepts.length;
  // Per sentence of the chunk, per concept: the best variant weight (one buffer for all chunks).
  let sentenceMatch = new Float64Array(0);
  // The window's sentences, refilled in place: one array per window length.
  const windows: SentenceRecord[][] = [[], [], []];
  for (const { chunkIndex, prior } of firstStage) {
    const sectionPrior = (sectionMass.get(sectionOf(chunkIndex)) ?? 0) / topMass;
    const chunk = index.chunks[chunkIndex];
    const records = index.sentences[chunkIndex];
    if (!chunk || !records || records.length === 0) continue;
    if (sentenceMatch.length < records.length * conceptCount)
      sentenceMatch = new Float64Array(records.length * conceptCount);
    records.forEach((record, s) => {
      matcher(record.terms, sentenceMatch, s * conceptCount);
    });
    const contextMatch = new Float64Array(conceptCount);
    matcher(index.contextTerms[chunkIndex] ?? new Uint32Array(), contextMatch, 0);
    evidence.chunk = chunk;
    evidence.contextMatch = contextMatch;
    evidence.chunkPrior = prior;
    evidence.sectionPrior = sectionPrior;
    const conceptMatch = evidence.conceptMatch;
    for (let start = 0; start < records.length; start++) {
      for (let end = start; end < Math.min(records.length, start + maxWindowSentences); end++) {
        const window = windows[end - start] ?? [];
        for (let s = start; s <= end; s++) window[s - start] = records[s] as SentenceRecord;
        evidence.sentences = window;
        conceptMatch.fill(0);
        for (let s = start; s <= end; s++) {
          for (let c = 0; c < conceptCount; c++)
            conceptMatch[c] = Math.max(conceptMatch[c] ?? 0, sentenceMatch[s * conceptCount + c] ?? 0);
        }
        visit(evidence, chunkIndex, start, end);
      }
    }
  }
}

export function joinSentences(sentences: SentenceRecord[]): string {
  return sentences.map((sentence) => sentence.text).join(' ');
}

/** At most this many terms go to the first stage; the rarest carry the most information. */
const maxFirstStageTerms = 12;
/** Terms in more than about a fifth of all sentences ("safeguarding", "council") only rerank. */
const minFirstStageIdf = 1.5;

function firstStageCandidates(
  index: SearchIndex,
  question: ParsedQuestion,
): { chunkIndex: number; prior: number }[] {
  const boosts = new Map<number, number>();
  for (const concept of question.concepts) {
    for (const variant of concept.variants) {
      for (const id of variant.ids) boosts.set(id, Math.max(boosts.get(id) ?? 0, variant.weight));
    }
  }
  const idfOf = (id: number): number => index.idf[id] ?? 0;
  const ranked = [...boosts].sort((a, b) => b[1] * idfOf(b[0]) - a[1] * idfOf(a[0]));
  const informative = ranked.filter(([id]) => idfOf(id) >= minFirstStageIdf);
  const chosen = (informative.length > 0 ? informative : ranked).slice(0, maxFirstStageTerms);
  const results = index.chunkSearch.search(
    chosen.map(([id, boost]) => ({ id, boost })),
    candidateChunks,
  );
  const top = results[0]?.score ?? 1;
  return results.map((result) => ({ chunkIndex: result.chunkIndex, prior: result.score / top }));
}

/**
 * Writes, per concept, the best weight among its variants whose words all occur in a term list, into
 * `out` from `offset`: one pass over the terms, each looking up the variants that start with it
 * (WordNet gives a concept dozens of variants).
 */
export function conceptMatcher(
  question: ParsedQuestion,
): (terms: Uint32Array, out: Float64Array, offset: number) => void {
  const byFirstTerm = variantsByFirstTerm(question);
  // A variant without words matches everywhere (as `every` over no words is true).
  const everywhere = new Float64Array(question.concepts.length);
  question.concepts.forEach((concept, c) => {
    for (const variant of concept.variants)
      if (variant.ids.length === 0) everywhere[c] = Math.max(everywhere[c] ?? 0, variant.weight);
  });
  return (terms, out, offset) => {
    out.set(everywhere, offset);
    for (const term of terms) {
      const variants = byFirstTerm.get(term);
      if (!variants) continue;
      for (const { concept, weight, ids } of variants) {
        if (weight <= (out[offset + concept] ?? 0)) continue;
        if (ids.length === 1 || ids.every((id) => terms.includes(id))) out[offset + concept] = weight;
      }
    }
  };
}
