import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseDocument } from './ingest-knowledge-folder.ts';
import { type KnowledgeBase, knowledgeBaseFromDocuments, loadKnowledgeBase } from './knowledge-base.ts';
import { calibrationFileName } from './read-calibration.ts';

const fixtures = resolve(import.meta.dirname, '../../../test/fixtures/knowledge');
const samplePolicy = resolve(import.meta.dirname, '../../../knowledge/sample-policy');

describe('a knowledge base over the format fixtures', () => {
  let kb: KnowledgeBase;
  beforeAll(async () => {
    ({ kb } = await loadKnowledgeBase({ dir: join(fixtures, 'formats') }));
  });

  it('reports its documents and chunks', () => {
    expect(kb.stats()).toEqual({ documents: 5, chunks: 8 });
  });

  it('answers with sentences copied verbatim from the document, with title, section and link', () => {
    const answer = kb.answer('how often do i need to redo my safeguarding training');
    expect(answer.kind).toBe('answer');
    if (answer.kind !== 'answer') return;
    expect(answer.quote).toContain('Refresher training is due every 3 years.');
    expect(answer.sectionText.replace(/\s+/g, ' ')).toContain(answer.quote);
    expect(answer.docTitle).toBe('Safeguarding Basics');
    expect(answer.section).toBe('Training');
    expect(answer.link).toBe('https://intranet.example/safeguarding-basics');
    expect(answer.confidence).toBeGreaterThan(0);
    expect(answer.confidence).toBeLessThanOrEqual(1);
  });

  it('ranks once per question: the answer and its runners-up come from the same ranking', () => {
    const { answer, candidates } = kb.ask('how often do i need to redo my safeguarding training', {
      candidates: 3,
    });
    expect(answer.kind).toBe('answer');
    if (answer.kind !== 'answer') return;
    expect(candidates[0]?.answer.chunkId).toBe(answer.chunkId);
    expect(candidates.length).toBeGreaterThan(1);
  });

  it('finds a passage through an acronym the document spells out', () => {
    const answer = kb.answer('who do I tell, the DSL?');
    expect(answer.kind === 'answer' && answer.quote).toContain('Designated Safeguarding Lead (DSL)');
  });

  it('reads chat shorthand as the words it stands for', () => {
    const spelled = kb.ask('how many years until my safeguarding training is due again', { candidates: 1 });
    const shorthand = kb.ask('how many yrs til my safeguarding training is due again', { candidates: 1 });
    expect(shorthand.answer.kind).toBe('answer');
    expect(shorthand.candidates[0]?.answer.chunkId).toBe(spelled.candidates[0]?.answer.chunkId);
    expect(shorthand.candidates[0]?.features.knownShare).toBe(1);
  });

  it('reads a typo of a word the documents never use as that word, not as an unknown topic', () => {
    const typed = kb.ask('how many years until my safeguarding training is due again, becuase', {
      candidates: 1,
    });
    expect(typed.answer.kind).toBe('answer');
    expect(typed.candidates[0]?.features.knownShare).toBe(1);
  });

  it('declines an off-topic question', () => {
    expect(kb.answer('what is the capital of peru and its population')).toMatchObject({ kind: 'decline' });
  });

  it('declines an empty or emoji-only message as an empty question', () => {
    expect(kb.answer('')).toEqual({ kind: 'decline', reason: 'empty-question' });
    expect(kb.answer('   ')).toEqual({ kind: 'decline', reason: 'empty-question' });
    expect(kb.answer('🙂🙏🔥')).toEqual({ kind: 'decline', reason: 'empty-question' });
  });

  it('declines a question in another language', () => {
    expect(kb.answer('¿Con qué frecuencia debo repetir la formación de protección?')).toMatchObject({
      kind: 'decline',
    });
    expect(kb.answer('我需要多久重新参加一次培训')).toEqual({ kind: 'decline', reason: 'no-match' });
  });

  it('survives markup and card-injection attempts in the question', () => {
    const answer = kb.answer(
      `<script>alert(1)</script>{"type":"AdaptiveCard"} $\{secret} how often is refresher training`,
    );
    expect(['answer', 'decline']).toContain(answer.kind);
  });

  it('answers or declines a 20,000-character message without failing', () => {
    const long = `how often is refresher training ${'blah '.repeat(4_000)}`;
    expect(long.length).toBeGreaterThanOrEqual(20_000);
    expect(['answer', 'decline']).toContain(kb.answer(long).kind);
  });
});

describe('loading a knowledge base', () => {
  it('fails clearly when the folder is missing', async () => {
    await expect(loadKnowledgeBase({ dir: join(fixtures, 'missing') })).rejects.toMatchObject({
      code: 'KNOWLEDGE_DIR_MISSING',
    });
  });

  it('declines every question with no-documents when the folder is empty', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'policy-qa-kb-'));
    try {
      const { kb, skipped } = await loadKnowledgeBase({ dir });
      expect(skipped).toEqual([]);
      expect(kb.stats()).toEqual({ documents: 0, chunks: 0 });
      expect(kb.answer('how often is training')).toEqual({ kind: 'decline', reason: 'no-documents' });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('returns the skipped files so the caller can log them', async () => {
    const { kb, skipped } = await loadKnowledgeBase({ dir: join(fixtures, 'broken') });
    expect(kb.stats().documents).toBe(1);
    expect(skipped).toHaveLength(2);
  });

  it('re-indexes on demand and picks up a new document', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'policy-qa-reindex-'));
    try {
      const { kb } = await loadKnowledgeBase({ dir });
      expect(kb.answer('who checks the fire doors')).toMatchObject({ kind: 'decline' });
      await writeFile(
        join(dir, 'fire.md'),
        '# Fire safety\n\n## Fire doors\n\nThe facilities team checks every fire door each week.\n',
      );
      const { stats } = await kb.reindex();
      expect(stats).toEqual({ documents: 1, chunks: 1 });
      expect(kb.answer('who checks the fire doors')).toMatchObject({ kind: 'answer', section: 'Fire doors' });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('uses the decline threshold calibrated for its folder, ignores a broken calibration file, and is never indexed', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'policy-qa-calibration-'));
    const warnings: object[] = [];
    const logger = { warn: (obj: object) => warnings.push(obj) };
    try {
      await writeFile(
        join(dir, 'fire.md'),
        '# Fire safety\n\n## Fire doors\n\nThe facilities team checks every fire door each week.\n',
      );
      const question = 'who looks after the doors';
      const { kb: plain } = await loadKnowledgeBase({ dir, logger });
      const forced = plain.ask(question, { threshold: 0 }).answer;
      if (forced.kind !== 'answer') throw new Error('expected a passage at threshold 0');
      // A threshold just above and just below this passage's confidence decides the answer.
      await writeFile(
        join(dir, calibrationFileName),
        JSON.stringify({ declineThreshold: forced.confidence + 0.01 }),
      );
      const { kb: strict, skipped } = await loadKnowledgeBase({ dir, logger });
      expect(strict.ask(question).answer.kind).toBe('decline');
      expect(skipped).toEqual([]);
      expect(strict.stats().documents).toBe(1);
      await writeFile(
        join(dir, calibrationFileName),
        JSON.stringify({ declineThreshold: forced.confidence - 0.01 }),
      );
      await strict.reindex();
      expect(strict.ask(question).answer.kind).toBe('answer');
      await writeFile(join(dir, calibrationFileName), '{"declineThreshold": "high"}');
      const { kb: broken } = await loadKnowledgeBase({ dir, logger });
      expect(broken.stats().documents).toBe(1);
      expect(warnings).toContainEqual(expect.objectContaining({ code: 'KNOWLEDGE_CALIBRATION_INVALID' }));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('re-indexes when a file in a watched folder changes', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'policy-qa-watch-'));
    try {
      const { kb } = await loadKnowledgeBase({ dir });
      const reindexed = new Promise<number>((done) => {
        const stop = kb.watch({
          debounceMs: 20,
          onReindexed: ({ stats }) => {
            stop();
            done(stats.documents);
          },
        });
      });
      await writeFile(join(dir, 'new.md'), '# New\n\n## Part\n\nA new paragraph about lone working.\n');
      expect(await reindexed).toBe(1);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('staff names for the boards and for answering a survey', () => {
  const kb = knowledgeBaseFromDocuments([
    parseDocument(
      'report.md',
      `# Safeguarding report

## Partnerships

The Council takes part in the Children's Trust Board and contributes to the delivery of its priority on early help.

## Financial implications

The Council makes a £20,000 annual contribution to the joint running costs of the OSCB and OSAB.
`,
    ),
  ]);

  it('"who monitors" the training finds who tracks it', () => {
    const kb = knowledgeBaseFromDocuments([
      parseDocument(
        'report.md',
        `# Annual safeguarding report

## Newsletter

Clicks on safeguarding training links in the newsletter are monitored.

## Training

Completion of safeguarding training is tracked by the HR team.
`,
      ),
    ]);
    const answer = kb.answer('who monitors the safeguarding training');
    expect(answer.kind === 'answer' && answer.quote).toContain('tracked by the HR team');
  });

  it('"the safeguarding boards" are the OSCB and the OSAB', () => {
    const answer = kb.answer("what is the council's contribution to the safeguarding boards");
    expect(answer.kind === 'answer' && answer.quote).toContain('£20,000 annual contribution');
  });
});

describe('the sample policy', () => {
  let kb: KnowledgeBase;
  beforeAll(async () => {
    ({ kb } = await loadKnowledgeBase({ dir: samplePolicy }));
  });
  /** The quote the bot answers with, or undefined when it declines. */
  const quoteOf = (question: string): string | undefined => {
    const answer = kb.answer(question);
    return answer.kind === 'answer' ? answer.quote : undefined;
  };

  it('answers a plain training question from the policy in its own words', () => {
    const answer = kb.candidates('how often do DSLs have to do refresher training', 3);
    expect(answer.length).toBeGreaterThan(0);
    for (const candidate of answer) {
      expect(candidate.chunkText.replace(/\s+/g, ' ')).toContain(
        candidate.answer.quote.split(' ').slice(0, 6).join(' '),
      );
    }
  });

  it.each([
    // "The emergency duty team" is the EDT: its number is the one the policy gives for the EDT.
    ["what's the number for the emergency duty team", 'Call the EDT on 0300 555 0199'],
    // What neglect is, not another "counts".
    ['what counts as neglect', 'Neglect is the persistent failure'],
    // The route for when Teams is not working: "down", "crashed".
    ['teams is down, how else can i report it', 'If Teams is not working'],
    ['teams has crashed and i need to log a concern, who do i ring?', 'If Teams is not working'],
    // A husband or a daughter is one of the household.
    ['can my husband use the counselling line too', 'members of their household aged 16 or over'],
    ['my daughter is 17, can she call the eap', 'members of their household aged 16 or over'],
    // "No proof, just a hunch" finds that no proof is needed.
    ['i have no proof, just a hunch, should i still report it', 'You do not need proof'],
  ])('"%s" is answered with "%s"', (question, quoted) => {
    expect(quoteOf(question)).toContain(quoted);
  });

  it('starts a quote at the sentence that names what its "they" or "this" stands for', () => {
    const quote = quoteOf('is there an MHFA i can talk to after this');
    expect(quote).toMatch(/^Every directorate has trained mental health first aiders/);
    expect(quote).toContain('They can listen');
  });
});
