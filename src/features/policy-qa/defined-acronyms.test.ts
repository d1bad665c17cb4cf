import { describe, expect, it } from 'vitest';
import { buildSearchIndex } from './build-search-index.ts';
import { definedAcronyms, spelledOutAcronyms } from './defined-acronyms.ts';
import { parseDocument } from './ingest-knowledge-folder.ts';
import { parseQuestion } from './parse-question.ts';

describe('acronyms a document defines for itself', () => {
  it('pairs an acronym with the words before it whose initials spell it', () => {
    expect(
      definedAcronyms([
        'In freezing weather the council opens the Severe Weather Emergency Provision (SWEP).',
        'Every directorate has trained mental health first aiders (MHFA).',
        'The Northbridge Multi-Agency Safeguarding Hub (MASH) receives all referrals.',
      ]),
    ).toEqual([
      ['swep', 'severe weather emergency provision'],
      ['mhfa', 'mental health first aiders'],
      ['mash', 'multi-agency safeguarding hub'],
    ]);
  });

  it('ignores capitals in brackets that the words before them do not spell', () => {
    expect(
      definedAcronyms(['The report was agreed by the Board (OCC) in 2022.', 'See page 4 (PDF).']),
    ).toEqual([]);
  });

  it('makes the acronym and its long form one concept of the question', () => {
    const index = buildSearchIndex([
      parseDocument(
        'hubs.md',
        `# Community hubs

## Locality working

Each ward has a Community Response Hub (CRH) run with the police and housing.

## Night cover

The CRH offers a duty worker from 8pm on weekdays.
`,
      ),
    ]);
    const parsed = parseQuestion('what time does the community response hub have a duty worker', index);
    if (!parsed.ok) throw new Error(parsed.reason);
    const crh = index.termIds.get('crh');
    const hub = parsed.question.concepts.find((concept) => concept.label === 'communiti respons hub');
    expect(hub?.variants.some((variant) => variant.ids.length === 1 && variant.ids[0] === crh)).toBe(true);
  });
});

describe('acronyms the documents use without defining them', () => {
  const texts = [
    'Northbridge City Council has four Designated Safeguarding Leads.',
    "Northbridge City Council's annual report went to cabinet.",
    'Northbridge City Council trains its staff. Northbridge City Council publishes the figures.',
    'NCC named officers attend the board. Staff on Teams message the DSL.',
    'The Northbridge County Court was not involved.',
  ];

  it('pairs a bare acronym with the name whose initials spell it, when that name dominates', () => {
    expect(spelledOutAcronyms(texts, new Set())).toEqual([['ncc', 'northbridge city council']]);
  });

  it('leaves an acronym whose names are as common as each other, or written out once', () => {
    const tied = [...texts, 'Northbridge County Court sat. Northbridge County Court rose.'];
    expect(spelledOutAcronyms(tied, new Set())).toEqual([]);
    expect(spelledOutAcronyms(['NCC met.', 'Northbridge City Council met.'], new Set())).toEqual([]);
  });

  it('pairs a name written out once when it stands in the passage that uses the acronym', () => {
    const beside = 'A Tenant Voice Forum has been set up. Two members of TVF sit on the board.';
    expect(spelledOutAcronyms([beside], new Set())).toEqual([['tvf', 'tenant voice forum']]);
    // ...but not when another name has the same initials.
    expect(spelledOutAcronyms([beside, 'The Tenant Visiting Fund pays travel.'], new Set())).toEqual([]);
  });

  it('takes capitals that spell an English word ("LEAF") for an acronym only beside its name', () => {
    const leaf = 'A Lived Experience Advisory Forum gives insight. Two members of LEAF sit on the board.';
    expect(spelledOutAcronyms([leaf], new Set())).toEqual([['leaf', 'lived experience advisory forum']]);
    const apart = ['Two members of LEAF sit on the board.', 'The Lived Experience Advisory Forum met.'];
    expect(
      spelledOutAcronyms([...apart, 'The Lived Experience Advisory Forum reported.'], new Set()),
    ).toEqual([]);
    expect(
      spelledOutAcronyms(['ANNUAL LEAF REPORT: the Lived Experience Advisory Forum met.'], new Set()),
    ).toEqual([]);
  });

  it('leaves a shouted English word ("LAST YEAR") that happens to spell a name', () => {
    const shouted = [
      'SAFEGUARDING REPORT: LAST YEAR',
      'The Local Authority Safeguarding Team met. The Local Authority Safeguarding Team reported.',
    ];
    expect(spelledOutAcronyms(shouted, new Set())).toEqual([]);
    expect(spelledOutAcronyms([...shouted, 'The LAST met.'], new Set())).toEqual([]);
    expect(spelledOutAcronyms(['LAST met.', shouted[1] ?? ''], new Set())).toEqual([]);
  });

  it('leaves an acronym already known from the thesaurus or a bracketed definition', () => {
    expect(spelledOutAcronyms(texts, new Set(['ncc']))).toEqual([]);
  });

  it('lets a question with the acronym find the sentence that writes the name out', () => {
    const index = buildSearchIndex([
      parseDocument(
        'structure.md',
        `# Safeguarding structure

## Leads

Northbridge City Council has four Designated Safeguarding Leads across its directorates.

## Reports

Northbridge City Council publishes its safeguarding report every year. NCC officers present it to scrutiny.
`,
      ),
    ]);
    const parsed = parseQuestion('how many leads does NCC have', index);
    if (!parsed.ok) throw new Error(parsed.reason);
    const ncc = parsed.question.concepts.find((concept) => concept.label === 'ncc');
    const longForm = ['northbridg', 'citi', 'council'].map((term) => index.termIds.get(term));
    expect(
      ncc?.variants.some(
        (variant) => variant.ids.join() === longForm.join() && longForm.every((id) => id !== undefined),
      ),
    ).toBe(true);
  });
});
