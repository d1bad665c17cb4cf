import type { WorkplaceService } from './out-of-scope.ts';

/** One sentence of a chunk, kept verbatim so answers quote the policy's own words. */
export interface SentenceRecord {
  text: string;
  /** Term ids in reading order (stop words removed); positions drive the proximity boost. */
  terms: Uint32Array;
}

export interface KnowledgeChunk {
  id: string;
  docId: string;
  docTitle: string;
  /** The deepest heading, for display. */
  section: string;
  /** All headings above the chunk, outermost first (without the document title). */
  headingPath: string[];
  link?: string;
  /** Order of the chunk within its document. */
  position: number;
  text: string;
  sentences: string[];
}

export interface KnowledgeDocument {
  id: string;
  file: string;
  title: string;
  link?: string;
  chunks: KnowledgeChunk[];
  /** Full text of each section, keyed by the section path, for "show the full section". */
  sectionTexts: Map<string, string>;
}

export interface SkippedFile {
  file: string;
  reason: string;
}

export interface QaLogger {
  warn(obj: object, msg: string): void;
}

/** out-of-scope: a workplace question (pay, passwords, parking) the passage does not speak to. */
export type DeclineReason =
  | 'no-match'
  | 'low-confidence'
  | 'no-documents'
  | 'empty-question'
  | 'out-of-scope';

export type QaAnswer =
  | {
      kind: 'answer';
      /** One to four consecutive sentences copied verbatim from the document (four only when short). */
      quote: string;
      docTitle: string;
      section: string;
      link?: string;
      chunkId: string;
      sectionText: string;
      confidence: number;
    }
  | {
      kind: 'decline';
      reason: DeclineReason;
      confidence?: number;
      /** For low-confidence: the threshold it fell below (the folder's own, or the engine's). */
      threshold?: number;
      /** For out-of-scope: who answers such questions instead. */
      service?: WorkplaceService;
      /**
       * For low-confidence: the fact the question asks for (a phone number, a count...) that the best
       * passage does not state, whatever its confidence. Never guessed, so declined at any threshold.
       */
      unstated?: AskedFact;
      /**
       * For low-confidence: a service or scheme the question names (the LADO, a DBS check) that the
       * best passage never mentions, as the thesaurus names it. Declined at any threshold.
       */
      absentTopic?: string;
    };

/** Facts a question asks for that only a passage stating them answers (answer-confidence.ts). */
export type AskedFact =
  | 'phone'
  | 'email'
  | 'link'
  | 'opening-hours'
  | 'name'
  | 'holder'
  | 'age'
  | 'provision'
  | 'money'
  | 'count'
  | 'percentage'
  | 'period';
