import type { SearchIndex } from './build-search-index.ts';
import { deletions } from './build-search-index.ts';
import { decodeHtmlEntities } from './convert-html-to-text.ts';
import {
  englishCorrection,
  generalRareness,
  isEnglishWord,
  topicSpecificity,
} from './general-word-frequency.ts';
import type { DeclineReason } from './knowledge-types.ts';
import {
  isStopWord,
  isYear,
  lemmaOf,
  monthAbbreviationOf,
  monthOf,
  monthWordPattern,
  spellOutShorthand,
  termOf,
  tokenizeWords,
} from './normalize-terms.ts';
import { cueWords, detectQuestionCues, type QuestionCue } from './question-cues.ts';

/** Longer messages are cut here: a question never needs more, and per-query work stays bounded. */
export const maxQuestionChars = 500;
const maxConcepts = 12;

/** How much a looser match counts compared with the word itself. */
export const variantWeights = {
  exact: 1,
  domainSynonym: 0.85,
  typo: 0.85,
  derived: 0.8,
  staffWording: 0.85,
  wordnet: 0.45,
  wordnetNarrower: 0.35,
  wordnetSibling: 0.3,
} as const;

export interface TermVariant {
  /** All of these term ids must be present (a phrase). */
  ids: number[];
  weight: number;
}

/** A variant of one of the question's concepts, as the ranking looks it up by its first term. */
export interface IndexedVariant {
  /** Index of the concept in `ParsedQuestion.concepts`. */
  concept: number;
  weight: number;
  ids: readonly number[];
}

const variantsByQuestion = new WeakMap<ParsedQuestion, ReadonlyMap<number, readonly IndexedVariant[]>>();

/**
 * The question's concept variants by their first term id, built once per question: the concept
 * matcher and the proximity scorer both read a sentence term by term and look its variants up here.
 */
export function variantsByFirstTerm(
  question: ParsedQuestion,
): ReadonlyMap<number, readonly IndexedVariant[]> {
  const known = variantsByQuestion.get(question);
  if (known) return known;
  const byTerm = new Map<number, IndexedVariant[]>();
  question.concepts.forEach((concept, c) => {
    for (const variant of concept.variants) {
      const first = variant.ids[0];
      if (first === undefined) continue;
      const list = byTerm.get(first) ?? [];
      list.push({ concept: c, weight: variant.weight, ids: variant.ids });
      byTerm.set(first, list);
    }
  });
  variantsByQuestion.set(question, byTerm);
  return byTerm;
}

export interface QueryConcept {
  label: string;
  /** Importance of the concept: the idf of its best-known form. */
  weight: number;
  /** How rare the word is in general English (1 for domain phrases): what the question is about. */
  rareness: number;
  variants: TermVariant[];
}

export interface ParsedQuestion {
  text: string;
  concepts: QueryConcept[];
  cues: QuestionCue[];
  /** Concept indices whose words stand side by side in the question, in question order. */
  adjacentPairs: [number, number][];
}

export type ParseResult = { ok: true; question: ParsedQuestion } | { ok: false; reason: DeclineReason };

/** Strips markup, decodes entities, removes control characters and truncates on a word boundary. */
export function sanitiseQuestion(raw: string): string {
  const text = decodeHtmlEntities(raw.slice(0, maxQuestionChars * 4).replace(/<[^>]{0,200}>/g, ' '))
    .replace(/\p{Cc}/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (text.length <= maxQuestionChars) return text;
  const cut = text.slice(0, maxQuestionChars);
  const lastSpace = cut.lastIndexOf(' ');
  return lastSpace > maxQuestionChars / 2 ? cut.slice(0, lastSpace) : cut;
}

/** A month with a year after it ("jan 22", "October 2022"), not a day ("jan 22nd") or a time. */
const monthWithYear = new RegExp(
  `\\b(?:${monthWordPattern})\\.?\\s+(?:(\\d{2})|((?:19|20)\\d{2}))\\b(?!\\s*(?:st|nd|rd|th)\\b|[:.]\\d)`,
  'gi',
);

/**
 * A year span, written out ("2015-16") or short ("15-16", "17/18": the second year the next one), is
 * the year it starts in, as the documents title their reports and plans "2017-18". A month with a
 * year ("jan 22 to mar 23", "since October 2022") is a date, and the year says it. Ages are left
 * alone: "a 16-17 year old", "aged 16-17".
 */
export function yearsOfSpans(text: string): string {
  return text
    .replace(/\b((?:19|20)\d{2})\s?[-/–]\s?\d{2}\b/g, '$1')
    .replace(monthWithYear, (_, short: string | undefined, year: string | undefined) => year ?? `20${short}`)
    .replace(
      /(?<!\b(?:aged?|ages|between)\s+)\b(\d{2})\s?[-/–]\s?(\d{2})\b(?!\s*(?:-\s*)?(?:years?|yrs?|yo)\b)/gi,
      (span, first: string, second: string) =>
        Number(second) === (Number(first) + 1) % 100 ? `${Number(first) >= 50 ? 19 : 20}${first}` : span,
    );
}

export function parseQuestion(raw: string, index: SearchIndex): ParseResult {
  const text = sanitiseQuestion(raw);
  // "2015-16" names one year span (usually which report is meant): "16" is not a number to match.
  const typed = spellOutShorthand(tokenizeWords(yearsOfSpans(text)));
  if (typed.length === 0) {
    // Letters but no Latin words means another script: a language we cannot answer in.
    return { ok: false, reason: /\p{L}/u.test(text) ? 'no-match' : 'empty-question' };
  }
  if (!looksEnglish(typed, index)) return { ok: false, reason: 'no-match' };
  // Each try spells out a few hundred neighbours: a question has a typo or two, not hundreds.
  let tries = 0;
  const words = typed.map((word) => {
    if (tries >= maxEnglishCorrectionTries || !mayBeEnglishTypo(word, index)) return word;
    tries++;
    return englishCorrection(word, lemmaOf, isStopWord) ?? word;
  });

  const toldWhen = whenItHappened(words);
  const positions: number[] = [];
  const contentWords: string[] = [];
  words.forEach((word, position) => {
    if (isStopWord(word) || cueWords.has(word)) return;
    contentWords.push(word);
    positions.push(position);
  });
  const terms = contentWords.map(termOf);
  const concepts: QueryConcept[] = [];
  /** Where each concept's words stand in the question (first and last word), for adjacent pairs. */
  const spans = new Map<QueryConcept, [number, number]>();
  const seen = new Set<string>();
  for (let i = 0; i < terms.length; ) {
    const phrase = matchDomainPhrase(terms, i, index);
    if (phrase) {
      const label = phrase.matched.join(' ');
      if (!seen.has(label)) {
        seen.add(label);
        const concept = conceptFromVariants(label, phrase.variants, index);
        if (concept) {
          concepts.push(concept);
          spans.set(concept, [positions[i] ?? -1, positions[i + phrase.matched.length - 1] ?? -1]);
        }
      }
      i += phrase.matched.length;
      continue;
    }
    const word = contentWords[i] ?? '';
    const term = terms[i] ?? '';
    const position = positions[i] ?? -1;
    i++;
    if (seen.has(term) || word.length < 2) continue;
    seen.add(term);
    const concept = wordConcept(word, term, index);
    if (toldWhen.has(position)) concept.weight *= yearWeight;
    concepts.push(concept);
    spans.set(concept, [position, position]);
  }
  concepts.sort((a, b) => b.weight - a.weight);
  const kept = concepts.slice(0, maxConcepts);
  const adjacentPairs: [number, number][] = [];
  kept.forEach((first, a) => {
    kept.forEach((second, b) => {
      const end = spans.get(first)?.[1];
      const start = spans.get(second)?.[0];
      if (end !== undefined && start !== undefined && end >= 0 && start === end + 1)
        adjacentPairs.push([a, b]);
    });
  });
  return {
    ok: true,
    question: { text, concepts: kept, cues: detectQuestionCues(text), adjacentPairs },
  };
}

/**
 * Where a question says when something happened ("got arrested at the weekend", "a really upsetting
 * case this week", "she told me yesterday"): like a year, the time sets the scene and is not what is
 * asked, so those words weigh as a year does. "Who do I call at the weekend" keeps its other words to
 * find the out-of-hours service by; its weekend still counts, at half.
 */
function whenItHappened(words: readonly string[]): ReadonlySet<number> {
  const found = new Set<number>();
  words.forEach((word, position) => {
    if (timeOfDayOrWeek.test(word)) {
      const before = words[position - 1] ?? '';
      const twoBefore = words[position - 2] ?? '';
      if (/^(?:this|last|next)$/.test(before)) found.add(position);
      // "At the weekend" sets the scene only after something that happened ("got arrested at the
      // weekend"); "what do I do with a concern at the weekend" asks about weekends.
      else if (
        before === 'the' &&
        /^(?:at|over)$/.test(twoBefore) &&
        words.slice(0, position - 2).some((earlier) => pastTense.test(earlier))
      )
        found.add(position);
    } else if (/^(?:today|yesterday|tonight)$/.test(word)) found.add(position);
  });
  return found;
}

const pastTense = /^(?:got|was|were|had|did|told|said|saw|went|came|[a-z]{3,}ed)$/;

const timeOfDayOrWeek =
  /^(?:week|weekend|month|morning|afternoon|evening|night|(?:mon|tues|wednes|thurs|fri|satur|sun)day)$/;

/**
 * Another language reads as words that are neither English function words nor known to the corpus
 * or to WordNet. Short questions get the benefit of the doubt.
 */
function looksEnglish(words: string[], index: SearchIndex): boolean {
  if (words.length < 3) return true;
  let known = 0;
  for (const word of words) {
    if (
      isStopWord(word) ||
      index.surfaceWords.has(word) ||
      index.wordnet.has(lemmaOf(word)) ||
      /\d/.test(word)
    )
      known++;
  }
  return known / words.length >= 0.5;
}

function matchDomainPhrase(
  terms: string[],
  start: number,
  index: SearchIndex,
): { matched: string[]; variants: { terms: string[]; weight: number }[] } | undefined {
  let best: { matched: string[]; variants: { terms: string[]; weight: number }[] } | undefined;
  for (const group of index.phraseGroups) {
    for (const phrase of group) {
      if (phrase.length === 0 || (best && phrase.length <= best.matched.length)) continue;
      if (!phrase.every((term, k) => terms[start + k] === term)) continue;
      best = {
        matched: phrase,
        variants: group.map((other) => ({
          terms: other,
          weight: other === phrase ? variantWeights.exact : variantWeights.domainSynonym,
        })),
      };
    }
  }
  return best;
}

function conceptFromVariants(
  label: string,
  candidates: { terms: string[]; weight: number }[],
  index: SearchIndex,
): QueryConcept | undefined {
  const variants: TermVariant[] = [];
  let weight = 0;
  let exactWeight = 0;
  for (const candidate of candidates) {
    const ids = candidate.terms.map((term) => index.termIds.get(term));
    if (ids.some((id) => id === undefined)) continue;
    const known = ids.filter((id): id is number => id !== undefined);
    if (known.length === 0) continue;
    variants.push({ ids: known, weight: candidate.weight });
    // A phrase is as specific as its rarest word.
    const idf = Math.max(...known.map((id) => index.idf[id] ?? 0));
    weight = Math.max(weight, idf);
    if (candidate.weight === variantWeights.exact) exactWeight = Math.max(exactWeight, idf);
  }
  // A word the corpus uses is worth its own idf, not that of a rare loose synonym.
  if (exactWeight > 0) weight = exactWeight;
  if (variants.length === 0)
    return { label, weight: index.maxIdf * unknownWordFactor, rareness: 1, variants };
  return { label, weight, rareness: 1, variants };
}

/**
 * A question word the corpus has never seen still counts against coverage (at half the weight of
 * the rarest known word): it is often the very thing the policy does not cover.
 */
const unknownWordFactor = 0.5;

const yearWeight = 0.5;

/** How strongly general-English frequency discounts a word's weight (see general-word-frequency.ts). */
const topicSpecificityStrength = 0.15;

/** The staff-wording, WordNet and derived-form variants of a word, before its concept is weighed. */
function expansionsOf(word: string, index: SearchIndex): { terms: string[]; weight: number }[] {
  const expansions: { terms: string[]; weight: number }[] = [];
  const lemma = lemmaOf(word);
  for (const target of index.staffWording.get(word) ?? index.staffWording.get(lemma) ?? []) {
    expansions.push({ terms: target, weight: variantWeights.staffWording });
  }
  for (const [source, weight] of wordnetSources) {
    const map = index[source];
    for (const target of map.get(lemma) ?? map.get(word) ?? []) expansions.push({ terms: [target], weight });
  }
  return expansions;
}

/** WordNet's relations, closest first, with how much each counts. */
const wordnetSources = [
  ['wordnetDerived', variantWeights.derived],
  ['wordnet', variantWeights.wordnet],
  ['wordnetSiblings', variantWeights.wordnetSibling],
  ['wordnetNarrower', variantWeights.wordnetNarrower],
] as const;

function wordConcept(word: string, term: string, index: SearchIndex): QueryConcept {
  const month = monthOf(word);
  if (month) return monthConcept(word, month, index);
  const candidates: { terms: string[]; weight: number }[] = [
    { terms: [term], weight: variantWeights.exact },
    ...expansionsOf(word, index),
  ];
  if (!index.termIds.has(term)) {
    // "retrain", "unreported", "preplanned": the stem after a common prefix is often the known word.
    const prefix = /^(re|un|pre|non|mis|over|under)(?=[a-z]{4})/.exec(word);
    if (prefix)
      candidates.push({ terms: [termOf(word.slice(prefix[0].length))], weight: variantWeights.staffWording });
    // "promise" is not a typo for "premises", nor "told" for "hold": only non-words are corrected.
    const isWord = isEnglishWord(word) || isEnglishWord(lemmaOf(word));
    // The corrected word brings its own synonyms: "compulsary" finds "mandatory" as "compulsory" does.
    for (const corrected of isWord ? [] : correctTypo(word, index)) {
      candidates.push({ terms: [termOf(corrected)], weight: variantWeights.typo });
      for (const expansion of expansionsOf(corrected, index))
        candidates.push({ terms: expansion.terms, weight: expansion.weight * variantWeights.typo });
    }
  }
  const specificity = topicSpecificity(lemmaOf(word), topicSpecificityStrength);
  const concept = conceptFromVariants(word, candidates, index);
  const rareness = generalRareness(lemmaOf(word));
  if (!concept)
    return { label: word, weight: index.maxIdf * unknownWordFactor * specificity, rareness, variants: [] };
  concept.rareness = rareness;
  // Unknown words are weighed by how rare they would be, not by their looser synonyms.
  if (!index.termIds.has(term)) concept.weight = Math.max(concept.weight, index.maxIdf * unknownWordFactor);
  concept.weight *= specificity;
  // A year mostly says which report is meant, and the title says that already: the topic is elsewhere.
  if (isYear(word)) concept.weight *= yearWeight;
  return concept;
}

/**
 * A month, however it is written ("oct", "October"), matches the month in either form, and like a
 * year it dates what is asked rather than naming its topic: "how many cases jan 2022 to mar 2023" is
 * about cases, and "Jan" is rare in the corpus only because tables abbreviate it.
 */
function monthConcept(word: string, month: string, index: SearchIndex): QueryConcept {
  const forms = [month, monthAbbreviationOf(month)].filter((form): form is string => form !== undefined);
  const variants: TermVariant[] = [];
  let weight = 0;
  for (const form of forms) {
    const id = index.termIds.get(termOf(form));
    if (id === undefined) continue;
    variants.push({ ids: [id], weight: variantWeights.exact });
    // The written-out name's idf when the corpus has it: the abbreviation is rare because tables use it.
    if (weight === 0) weight = index.idf[id] ?? 0;
  }
  if (variants.length === 0) weight = index.maxIdf * unknownWordFactor;
  return { label: word, weight: weight * yearWeight, rareness: generalRareness(month), variants };
}

const maxEnglishCorrectionTries = 3;

/**
 * A typo of a word the corpus never uses ("caled" for "called", "becuase") would otherwise count as an
 * unknown topic word, the strongest sign of a question the documents do not cover. Words the corpus or
 * the thesaurus knows, words a corpus word is one typo from, and short words are left as typed.
 */
function mayBeEnglishTypo(word: string, index: SearchIndex): boolean {
  if (word.length < 5 || /\d/.test(word) || isStopWord(word)) return false;
  if (index.surfaceWords.has(word) || index.termIds.has(termOf(word))) return false;
  if (isEnglishWord(word) || isEnglishWord(lemmaOf(word))) return false;
  return !index.staffWording.has(word) && correctTypo(word, index).length === 0;
}

/** One-edit corrections (deletion, insertion, substitution, transposition) found via SymSpell, as the corpus spells them. */
function correctTypo(word: string, index: SearchIndex): string[] {
  if (word.length < 4 || /\d/.test(word)) return [];
  // One correction per term, as the corpus spells it first: "training" and "trainings" are one.
  const found = new Map<string, string>();
  const add = (surface: string) => {
    const term = index.surfaceWords.get(surface);
    if (term !== undefined && !found.has(term)) found.set(term, surface);
  };
  for (const key of [word, ...deletions(word)]) {
    for (const candidate of index.deletionIndex.get(key) ?? []) {
      if (candidate !== word && withinOneEdit(word, candidate)) add(candidate);
    }
    if (key !== word) add(key);
  }
  return [...found.values()].slice(0, 3);
}

function withinOneEdit(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}
