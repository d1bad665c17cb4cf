/**
 * Fits the passage scorers' weights on every development question file (the working sets and the
 * hold-outs older than the blind ones, which it never reads) and reports cross-validated top-1, so a
 * weight change is judged on questions it was not fitted to.
 *   node --import tsx bench/qa-eval/fit-ranker.ts [--folds=5] [--l2=0.01]
 * Model: a passage window's score is the weighted sum of the scorers; per question a softmax over all
 * candidate windows, maximising the probability of the windows in the expected passage (listwise
 * ranking, as in ListNet with one relevant group), with an L2 penalty towards the current weights.
 */
import { buildSearchIndex } from '../../src/features/policy-qa/build-search-index.ts';
import { ingestKnowledgeFolder } from '../../src/features/policy-qa/ingest-knowledge-folder.ts';
import { parseQuestion } from '../../src/features/policy-qa/parse-question.ts';
import { candidateScorers } from '../../src/features/policy-qa/passage-scorers.ts';
import { forEachPassageWindow } from '../../src/features/policy-qa/rank-passages.ts';
import { blindSetsOf, corpusDirs, questionFiles } from './question-files.ts';
import { isHit, isQuoteHit, readQuestionSet } from './question-set.ts';

const flag = (name: string, fallback: number): number => {
  const found = process.argv.find((arg) => arg.startsWith(`--${name}=`));
  return found ? Number(found.slice(name.length + 3)) : fallback;
};
const folds = flag('folds', 5);
const l2 = flag('l2', 0.01);

interface Window {
  chunkIndex: number;
  features: Float64Array;
  hit: boolean;
  quoteHit: boolean;
}
interface Sample {
  corpus: string;
  question: string;
  windows: Window[];
}

// Every development question file (the working sets and the hold-outs older than the blind one).
const allFiles = questionFiles({ includeHoldout: true });
const blind = blindSetsOf(allFiles);
const files = allFiles.filter((file) => !blind.has(file.name));
const corpora = [...new Set(files.map((file) => file.corpusName))];
const samples: Sample[] = [];
for (const corpus of corpora) {
  const index = buildSearchIndex((await ingestKnowledgeFolder(corpusDirs[corpus] ?? '')).documents);
  for (const file of files.filter((file) => file.corpusName === corpus)) {
    for (const { question, expect } of await readQuestionSet(file.questions)) {
      if (!expect) continue;
      const parsed = parseQuestion(question, index);
      if (!parsed.ok) continue;
      const windows: Window[] = [];
      forEachPassageWindow(index, parsed.question, (evidence, chunkIndex) => {
        const chunk = evidence.chunk;
        windows.push({
          chunkIndex,
          features: Float64Array.from(candidateScorers.map((scorer) => scorer.score(evidence))),
          hit: isHit(expect, {
            quote: evidence.text,
            chunkText: chunk.text,
            docId: chunk.docId,
            headingPath: chunk.headingPath,
          }),
          quoteHit: isQuoteHit(expect, evidence.text),
        });
      });
      if (windows.length > 0) samples.push({ corpus, question, windows });
    }
  }
}

const current = Float64Array.from(candidateScorers.map((scorer) => scorer.weight));
const names = candidateScorers.map((scorer) => scorer.name);

function scoreOf(weights: Float64Array, features: Float64Array): number {
  let sum = 0;
  for (let f = 0; f < weights.length; f++) sum += (weights[f] ?? 0) * (features[f] ?? 0);
  return sum;
}

/** Top-1: the best window's chunk is the expected passage; quote: the best window holds the phrase. */
function evaluate(weights: Float64Array, set: Sample[]): { top1: number; quote: number } {
  let top1 = 0;
  let quote = 0;
  for (const sample of set) {
    let best: Window | undefined;
    let bestScore = Number.NEGATIVE_INFINITY;
    for (const window of sample.windows) {
      const score = scoreOf(weights, window.features);
      if (score > bestScore) {
        bestScore = score;
        best = window;
      }
    }
    if (best?.hit) top1++;
    if (best?.quoteHit) quote++;
  }
  return { top1, quote };
}

/** Softmax temperature: scores are sums of shares (0-2), so differences need sharpening. */
const sharpness = 20;

function fitWeights(set: Sample[], start: Float64Array): Float64Array {
  const weights = Float64Array.from(start);
  const rate = 0.05;
  for (let step = 0; step < 300; step++) {
    const gradient = new Float64Array(weights.length);
    for (const sample of set) {
      if (!sample.windows.some((window) => window.hit)) continue;
      const scores = sample.windows.map((window) => sharpness * scoreOf(weights, window.features));
      const max = Math.max(...scores);
      const exp = scores.map((score) => Math.exp(score - max));
      const total = exp.reduce((a, b) => a + b, 0);
      // Quote hits count double inside the relevant group: the card must show the policy's words.
      const relevance = sample.windows.map((window) => (window.quoteHit ? 2 : window.hit ? 1 : 0));
      const relevantMass = exp.reduce((sum, e, i) => sum + e * (relevance[i] ?? 0), 0);
      sample.windows.forEach((window, i) => {
        const p = (exp[i] ?? 0) / total;
        const q = ((exp[i] ?? 0) * (relevance[i] ?? 0)) / relevantMass;
        for (let f = 0; f < weights.length; f++)
          gradient[f] = (gradient[f] ?? 0) + sharpness * (p - q) * (window.features[f] ?? 0);
      });
    }
    for (let f = 0; f < weights.length; f++) {
      const penalty = l2 * ((weights[f] ?? 0) - (start[f] ?? 0));
      weights[f] = (weights[f] ?? 0) - rate * ((gradient[f] ?? 0) / set.length + penalty);
    }
  }
  return weights;
}

const report = (label: string, weights: Float64Array, set: Sample[]): void => {
  for (const corpus of corpora) {
    const own = set.filter((sample) => sample.corpus === corpus);
    const { top1, quote } = evaluate(weights, own);
    console.log(`  ${label} ${corpus}: top-1 ${top1}/${own.length}, quote ${quote}/${own.length}`);
  }
};

console.log(`${samples.length} answerable questions; scorers ${names.join(', ')}`);
report('current weights', current, samples);

// Cross-validation: questions dealt round-robin into folds (deterministic), both corpora in each.
const foldOf = samples.map((_, i) => i % folds);
const predictions = new Map<Sample, Float64Array>();
for (let fold = 0; fold < folds; fold++) {
  const train = samples.filter((_, i) => foldOf[i] !== fold);
  const weights = fitWeights(train, current);
  for (const [i, sample] of samples.entries()) if (foldOf[i] === fold) predictions.set(sample, weights);
}
for (const corpus of corpora) {
  const own = samples.filter((sample) => sample.corpus === corpus);
  let top1 = 0;
  let quote = 0;
  for (const sample of own) {
    const result = evaluate(predictions.get(sample) ?? current, [sample]);
    top1 += result.top1;
    quote += result.quote;
  }
  console.log(
    `  ${folds}-fold cross-validated ${corpus}: top-1 ${top1}/${own.length}, quote ${quote}/${own.length}`,
  );
}
const all = fitWeights(samples, current);
report('fitted on all (in-sample)', all, samples);
console.log('weights to paste into passage-scorers.ts:');
for (const [f, name] of names.entries())
  console.log(`  ${name}: ${(all[f] ?? 0).toFixed(3)} (was ${current[f]})`);
