import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { convertHtmlToText } from './convert-html-to-text.ts';

export const supportedExtensions = ['.md', '.markdown', '.txt', '.html', '.htm', '.docx', '.pdf'] as const;

export function isSupportedFile(path: string): boolean {
  const ext = extname(path).toLowerCase();
  return supportedExtensions.some((supported) => supported === ext);
}

/**
 * Reads one file into text that the cleaner understands (markdown-ish lines). Throws on a broken
 * file; the folder loader turns the error into a skip entry so one bad upload never blocks the rest.
 */
export async function extractDocumentText(path: string): Promise<string> {
  const ext = extname(path).toLowerCase();
  const data = await readFile(path);
  switch (ext) {
    case '.md':
    case '.markdown':
    case '.txt':
      return decodeText(data);
    case '.html':
    case '.htm':
      return convertHtmlToText(decodeText(data));
    case '.docx': {
      // HTML rather than raw text so Word heading styles survive as headings.
      // Loaded on first use: the PDF and Word readers cost start-up time and memory a folder of
      // markdown never needs.
      const { default: mammoth } = await import('mammoth');
      const result = await mammoth.convertToHtml(
        { buffer: data },
        { styleMap: ["p[style-name='Title'] => title:fresh"] },
      );
      return convertHtmlToText(result.value);
    }
    case '.pdf': {
      const { PDFParse } = await import('pdf-parse');
      const parser = new PDFParse({ data: new Uint8Array(data) });
      try {
        const result = await parser.getText();
        return result.text;
      } finally {
        await parser.destroy();
      }
    }
    default:
      throw new Error(`unsupported file type ${ext || '(none)'}`);
  }
}

function decodeText(data: Buffer): string {
  const text = data.toString('utf8');
  // A NUL byte means a binary file wearing a text extension.
  if (text.includes('\u0000')) throw new Error('file is binary, not text');
  return text;
}
