import {
  type ConfidenceFeatures,
  type ConfidenceModel,
  confidenceFeatureNames,
  confidenceModel,
  confidenceOf,
  declineThreshold,
} from '../../src/features/policy-qa/answer-confidence.ts';

export interface CalibrationSample {
  /** The question file: the leave-one-out figures hold out one file at a time. */
  set: string;
  /** The document folder it asks about: the AUC is read on all of a folder's files together. */
  corpus: string;
  answerable: boolean;
  /** The top passage was a hit (only possible for answerable questions). */
  correct: boolean;
  features: ConfidenceFeatures | undefined;
}

/**
 * `--features=a,b` fits only those features (the rest stay 0): fewer features transfer better.
 * With `--extend` the rest keep the coefficients in use instead, so a new feature is fitted (with the
 * intercept) on top of the model it would join, not as part of a different one.
 */
const extend = process.argv.includes('--extend');
const featureFlag = process.argv.find((arg) => arg.startsWith('--features='));
const featureNames = featureFlag
  ? confidenceFeatureNames.filter((name) => featureFlag.slice('--features='.length).split(',').includes(name))
  : confidenceFeatureNames;

/**
 * Fits P(top passage is a correct answer | features) by logistic regression (batch gradient descent,
 * small L2 penalty), then picks the decline threshold (see bestThreshold()). Prints the constants to paste into answer-confidence.ts, plus leave-one-question-file-out
 * figures so the fit is not judged on the questions it was fitted to.
 */
export function calibrateConfidence(samples: CalibrationSample[]): void {
  const usable = samples.filter((sample) => sample.features !== undefined);
  const model = fitLogistic(usable);
  const threshold = bestThreshold(usable, model);
  console.log('\ncalibrated confidence model (paste into answer-confidence.ts):');
  console.log(JSON.stringify({ ...model, threshold: Number(threshold.toFixed(3)) }, null, 2));
  const sets = [...new Set(usable.map((sample) => sample.set))];
  /** Each sample's confidence from the model fitted without its question file. */
  const heldOutConfidence = new Map<CalibrationSample, number>();
  for (const held of sets) {
    const train = usable.filter((sample) => sample.set !== held);
    const test = usable.filter((sample) => sample.set === held);
    if (train.length === 0) continue;
    const heldModel = fitLogistic(train);
    const heldThreshold = bestThreshold(train, heldModel);
    for (const sample of test)
      heldOutConfidence.set(sample, predict(heldModel, sample.features as ConfidenceFeatures));
    console.log(`held out ${held}: ${describe(test, heldModel, heldThreshold)}`);
  }
  // How well confidence separates answerable from unanswerable questions, whatever the threshold: the
  // figure a new feature must raise. Per folder, held-out refit against the model in use.
  for (const corpus of [...new Set(usable.map((sample) => sample.corpus))]) {
    const own = usable.filter((sample) => sample.corpus === corpus);
    const inUse = aucOf(own, (sample) => predict(confidenceModel, sample.features as ConfidenceFeatures));
    const refit = aucOf(own, (sample) => heldOutConfidence.get(sample) ?? 0);
    console.log(`${corpus}: AUC in use ${inUse.toFixed(3)}, refit held out ${refit.toFixed(3)}`);
  }
  console.log(`all (in-sample): ${describe(usable, model, threshold)}`);
  // The model in use, at the engine's default threshold, on the same questions: what a refit must beat.
  for (const set of sets)
    console.log(
      `  in use, ${set}: ${describe(
        usable.filter((sample) => sample.set === set),
        confidenceModel,
        declineThreshold,
      )}`,
    );
  // The thresholds are chosen on the cards themselves: `npm run eval:qa -- --sweep` prints each
  // folder's rule (its model must be pasted in first).
  console.log('decline thresholds: run npm run eval:qa -- --sweep with this model in place');
}

type Model = ConfidenceModel;

function predict(model: Model, features: ConfidenceFeatures): number {
  return confidenceOf(features, model);
}

function zeroModel(): Model {
  const model = { intercept: 0 } as Record<string, number>;
  for (const name of confidenceFeatureNames) model[name] = 0;
  return model as Model;
}

/**
 * What the model learns to predict: that the documents answer the question. Unanswerable questions are
 * the negatives; an answerable question whose top passage is not the expected one is still a positive,
 * because declining it would send staff away from a document that does cover their question.
 */
function label(sample: CalibrationSample): number {
  return sample.answerable ? 1 : 0;
}

function fitLogistic(samples: CalibrationSample[]): Model {
  const model = (extend ? { ...confidenceModel } : zeroModel()) as Record<string, number>;
  const rate = 0.5;
  const l2 = 0.003;
  // Each question file and each class weigh the same in total, so neither the larger question set nor the
  // larger class (answerable) decides the fit alone.
  const groupSize = new Map<string, number>();
  const keyOf = (sample: CalibrationSample): string => `${sample.set}:${label(sample)}`;
  for (const sample of samples) groupSize.set(keyOf(sample), (groupSize.get(keyOf(sample)) ?? 0) + 1);
  const weightOf = (sample: CalibrationSample): number => 1 / (groupSize.get(keyOf(sample)) ?? 1);
  const totalWeight = samples.reduce((sum, sample) => sum + weightOf(sample), 0);
  for (let step = 0; step < 20_000; step++) {
    const gradient = zeroModel() as Record<string, number>;
    for (const sample of samples) {
      if (!sample.features) continue;
      const error = (predict(model as Model, sample.features) - label(sample)) * weightOf(sample);
      gradient.intercept = (gradient.intercept ?? 0) + error;
      for (const name of featureNames) gradient[name] = (gradient[name] ?? 0) + error * sample.features[name];
    }
    model.intercept = (model.intercept ?? 0) - (rate * (gradient.intercept ?? 0)) / totalWeight;
    for (const name of featureNames)
      model[name] =
        (model[name] ?? 0) - rate * ((gradient[name] ?? 0) / totalWeight + l2 * (model[name] ?? 0));
  }
  for (const key of Object.keys(model)) model[key] = Number((model[key] ?? 0).toFixed(3));
  return model as Model;
}

/**
 * The threshold with the best balanced accuracy, averaged over question files: the share of unanswerable
 * questions declined plus the share of answerable ones answered, halved. The issue asks for both at
 * once (>= 90% declined, <= 5% false declines); where no threshold reaches both, this weighs a missed
 * decline and a needless one equally instead of letting a single hard unanswerable question in the
 * smaller set push the threshold up for everyone. Ties go to the lower threshold (fewer false declines).
 */
function bestThreshold(samples: CalibrationSample[], model: Model): number {
  const sets = [...new Set(samples.map((sample) => sample.set))];
  let best = 0.5;
  let bestScore = -1;
  for (let t = 0.05; t <= 0.95; t += 0.01) {
    let sum = 0;
    for (const set of sets) {
      const own = samples.filter((sample) => sample.set === set && sample.features);
      const answered = (sample: CalibrationSample): boolean =>
        sample.features !== undefined && predict(model, sample.features) >= t;
      const unanswerable = own.filter((sample) => !sample.answerable);
      const answerable = own.filter((sample) => sample.answerable);
      const declineRate =
        unanswerable.length > 0
          ? unanswerable.filter((sample) => !answered(sample)).length / unanswerable.length
          : 1;
      const answerRate = answerable.length > 0 ? answerable.filter(answered).length / answerable.length : 1;
      sum += (declineRate + answerRate) / 2;
    }
    const balanced = sum / Math.max(1, sets.length);
    if (balanced > bestScore + 1e-9) {
      bestScore = balanced;
      best = Number(t.toFixed(2));
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

/** Area under the ROC curve: the chance an answerable question outscores an unanswerable one. */
function aucOf(samples: CalibrationSample[], score: (sample: CalibrationSample) => number): number {
  const positives = samples.filter((sample) => sample.answerable).map(score);
  const negatives = samples.filter((sample) => !sample.answerable).map(score);
  let wins = 0;
  for (const p of positives) for (const n of negatives) wins += p > n ? 1 : p === n ? 0.5 : 0;
  return positives.length && negatives.length ? wins / (positives.length * negatives.length) : 0;
}
