import { type FSWatcher, watch as watchFolder } from 'node:fs';
import { z } from 'zod';
import {
  type AnswerCandidate,
  type AnswerOptions,
  answerCandidates,
  answerQuestion,
  type RankedAnswer,
  rankAnswer,
} from './answer-question.ts';
import { buildSearchIndex, type SearchIndex } from './build-search-index.ts';
import { ingestKnowledgeFolder } from './ingest-knowledge-folder.ts';
import type { KnowledgeDocument, QaAnswer, QaLogger, SkippedFile } from './knowledge-types.ts';
import { readCalibration } from './read-calibration.ts';

export interface KnowledgeStats {
  documents: number;
  chunks: number;
}

export interface SectionView {
  docTitle: string;
  section: string;
  link?: string;
  text: string;
}

export interface WatchOptions {
  /** Editors and sync tools write a file in bursts; wait for quiet before re-indexing. */
  debounceMs?: number;
  onReindexed?: (result: { stats: KnowledgeStats; skipped: SkippedFile[] }) => void;
}

export interface KnowledgeBase {
  answer(question: string, options?: AnswerOptions): QaAnswer;
  /** The answer and its ranked runners-up from one search (the answer card shows both). */
  ask(question: string, options?: AnswerOptions): RankedAnswer;
  /** The best few passages with their confidence, threshold not applied (evaluation, "more results"). */
  candidates(question: string, limit?: number): AnswerCandidate[];
  stats(): KnowledgeStats;
  /** The whole section a passage comes from, for "show the full section"; undefined once re-indexed away. */
  section(chunkId: string): SectionView | undefined;
  /** Rebuilds from the folder and swaps the index in one step; answers never see a half-built index. */
  reindex(): Promise<{ stats: KnowledgeStats; skipped: SkippedFile[] }>;
  /** Re-indexes when files in the folder change. Returns a function that stops watching. */
  watch(options?: WatchOptions): () => void;
}

const loadOptions = z.object({
  dir: z.string().min(1),
  logger: z
    .custom<QaLogger>((value) => typeof value === 'object' && value !== null && 'warn' in value)
    .optional(),
});

export type LoadKnowledgeBaseOptions = z.input<typeof loadOptions>;

export async function loadKnowledgeBase(
  options: LoadKnowledgeBaseOptions,
): Promise<{ kb: KnowledgeBase; skipped: SkippedFile[] }> {
  const { dir, logger } = loadOptions.parse(options);
  const [{ documents, skipped }, threshold] = await Promise.all([
    ingestKnowledgeFolder(dir),
    readCalibration(dir, logger),
  ]);
  const kb = createKnowledgeBase(buildSearchIndex(documents), dir, logger, threshold);
  return { kb, skipped };
}

/** A knowledge base over documents already in memory (benches, tests); re-index reads `dir` if given. */
export function knowledgeBaseFromDocuments(documents: KnowledgeDocument[]): KnowledgeBase {
  return createKnowledgeBase(buildSearchIndex(documents), undefined, undefined, undefined);
}

function createKnowledgeBase(
  initial: SearchIndex,
  dir: string | undefined,
  logger: QaLogger | undefined,
  initialThreshold: number | undefined,
): KnowledgeBase {
  let index = initial;
  let threshold = initialThreshold;
  const withThreshold = (answerOptions: AnswerOptions = {}): AnswerOptions =>
    answerOptions.threshold === undefined && threshold !== undefined
      ? { ...answerOptions, threshold }
      : answerOptions;
  const stats = (): KnowledgeStats => ({ documents: index.documents.length, chunks: index.chunks.length });

  const reindex = async (): Promise<{ stats: KnowledgeStats; skipped: SkippedFile[] }> => {
    if (!dir) return { stats: stats(), skipped: [] };
    const [{ documents, skipped }, calibrated] = await Promise.all([
      ingestKnowledgeFolder(dir),
      readCalibration(dir, logger),
    ]);
    index = buildSearchIndex(documents);
    threshold = calibrated;
    return { stats: stats(), skipped };
  };

  const watch = (watchOptions: WatchOptions = {}): (() => void) => {
    if (!dir) return () => undefined;
    const debounceMs = watchOptions.debounceMs ?? 500;
    let timer: NodeJS.Timeout | undefined;
    let running = false;
    let again = false;
    let stopped = false;
    const run = async (): Promise<void> => {
      if (running) {
        again = true;
        return;
      }
      running = true;
      try {
        const result = await reindex();
        if (!stopped) watchOptions.onReindexed?.(result);
      } catch (error) {
        // Keep answering from the previous index: a folder briefly missing mid-sync is not fatal.
        logger?.warn({ err: error, code: 'KNOWLEDGE_REINDEX_FAILED' }, 'knowledge re-index failed');
      } finally {
        running = false;
        if (again && !stopped) {
          again = false;
          void run();
        }
      }
    };
    let watcher: FSWatcher | undefined = watchFolder(dir, { recursive: true }, () => {
      if (stopped) return;
      clearTimeout(timer);
      timer = setTimeout(() => void run(), debounceMs);
    });
    watcher.on('error', (error) =>
      logger?.warn({ err: error, code: 'KNOWLEDGE_WATCH_FAILED' }, 'knowledge watch failed'),
    );
    return () => {
      stopped = true;
      clearTimeout(timer);
      watcher?.close();
      watcher = undefined;
    };
  };

  const section = (chunkId: string): SectionView | undefined => {
    const chunk = index.chunks.find((candidate) => candidate.id === chunkId);
    if (!chunk) return undefined;
    const doc = index.documentsById.get(chunk.docId);
    const text = doc?.sectionTexts.get(chunk.headingPath.join(' > ')) ?? chunk.text;
    return {
      docTitle: chunk.docTitle,
      section: chunk.section,
      ...(chunk.link ? { link: chunk.link } : {}),
      text,
    };
  };

  return {
    answer: (question, answerOptions) => answerQuestion(index, question, withThreshold(answerOptions)),
    ask: (question, answerOptions) => rankAnswer(index, question, withThreshold(answerOptions)),
    section,
    candidates: (question, limit = 3) => answerCandidates(index, question, limit),
    stats,
    reindex,
    watch,
  };
}
