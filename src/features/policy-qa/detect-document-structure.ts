import type { CleanLine } from './clean-document-text.ts';

export type DocumentBlock =
  | { kind: 'heading'; level: number; text: string }
  | { kind: 'paragraph'; text: string };

export interface DocumentStructure {
  title?: string;
  link?: string;
  blocks: DocumentBlock[];
}

const markdownHeading = /^(#{1,6})\s+(.+?)\s*#*$/;
const linkLine = /^link:\s*(https?:\/\/\S+)\s*$/i;
/** "2.1" on a line of its own: the self-assessment style of numbering, question on the next line. */
const bareSectionNumber = /^\d+(?:\.\d+)+\.?$/;
/** "3.2 Training" or "4. Information sharing": short numbered headings. */
const numberedHeading = /^((?:\d+\.)+\d*|[A-Z]\.|[ivxIVX]+\.)\s+(\S.{1,90})$/;
const bullet = /^(?:[•\-*+]|\d+[.)]\s|[a-z][.)]\s)/;

/**
 * Finds headings in cleaned lines: markdown headings, numbered headings, and short title-like lines
 * that introduce a paragraph (plain-text exports lose their heading styles, so this is the only clue).
 * Consecutive non-heading lines form one paragraph unless they are list items or table rows.
 */
export function detectDocumentStructure(cleanLines: CleanLine[]): DocumentStructure {
  const lines = cleanLines.map((line) => line.text);
  const structure: DocumentStructure = { blocks: [] };
  let structuralLevel = 1;
  let paragraph: string[] = [];
  const flush = (): void => {
    if (paragraph.length === 0) return;
    const text = paragraph.join(' ');
    paragraph = [];
    const previous = structure.blocks[structure.blocks.length - 1];
    // A page break in an export cuts a paragraph in two; the second half starts mid-sentence.
    if (
      previous?.kind === 'paragraph' &&
      previous.text.length > 150 &&
      /[A-Za-z,]$/.test(previous.text) &&
      /^[a-z]/.test(text)
    ) {
      previous.text = `${previous.text} ${text}`;
      return;
    }
    structure.blocks.push({ kind: 'paragraph', text });
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (!line) {
      flush();
      continue;
    }
    if (cleanLines[i]?.fromTable) {
      flush();
      structure.blocks.push({ kind: 'paragraph', text: line });
      continue;
    }
    const link = linkLine.exec(line);
    if (link?.[1] && !structure.link) {
      structure.link = link[1];
      continue;
    }
    const md = markdownHeading.exec(line);
    if (md?.[1] && md[2]) {
      flush();
      const level = md[1].length;
      if (level === 1 && !structure.title) structure.title = md[2];
      else structure.blocks.push({ kind: 'heading', level, text: md[2] });
      structuralLevel = level;
      continue;
    }
    const next = nextNonEmpty(lines, i);
    if (bareSectionNumber.test(line) && next && next.text.length < 400) {
      flush();
      const level = Math.min(6, line.replace(/\.$/, '').split('.').length);
      structure.blocks.push({ kind: 'heading', level, text: `${line} ${next.text}` });
      structuralLevel = level;
      i = next.index;
      continue;
    }
    const numbered = numberedHeading.exec(line);
    if (
      numbered?.[1] &&
      numbered[2] &&
      looksLikeHeadingText(numbered[2]) &&
      next &&
      !bullet.test(next.text)
    ) {
      flush();
      const level = Math.min(6, numbered[1].replace(/\.$/, '').split('.').length + 1);
      structure.blocks.push({ kind: 'heading', level, text: line });
      structuralLevel = level;
      continue;
    }
    const previous = lines[i - 1] ?? '';
    if (
      paragraph.length === 0 &&
      looksLikeHeadingText(line) &&
      !previous.endsWith(':') &&
      next &&
      !cleanLines[next.index]?.fromTable &&
      (introducesContent(next.text) ||
        (looksLikeHeadingText(next.text) && introducesContent(nextNonEmpty(lines, next.index)?.text)))
    ) {
      flush();
      structure.blocks.push({ kind: 'heading', level: Math.min(6, structuralLevel + 1), text: line });
      continue;
    }
    if (bullet.test(line) || line.includes(' | ')) {
      flush();
      structure.blocks.push({ kind: 'paragraph', text: line });
      continue;
    }
    paragraph.push(line);
  }
  flush();
  structure.blocks = dropBoilerplate(structure.blocks);
  return structure;
}

function introducesContent(text: string | undefined): boolean {
  if (!text) return false;
  return text.length >= 60 || bullet.test(text) || markdownHeading.test(text);
}

/** Form instructions repeated under every question of a template carry no answer; drop them. */
function dropBoilerplate(blocks: DocumentBlock[]): DocumentBlock[] {
  const counts = new Map<string, number>();
  for (const block of blocks) {
    if (block.kind === 'paragraph' && block.text.length >= 40)
      counts.set(boilerplateKey(block.text), (counts.get(boilerplateKey(block.text)) ?? 0) + 1);
  }
  return blocks.filter(
    (block) => block.kind !== 'paragraph' || (counts.get(boilerplateKey(block.text)) ?? 0) < 3,
  );
}

function boilerplateKey(text: string): string {
  return text.toLowerCase().replace(/[‘’]/g, "'").replace(/\s+/g, ' ');
}

function nextNonEmpty(lines: string[], from: number): { text: string; index: number } | undefined {
  for (let j = from + 1; j < lines.length; j++) {
    const text = lines[j];
    if (text) return { text, index: j };
  }
  return undefined;
}

function looksLikeHeadingText(text: string): boolean {
  if (text.length > 90 || text.length < 3) return false;
  if (/[.,;:!?]$/.test(text) || text.includes(' | ') || bullet.test(text)) return false;
  if (!/^[A-Z0-9“"'‘]/.test(text)) return false;
  const words = text.split(/\s+/);
  return words.length <= 12 && /[A-Za-z]{3}/.test(text);
}
