import { coverageOf, cueScorer, type PassageEvidence } from './passage-scorers.ts';

/**
 * Confidence that the best passage answers the question: a logistic model over features of the
 * best passage, fitted by `npm run eval:qa -- --calibrate` (bench/qa-eval/calibrate-confidence.ts)
 * on both question sets (sample policy and ../shared/knowledge, 163 questions): answerable questions
 * whose top passage was correct are positives; wrong passages and unanswerable questions negatives.
 * The threshold is the lowest at which each corpus still declines >= 90% of its unanswerable
 * questions (the decline target); the script also prints leave-one-corpus-out figures.
 * Refit whenever the scorers change: the coefficients belong to this retriever.
 */
export const confidenceModel = {
  intercept: -3.086,
  coverage: 1.508,
  textCoverage: 2.449,
  cue: 0.207,
  conceptCount: 1.015,
} as const;

export const declineThreshold = 0.52;

export interface ConfidenceFeatures {
  coverage: number;
  textCoverage: number;
  cue: number;
  conceptCount: number;
}

export function confidenceFeatures(evidence: PassageEvidence): ConfidenceFeatures {
  return {
    coverage: coverageOf(evidence, true),
    textCoverage: coverageOf(evidence, false),
    cue: cueScorer.score(evidence),
    conceptCount: Math.min(evidence.question.concepts.length, 8) / 8,
  };
}

export function confidenceOf(
  features: ConfidenceFeatures,
  model: Omit<typeof confidenceModel, never> = confidenceModel,
): number {
  const z =
    model.intercept +
    model.coverage * features.coverage +
    model.textCoverage * features.textCoverage +
    model.cue * features.cue +
    model.conceptCount * features.conceptCount;
  return 1 / (1 + Math.exp(-z));
}
