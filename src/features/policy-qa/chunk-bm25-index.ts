/**
 * Chunk-level BM25 over term ids with postings in typed arrays: the first retrieval stage. MiniSearch
 * was the first choice and is what the evaluation baseline uses, but with 1,000 documents its
 * per-posting objects made this stage alone cost tens of milliseconds per question; flat arrays
 * score the same formula (k1 = 1.2, b = 0.75) in about a millisecond.
 */
const k1 = 1.2;
const b = 0.75;

export interface ChunkBm25Index {
  search(
    terms: readonly { id: number; boost: number }[],
    limit: number,
  ): { chunkIndex: number; score: number }[];
}

export function buildChunkBm25Index(chunkTerms: readonly Uint32Array[], termCount: number): ChunkBm25Index {
  const chunkCount = chunkTerms.length;
  const lengths = new Float64Array(chunkCount);
  const postingCounts = new Uint32Array(termCount);
  let totalLength = 0;
  const perChunk: Map<number, number>[] = chunkTerms.map((terms, chunk) => {
    lengths[chunk] = terms.length;
    totalLength += terms.length;
    const tf = new Map<number, number>();
    for (const id of terms) tf.set(id, (tf.get(id) ?? 0) + 1);
    for (const id of tf.keys()) postingCounts[id] = (postingCounts[id] ?? 0) + 1;
    return tf;
  });
  const postingChunks: Uint32Array[] = [];
  const postingWeights: Float32Array[] = [];
  for (let id = 0; id < termCount; id++) {
    postingChunks.push(new Uint32Array(postingCounts[id] ?? 0));
    postingWeights.push(new Float32Array(postingCounts[id] ?? 0));
  }
  const averageLength = chunkCount > 0 ? Math.max(1, totalLength / chunkCount) : 1;
  // Each posting keeps its BM25 term-frequency factor, computed once here, so a search is one
  // multiply-add per posting.
  const fill = new Uint32Array(termCount);
  perChunk.forEach((tf, chunk) => {
    const norm = k1 * (1 - b + (b * (lengths[chunk] ?? 0)) / averageLength);
    for (const [id, count] of tf) {
      const at = fill[id] ?? 0;
      const chunks = postingChunks[id];
      const weights = postingWeights[id];
      if (chunks) chunks[at] = chunk;
      if (weights) weights[at] = (count * (k1 + 1)) / (count + norm);
      fill[id] = at + 1;
    }
  });
  // Scratch space reused by every search (searches are synchronous): a common word touches tens of
  // thousands of chunks, and a fresh list per question was most of what a question allocated.
  const scores = new Float64Array(chunkCount);
  const touched = new Uint32Array(chunkCount);

  return {
    search(terms, limit) {
      let touchedCount = 0;
      for (const { id, boost } of terms) {
        const chunks = postingChunks[id];
        const weights = postingWeights[id];
        if (!chunks || !weights || chunks.length === 0) continue;
        const idf = Math.log(1 + (chunkCount - chunks.length + 0.5) / (chunks.length + 0.5));
        const factor = boost * idf;
        // A term that adds nothing would leave its chunks at 0 and list them twice.
        if (!(factor > 0)) continue;
        for (let p = 0; p < chunks.length; p++) {
          const chunk = chunks[p] ?? 0;
          if (scores[chunk] === 0) touched[touchedCount++] = chunk;
          scores[chunk] = (scores[chunk] ?? 0) + factor * (weights[p] ?? 0);
        }
      }
      const best = selectTop(touched, touchedCount, scores, limit);
      for (let t = 0; t < touchedCount; t++) scores[touched[t] ?? 0] = 0;
      return best;
    },
  };
}

/**
 * The `limit` best-scoring chunks, best first, by partial selection over the touched chunks: no
 * object per touched chunk (with 1,000 documents a common word touches tens of thousands).
 */
function selectTop(
  touched: Uint32Array,
  touchedCount: number,
  scores: Float64Array,
  limit: number,
): { chunkIndex: number; score: number }[] {
  const best: { chunkIndex: number; score: number }[] = [];
  let floor = Number.NEGATIVE_INFINITY;
  for (let t = 0; t < touchedCount; t++) {
    const chunkIndex = touched[t] ?? 0;
    const score = scores[chunkIndex] ?? 0;
    if (best.length === limit && score <= floor) continue;
    let at = best.length;
    while (at > 0 && (best[at - 1]?.score ?? 0) < score) at--;
    best.splice(at, 0, { chunkIndex, score });
    if (best.length > limit) best.pop();
    if (best.length === limit) floor = best[limit - 1]?.score ?? floor;
  }
  return best;
}
