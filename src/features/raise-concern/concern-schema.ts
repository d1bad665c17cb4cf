import { z } from 'zod';
import { ukWallClock } from '../../shared/uk-time.ts';
import { categoriesFor, categoryCodes, categoryTitle } from './concern-categories.ts';

/** The five sections of a concern, in the order the flow asks them. */
export const sectionIds = ['danger', 'subject', 'categories', 'account', 'actions'] as const;
export type SectionId = (typeof sectionIds)[number];

export const subjectTypes = ['child', 'adult', 'unsure'] as const;
export type SubjectType = (typeof subjectTypes)[number];
export const urgencies = ['immediate', 'urgent', 'standard'] as const;
export type Urgency = (typeof urgencies)[number];
export const knownToServicesAnswers = ['yes', 'no', 'unknown'] as const;
export const actionsTakenOptions = ['nothing', 'manager', 'police', 'social_care', 'other'] as const;
export const consentAnswers = ['yes', 'no', 'not_asked', 'risk'] as const;
export const aboutStaffAnswers = ['no', 'staff', 'dsl'] as const;

/** Longest text each field takes; the card's `maxLength` uses the same numbers. */
export const textLimits = {
  name: 200,
  age: 50,
  location: 500,
  identifying: 1000,
  whatHappened: 8000,
  ownWords: 4000,
  where: 500,
  whoElse: 1000,
  injuries: 2000,
  opinion: 2000,
  policeLogNumber: 50,
  otherAction: 500,
  personsView: 2000,
  consentRiskReason: 1000,
  staffDetails: 500,
} as const;

const formatCount = (count: number) => count.toLocaleString('en-GB');
const notAsExpected = 'This was not filled in as expected: please enter it again.';

function text(max: number, requiredMessage = 'This is required.') {
  return z
    .string({ error: (issue) => (issue.input === undefined ? requiredMessage : notAsExpected) })
    .max(max, {
      error: (issue) =>
        `Keep this to ${formatCount(max)} characters or fewer (it had ${formatCount(
          typeof issue.input === 'string' ? issue.input.length : max + 1,
        )}; the end has been cut off, so please check it).`,
    });
}

function choice<const T extends readonly [string, ...string[]]>(values: T, requiredMessage: string) {
  return z.enum(values, {
    error: (issue) => (issue.input === undefined ? requiredMessage : 'Choose one of the options shown.'),
  });
}

function multiChoice<const T extends readonly [string, ...string[]]>(values: T, requiredMessage: string) {
  return z
    .array(z.enum(values, { error: 'Choose from the options shown.' }), {
      error: (issue) => (issue.input === undefined ? requiredMessage : notAsExpected),
    })
    .min(1, requiredMessage)
    .max(values.length, 'Choose from the options shown.')
    .refine((chosen) => new Set(chosen).size === chosen.length, 'Choose each option once.');
}

const isoDate = /^(\d{4})-(\d{2})-(\d{2})$/;

function date(requiredMessage = 'This is required.') {
  return z
    .string({ error: (issue) => (issue.input === undefined ? requiredMessage : notAsExpected) })
    .regex(isoDate, 'Use the date picker, or a date like 2026-03-14.')
    .refine((value) => {
      const parsed = new Date(`${value}T00:00:00Z`);
      return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(value);
    }, 'That is not a real date.');
}

const time = () =>
  z
    .string({ error: notAsExpected })
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Use the time picker, or a time like 14:30.');

/** Today in the UK and who the concern is about: what some checks need beyond the values. */
export interface ValidationContext {
  /** YYYY-MM-DD, Europe/London. */
  today: string;
  subjectType: SubjectType | undefined;
}

type Issue = { path: string; message: string };
type Refinement<T> = (values: T, context: ValidationContext) => Issue[];

function datesNotInFuture(fields: readonly string[]) {
  return (values: Record<string, unknown>, context: ValidationContext): Issue[] => {
    const latest = addDays(context.today, 1);
    return fields.flatMap((field) => {
      const value = values[field];
      if (typeof value !== 'string') return [];
      if (value > latest) return [{ path: field, message: 'That date is in the future.' }];
      if (value < '1900-01-01') return [{ path: field, message: 'Give a date after 1900.' }];
      return [];
    });
  };
}

// Step 1: immediate danger comes before anything else.
const dangerBase = z.object({
  immediateDanger: choice(['yes', 'no'], 'Say whether anyone is in immediate danger.'),
  urgency: choice(['urgent', 'standard'], 'Choose how soon a DSL needs to look at this.').optional(),
});
const dangerRules: Refinement<Partial<z.infer<typeof dangerBase>>> = (values) =>
  values.immediateDanger === 'no' && !values.urgency
    ? [{ path: 'urgency', message: 'Choose how soon a DSL needs to look at this.' }]
    : [];

// Step 2: about whom.
const subjectBase = z.object({
  subjectType: choice(subjectTypes, 'Say whether this is about a child, an adult, or you are not sure.'),
  name: text(textLimits.name, 'Give their name, or write "not known".'),
  age: text(textLimits.age).optional(),
  dateOfBirth: date().optional(),
  location: text(textLimits.location, 'Give an address or where they can be found, or write "not known".'),
  identifying: text(textLimits.identifying).optional(),
  knownToServices: choice(
    knownToServicesAnswers,
    'Say whether they are known to council services, or that you do not know.',
  ),
});
const subjectDates = datesNotInFuture(['dateOfBirth']);
const subjectRules: Refinement<Partial<z.infer<typeof subjectBase>>> = (values) =>
  !values.age && !values.dateOfBirth
    ? [
        {
          path: 'age',
          message: 'Give an age (an estimate is fine) or a date of birth, or write "not known".',
        },
      ]
    : [];

// Step 3: what kind of concern.
const categoriesBase = z.object({
  categories: multiChoice(categoryCodes, 'Choose at least one kind of concern, or "Not sure".'),
});
const categoriesRules: Refinement<Partial<z.infer<typeof categoriesBase>>> = (values, context) => {
  if (!context.subjectType) return [{ path: 'categories', message: 'Say who the concern is about first.' }];
  const subjectType = context.subjectType;
  const offered = new Set(categoriesFor(subjectType).map((option) => option.code));
  const unfit = (values.categories ?? []).filter((code) => !offered.has(code));
  return unfit.length > 0
    ? [
        {
          path: 'categories',
          message: `${unfit.map((code) => categoryTitle(code, subjectType)).join(', ')} is not offered for ${
            subjectType === 'child' ? 'a child' : 'an adult'
          }: please choose again.`,
        },
      ]
    : [];
};

// Step 4: what happened. Facts and the person's own words; opinion kept apart.
const accountBase = z.object({
  whatHappened: text(textLimits.whatHappened, 'Describe what you saw, heard or were told.'),
  ownWords: text(textLimits.ownWords).optional(),
  happenedOn: date('Give the date it happened or was disclosed (an estimate is fine).'),
  happenedAt: time().optional(),
  where: text(textLimits.where, 'Say where it happened, or write "not known".'),
  whoElse: text(textLimits.whoElse).optional(),
  injuries: text(textLimits.injuries).optional(),
  opinion: text(textLimits.opinion).optional(),
});
const accountDates = datesNotInFuture(['happenedOn']);

// Step 5: what has been done, consent, and whether the allegations route applies.
const actionsBase = z.object({
  actionsTaken: multiChoice(actionsTakenOptions, 'Say what has been done so far, or choose "Nothing yet".'),
  policeLogNumber: text(textLimits.policeLogNumber).optional(),
  otherAction: text(textLimits.otherAction).optional(),
  personsView: text(textLimits.personsView).optional(),
  consent: choice(consentAnswers, 'Say whether the person agreed to their information being shared.'),
  consentRiskReason: text(textLimits.consentRiskReason).optional(),
  aboutStaff: choice(aboutStaffAnswers, 'Say whether the concern is about a member of staff or a DSL.'),
  staffDetails: text(textLimits.staffDetails).optional(),
  /**
   * The person it is about, picked from the directory (Teams' people picker returns their Entra
   * object id): triage keeps the concern away from them, whatever their role.
   */
  namedStaff: z
    .string({ error: 'Pick the person from the list that appears as you type their name.' })
    .regex(
      /^(none|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i,
      'Pick the person from the list that appears as you type their name.',
    )
    // The card's one fixed choice, "Nobody picked", sends `none`.
    .transform((value) => (value === 'none' ? undefined : value.toLowerCase()))
    .optional(),
});
const actionsRules: Refinement<Partial<z.infer<typeof actionsBase>>> = (values) => {
  const issues: Issue[] = [];
  const taken = values.actionsTaken ?? [];
  if (taken.includes('nothing') && taken.length > 1)
    issues.push({ path: 'actionsTaken', message: 'Choose "Nothing yet" on its own, or untick it.' });
  if (taken.includes('police') && !values.policeLogNumber)
    issues.push({ path: 'policeLogNumber', message: 'Give the police log number, or write "not known".' });
  if (taken.includes('other') && !values.otherAction)
    issues.push({ path: 'otherAction', message: 'Say what else has been done.' });
  if (values.consent === 'risk' && !values.consentRiskReason)
    issues.push({ path: 'consentRiskReason', message: 'Say briefly why asking would increase the risk.' });
  if (values.aboutStaff === 'no' && values.namedStaff)
    issues.push({
      path: 'namedStaff',
      message: 'You said it is not about a member of staff: clear the person picked, or change that answer.',
    });
  if (values.aboutStaff && values.aboutStaff !== 'no' && !values.staffDetails)
    issues.push({
      path: 'staffDetails',
      message: 'Give their name and role, so the right person handles it.',
    });
  return issues;
};

export type DangerAnswers = z.infer<typeof dangerBase>;
export type SubjectAnswers = z.infer<typeof subjectBase>;
export type CategoriesAnswers = z.infer<typeof categoriesBase>;
export type AccountAnswers = z.infer<typeof accountBase>;
export type ActionsAnswers = z.infer<typeof actionsBase>;

/** The whole concern as stored in `concerns.details`, parsed on read. */
export const concernDetailsSchema = z.object({
  danger: dangerBase,
  subject: subjectBase,
  categories: categoriesBase,
  account: accountBase,
  actions: actionsBase,
});
export type ConcernDetails = z.infer<typeof concernDetailsSchema>;

/** A draft's answers so far: any section may be missing or partly filled. */
export const draftAnswersSchema = z.object({
  danger: dangerBase.partial().optional(),
  subject: subjectBase.partial().optional(),
  categories: categoriesBase.partial().optional(),
  account: accountBase.partial().optional(),
  actions: actionsBase.partial().optional(),
});
export type DraftAnswers = z.infer<typeof draftAnswersSchema>;

const none: Refinement<object> = () => [];

/** Per section: the field shapes, the rules Next adds, and the checks every save applies. */
const sections = {
  danger: { base: dangerBase, required: dangerRules, always: none },
  subject: { base: subjectBase, required: subjectRules, always: subjectDates },
  categories: { base: categoriesBase, required: categoriesRules, always: none },
  account: { base: accountBase, required: none, always: accountDates },
  actions: { base: actionsBase, required: actionsRules, always: none },
} as const;

function issuesOf(
  section: SectionId,
  values: object,
  mode: 'complete' | 'partial',
  context: ValidationContext,
) {
  const { required, always } = sections[section];
  return [
    ...(always as Refinement<object>)(values, context),
    ...(mode === 'complete' ? (required as Refinement<object>)(values, context) : []),
  ];
}

/** The input ids of a section's card, in order. */
export function fieldsOf(section: SectionId): string[] {
  return Object.keys(sections[section].base.shape);
}

const multiFields = new Set(['categories', 'actionsTaken']);
const keptLimit = (field: string): number =>
  field in textLimits ? textLimits[field as keyof typeof textLimits] : 200;

export type StepValidation =
  | { ok: true; values: Record<string, unknown> }
  | { ok: false; errors: Record<string, string>; kept: Record<string, string> };

/**
 * Checks what a step's card sent. `complete` (Next) needs every required answer; `partial`
 * (Back, Save for later) checks only what was filled in. On failure, every field's entry comes
 * back (cut to its limit) with a message per bad field, so the same card can be shown again.
 */
export function validateStep(
  section: SectionId,
  raw: unknown,
  mode: 'complete' | 'partial',
  context: ValidationContext,
): StepValidation {
  const source = asRecord(raw);
  const input: Record<string, unknown> = {};
  const kept = entriesOf(section, raw);
  for (const field of fieldsOf(section)) {
    const value = source[field];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string') {
      input[field] = value;
      continue;
    }
    const trimmed = value.trim();
    if (trimmed === '') continue;
    input[field] = multiFields.has(field)
      ? trimmed
          .split(',')
          .map((item) => item.trim())
          .filter((item) => item.length > 0)
      : trimmed;
  }

  const { base } = sections[section];
  const errors: Record<string, string> = {};
  const shape = mode === 'complete' ? base : base.partial();
  const parsed = shape.safeParse(input);
  if (parsed.success) {
    for (const issue of issuesOf(section, parsed.data, mode, context)) errors[issue.path] ??= issue.message;
    if (Object.keys(errors).length === 0) return { ok: true, values: parsed.data };
  } else {
    for (const issue of parsed.error.issues) {
      const field = typeof issue.path[0] === 'string' ? issue.path[0] : (fieldsOf(section)[0] ?? 'form');
      errors[field] ??= issue.message;
    }
  }
  return { ok: false, errors, kept };
}

function asRecord(raw: unknown): Record<string, unknown> {
  return typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? { ...raw } : {};
}

/** What a step's card sent, as text per field (cut to each field's limit), to show it again. */
export function entriesOf(section: SectionId, raw: unknown): Record<string, string> {
  const source = asRecord(raw);
  return Object.fromEntries(
    fieldsOf(section).map((field) => {
      const value = source[field];
      return [field, typeof value === 'string' ? value.slice(0, keptLimit(field)) : ''];
    }),
  );
}

/** Whether stored answers for a section would pass Next. */
export function isSectionComplete(
  section: SectionId,
  answers: DraftAnswers,
  context: Omit<ValidationContext, 'subjectType'>,
): boolean {
  const values = answers[section];
  if (!values) return false;
  const parsed = sections[section].base.safeParse(values);
  return (
    parsed.success &&
    issuesOf(section, parsed.data, 'complete', { ...context, subjectType: answers.subject?.subjectType })
      .length === 0
  );
}

/** The concern's urgency: immediate danger answered Yes always wins. */
export function urgencyOf(danger: Partial<DangerAnswers> | undefined): Urgency | undefined {
  if (danger?.immediateDanger === 'yes') return 'immediate';
  return danger?.urgency;
}

export function addDays(isoDay: string, days: number): string {
  const day = new Date(`${isoDay}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() + days);
  return day.toISOString().slice(0, 10);
}

/** YYYY-MM-DD and the year in the UK (Europe/London) at an instant. */
export function ukDate(at: Date): { day: string; year: number } {
  const day = ukWallClock(at).date;
  return { day, year: Number(day.slice(0, 4)) };
}
