import type { KnowledgeChunk, SentenceRecord } from './knowledge-types.ts';
import { type IndexedVariant, type ParsedQuestion, variantsByFirstTerm } from './parse-question.ts';
import { sentenceAnswersCue } from './question-cues.ts';

/** What the scorers see of one candidate passage (1-3 consecutive sentences of a chunk). */
export interface PassageEvidence {
  question: ParsedQuestion;
  chunk: KnowledgeChunk;
  sentences: SentenceRecord[];
  text: string;
  /** Per concept: the best variant weight found in the passage's sentences (0 when absent). */
  conceptMatch: Float64Array;
  /** Per concept: the best variant weight found in the chunk's headings or document title. */
  contextMatch: Float64Array;
  /** The chunk's first-stage BM25 score divided by the best one. */
  chunkPrior: number;
  /** The first-stage priors of all candidate chunks in the chunk's section, summed, relative to the best section. */
  sectionPrior: number;
  /** Mean number of terms in a sentence of the corpus, for length normalisation. */
  averageSentenceTerms: number;
  /** Term ids that are numbers (digits or number words, not years), for "how many" questions. */
  numberTerms: ReadonlySet<number>;
}

/**
 * One stage of the ranking pipeline. The final score is the weighted sum of all stages, so a
 * semantic scorer (cosine similarity of embeddings of the question and the passage, computed by a
 * model behind an interface) can be appended to the list without touching the others.
 */
export interface PassageScorer {
  readonly name: string;
  readonly weight: number;
  score(evidence: PassageEvidence): number;
}

/** How much a match in the section heading counts compared with one in the passage itself. */
const contextShare = 0.5;

export function coverageOf(evidence: PassageEvidence, withContext: boolean): number {
  // Plain loops: this runs for every window of every candidate chunk (hundreds per question).
  const { concepts } = evidence.question;
  let total = 0;
  let matched = 0;
  for (let c = 0; c < concepts.length; c++) {
    const weight = concepts[c]?.weight ?? 0;
    total += weight;
    const inText = evidence.conceptMatch[c] ?? 0;
    const inContext = withContext ? contextShare * (evidence.contextMatch[c] ?? 0) : 0;
    matched += weight * Math.max(inText, inContext);
  }
  return total > 0 ? matched / total : 0;
}

/** Length normalisation as in BM25 (k1 = 1.2, b = 0.25): long passages match more words by chance. */
const k1 = 1.2;
const lengthB = 0.25;

/**
 * Share of the question's (idf-weighted) concepts found in the passage, discounted for passage
 * length the way BM25 discounts long documents, so a three-sentence window must earn its extra length.
 */
export const lexicalScorer: PassageScorer = {
  name: 'lexical',
  weight: 1,
  score: (evidence) => {
    // Very short sentences are floored at most of an average one, or fragments would win on brevity alone.
    let terms = 0;
    for (const sentence of evidence.sentences) terms += sentence.terms.length;
    const length = Math.max(terms, 0.75 * evidence.averageSentenceTerms);
    const norm = (k1 + 1) / (1 + k1 * (1 - lengthB + (lengthB * length) / evidence.averageSentenceTerms));
    return coverageOf(evidence, false) * norm;
  },
};

/**
 * The section heading or document title names what the question asks about and the passage itself
 * does not say: "what happens once i've logged a concern" must not prefer any sentence under a heading
 * with "concerns" in it over the sentence that says what happens to a logged concern.
 */
export const contextScorer: PassageScorer = {
  name: 'context',
  weight: 0.3,
  score: (evidence) => {
    const { concepts } = evidence.question;
    let total = 0;
    let matched = 0;
    for (let c = 0; c < concepts.length; c++) {
      const weight = concepts[c]?.weight ?? 0;
      total += weight;
      // Only what the passage's own words lack: a heading that repeats them adds nothing.
      matched += weight * Math.max(0, (evidence.contextMatch[c] ?? 0) - (evidence.conceptMatch[c] ?? 0));
    }
    return total > 0 ? matched / total : 0;
  },
};

/** Question words found close together in one sentence, as in the question. */
export const proximityScorer: PassageScorer = {
  name: 'proximity',
  weight: 0.2,
  score: ({ question, sentences }) => {
    if (question.concepts.length < 2) return 0;
    let best = 0;
    for (const sentence of sentences) best = Math.max(best, sentenceProximity(question, sentence));
    return best;
  },
};

interface ProximityState {
  /** Scratch: which concept pairs (a * n + b, a < b) were seen close in the sentence being read. */
  close: Uint8Array;
  /** The answer per sentence: a sentence is part of up to three windows. */
  bySentence: WeakMap<SentenceRecord, number>;
}

const proximityByQuestion = new WeakMap<ParsedQuestion, ProximityState>();

function proximityState(question: ParsedQuestion): ProximityState {
  let state = proximityByQuestion.get(question);
  if (state) return state;
  const n = question.concepts.length;
  state = { close: new Uint8Array(n * n), bySentence: new WeakMap() };
  proximityByQuestion.set(question, state);
  return state;
}

/**
 * Share of the question's concept pairs that stand within three words of each other in the sentence,
 * in one pass over the sentence's terms: each term is paired with itself and the next three.
 */
function sentenceProximity(question: ParsedQuestion, sentence: SentenceRecord): number {
  const state = proximityState(question);
  const cached = state.bySentence.get(sentence);
  if (cached !== undefined) return cached;
  const { close } = state;
  // A term stands for a concept when it is the first word of one of the concept's variants.
  const byFirstTerm = variantsByFirstTerm(question);
  const n = question.concepts.length;
  close.fill(0);
  let closePairs = 0;
  const terms = sentence.terms;
  for (let p = 0; p < terms.length; p++) {
    const here = byFirstTerm.get(terms[p] ?? -1);
    if (!here) continue;
    for (let q = p; q <= p + 3 && q < terms.length; q++) {
      const there: readonly IndexedVariant[] | undefined = q === p ? here : byFirstTerm.get(terms[q] ?? -1);
      if (!there) continue;
      for (const { concept: a } of here) {
        for (let t = 0; t < there.length; t++) {
          const b: number = there[t]?.concept ?? a;
          if (a === b) continue;
          const pair = a < b ? a * n + b : b * n + a;
          if (close[pair] === 0) {
            close[pair] = 1;
            closePairs++;
          }
        }
      }
    }
  }
  const pairs = (n * (n - 1)) / 2;
  const share = pairs > 0 ? closePairs / pairs : 0;
  state.bySentence.set(sentence, share);
  return share;
}

/**
 * The passage has the shape of answer the question asks for (a frequency, a role, a figure, a date).
 * For "how many X" a number beside X ("four Designated Safeguarding Officers", "56 are no longer being
 * exploited") is the answer itself, so it scores three times as much: twice was not enough to outweigh
 * a heading that names X over a paragraph that never counts it ("how many safeguarding champions do we
 * have" under "Safeguarding Champions"). On the shared knowledge's development files top-1 went
 * 299 -> 306 of 351 (`bench/qa-eval/fit-ranker.ts`), the sample policy's 208 -> 207 of 270.
 */
export const cueScorer: PassageScorer = {
  name: 'cue',
  weight: 0.2,
  score: (evidence) => {
    const { question, sentences } = evidence;
    if (question.cues.length === 0) return 0;
    let answers = false;
    for (const sentence of sentences) answers ||= answersACue(question, sentence);
    if (!answers) return 0;
    if (question.cues.some((cue) => cue === 'figure' || cue === 'percentage') && countsAConcept(evidence))
      return 3;
    return asksIdentity(question) && statesIdentity(evidence) ? 2 : 1;
  },
};

/**
 * A sentence whose subject comes first and is then said to be someone or something: "The lead DSL is
 * the council's Head of ...", "The EAP is a free service", not "The lead DSL and deputy are alerted".
 */
const opensWithCopula =
  /^[\p{L}\d'’ -]{1,60}?\s(?:is|are)\s+(?:(?:the|a|an|our|their|its|your|one)\b|\p{Lu})/u;
/** ...and not with a clause or a pronoun: "If it is about the deputy lead DSL, ...". */
const opensWithClause =
  /^(?:if|when|where|while|once|unless|although|though|because|as|after|before|until|it|this|that|there)\b/i;

/** "Who is the lead DSL", "what's the EAP": the question names a thing and asks what or who it is. */
const asksIdentityPattern = /\b(?:who|what)(?: (?:actually|exactly|really))?(?:'s|s| is| are)\b/i;

/** Read once per question, not for every window the cue scorer sees. */
const identityQuestions = new WeakMap<ParsedQuestion, boolean>();

function asksIdentity(question: ParsedQuestion): boolean {
  let asks = identityQuestions.get(question);
  if (asks === undefined) {
    asks = asksIdentityPattern.test(question.text);
    identityQuestions.set(question, asks);
  }
  return asks;
}

/** Whether a sentence opens as a statement of what its subject is: a fact of the sentence alone. */
const identitySentences = new WeakMap<SentenceRecord, boolean>();

function opensAsIdentity(sentence: SentenceRecord): boolean {
  let opens = identitySentences.get(sentence);
  if (opens === undefined) {
    opens = opensWithCopula.test(sentence.text) && !opensWithClause.test(sentence.text);
    identitySentences.set(sentence, opens);
  }
  return opens;
}

/**
 * A sentence that opens with the thing asked about and then says what it is: "The lead DSL is the
 * council's Head of Safeguarding and Quality Assurance", not "DSLs are appointed by ... the lead DSL".
 * Every question concept stands among the sentence's first terms, before an early "is" or "are".
 */
function statesIdentity({ question, sentences }: PassageEvidence): boolean {
  const byFirstTerm = variantsByFirstTerm(question);
  const wanted = question.concepts.length;
  if (wanted === 0) return false;
  for (const sentence of sentences) {
    if (!opensAsIdentity(sentence)) continue;
    const seen = new Set<number>();
    const terms = sentence.terms;
    for (let p = 0; p < Math.min(terms.length, wanted + 1); p++)
      for (const variant of byFirstTerm.get(terms[p] ?? -1) ?? []) seen.add(variant.concept);
    if (seen.size === wanted) return true;
  }
  return false;
}

/**
 * Whether one sentence has the shape of answer asked for, remembered per question: each sentence is
 * part of up to three windows, and the cue patterns are the costliest part of scoring a window.
 */
const cueAnswersByQuestion = new WeakMap<ParsedQuestion, WeakMap<SentenceRecord, boolean>>();

function answersACue(question: ParsedQuestion, sentence: SentenceRecord): boolean {
  let known = cueAnswersByQuestion.get(question);
  if (!known) {
    known = new WeakMap();
    cueAnswersByQuestion.set(question, known);
  }
  let answers = known.get(sentence);
  if (answers === undefined) {
    answers = question.cues.some((cue) => sentenceAnswersCue(sentence.text, cue, question.text));
    known.set(sentence, answers);
  }
  return answers;
}

/** A number (not one the question gives) within three words before a question word. */
export function countsAConcept({ question, sentences, numberTerms }: PassageEvidence): boolean {
  // A number the question itself gives ("the 2022 survey") is part of the topic, not the count.
  const given = new Set(
    question.concepts
      .filter((concept) => /^\d/.test(concept.label))
      .flatMap((concept) => concept.variants.flatMap((variant) => variant.ids)),
  );
  for (const sentence of sentences) {
    const terms = sentence.terms;
    for (let p = 0; p < terms.length; p++) {
      if (!numberTerms.has(terms[p] ?? -1) || given.has(terms[p] ?? -1)) continue;
      for (let q = p + 1; q <= p + 3 && q < terms.length; q++) {
        const term = terms[q];
        if (question.concepts.some((concept) => concept.variants.some((variant) => variant.ids[0] === term)))
          return true;
      }
    }
  }
  return false;
}

/** The whole chunk is about the question too (first-stage BM25, relative to the best chunk). */
export const chunkPriorScorer: PassageScorer = {
  name: 'chunk-prior',
  weight: 0.2,
  score: ({ chunkPrior }) => chunkPrior,
};

/** Among equals, one sentence beats three: the quote should be short. */
export const brevityScorer: PassageScorer = {
  name: 'brevity',
  weight: 0.06,
  score: ({ sentences }) => 1 - (sentences.length - 1) / 2,
};

/**
 * The question's words weighed by how rare they are in general English (see general-word-frequency.ts),
 * found in the passage or, at half weight, its headings: rare words name the topic ("mileage",
 * "trafficking"), common ones the phrasing ("get", "happen").
 */
export const topicScorer: PassageScorer = {
  name: 'topic',
  weight: 0,
  score: (evidence) => {
    let total = 0;
    let matched = 0;
    evidence.question.concepts.forEach((concept, c) => {
      total += concept.rareness;
      matched +=
        concept.rareness *
        Math.max(evidence.conceptMatch[c] ?? 0, contextShare * (evidence.contextMatch[c] ?? 0));
    });
    return total > 0 ? matched / total : 0;
  },
};

/** The heaviest question concept found neither in the passage nor in its headings, relative to the heaviest. */
export const missingConceptScorer: PassageScorer = {
  name: 'missing-concept',
  weight: 0,
  score: (evidence) => {
    let heaviest = 0;
    let missing = 0;
    evidence.question.concepts.forEach((concept, c) => {
      heaviest = Math.max(heaviest, concept.weight);
      if (Math.max(evidence.conceptMatch[c] ?? 0, evidence.contextMatch[c] ?? 0) === 0)
        missing = Math.max(missing, concept.weight);
    });
    return heaviest > 0 ? missing / heaviest : 0;
  },
};

/** Share of the question's concepts matched by the words themselves rather than a synonym. */
export const exactWordingScorer: PassageScorer = {
  name: 'exact-wording',
  weight: 0,
  score: (evidence) => {
    let total = 0;
    let matched = 0;
    evidence.question.concepts.forEach((concept, c) => {
      total += concept.weight;
      if ((evidence.conceptMatch[c] ?? 0) >= 1) matched += concept.weight;
    });
    return total > 0 ? matched / total : 0;
  },
};

/**
 * Pairs of question words that stand next to each other in the question (stop words aside) and also
 * in one sentence of the passage, as a share of such pairs: "safeguarding officers group" in a
 * passage beats "safeguarding" here and "group" there. Matches any variant of each concept.
 */
export const phraseScorer: PassageScorer = {
  name: 'phrase',
  weight: 0,
  score: ({ question, sentences }) => {
    const pairs = question.adjacentPairs;
    if (pairs.length === 0) return 0;
    const idsOf = (c: number): Set<number> =>
      new Set(question.concepts[c]?.variants.flatMap((variant) => variant.ids) ?? []);
    let found = 0;
    for (const [a, b] of pairs) {
      const first = idsOf(a);
      const second = idsOf(b);
      const adjacent = sentences.some(({ terms }) => {
        for (let p = 0; p + 1 < terms.length; p++) {
          if (first.has(terms[p] ?? -1) && second.has(terms[p + 1] ?? -1)) return true;
        }
        return false;
      });
      if (adjacent) found++;
    }
    return found / pairs.length;
  },
};

/** The passage's whole section matches the question, not only its chunk. */
export const sectionPriorScorer: PassageScorer = {
  name: 'section-prior',
  weight: 0.1,
  score: ({ sectionPrior }) => sectionPrior,
};

export const defaultScorers: readonly PassageScorer[] = [
  lexicalScorer,
  contextScorer,
  proximityScorer,
  cueScorer,
  chunkPriorScorer,
  brevityScorer,
  sectionPriorScorer,
];

/** Scorers the ranker fit may weigh (bench/qa-eval/fit-ranker.ts); the default list holds the ones in use. */
export const candidateScorers: readonly PassageScorer[] = [
  lexicalScorer,
  contextScorer,
  proximityScorer,
  cueScorer,
  chunkPriorScorer,
  brevityScorer,
  topicScorer,
  missingConceptScorer,
  exactWordingScorer,
  phraseScorer,
  sectionPriorScorer,
];
