import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../shared/errors.ts';
import { ingestKnowledgeFolder } from './ingest-knowledge-folder.ts';

const fixtures = resolve(import.meta.dirname, '../../../test/fixtures/knowledge');

describe('ingestKnowledgeFolder', () => {
  it('loads markdown, text, HTML, Word and PDF files from one folder', async () => {
    const { documents, skipped } = await ingestKnowledgeFolder(join(fixtures, 'formats'));
    expect(skipped).toEqual([]);
    expect(documents.map((doc) => doc.id).sort()).toEqual([
      'community-report',
      'fire-marshals',
      'lone-working',
      'safeguarding-basics',
      'whistleblowing',
    ]);
  });

  it('keeps the title, the section headings and the link of a markdown document', async () => {
    const { documents } = await ingestKnowledgeFolder(join(fixtures, 'formats'));
    const doc = documents.find((candidate) => candidate.id === 'safeguarding-basics');
    expect(doc?.title).toBe('Safeguarding Basics');
    expect(doc?.link).toBe('https://intranet.example/safeguarding-basics');
    expect(doc?.chunks.map((chunk) => chunk.section)).toEqual(['Training', 'Who to tell']);
    expect(doc?.chunks[1]?.link).toBe('https://intranet.example/safeguarding-basics');
    expect(doc?.chunks.map((chunk) => chunk.position)).toEqual([0, 1]);
  });

  it('reads Word heading styles as sections and the Title style as the title', async () => {
    const { documents } = await ingestKnowledgeFolder(join(fixtures, 'formats'));
    const doc = documents.find((candidate) => candidate.id === 'lone-working');
    expect(doc?.title).toBe('Lone Working Guidance');
    expect(doc?.chunks.map((chunk) => chunk.section)).toEqual(['Home visits', 'Leaving a visit']);
    expect(doc?.chunks[1]?.sentences).toContain('If you feel unsafe, leave the visit at once.');
  });

  it('reads the text of a PDF', async () => {
    const { documents } = await ingestKnowledgeFolder(join(fixtures, 'formats'));
    const doc = documents.find((candidate) => candidate.id === 'fire-marshals');
    expect(doc?.chunks[0]?.text).toContain('The assembly point is the staff car park.');
  });

  it('drops scripts and styles from HTML and uses its title', async () => {
    const { documents } = await ingestKnowledgeFolder(join(fixtures, 'formats'));
    const doc = documents.find((candidate) => candidate.id === 'whistleblowing');
    expect(doc?.title).toBe('Whistleblowing Policy');
    const text = doc?.chunks.map((chunk) => chunk.text).join('\n') ?? '';
    expect(text).not.toMatch(/alert|color|doctype/i);
    expect(text).toContain('genuine concern & the council will support you.');
  });

  it('cleans a messy text export: markup, page numbers, repeated table rows', async () => {
    const { documents } = await ingestKnowledgeFolder(join(fixtures, 'formats'));
    const doc = documents.find((candidate) => candidate.id === 'community-report');
    const text = doc?.chunks.map((chunk) => chunk.text).join('\n') ?? '';
    expect(text).toContain('meets every three months to review progress across all service areas.');
    expect(text).not.toMatch(/<b>|&nbsp;|Page 3 of 10|^12$/m);
    expect(text.match(/Q1 \| 17 \| 9/g)).toHaveLength(1);
    expect(doc?.chunks[0]?.section).toBe('Background');
  });

  it('skips a broken file with its reason and still loads the rest', async () => {
    const { documents, skipped } = await ingestKnowledgeFolder(join(fixtures, 'broken'));
    expect(documents.map((doc) => doc.id)).toEqual(['still-loads']);
    expect(skipped.map((skip) => skip.file).sort()).toEqual(['corrupt.docx', 'corrupt.pdf']);
    for (const skip of skipped) expect(skip.reason.length).toBeGreaterThan(0);
  });

  it('fails with KNOWLEDGE_DIR_MISSING when the folder does not exist', async () => {
    const error = await ingestKnowledgeFolder(join(fixtures, 'no-such-folder')).catch(
      (caught: unknown) => caught,
    );
    expect(isAppError(error) && error.code).toBe('KNOWLEDGE_DIR_MISSING');
  });

  it('loads zero documents from an empty folder', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'policy-qa-empty-'));
    try {
      expect(await ingestKnowledgeFolder(dir)).toEqual({ documents: [], skipped: [] });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
