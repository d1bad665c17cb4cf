import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  draftAnswersSchema,
  fieldsOf,
  isSectionComplete,
  type SectionId,
  sectionIds,
  textLimits,
  ukDate,
  validateStep,
} from './concern-schema.ts';

const context = { today: '2026-03-14', subjectType: 'child' as const };

/** A value a card (or a crafted request) might send for a field. */
const anyValue = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 300 }) },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      '',
      '  ',
      'yes',
      'no',
      'child',
      'adult',
      'unsure',
      'urgent',
      'standard',
      'unknown',
      'neglect',
      'neglect,emotional',
      'financial',
      'self_neglect,neglect,neglect',
      'police',
      'nothing,manager',
      'risk',
      'staff',
      'dsl',
      '2026-03-14',
      '2026-02-30',
      '2099-01-01',
      '1850-01-01',
      '14/03/2026',
      '09:15',
      '25:00',
      'not known',
    ),
  },
  { weight: 1, arbitrary: fc.string({ minLength: 2001, maxLength: 9000 }) },
  {
    weight: 1,
    arbitrary: fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.jsonValue({ maxDepth: 2 })),
  },
);

function rawFor(section: SectionId) {
  const fields = fieldsOf(section);
  return fc.record(
    {
      ...Object.fromEntries(fields.map((field) => [field, anyValue])),
      verb: fc.constant('concern.next'),
      extra: anyValue,
    },
    { requiredKeys: [] },
  );
}

const sectionAndRaw = fc
  .constantFrom(...sectionIds)
  .chain((section) =>
    fc.tuple(fc.constant(section), rawFor(section), fc.constantFrom('complete' as const, 'partial' as const)),
  );

const limitOf = (field: string) =>
  field in textLimits ? textLimits[field as keyof typeof textLimits] : undefined;

describe('step validators', () => {
  it('10,000 random step submissions: no crash; a refusal names a field of the step and keeps every entry; an acceptance stores only valid answers', () => {
    fc.assert(
      fc.property(sectionAndRaw, ([section, raw, mode]) => {
        const fields = fieldsOf(section);
        const result = validateStep(section, raw, mode, context);
        const sent: Record<string, unknown> = raw;
        const surelyInvalid = fields.some((field) => {
          const value = sent[field];
          if (value !== undefined && value !== null && typeof value !== 'string') return true;
          const limit = limitOf(field);
          return typeof value === 'string' && limit !== undefined && value.trim().length > limit;
        });
        if (result.ok) {
          expect(surelyInvalid).toBe(false);
          // What would be stored parses as a draft section, and holds only the step's fields.
          const stored = draftAnswersSchema.parse({ [section]: result.values });
          expect(Object.keys(stored[section] ?? {}).every((key) => fields.includes(key))).toBe(true);
          if (mode === 'complete')
            expect(
              isSectionComplete(section, { subject: { subjectType: 'child' }, ...stored }, context),
            ).toBe(true);
        } else {
          expect(Object.keys(result.errors).length).toBeGreaterThan(0);
          for (const [field, message] of Object.entries(result.errors)) {
            expect(fields).toContain(field);
            expect(message.length).toBeGreaterThan(5);
          }
          expect(Object.keys(result.kept).sort()).toEqual([...fields].sort());
          for (const [field, kept] of Object.entries(result.kept)) {
            const value = sent[field];
            expect(typeof kept).toBe('string');
            if (typeof value === 'string') expect(value.startsWith(kept)).toBe(true);
          }
        }
      }),
      { numRuns: 10_000 },
    );
  });

  it('says what is wrong in plain words, field by field', () => {
    const result = validateStep(
      'actions',
      { actionsTaken: 'nothing,police', consent: 'risk', aboutStaff: 'dsl' },
      'complete',
      context,
    );
    expect(result).toMatchObject({
      ok: false,
      errors: {
        actionsTaken: 'Choose "Nothing yet" on its own, or untick it.',
        policeLogNumber: 'Give the police log number, or write "not known".',
        consentRiskReason: 'Say briefly why asking would increase the risk.',
        staffDetails: 'Give their name and role, so the right person handles it.',
      },
    });
  });

  it('a date in the future or not on the calendar is refused; an estimate of age is enough', () => {
    const base = { subjectType: 'child', name: 'not known', location: 'not known', knownToServices: 'no' };
    expect(validateStep('subject', { ...base, age: 'about 10' }, 'complete', context).ok).toBe(true);
    expect(
      validateStep('subject', { ...base, dateOfBirth: '2031-01-01' }, 'complete', context),
    ).toMatchObject({
      ok: false,
      errors: { dateOfBirth: 'That date is in the future.' },
    });
    expect(
      validateStep('subject', { ...base, dateOfBirth: '2025-02-29' }, 'complete', context),
    ).toMatchObject({
      ok: false,
      errors: { dateOfBirth: 'That is not a real date.' },
    });
    expect(validateStep('subject', base, 'complete', context)).toMatchObject({
      ok: false,
      errors: { age: expect.any(String) },
    });
    expect(validateStep('subject', base, 'partial', context).ok).toBe(true);
  });

  it('categories must fit who the concern is about', () => {
    expect(validateStep('categories', { categories: 'financial' }, 'complete', context)).toMatchObject({
      ok: false,
      errors: { categories: 'Financial or material abuse is not offered for a child: please choose again.' },
    });
    expect(
      validateStep('categories', { categories: 'financial' }, 'complete', {
        ...context,
        subjectType: 'adult',
      }).ok,
    ).toBe(true);
  });

  it('knows the UK date and year at the turn of the year and in summer time', () => {
    expect(ukDate(new Date('2026-12-31T23:59:59Z'))).toEqual({ day: '2026-12-31', year: 2026 });
    expect(ukDate(new Date('2027-01-01T00:00:00Z'))).toEqual({ day: '2027-01-01', year: 2027 });
    expect(ukDate(new Date('2026-06-30T23:30:00Z')).day).toBe('2026-07-01');
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
  });
});
