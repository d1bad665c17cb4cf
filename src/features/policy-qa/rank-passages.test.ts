import { describe, expect, it } from 'vitest';
import { buildSearchIndex, withSpanEndYears } from './build-search-index.ts';
import { parseDocument } from './ingest-knowledge-folder.ts';
import { knowledgeBaseFromDocuments } from './knowledge-base.ts';
import { parseQuestion } from './parse-question.ts';
import { contextScorer, type PassageEvidence } from './passage-scorers.ts';
import { rankPassages } from './rank-passages.ts';

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

describe('answering "how many" with the number that counts the thing asked about', () => {
  const structure = `# Safeguarding self-assessment

## Casework

Since October 2022 DSO triage has covered every case.

## Training

Most of the staff who answered the autumn survey could name at least one of the council's 4 DSOs without looking it up on the intranet.
`;
  const kb = knowledgeBaseFromDocuments([parseDocument('assessment.md', structure)]);

  it('takes the number right before the word, not a year right before it', () => {
    const [top] = kb.candidates('how many DSOs have we got', 1);
    expect(top?.answer.quote).toContain("council's 4 DSOs");
  });
});

describe('a number that counts the thing asked about outweighs a heading that names it', () => {
  const assessment = `# Safeguarding self-assessment

## Our safeguarding champions

Champions give advice and meet in 2 groups.

## Communication

The intranet and every quarterly newsletter give contact details and direct links to the staff directory pages for the 14 Safeguarding Champions.
`;
  const kb = knowledgeBaseFromDocuments([parseDocument('assessment.md', assessment)]);

  it('answers "how many champions" with the 14 champions, not the section named after them', () => {
    const [top] = kb.candidates('how many champions have we got', 1);
    expect(top?.answer.quote).toContain('14 Safeguarding Champions');
    expect(top?.features.counted).toBe(1);
  });
});

describe('answering "what is the X called" with the sentence that gives its name', () => {
  const support = `# Self-assessment

## Employee assistance programme

The employee assistance programme is promoted to all staff in the quarterly newsletter and on the intranet.

## Wellbeing

Colleagues are encouraged to contact their line manager, our Mental Health First Aid Team and/or our employee assistance programme 'Health Assured'.
`;
  const kb = knowledgeBaseFromDocuments([parseDocument('assessment.md', support)]);

  it.each(['whats our EAP called', "what's the employee assistance programme called"])('%s', (question) => {
    const [top] = kb.candidates(question, 1);
    expect(top?.answer.quote).toContain("'Health Assured'");
  });
});

describe('answering "who is the X" with the sentence that says who the X is', () => {
  const roles = `# Safeguarding roles

## Directorate DSLs

Directorate DSLs are appointed by their director and confirmed by the lead DSL.

## Lead DSL

The lead DSL is the council's Head of Safeguarding and Quality Assurance, in the Corporate Safeguarding Team.
`;
  const kb = knowledgeBaseFromDocuments([parseDocument('roles.md', roles)]);

  it.each(['who is the lead dsl', "who's the lead dsl", 'who actually is the lead dsl'])('%s', (question) => {
    const [top] = kb.candidates(question, 1);
    expect(top?.answer.quote).toContain('Head of Safeguarding and Quality Assurance');
  });

  it('does not take a clause or a passive for a statement of who it is', () => {
    const other = knowledgeBaseFromDocuments([
      parseDocument(
        'other.md',
        `# Roles

## Deputy

If it is about the deputy, tell the lead DSL.

## Alerts

The lead DSL and deputy are alerted when a concern waits too long.

## Lead DSL

The lead DSL is the Head of Safeguarding, in the Corporate Safeguarding Team of the council.
`,
      ),
    ]);
    const [top] = other.candidates('who is the lead dsl', 1);
    expect(top?.answer.quote).toContain('Head of Safeguarding');
  });
});

describe('headings count only for what the passage itself does not say', () => {
  it('gives a heading credit for a question concept the passage lacks, none for one it repeats', () => {
    const concept = { label: 'x', weight: 1, rareness: 0.5, variants: [] };
    const evidence = {
      question: { text: 'q', concepts: [concept, { ...concept, label: 'y' }], cues: [], adjacentPairs: [] },
      conceptMatch: Float64Array.from([1, 0]),
      contextMatch: Float64Array.from([1, 1]),
    } as unknown as PassageEvidence;
    // "concern" is in both the sentence and its heading; "triage" only in the heading.
    expect(contextScorer.score(evidence)).toBeCloseTo(0.5);
  });
});

describe('ranked passages keep their own evidence', () => {
  it('each ranked passage reads as its own window, though one evidence object is refilled per window', () => {
    const index = buildSearchIndex([parseDocument('survey.md', survey)]);
    const parsed = parseQuestion('how do staff report a concern', index);
    if (!parsed.ok) throw new Error('question did not parse');
    const ranked = rankPassages(index, parsed.question);
    expect(ranked.length).toBeGreaterThan(1);
    for (const passage of ranked) {
      const records = index.sentences[passage.chunkIndex] ?? [];
      expect(passage.evidence.chunk).toBe(index.chunks[passage.chunkIndex]);
      expect(passage.evidence.text).toBe(
        records
          .slice(passage.start, passage.end + 1)
          .map((record) => record.text)
          .join(' '),
      );
    }
    expect(new Set(ranked.map((passage) => passage.evidence)).size).toBe(ranked.length);
  });
});

describe('a year in the question and a period in the title', () => {
  it('finds "the 2016 survey" in the report for 2015-16, which covers 2016 too', () => {
    // The same words in both reports: only the period in the title tells them apart.
    const kb = knowledgeBaseFromDocuments([
      parseDocument(
        'safeguarding-report-2022.md',
        '# Safeguarding report 2022\n\n## Staff questionnaire\n\nIn the staff questionnaire 64% could name a DSO.\n',
      ),
      parseDocument(
        'safeguarding-report-2015-16.md',
        '# Safeguarding report 2015-16\n\n## Staff questionnaire\n\nIn the staff questionnaire 70% could name a DSO.\n',
      ),
    ]);
    const [top] = kb.candidates('in the 2016 staff questionnaire what share could name a dso', 1);
    expect(top?.answer.quote).toContain('70%');
  });
});

describe('periods in titles', () => {
  it('adds the end year of a span, and leaves a single year or a longer range alone', () => {
    expect(withSpanEndYears('Safeguarding report 2015 16')).toBe('Safeguarding report 2015 16 2016');
    expect(withSpanEndYears('Report 2019/20')).toBe('Report 2019/20 2020');
    expect(withSpanEndYears('Action Plan June 2017-June 2018')).toContain('2018');
    expect(withSpanEndYears('Scrutiny response 2023')).toBe('Scrutiny response 2023');
    expect(withSpanEndYears('Strategy 2015 to 2020')).toBe('Strategy 2015 to 2020');
    expect(withSpanEndYears('Policy 2023-26')).toBe('Policy 2023-26');
  });
});

describe('being told and being communicated to', () => {
  it('answers "how do staff get told" with how changes are communicated, not with the community', () => {
    const kb = knowledgeBaseFromDocuments([
      parseDocument(
        'procedures.md',
        '# Procedures\n\n## Partners\n\nCommunity safety staff work with partners on safeguarding when procedures change.\n\n## Updates\n\nWhen safeguarding procedures change, it is communicated to staff.\n',
      ),
    ]);
    const [top, other] = kb.candidates('how do staff get told when safeguarding procedures change', 2);
    expect(top?.answer.quote).toContain('communicated to staff');
    // Told is communicated, and the community is not: the answer stands clear of the other section.
    expect(top?.answer.confidence ?? 0).toBeGreaterThan((other?.answer.confidence ?? 1) + 0.2);
  });
});
