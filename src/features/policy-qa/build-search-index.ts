import { buildChunkBm25Index, type ChunkBm25Index } from './chunk-bm25-index.ts';
import { definedAcronyms, spelledOutAcronyms } from './defined-acronyms.ts';
import { domainSynonymGroups, staffWording } from './domain-thesaurus.ts';
import type { KnowledgeChunk, KnowledgeDocument, SentenceRecord } from './knowledge-types.ts';
import { isStopWord, isYear, termOf, tokenizeWords } from './normalize-terms.ts';
import { numberWords } from './question-cues.ts';
import { buildWordnetSynonyms } from './wordnet-synonyms.ts';

/** Everything the retriever needs at query time, built once per (re)index and never mutated. */
export interface SearchIndex {
  documents: KnowledgeDocument[];
  documentsById: Map<string, KnowledgeDocument>;
  chunks: KnowledgeChunk[];
  /** Chunk-level BM25 index: the first, cheap stage that bounds the per-query work. */
  chunkSearch: ChunkBm25Index;
  termIds: Map<string, number>;
  /** Sentence-level inverse document frequency by term id. */
  idf: Float64Array;
  /** The idf a term seen once would have: what an unknown question word is worth. */
  maxIdf: number;
  sentences: SentenceRecord[][];
  averageSentenceTerms: number;
  numberTerms: Set<number>;
  /** Term ids of each chunk's heading path and document title. */
  contextTerms: Uint32Array[];
  /** Surface word -> index term, for the typo corrector and WordNet. */
  surfaceWords: Map<string, string>;
  /** Single-deletion neighbourhoods of surface words (SymSpell), for one-typo corrections. */
  deletionIndex: Map<string, string[]>;
  wordnet: Map<string, string[]>;
  /** Question lemma -> corpus terms one level more general in WordNet ("husband" -> "partner"). */
  wordnetNarrower: Map<string, string[]>;
  /** Question lemma -> corpus terms derivationally related in WordNet ("suspend" -> "suspension"). */
  wordnetDerived: Map<string, string[]>;
  /** Question lemma -> corpus terms that are sister kinds in WordNet ("bulletin" -> "newsletter"). */
  wordnetSiblings: Map<string, string[]>;
  /** Domain groups and staff wording, as term sequences. */
  phraseGroups: string[][][];
  staffWording: Map<string, string[][]>;
}

export function chunkContext(chunk: KnowledgeChunk): string {
  return withSpanEndYears([...chunk.headingPath, chunk.docTitle].join(' \n '));
}

/**
 * A title or heading that names a period ("Safeguarding report 2015-16", "Action Plan June 2017-June
 * 2018", "Report 2019/20") covers its last year too: "the 2016 staff survey" is in the 2015-16 report.
 * The end year is added written out, beside the span as it stands.
 */
export function withSpanEndYears(text: string): string {
  return text.replace(
    /\b((?:19|20)\d{2})(?:\s*[-/–]\s*|\s+)(?:[a-z]+\s+)?(\d{2}|(?:19|20)\d{2})\b/gi,
    (span, first: string, last: string) => {
      const end = last.length === 2 ? Number(first.slice(0, 2) + last) : Number(last);
      return end === Number(first) + 1 ? `${span} ${end}` : span;
    },
  );
}

export function buildSearchIndex(documents: KnowledgeDocument[]): SearchIndex {
  const chunks = documents.flatMap((doc) => doc.chunks);
  const termIds = new Map<string, number>();
  const surfaceWords = new Map<string, string>();
  const df: number[] = [];
  const idOf = (term: string): number => {
    let id = termIds.get(term);
    if (id === undefined) {
      id = termIds.size;
      termIds.set(term, id);
      df.push(0);
    }
    return id;
  };
  const termsOf = (text: string): Uint32Array => {
    const ids: number[] = [];
    for (const word of tokenizeWords(text)) {
      if (isStopWord(word)) continue;
      const term = termOf(word);
      if (!surfaceWords.has(word)) surfaceWords.set(word, term);
      ids.push(idOf(term));
    }
    return Uint32Array.from(ids);
  };

  let sentenceCount = 0;
  let sentenceTerms = 0;
  const sentences: SentenceRecord[][] = [];
  const contextTerms: Uint32Array[] = [];
  for (const chunk of chunks) {
    const records: SentenceRecord[] = [];
    for (const text of chunk.sentences) {
      const terms = termsOf(text);
      for (const id of new Set(terms)) df[id] = (df[id] ?? 0) + 1;
      records.push({ text, terms });
      sentenceCount++;
      sentenceTerms += terms.length;
    }
    sentences.push(records);
    contextTerms.push(termsOf(chunkContext(chunk)));
  }
  const idf = new Float64Array(termIds.size);
  for (let id = 0; id < idf.length; id++) idf[id] = bm25Idf(sentenceCount, df[id] ?? 0);

  // Headings and title count as part of the chunk: a section called "Training" is about training.
  const chunkSearch = buildChunkBm25Index(
    sentences.map((records, c) => {
      const ids: number[] = [...(contextTerms[c] ?? [])];
      for (const record of records) ids.push(...record.terms);
      return Uint32Array.from(ids);
    }),
    termIds.size,
  );

  const wordnet = buildWordnetSynonyms(surfaceWords.keys());
  return {
    documents,
    documentsById: new Map(documents.map((doc) => [doc.id, doc])),
    chunks,
    chunkSearch,
    termIds,
    idf,
    maxIdf: bm25Idf(Math.max(sentenceCount, 1), 1),
    sentences,
    averageSentenceTerms: sentenceCount > 0 ? Math.max(1, sentenceTerms / sentenceCount) : 1,
    numberTerms: new Set(
      [...termIds]
        // "October 2022, each case was triaged by a DSO": a year dates a sentence, it counts nothing.
        .filter(([term]) => (/^\d[\d,.]*$/.test(term) && !isYear(term)) || numberWordTerms.has(term))
        .map(([, id]) => id),
    ),
    contextTerms,
    surfaceWords,
    deletionIndex: buildDeletionIndex(surfaceWords.keys()),
    wordnet: wordnet.synonyms,
    wordnetNarrower: wordnet.narrower,
    wordnetDerived: wordnet.derived,
    wordnetSiblings: wordnet.siblings,
    // The thesaurus first: a phrase in both keeps the thesaurus's group (matching takes the first).
    phraseGroups: [...domainSynonymGroups, ...documentAcronyms(chunks.map((chunk) => chunk.text))].map(
      (group) => group.filter((phrase) => !losesMeaningWithoutStopWords(phrase)).map(phraseTerms),
    ),
    staffWording: new Map(
      Object.entries(staffWording).map(([word, targets]) => [word, targets.map(phraseTerms)] as const),
    ),
  };
}

/** Single words the thesaurus already groups: an acronym it knows is not read from the documents. */
const thesaurusWords: ReadonlySet<string> = new Set(
  domainSynonymGroups.flat().filter((phrase) => /^[a-z]+$/.test(phrase)),
);

/** The acronyms the documents define in brackets, then those they only spell out elsewhere. */
function documentAcronyms(texts: readonly string[]): [string, string][] {
  const defined = definedAcronyms(texts);
  const known = new Set([...thesaurusWords, ...defined.map(([acronym]) => acronym)]);
  return [...defined, ...spelledOutAcronyms(texts, known)];
}

const numberWordTerms: ReadonlySet<string> = new Set(numberWords.map(termOf));

function bm25Idf(total: number, docFrequency: number): number {
  return Math.log(1 + (total - docFrequency + 0.5) / (docFrequency + 0.5));
}

/**
 * A phrase that is one word once its stop words go ("my concern", "under 18") would make that word
 * ("concern", "18") a synonym of the whole group; the group keeps its other names instead.
 */
function losesMeaningWithoutStopWords(phrase: string): boolean {
  const words = tokenizeWords(phrase);
  const kept = words.filter((word) => !isStopWord(word));
  return kept.length === 0 || (words.length > 1 && kept.length === 1);
}

export function phraseTerms(phrase: string): string[] {
  return tokenizeWords(phrase)
    .filter((word) => !isStopWord(word))
    .map(termOf);
}

function buildDeletionIndex(words: Iterable<string>): Map<string, string[]> {
  const index = new Map<string, string[]>();
  for (const word of words) {
    if (word.length < 4 || /\d/.test(word)) continue;
    for (const variant of deletions(word)) {
      const list = index.get(variant);
      if (list) {
        if (list.length < 8) list.push(word);
      } else index.set(variant, [word]);
    }
  }
  return index;
}

export function deletions(word: string): string[] {
  const variants: string[] = [];
  for (let i = 0; i < word.length; i++) variants.push(word.slice(0, i) + word.slice(i + 1));
  return variants;
}
