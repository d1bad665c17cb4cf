import { readdir, stat } from 'node:fs/promises';
import { basename, extname, join, relative, sep } from 'node:path';
import { AppError } from '../../shared/errors.ts';
import { chunkDocument } from './chunk-document.ts';
import { cleanDocumentText } from './clean-document-text.ts';
import { detectDocumentStructure } from './detect-document-structure.ts';
import { extractDocumentText, isSupportedFile } from './extract-document-text.ts';
import type { KnowledgeDocument, SkippedFile } from './knowledge-types.ts';

export interface IngestResult {
  documents: KnowledgeDocument[];
  skipped: SkippedFile[];
}

/**
 * Loads every supported file under `dir` (recursively). A file that cannot be read or parsed is
 * skipped with its reason so the caller can log it; the rest still load. A missing folder is a
 * configuration mistake and fails loudly with KNOWLEDGE_DIR_MISSING.
 */
export async function ingestKnowledgeFolder(dir: string): Promise<IngestResult> {
  const info = await stat(dir).catch((error: unknown) => {
    throw new AppError('KNOWLEDGE_DIR_MISSING', `The knowledge folder does not exist: ${dir}`, {
      cause: error,
    });
  });
  if (!info.isDirectory()) {
    throw new AppError('KNOWLEDGE_DIR_MISSING', `The knowledge path is not a folder: ${dir}`);
  }
  const files = await listFiles(dir);
  const documents: KnowledgeDocument[] = [];
  const skipped: SkippedFile[] = [];
  for (const file of files) {
    const rel = relative(dir, file);
    if (!isSupportedFile(file)) {
      skipped.push({ file: rel, reason: `unsupported file type ${extname(file) || '(none)'}` });
      continue;
    }
    try {
      const doc = parseDocument(rel, await extractDocumentText(file));
      if (doc.chunks.length === 0) skipped.push({ file: rel, reason: 'no readable text found' });
      else documents.push(doc);
    } catch (error) {
      skipped.push({ file: rel, reason: describeError(error) });
    }
  }
  return { documents, skipped };
}

/** Builds a document from already-extracted text; also used by benches that generate documents. */
export function parseDocument(relativePath: string, text: string): KnowledgeDocument {
  const ext = extname(relativePath);
  const docId = relativePath
    .slice(0, relativePath.length - ext.length)
    .split(sep)
    .join('/');
  return chunkDocument({
    docId,
    file: relativePath,
    fallbackTitle: titleFromFileName(basename(relativePath, ext)),
    structure: detectDocumentStructure(cleanDocumentText(text)),
  });
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    // Hidden files are editor and OS clutter (".DS_Store", "~$lock.docx"), not policy documents.
    if (entry.name.startsWith('.') || entry.name.startsWith('~$')) continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await listFiles(full)));
    else if (entry.isFile()) files.push(full);
  }
  return files;
}

function titleFromFileName(name: string): string {
  const words = name.replace(/[-_]+/g, ' ').trim();
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : 'Untitled document';
}

function describeError(error: unknown): string {
  if (error instanceof Error) return error.message.split('\n')[0] ?? error.name;
  return String(error);
}
