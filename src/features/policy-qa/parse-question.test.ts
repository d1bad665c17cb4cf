import { describe, expect, it } from 'vitest';
import { buildSearchIndex } from './build-search-index.ts';
import { parseDocument } from './ingest-knowledge-folder.ts';
import { termOf } from './normalize-terms.ts';
import { parseQuestion, yearsOfSpans } from './parse-question.ts';

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

  it("gives a typo of a word the documents use that word's synonyms as well", () => {
    const policy = buildSearchIndex([
      parseDocument(
        'policy.md',
        '# Conduct\n\nReading the code of conduct is compulsory.\n\n# Data\n\nAll staff complete mandatory data protection training.\n',
      ),
    ]);
    const mandatory = policy.termIds.get(termOf('mandatory'));
    const variantsOf = (question: string) => {
      const parsed = parseQuestion(question, policy);
      if (!parsed.ok) throw new Error(`not parsed: ${parsed.reason}`);
      return parsed.question.concepts.find((concept) => concept.label.startsWith('compuls'))?.variants ?? [];
    };
    // As typed correctly, "compulsory" finds "mandatory"; misspelt, it now does too, a little looser.
    const typed = variantsOf('is data protection training compulsary');
    const spelt = variantsOf('is data protection training compulsory');
    const typedWeight = typed.find((variant) => variant.ids[0] === mandatory)?.weight ?? 0;
    const speltWeight = spelt.find((variant) => variant.ids[0] === mandatory)?.weight ?? 0;
    expect(speltWeight).toBeGreaterThan(0);
    expect(typedWeight).toBeCloseTo(speltWeight * 0.85);
  });
});

describe('when something happened', () => {
  const policy = buildSearchIndex([
    parseDocument(
      'policy.md',
      '# Out of hours\n\nThe duty team works at the weekend and every evening.\n\n# Arrests\n\nTell HR if you are arrested.\n',
    ),
  ]);
  const weightOf = (question: string, label: string) => {
    const parsed = parseQuestion(question, policy);
    if (!parsed.ok) throw new Error(`not parsed: ${parsed.reason}`);
    return parsed.question.concepts.find((concept) => concept.label === label)?.weight ?? 0;
  };

  it('weighs a time that sets the scene as a year, at half: it is not what is asked', () => {
    const asked = weightOf('who do i call at the weekend', 'weekend');
    expect(asked).toBeGreaterThan(0);
    expect(weightOf('got arrested at the weekend, do i tell anyone', 'weekend')).toBeCloseTo(asked / 2);
    expect(weightOf('had an upsetting visit this evening, who can i talk to', 'evening')).toBeCloseTo(
      weightOf('is the duty team there in the evening', 'evening') / 2,
    );
  });

  it('keeps "at the weekend" whole when the question asks about weekends', () => {
    expect(weightOf('what do i do with a concern at the weekend', 'weekend')).toBeCloseTo(
      weightOf('who do i call at the weekend', 'weekend'),
    );
  });
});

describe('year spans', () => {
  it('reads "17-18", "17/18" and "2015-16" as the year they start in, as the documents title their plans', () => {
    expect(yearsOfSpans('who owns the 17/18 action plan')).toBe('who owns the 2017 action plan');
    expect(yearsOfSpans('back in 15-16 how often')).toBe('back in 2015 how often');
    expect(yearsOfSpans('the 2015-16 report')).toBe('the 2015 report');
    expect(yearsOfSpans('the 99-00 figures')).toBe('the 1999 figures');
  });

  it('leaves ages and ranges that are not one year to the next alone', () => {
    for (const text of ['a 16-17 year old', 'aged 16-17', '16-17 yr old', 'ages 11-19'])
      expect(yearsOfSpans(text)).toBe(text);
  });

  it('reads a month with a year as the year: the date, not a rare table abbreviation, is what it says', () => {
    expect(yearsOfSpans('how many cases jan 22 to mar 23')).toBe('how many cases 2022 to 2023');
    expect(yearsOfSpans('cases since October 2022')).toBe('cases since 2022');
    expect(yearsOfSpans('Sept. 21 figures')).toBe('2021 figures');
    // A day of the month, a time or a count is not a year.
    for (const text of ['on jan 22nd', 'dec 12:30', 'in oct 4.5 hours'])
      expect(yearsOfSpans(text)).toBe(text);
  });

  it('reads a month on its own in either form, weighed as a date rather than a topic', () => {
    const monthIndex = buildSearchIndex([
      parseDocument(
        'report.md',
        '# Figures\n\nThe questionnaire ran in October and received 423 responses.\n\nQ3 Oct | 22 | 28\n\nExploitation cases are counted by the police.\n',
      ),
    ]);
    const parsed = parseQuestion('exploitation cases in oct', monthIndex);
    if (!parsed.ok) throw new Error(parsed.reason);
    const month = parsed.question.concepts.find((concept) => concept.label === 'oct');
    const topic = parsed.question.concepts.find((concept) => concept.label === 'exploitation');
    expect(month?.variants.map((variant) => variant.weight)).toEqual([1, 1]);
    expect(month?.weight).toBeLessThan(topic?.weight ?? 0);
  });

  it('so the short span asks for the year, not two stray numbers', () => {
    const spanIndex = buildSearchIndex([
      parseDocument(
        'plan.md',
        '# Safeguarding Action Plan 2017-18\n\nThe plan was written with 17 partners.\n',
      ),
    ]);
    const parsed = parseQuestion('who wrote the 17-18 plan', spanIndex);
    if (!parsed.ok) throw new Error(parsed.reason);
    const labels = parsed.question.concepts.map((concept) => concept.label);
    expect(labels).toContain('2017');
    expect(labels).not.toContain('17');
  });
});
