import { containsHtml, convertHtmlToText, decodeHtmlEntities } from './convert-html-to-text.ts';

/**
 * Cleans a messy export into plain lines: HTML fragments converted, markdown and flattened tables
 * split into cells, page numbers and running artefacts dropped, table cells that repeat text already
 * seen removed (Word-to-text exports repeat a nested table's cells after the cell that holds it).
 * The words themselves are kept as written: answers quote them.
 */
export interface CleanLine {
  text: string;
  /** Lines that came from a table cell or row are content, never headings (unless marked up as such). */
  fromTable: boolean;
}

export function cleanDocumentText(raw: string): CleanLine[] {
  const text = raw
    .replace(/\r\n?/g, '\n')
    .replace(/[\u200b-\u200d\ufeff]/g, '')
    .replace(/\[bookmark:[^\]]*\]/gi, '');
  const out: CleanLine[] = [];
  const seenCells = new Set<string>();
  for (const line of text.split('\n')) {
    for (const piece of splitLine(line, seenCells)) {
      const cleaned = tidyLine(piece.text);
      if (cleaned === null) continue;
      if (cleaned === '') {
        if (out.length > 0 && out[out.length - 1]?.text !== '') out.push({ text: '', fromTable: false });
        continue;
      }
      if (lastNonEmpty(out) === cleaned) continue;
      out.push({ text: cleaned, fromTable: piece.fromTable && !cleaned.startsWith('#') });
    }
  }
  while (out.length > 0 && out[out.length - 1]?.text === '') out.pop();
  return out;
}

function lastNonEmpty(lines: CleanLine[]): string | undefined {
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i];
    if (line?.text) return line.text;
  }
  return undefined;
}

interface Piece {
  text: string;
  fromTable: boolean;
}

const gap: Piece = { text: '', fromTable: false };

/** A line may hold a whole table row; rows become one line each, or one line per long cell. */
function splitLine(line: string, seenCells: Set<string>): Piece[] {
  const trimmed = line.trim();
  if (/^\|.*\|$/.test(trimmed)) {
    if (/^\|[\s|:-]*\|$/.test(trimmed)) return [];
    return splitCells(trimmed.slice(1, -1).split('|'), seenCells);
  }
  // A single leading tab is indentation; several cells separated by tabs are a flattened table row.
  if (trimmed.includes('\t')) return splitCells(trimmed.split('\t'), seenCells);
  if (containsHtml(line)) return [gap, ...htmlPieces(line, false), gap];
  return [{ text: line, fromTable: false }];
}

function htmlPieces(html: string, fromTable: boolean): Piece[] {
  return convertHtmlToText(html)
    .split('\n')
    .map((text) => ({ text, fromTable }));
}

function splitCells(rawCells: string[], seenCells: Set<string>): Piece[] {
  const rowKey = `row:${normaliseForComparison(rawCells.join('\t'))}`;
  if (seenCells.has(rowKey)) return [gap];
  seenCells.add(rowKey);
  const cells: string[] = [];
  let hasLongCell = false;
  for (const rawCell of rawCells) {
    const cell = rawCell.trim();
    if (!cell) continue;
    const key = normaliseForComparison(containsHtml(cell) ? convertHtmlToText(cell) : cell);
    if (!key) continue;
    // A long cell seen before is a nested table repeated by the export; short cells (labels, figures)
    // legitimately repeat across rows.
    if (key.length > 40 && seenCells.has(key)) continue;
    seenCells.add(key);
    if (containsHtml(cell) || cell.length > 120) hasLongCell = true;
    cells.push(cell);
  }
  if (cells.length === 0) return [gap];
  if (!hasLongCell) return [gap, { text: cells.join(' | '), fromTable: cells.length > 1 }, gap];
  const pieces: Piece[] = [gap];
  for (const cell of cells) {
    if (containsHtml(cell)) pieces.push(...htmlPieces(cell, true), gap);
    else pieces.push({ text: cell, fromTable: true }, gap);
  }
  return pieces;
}

function normaliseForComparison(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ').trim();
}

// A paragraph number alone on its line ("27.") is numbering, not content: quoted, it reads as noise.
const dropLine =
  /^(?:page\s+)?\d{1,4}(?:\s+of\s+\d{1,4})?$|^\d{1,3}\.$|^--\s*\d+\s+of\s+\d+\s*--$|^this page is (?:intentionally )?left blank\.?$|^[-_=*•·.|]+$/i;

/** Returns null to drop a line, '' for a paragraph break, or the tidied line. */
function tidyLine(line: string): string | null {
  let text = decodeHtmlEntities(line)
    .replace(/\u00a0/g, ' ')
    .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
    .replace(/\[([^\]]+)\]\((https?:[^)]+)\)/g, '$1 ($2)')
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .replace(/__([^_]+)__/g, '$1')
    .replace(/`([^`]+)`/g, '$1')
    // Word's symbol-font bullets arrive as "?" or "·" with a space before them; real question
    // marks never have a space before them, so this cannot eat a question.
    .replace(/\s[?·]\s+(?=[A-Z])/g, ' • ')
    .replace(/[ \t]+/g, ' ')
    .trim();
  if (!text) return '';
  text = text.replace(/^[·▪●◦‣∙]\s*/, '• ').replace(/^\?\s+(?=[A-Z])/, '• ');
  if (dropLine.test(text)) return null;
  return text;
}
