import { describe, expect, it } from 'vitest';
import { buildSearchIndex } from './build-search-index.ts';
import { parseDocument } from './ingest-knowledge-folder.ts';
import { parseQuestion } from './parse-question.ts';

const index = buildSearchIndex([
  parseDocument('policy.md', '# Training\n\nRefresher training is due every 3 years for all staff.\n'),
]);

function labels(question: string): string[] {
  const parsed = parseQuestion(question, index);
  if (!parsed.ok) throw new Error(`not parsed: ${parsed.reason}`);
  return parsed.question.concepts.map((concept) => concept.label);
}

describe('reading a question', () => {
  it('reads a typo of a word the documents never use as the English word, at most three per question', () => {
    expect(labels('staff training definately')).toContain('definitely');
    // Four typos: the first three are tried, the fourth is left as typed (a bound on the work).
    const read = labels('when do i recieve the training, definately, i beleive, a seperate course');
    expect(read).toEqual(expect.arrayContaining(['receive', 'definitely', 'believe', 'seperate']));
  });
});
