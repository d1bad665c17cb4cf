import { describe, expect, it } from 'vitest';
import { buildSearchIndex } from './build-search-index.ts';
import { definedAcronyms } from './defined-acronyms.ts';
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
    const hub = parsed.question.concepts.find((concept) => concept.label === 'commun respons hub');
    expect(hub?.variants.some((variant) => variant.ids.length === 1 && variant.ids[0] === crh)).toBe(true);
  });
});
