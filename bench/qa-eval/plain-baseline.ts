import MiniSearch from 'minisearch';
import type { KnowledgeChunk } from '../../src/features/policy-qa/knowledge-types.ts';

/** The comparison point: the same chunks in a default MiniSearch (BM25) index, top-1 chunk, no extras. */
export function createPlainBaseline(
  chunks: KnowledgeChunk[],
): (question: string) => KnowledgeChunk | undefined {
  const search = new MiniSearch<{ idx: number; text: string }>({ idField: 'idx', fields: ['text'] });
  search.addAll(chunks.map((chunk, idx) => ({ idx, text: chunk.text })));
  return (question) => {
    const top = search.search(question)[0];
    return typeof top?.id === 'number' ? chunks[top.id] : undefined;
  };
}
