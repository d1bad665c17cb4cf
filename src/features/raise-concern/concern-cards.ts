import { z } from 'zod';
import { type AdaptiveCardJson, asPlainText, defineCard } from '../../cards/render.ts';
import type { Verb } from '../../cards/verbs.ts';
import type { ConcernsTable } from '../../storage/schema.ts';
import { type CategoryCode, categoriesFor, categoryTitle } from './concern-categories.ts';
import { type FlowState, progressLine, type StepId } from './concern-flow.ts';
import {
  type DraftAnswers,
  fieldsOf,
  type SectionId,
  type SubjectType,
  type Urgency,
} from './concern-schema.ts';

const flowCommon = {
  draftId: z.string(),
  step: z.string(),
  version: z.number().int(),
  progress: z.string(),
  notice: z.string(),
  nextTitle: z.string(),
  backTitle: z.string(),
  showBack: z.boolean(),
};

const stringsOf = (fields: readonly string[]) =>
  z.object(Object.fromEntries(fields.map((field) => [field, z.string()])) as Record<string, z.ZodString>);

function sampleStrings(fields: readonly string[], filled: Record<string, string>): Record<string, string> {
  return Object.fromEntries(fields.map((field) => [field, filled[field] ?? '']));
}

const sampleCommon = (step: StepId) => ({
  draftId: '7d0b3c2e-4f1a-4c55-9d4e-0a1b2c3d4e5f',
  step,
  version: 3,
  progress: progressLine(step),
  notice: '',
  nextTitle: 'Next',
  backTitle: 'Back',
  showBack: step !== 'danger',
});

function sectionCard<const Extra extends z.ZodRawShape>(
  name: string,
  section: SectionId,
  extra: Extra,
  sample: {
    values: Record<string, string>;
    errors?: Record<string, string>;
    extra: z.input<z.ZodObject<Extra>>;
  },
) {
  const fields = fieldsOf(section);
  return defineCard(
    name,
    z.object({ ...flowCommon, values: stringsOf(fields), errors: stringsOf(fields), ...extra }),
    {
      ...sampleCommon(section),
      values: sampleStrings(fields, sample.values),
      errors: sampleStrings(fields, sample.errors ?? {}),
      ...sample.extra,
    } as never,
  );
}

export const dangerCardTemplate = sectionCard(
  'concern-danger',
  'danger',
  {},
  {
    values: { immediateDanger: 'no' },
    errors: { urgency: 'Choose how soon a DSL needs to look at this.' },
    extra: {},
  },
);

export const subjectCardTemplate = sectionCard(
  'concern-subject',
  'subject',
  {},
  {
    values: {
      subjectType: 'child',
      name: 'Alex Example',
      age: 'about 12',
      location: 'Riverside Primary School',
    },
    errors: { knownToServices: 'Say whether they are known to council services, or that you do not know.' },
    extra: {},
  },
);

export const categoriesCardTemplate = sectionCard(
  'concern-categories',
  'categories',
  { intro: z.string(), choices: z.array(z.object({ title: z.string(), value: z.string() })) },
  {
    values: { categories: 'neglect' },
    extra: {
      intro: 'These are the kinds of harm recorded for children.',
      choices: categoriesFor('child')
        .slice(0, 3)
        .map((option) => ({ title: `${option.title}: ${option.help}`, value: option.code })),
    },
  },
);

export const accountCardTemplate = sectionCard(
  'concern-account',
  'account',
  {},
  {
    values: {
      whatHappened: 'Alex said "I am scared to go home".',
      happenedOn: '2026-03-14',
      where: 'Classroom 3',
    },
    extra: {},
  },
);

export const actionsCardTemplate = sectionCard(
  'concern-actions',
  'actions',
  { showPersonsView: z.boolean() },
  {
    values: { actionsTaken: 'manager,police', consent: 'not_asked', aboutStaff: 'no' },
    errors: { policeLogNumber: 'Give the police log number, or write "not known".' },
    extra: { showPersonsView: true },
  },
);

export const reviewCardTemplate = defineCard(
  'concern-review',
  z.object({
    ...flowCommon,
    values: z.object({ declaration: z.string() }),
    errors: z.object({ declaration: z.string() }),
    sections: z.array(
      z.object({
        section: z.string(),
        title: z.string(),
        items: z.array(z.object({ label: z.string(), value: z.string() })),
      }),
    ),
  }),
  {
    ...sampleCommon('review'),
    values: { declaration: 'false' },
    errors: { declaration: '' },
    sections: [
      {
        section: 'subject',
        title: 'About whom',
        items: [
          { label: 'Who', value: 'A child (under 18)' },
          { label: 'Name', value: 'Alex Example' },
        ],
      },
    ],
  },
);

export const emergencyCardTemplate = defineCard(
  'concern-emergency',
  z.object({ draftId: z.string(), alertLine: z.string() }),
  {
    draftId: '7d0b3c2e-4f1a-4c55-9d4e-0a1b2c3d4e5f',
    alertLine: 'The Designated Safeguarding Leads have been alerted that someone may be in immediate danger.',
  },
);

export const receiptCardTemplate = defineCard(
  'concern-receipt',
  z.object({
    reference: z.string(),
    status: z.string(),
    submittedAt: z.string(),
    nextSteps: z.string(),
    supportOffer: z.string(),
  }),
  {
    reference: 'SG-2026-00042',
    status: 'Submitted: waiting for a safeguarding lead',
    submittedAt: '14 Mar 2026, 10:05',
    nextSteps: 'A Designated Safeguarding Lead will look at it today.',
    supportOffer: 'You can talk to a mental health first aider.',
  },
);

const actionDataSchema = z.record(z.string(), z.union([z.string(), z.number()]));

export const noticeCardTemplate = defineCard(
  'concern-notice',
  z.object({
    title: z.string(),
    message: z.string(),
    detail: z.string(),
    color: z.enum(['Default', 'Attention', 'Good']),
    actions: z.array(z.object({ title: z.string(), verb: z.string(), data: actionDataSchema })),
  }),
  {
    title: 'Saved for later',
    message: 'Your concern has not been sent yet.',
    detail: 'Type "my concerns" to pick it up again.',
    color: 'Default',
    actions: [
      { title: 'Resume', verb: 'concern.resume', data: { draftId: '7d0b3c2e-4f1a-4c55-9d4e-0a1b2c3d4e5f' } },
    ],
  },
);

export const listCardTemplate = defineCard(
  'concern-list',
  z.object({
    emptyLine: z.string(),
    draftsLine: z.string(),
    concerns: z.array(z.object({ reference: z.string(), date: z.string(), status: z.string() })),
    drafts: z.array(z.object({ description: z.string(), draftId: z.string() })),
  }),
  {
    emptyLine: 'You have not submitted any concerns.',
    draftsLine: 'Drafts are deleted after 30 days.',
    concerns: [{ reference: 'SG-2026-00042', date: '14 Mar 2026', status: 'Submitted' }],
    drafts: [
      { description: 'Started 15 Mar 2026, step 3 of 6', draftId: '7d0b3c2e-4f1a-4c55-9d4e-0a1b2c3d4e5f' },
    ],
  },
);

export const concernCardTemplates = [
  dangerCardTemplate,
  subjectCardTemplate,
  categoriesCardTemplate,
  accountCardTemplate,
  actionsCardTemplate,
  reviewCardTemplate,
  emergencyCardTemplate,
  receiptCardTemplate,
  noticeCardTemplate,
  listCardTemplate,
] as const;

/** Notification / preview texts: never any personal detail. */
export const concernSummaries = {
  flow: 'Safeguarding Assistant: concern form',
  receipt: (reference: string) => `Concern ${reference} submitted`,
  list: 'Safeguarding Assistant: my concerns',
  reminder: 'Safeguarding Assistant: a concern you started has not been sent',
  notice: 'Safeguarding Assistant',
} as const;

export interface FlowCardView {
  draftId: string;
  version: number;
  state: FlowState;
  answers: DraftAnswers;
  notice?: string;
  /** What the card sent, when it is shown again with errors. */
  kept?: Record<string, string>;
  errors?: Record<string, string>;
}

function storedStrings(section: SectionId, answers: DraftAnswers): Record<string, string> {
  const stored: Record<string, unknown> = answers[section] ?? {};
  return Object.fromEntries(
    fieldsOf(section).map((field) => {
      const value = stored[field];
      return [field, Array.isArray(value) ? value.join(',') : typeof value === 'string' ? value : ''];
    }),
  );
}

/** The card for the step a draft is on, with its saved answers (or the entries just sent, and errors). */
export function buildFlowCard(view: FlowCardView): AdaptiveCardJson {
  const { state } = view;
  const common = {
    draftId: view.draftId,
    step: state.step,
    version: view.version,
    progress: `${progressLine(state.step)} · Raise a concern`,
    notice: view.notice ?? '',
    nextTitle: state.editing ? 'Save and return to review' : 'Next',
    backTitle: state.editing ? 'Back to review' : 'Back',
    showBack: state.step !== 'danger' || state.editing,
  };
  if (state.step === 'review') {
    return reviewCardTemplate.render({
      ...common,
      values: { declaration: view.kept?.declaration === 'true' ? 'true' : 'false' },
      errors: { declaration: view.errors?.declaration ?? '' },
      sections: reviewSections(view.answers),
    });
  }
  const section = state.step;
  const fields = fieldsOf(section);
  const values = view.kept ? sampleStrings(fields, view.kept) : storedStrings(section, view.answers);
  const errors = sampleStrings(fields, view.errors ?? {});
  const subjectType = view.answers.subject?.subjectType ?? 'unsure';
  switch (section) {
    case 'danger':
      return dangerCardTemplate.render({ ...common, values, errors });
    case 'subject':
      return subjectCardTemplate.render({ ...common, values, errors });
    case 'categories':
      return categoriesCardTemplate.render({
        ...common,
        values,
        errors,
        intro: {
          child:
            'These are the kinds of harm recorded for children (Working Together 2023, KCSIE). Choose every one that fits.',
          adult:
            'These are the kinds of abuse and neglect recorded for adults (Care Act 2014). Choose every one that fits.',
          unsure:
            'You are not sure whether they are a child or an adult, so every kind is listed. Choose every one that fits.',
        }[subjectType],
        choices: categoriesFor(subjectType).map((option) => ({
          title: `${option.title}: ${option.help}`,
          value: option.code,
        })),
      });
    case 'account':
      return accountCardTemplate.render({ ...common, values, errors });
    case 'actions':
      return actionsCardTemplate.render({
        ...common,
        values,
        errors,
        showPersonsView: subjectType !== 'child',
      });
  }
}

const labels = {
  immediateDanger: { yes: 'Yes', no: 'No' },
  urgency: { urgent: 'Urgent: today', standard: 'Standard: within one working day' },
  subjectType: {
    child: 'A child (under 18)',
    adult: 'An adult who may have care and support needs',
    unsure: 'Not sure',
  },
  knownToServices: { yes: 'Yes', no: 'No', unknown: 'Not known' },
  actionsTaken: {
    nothing: 'Nothing yet',
    manager: 'Told my manager',
    police: 'Called the police',
    social_care: 'Contacted social care',
    other: 'Something else',
  },
  consent: {
    yes: 'Yes',
    no: 'No',
    not_asked: 'Not asked',
    risk: 'Not asked: asking would increase the risk',
  },
  aboutStaff: { no: 'No', staff: 'A member of staff or a volunteer', dsl: 'A Designated Safeguarding Lead' },
} as const;

/** A long answer is shortened on the review so the card stays within Teams' size limit; Edit shows it all. */
const reviewTextLimit = 1200;

function shown(value: string | undefined): string {
  if (!value) return '';
  const text =
    value.length > reviewTextLimit ? `${value.slice(0, reviewTextLimit)}… (use Edit to see all)` : value;
  return asPlainText(text);
}

function shownDate(value: string | undefined): string {
  if (!value) return '';
  return new Date(`${value}T12:00:00Z`).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
}

function reviewSections(answers: DraftAnswers) {
  const { danger = {}, subject = {}, categories = {}, account = {}, actions = {} } = answers;
  const subjectType: SubjectType = subject.subjectType ?? 'unsure';
  const items = (pairs: Array<[string, string]>) =>
    pairs.filter(([, value]) => value !== '').map(([label, value]) => ({ label, value }));
  return [
    {
      section: 'danger',
      title: 'Immediate danger',
      items: items([
        [
          'Anyone in immediate danger',
          danger.immediateDanger ? labels.immediateDanger[danger.immediateDanger] : '',
        ],
        ['How soon', danger.immediateDanger === 'no' && danger.urgency ? labels.urgency[danger.urgency] : ''],
      ]),
    },
    {
      section: 'subject',
      title: 'About whom',
      items: items([
        ['Who', subject.subjectType ? labels.subjectType[subject.subjectType] : ''],
        ['Name', shown(subject.name)],
        ['Age', shown(subject.age)],
        ['Date of birth', shownDate(subject.dateOfBirth)],
        ['Address or where to find them', shown(subject.location)],
        ['Identifying details', shown(subject.identifying)],
        [
          'Known to council services',
          subject.knownToServices ? labels.knownToServices[subject.knownToServices] : '',
        ],
      ]),
    },
    {
      section: 'categories',
      title: 'What kind of concern',
      items: items([
        [
          'Kinds',
          (categories.categories ?? [])
            .map((code: CategoryCode) => categoryTitle(code, subjectType))
            .join('; '),
        ],
      ]),
    },
    {
      section: 'account',
      title: 'What happened',
      items: items([
        ['What you saw, heard or were told', shown(account.whatHappened)],
        ['Their own words', shown(account.ownWords)],
        ['When', [shownDate(account.happenedOn), account.happenedAt ?? ''].filter(Boolean).join(', ')],
        ['Where', shown(account.where)],
        ['Who else was there', shown(account.whoElse)],
        ['Injuries seen', shown(account.injuries)],
        ['Your own view', shown(account.opinion)],
      ]),
    },
    {
      section: 'actions',
      title: 'What has been done',
      items: items([
        ['Done so far', (actions.actionsTaken ?? []).map((code) => labels.actionsTaken[code]).join('; ')],
        ['Police log number', shown(actions.policeLogNumber)],
        ['Something else', shown(actions.otherAction)],
        ['What the person wants', subjectType === 'child' ? '' : shown(actions.personsView)],
        ['Consent to share', actions.consent ? labels.consent[actions.consent] : ''],
        ['Why consent was not sought', shown(actions.consentRiskReason)],
        ['About staff or a DSL', actions.aboutStaff ? labels.aboutStaff[actions.aboutStaff] : ''],
        ['Staff member', shown(actions.staffDetails)],
        ['Picked from the directory', actions.namedStaff ? 'Yes: the concern will not be sent to them' : ''],
      ]),
    },
  ].map((section) => ({
    ...section,
    items: section.items.length > 0 ? section.items : [{ label: 'Answers', value: 'none yet' }],
  }));
}

export const statusLabels: Record<ConcernsTable['status'], string> = {
  submitted: 'Submitted: waiting for a safeguarding lead',
  acknowledged: 'Acknowledged by a safeguarding lead',
  in_progress: 'Being looked at by a safeguarding lead',
  escalated: 'Passed to another agency',
  awaiting_information: 'A safeguarding lead has asked for more information',
  closed: 'Closed',
};

const nextStepsByUrgency: Record<Urgency, string> = {
  immediate:
    'The Designated Safeguarding Leads have been told at once. If anyone is still in danger, call 999.',
  urgent: 'A Designated Safeguarding Lead will look at it today.',
  standard: 'A Designated Safeguarding Lead will look at it within one working day.',
};

/** Date and time in the UK, e.g. "14 Mar 2026, 10:05". */
export function ukDateTime(at: Date): string {
  return at.toLocaleString('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'Europe/London',
  });
}

export function ukDay(at: Date): string {
  return at.toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'Europe/London',
  });
}

/** The receipt: reference, status, what happens next, support. No detail of the concern. */
export function buildReceiptCard(receipt: {
  reference: string;
  status: ConcernsTable['status'];
  urgency: Urgency;
  submittedAt: Date;
  supportOffer: string;
  /** DSL triage's out-of-hours route, when the concern was submitted outside working hours. */
  outOfHoursRoute?: string | undefined;
}): AdaptiveCardJson {
  return receiptCardTemplate.render({
    reference: receipt.reference,
    status: statusLabels[receipt.status],
    submittedAt: ukDateTime(receipt.submittedAt),
    nextSteps: `${nextStepsByUrgency[receipt.urgency]} They may ask you for more information. You will be told here when it is acknowledged and when it is closed.${
      receipt.outOfHoursRoute ? `\n\n${receipt.outOfHoursRoute}` : ''
    }`,
    supportOffer: receipt.supportOffer,
  });
}

export interface NoticeAction {
  title: string;
  verb: Verb;
  data: Record<string, string | number>;
}

export function buildNoticeCard(notice: {
  title: string;
  message: string;
  detail?: string;
  color?: 'Default' | 'Attention' | 'Good';
  actions?: NoticeAction[];
}): AdaptiveCardJson {
  return noticeCardTemplate.render({
    title: notice.title,
    message: notice.message,
    detail: notice.detail ?? '',
    color: notice.color ?? 'Default',
    actions: notice.actions ?? [],
  });
}

export function buildEmergencyCard(draftId: string): AdaptiveCardJson {
  return emergencyCardTemplate.render({
    draftId,
    alertLine:
      'The Designated Safeguarding Leads have been alerted that someone may be in immediate danger, with what you have told us so far.',
  });
}
