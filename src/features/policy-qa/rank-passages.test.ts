import { describe, expect, it } from 'vitest';
import { parseDocument } from './ingest-knowledge-folder.ts';
import { knowledgeBaseFromDocuments } from './knowledge-base.ts';

const survey = `# Staff safeguarding survey

## Reporting routes

Staff know how to report a concern on 3 routes: the assistant, a DSL or the duty line.

## What staff told us

Asked last year, 100% of staff know how to report a concern.
`;

describe('ranking passages by the kind of answer asked for', () => {
  const kb = knowledgeBaseFromDocuments([parseDocument('survey.md', survey)]);

  it('answers "what % of staff" with the sentence that gives a percentage, not any number', () => {
    const [top] = kb.candidates('what % of staff know how to report a concern', 1);
    expect(top?.answer.quote).toContain('100% of staff');
  });
});
