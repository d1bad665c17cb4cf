import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { wordnetDictPath } from './wordnet-synonyms.ts';

let cached: Map<string, number> | undefined;

/**
 * How often each English lemma occurs in general text: the sense-tagged counts of WordNet 3.1's
 * index.sense (the SemCor concordance, about 200,000 words of ordinary prose), summed over senses.
 * A question word that is common everywhere ("go", "take", "find") says little about the topic even
 * when the policy happens to use it rarely; "newsletter" or "trafficking" says a lot.
 */
export function generalWordCounts(): ReadonlyMap<string, number> {
  if (cached) return cached;
  const counts = new Map<string, number>();
  const text = readFileSync(join(wordnetDictPath(), 'index.sense'), 'latin1');
  let lineStart = 0;
  while (lineStart < text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd === -1) lineEnd = text.length;
    const percent = text.indexOf('%', lineStart);
    if (percent > lineStart && percent < lineEnd) {
      const lemma = text.slice(lineStart, percent);
      const lastSpace = text.lastIndexOf(' ', lineEnd - 1);
      const count = Number(text.slice(lastSpace + 1, lineEnd));
      // Every WordNet lemma is kept, seen in SemCor or not (0): the map doubles as an English word list.
      if (!lemma.includes('_')) counts.set(lemma, (counts.get(lemma) ?? 0) + (count > 0 ? count : 0));
    }
    lineStart = lineEnd + 1;
  }
  cached = counts;
  return counts;
}

/** Share of a word's corpus weight kept as a topic word: 1 for rare English words, less for common ones. */
export function topicSpecificity(lemma: string, strength: number): number {
  const count = generalWordCounts().get(lemma) ?? 0;
  return 1 / (1 + strength * Math.log1p(count));
}

/** Above this many tagged occurrences a word counts as fully general (about the commonest 1% of lemmas). */
const commonWordCount = 1000;

/**
 * How rare a word is in general English, from 1 (never seen in SemCor) to 0 (as common as "make").
 * Rare words name the topic of a question ("mileage", "salary", "newsletter").
 */
export function generalRareness(lemma: string): number {
  const count = generalWordCounts().get(lemma) ?? 0;
  return Math.max(0, 1 - Math.log1p(count) / Math.log1p(commonWordCount));
}

/** The word (as a lemma) is an English word WordNet knows: not a typo to correct. */
export function isEnglishWord(lemma: string): boolean {
  return generalWordCounts().has(lemma);
}

const letters = 'abcdefghijklmnopqrstuvwxyz';

/** A word's one-edit neighbours: deletions, transpositions, substitutions and insertions. */
function oneEditNeighbours(word: string): Set<string> {
  const found = new Set<string>();
  for (let i = 0; i <= word.length; i++) {
    const head = word.slice(0, i);
    if (i < word.length) found.add(head + word.slice(i + 1));
    if (i < word.length - 1) found.add(head + (word[i + 1] ?? '') + (word[i] ?? '') + word.slice(i + 2));
    for (const letter of letters) {
      found.add(head + letter + word.slice(i));
      if (i < word.length) found.add(head + letter + word.slice(i + 1));
    }
  }
  found.delete(word);
  return found;
}

/** Inflected forms whose lemma is worth looking up ("called" -> "call"). */
const inflected = /(?:s|ed|ing|er|est)$/;

/**
 * The common English word a non-word is one typo away from ("caled" -> "called", "becuase" ->
 * "because"), when one clearly stands out: the commonest neighbour in general English (its lemma's
 * SemCor count, or a function word) and at least twice as common as the next. Undefined when none
 * does: a rare term ("payslip") is not to be bent into another word.
 * @param lemmaOf the lemmatiser (passed in: this module knows words, not inflection)
 * @param isFunctionWord function words (not in WordNet) that a typo may also be of
 */
export function englishCorrection(
  word: string,
  lemmaOf: (word: string) => string,
  isFunctionWord: (word: string) => boolean,
): string | undefined {
  const counts = generalWordCounts();
  let best: string | undefined;
  let bestCount = -1;
  let secondCount = -1;
  for (const neighbour of oneEditNeighbours(word)) {
    const count = isFunctionWord(neighbour)
      ? functionWordCount
      : (counts.get(neighbour) ?? (inflected.test(neighbour) ? counts.get(lemmaOf(neighbour)) : undefined));
    if (count === undefined) continue;
    if (count > bestCount) {
      secondCount = bestCount;
      bestCount = count;
      best = neighbour;
    } else if (count > secondCount) secondCount = count;
  }
  return best !== undefined && bestCount >= minCorrectionCount && bestCount >= 2 * Math.max(0, secondCount)
    ? best
    : undefined;
}

/** Function words are the commonest of all; SemCor does not count them. */
const functionWordCount = 10_000;
/** A correction must be a word seen at least this often in SemCor (not an obscure lemma). */
const minCorrectionCount = 5;
