import { describe, expect, it } from 'vitest';
import { cleanDocumentText } from './clean-document-text.ts';
import { detectDocumentStructure } from './detect-document-structure.ts';

const texts = (raw: string): string[] => cleanDocumentText(raw).map((line) => line.text);

describe('cleanDocumentText', () => {
  it('converts HTML fragments inside text into plain lines', () => {
    expect(texts('<p><b>Training</b></p><p>Staff attend &amp; sign in.</p>')).toEqual([
      '### Training',
      '',
      'Staff attend & sign in.',
    ]);
  });

  it('drops page numbers, "page x of y" lines and blank-page notices', () => {
    expect(
      texts('Intro text here.\n253\nPage 2 of 9\nThis page is intentionally left blank\nMore text.'),
    ).toEqual(['Intro text here.', 'More text.']);
  });

  it('drops a paragraph number alone on its line, so a quote does not start with "27."', () => {
    expect(texts('27.\nThe Council makes a £20,000 annual contribution.')).toEqual([
      'The Council makes a £20,000 annual contribution.',
    ]);
  });

  it('keeps a flattened table row as one line and drops a cell that repeats earlier text', () => {
    const raw = 'Quarter\tOxford City\tNational\nQ1 Apr 22 – June 22\t9\t2264\nQ1 Apr 22 – June 22\t9\t2264';
    expect(texts(raw).filter(Boolean)).toEqual([
      'Quarter | Oxford City | National',
      'Q1 Apr 22 – June 22 | 9 | 2264',
    ]);
  });

  it('splits a markdown table with HTML cells into separate lines and skips separator rows', () => {
    const raw = '| a | b |\n|--|--|\n| <p>First action.</p><p>Second action.</p> | DG |';
    const lines = texts(raw).filter(Boolean);
    expect(lines).toContain('First action.');
    expect(lines).toContain('Second action.');
    expect(lines.some((line) => line.includes('--'))).toBe(false);
  });

  it('turns Word symbol bullets written as "?" into bullets without touching real questions', () => {
    expect(texts('strategies: ? The Council strategy. Is it safe? Yes.')).toEqual([
      'strategies: • The Council strategy. Is it safe? Yes.',
    ]);
  });
});

describe('detectDocumentStructure', () => {
  it('finds markdown, numbered and title-like headings', () => {
    const lines = cleanDocumentText(
      '# Policy\n\n2.1\n\nHow do you train staff?\n\nResponse\n\nStaff are trained every two years by the safeguarding coordinator and HR.\n\n3.2 Information sharing\n\nWe share information with partners when a child is at risk of harm.',
    );
    const structure = detectDocumentStructure(lines);
    expect(structure.title).toBe('Policy');
    expect(structure.blocks.filter((block) => block.kind === 'heading').map((block) => block.text)).toEqual([
      '2.1 How do you train staff?',
      'Response',
      '3.2 Information sharing',
    ]);
  });

  it('rejoins a paragraph cut in two by a page break', () => {
    const first =
      'People with care and support needs are likely to be in priority need for housing, and also more likely to struggle to sustain their housing, so it is common for';
    const structure = detectDocumentStructure(
      cleanDocumentText(`${first}\n\n12\n\nfrontline housing staff to engage with them.`),
    );
    expect(structure.blocks).toEqual([
      { kind: 'paragraph', text: `${first} frontline housing staff to engage with them.` },
    ]);
  });

  it('drops form instructions repeated under every question', () => {
    const instruction = 'In the second box Evidence, you should describe an example from the last year';
    const raw = [1, 2, 3]
      .map((n) => `${n}.1\n\nQuestion ${n}?\n\n${instruction}\n\nAnswer number ${n} is written here in full.`)
      .join('\n\n');
    const paragraphs = detectDocumentStructure(cleanDocumentText(raw)).blocks.filter(
      (block) => block.kind === 'paragraph',
    );
    expect(paragraphs.map((block) => block.text)).toEqual(
      [1, 2, 3].map((n) => `Answer number ${n} is written here in full.`),
    );
  });
});
