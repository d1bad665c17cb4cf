import type { ConfidenceFeatures } from '../../src/features/policy-qa/answer-confidence.ts';

export interface CalibrationSample {
  corpus: string;
  answerable: boolean;
  /** The top passage was a hit (only possible for answerable questions). */
  correct: boolean;
  features: ConfidenceFeatures | undefined;
}

const featureNames = ['coverage', 'textCoverage', 'cue', 'conceptCount'] as const;

/**
 * Fits P(top passage is a correct answer | features) by logistic regression (batch gradient descent,
 * small L2 penalty), then picks the decline threshold (see bestThreshold()). Prints the constants to paste into answer-confidence.ts, plus leave-one-corpus-out
 * figures so the fit is not judged on the questions it was fitted to.
 */
export function calibrateConfidence(samples: CalibrationSample[]): void {
  const usable = samples.filter((sample) => sample.features !== undefined);
  const model = fitLogistic(usable);
  const threshold = bestThreshold(usable, model);
  console.log('\ncalibrated confidence model (paste into answer-confidence.ts):');
  console.log(JSON.stringify({ ...model, threshold: Number(threshold.toFixed(3)) }, null, 2));
  const corpora = [...new Set(usable.map((sample) => sample.corpus))];
  for (const held of corpora) {
    const train = usable.filter((sample) => sample.corpus !== held);
    const test = usable.filter((sample) => sample.corpus === held);
    if (train.length === 0) continue;
    const heldModel = fitLogistic(train);
    const heldThreshold = bestThreshold(train, heldModel);
    console.log(`held out ${held}: ${describe(test, heldModel, heldThreshold)}`);
  }
  console.log(`all (in-sample): ${describe(usable, model, threshold)}`);
}

type Model = Record<(typeof featureNames)[number] | 'intercept', number>;

function predict(model: Model, features: ConfidenceFeatures): number {
  let z = model.intercept;
  for (const name of featureNames) z += model[name] * features[name];
  return 1 / (1 + Math.exp(-z));
}

function fitLogistic(samples: CalibrationSample[]): Model {
  const model: Model = { intercept: 0, coverage: 0, textCoverage: 0, cue: 0, conceptCount: 0 };
  const rate = 0.5;
  const l2 = 0.001;
  for (let step = 0; step < 20_000; step++) {
    const gradient: Model = { intercept: 0, coverage: 0, textCoverage: 0, cue: 0, conceptCount: 0 };
    for (const sample of samples) {
      if (!sample.features) continue;
      const error = predict(model, sample.features) - (sample.correct ? 1 : 0);
      gradient.intercept += error;
      for (const name of featureNames) gradient[name] += error * sample.features[name];
    }
    model.intercept -= (rate * gradient.intercept) / samples.length;
    for (const name of featureNames)
      model[name] -= rate * (gradient[name] / samples.length + l2 * model[name]);
  }
  for (const key of Object.keys(model) as (keyof Model)[]) model[key] = Number(model[key].toFixed(3));
  return model;
}

/**
 * Decision accuracy, corpora weighted equally: answering is right when the top passage is correct,
 * declining is right when it is not (an unanswerable question, or a passage that would mislead).
 * A wrong quote and a needless decline cost the same: both send the member of staff to a DSL.
 */
function score(samples: CalibrationSample[], model: Model, threshold: number): number {
  const perCorpus = new Map<string, { right: number; total: number }>();
  for (const sample of samples) {
    if (!sample.features) continue;
    const answers = predict(model, sample.features) >= threshold;
    const tally = perCorpus.get(sample.corpus) ?? { right: 0, total: 0 };
    tally.total++;
    if (answers === sample.correct) tally.right++;
    perCorpus.set(sample.corpus, tally);
  }
  let sum = 0;
  for (const tally of perCorpus.values()) sum += tally.right / tally.total;
  return perCorpus.size > 0 ? sum / perCorpus.size : 0;
}

/** The decline target: at least 90% of unanswerable questions declined, on every corpus. */
const declineTarget = 0.9;

/**
 * The lowest threshold at which every corpus still declines at least 90% of its unanswerable
 * questions: the decline target is a requirement, and below it every step down trades a correct
 * answer for a false decline. Falls back to the best decision accuracy if no threshold reaches it.
 */
function bestThreshold(samples: CalibrationSample[], model: Model): number {
  const corpora = [...new Set(samples.map((sample) => sample.corpus))];
  for (let t = 0.05; t <= 0.95; t += 0.01) {
    const meetsTarget = corpora.every((corpus) => {
      const unanswerable = samples.filter(
        (sample) => sample.corpus === corpus && !sample.answerable && sample.features,
      );
      if (unanswerable.length === 0) return true;
      const declined = unanswerable.filter(
        (sample) => sample.features && predict(model, sample.features) < t,
      ).length;
      return declined / unanswerable.length >= declineTarget;
    });
    if (meetsTarget) return Number(t.toFixed(2));
  }
  let best = 0.5;
  let bestScore = -1;
  for (let t = 0.05; t <= 0.95; t += 0.01) {
    const s = score(samples, model, t);
    if (s > bestScore) {
      bestScore = s;
      best = t;
    }
  }
  return best;
}

function describe(samples: CalibrationSample[], model: Model, threshold: number): string {
  const answerable = samples.filter((sample) => sample.answerable);
  const unanswerable = samples.filter((sample) => !sample.answerable);
  const answered = (sample: CalibrationSample): boolean =>
    sample.features !== undefined && predict(model, sample.features) >= threshold;
  const correct = answerable.filter((sample) => answered(sample) && sample.correct).length;
  const falseDeclines = answerable.filter((sample) => !answered(sample)).length;
  const declined = unanswerable.filter((sample) => !answered(sample)).length;
  return `answered correctly ${correct}/${answerable.length}, false declines ${falseDeclines}, declined ${declined}/${unanswerable.length} unanswerable (threshold ${threshold.toFixed(2)})`;
}
