import type { DocumentStructure } from './detect-document-structure.ts';
import type { KnowledgeChunk, KnowledgeDocument } from './knowledge-types.ts';
import { splitSentences } from './split-sentences.ts';

/** Target chunk size: a few paragraphs, small enough that the lexical score points at one topic. */
const chunkTargetChars = 700;
/** Longer paragraphs (common in self-assessment exports) are cut at sentence boundaries. */
const paragraphMaxChars = 1000;

export interface ChunkInput {
  docId: string;
  file: string;
  fallbackTitle: string;
  structure: DocumentStructure;
}

/** Chunks by heading, then by paragraph, keeping title, section path, position and link. */
export function chunkDocument({ docId, file, fallbackTitle, structure }: ChunkInput): KnowledgeDocument {
  const title = structure.title ?? fallbackTitle;
  const doc: KnowledgeDocument = {
    id: docId,
    file,
    title,
    ...(structure.link ? { link: structure.link } : {}),
    chunks: [],
    sectionTexts: new Map(),
  };
  const headings: { level: number; text: string }[] = [];
  let pending: string[] = [];
  let pendingChars = 0;

  const sectionKey = (): string => headings.map((h) => h.text).join(' > ');
  const flush = (): void => {
    if (pending.length === 0) return;
    const headingPath = headings.map((h) => h.text);
    const sentences = pending.flatMap(splitSentences);
    const position = doc.chunks.length;
    doc.chunks.push({
      id: `${docId}#${position}`,
      docId,
      docTitle: title,
      section: headingPath[headingPath.length - 1] ?? title,
      headingPath,
      ...(structure.link ? { link: structure.link } : {}),
      position,
      text: pending.join('\n\n'),
      sentences,
    } satisfies KnowledgeChunk);
    const key = sectionKey();
    const existing = doc.sectionTexts.get(key);
    doc.sectionTexts.set(key, existing ? `${existing}\n\n${pending.join('\n\n')}` : pending.join('\n\n'));
    pending = [];
    pendingChars = 0;
  };

  for (const block of structure.blocks) {
    if (block.kind === 'heading') {
      flush();
      while (headings.length > 0 && (headings[headings.length - 1]?.level ?? 0) >= block.level)
        headings.pop();
      headings.push({ level: block.level, text: block.text });
      continue;
    }
    for (const piece of splitLongParagraph(block.text)) {
      if (pendingChars > 0 && pendingChars + piece.length > chunkTargetChars) flush();
      pending.push(piece);
      pendingChars += piece.length;
    }
  }
  flush();
  return doc;
}

function splitLongParagraph(text: string): string[] {
  if (text.length <= paragraphMaxChars) return [text];
  const pieces: string[] = [];
  let current = '';
  for (const sentence of splitSentences(text)) {
    if (current && current.length + sentence.length > chunkTargetChars) {
      pieces.push(current);
      current = '';
    }
    current = current ? `${current} ${sentence}` : sentence;
  }
  if (current) pieces.push(current);
  return pieces;
}
