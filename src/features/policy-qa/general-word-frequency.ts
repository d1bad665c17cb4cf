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
