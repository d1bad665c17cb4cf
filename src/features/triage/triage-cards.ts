import { z } from 'zod';
import { type AdaptiveCardJson, asPlainText, defineCard } from '../../cards/render.ts';

const historySchema = z.array(z.object({ at: z.string(), text: z.string() }));
const colorSchema = z.enum(['Default', 'Attention', 'Warning', 'Good', 'Accent']);

export const triageCardTemplate = defineCard(
  'triage-concern',
  z.object({
    concernId: z.string(),
    version: z.number().int(),
    reference: z.string(),
    banner: z.string(),
    urgencyLabel: z.string(),
    urgencyColor: colorSchema,
    notice: z.string(),
    noticeColor: colorSchema,
    statusLabel: z.string(),
    subjectLabel: z.string(),
    categories: z.string(),
    reporter: z.string(),
    submittedAt: z.string(),
    dueLine: z.string(),
    acknowledgedLine: z.string(),
    assignedLine: z.string(),
    history: historySchema,
    canAcknowledge: z.boolean(),
    isOpen: z.boolean(),
    isClosed: z.boolean(),
    dslChoices: z.array(z.object({ title: z.string(), value: z.string() })),
  }),
  {
    concernId: '0f6a2d4c-3b1e-4c8a-9d2f-5e6a7b8c9d0e',
    version: 2,
    reference: 'SG-2026-00042',
    banner: '',
    urgencyLabel: 'Urgent: to be looked at today',
    urgencyColor: 'Warning',
    notice: '',
    noticeColor: 'Default',
    statusLabel: 'Acknowledged',
    subjectLabel: 'A child',
    categories: 'Neglect; Emotional abuse',
    reporter: 'Sam Staff, Children and Families',
    submittedAt: '14 Mar 2026, 10:05',
    dueLine: '14 Mar 2026, 10:20',
    acknowledgedLine: 'Dana DSL, 14 Mar 2026, 10:07',
    assignedLine: 'Nobody yet',
    history: [{ at: '10:07', text: 'Acknowledged by Dana DSL' }],
    canAcknowledge: false,
    isOpen: true,
    isClosed: false,
    dslChoices: [{ title: 'Dana DSL', value: 'dddddddd-0000-4000-8000-000000000001' }],
  },
);

export const recordCardTemplate = defineCard(
  'triage-record',
  z.object({
    reference: z.string(),
    chronologyLine: z.string(),
    chronologyColor: colorSchema,
    sections: z.array(
      z.object({ title: z.string(), items: z.array(z.object({ label: z.string(), value: z.string() })) }),
    ),
    events: historySchema,
    reporterChatUrl: z.string(),
    concernId: z.string(),
    version: z.number().int(),
  }),
  {
    reference: 'SG-2026-00042',
    chronologyLine: 'Chronology verified: 3 entries, hash chain intact.',
    chronologyColor: 'Good',
    sections: [{ title: 'About whom', items: [{ label: 'Name', value: 'Alex Example' }] }],
    events: [{ at: '14 Mar 2026, 10:05', text: 'Submitted by Sam Staff' }],
    reporterChatUrl: 'https://teams.microsoft.com/l/chat/0/0?users=sam.staff%40council.example',
    concernId: '0f6a2d4c-3b1e-4c8a-9d2f-5e6a7b8c9d0e',
    version: 2,
  },
);

export const immediateCardTemplate = defineCard(
  'triage-immediate',
  z.object({
    title: z.string(),
    message: z.string(),
    reporter: z.string(),
    alertedAt: z.string(),
    reporterChatUrl: z.string(),
  }),
  {
    title: 'Someone may be in immediate danger',
    message:
      'A member of staff has just said someone is in immediate danger and is completing a concern now. The full concern will follow.',
    reporter: 'Sam Staff, Children and Families',
    alertedAt: '14 Mar 2026, 10:02',
    reporterChatUrl: 'https://teams.microsoft.com/l/chat/0/0?users=sam.staff%40council.example',
  },
);

export const triageNoticeCardTemplate = defineCard(
  'triage-notice',
  z.object({
    title: z.string(),
    message: z.string(),
    detail: z.string(),
    color: colorSchema,
    links: z.array(z.object({ title: z.string(), url: z.string() })),
  }),
  {
    title: 'Concern SG-2026-00042 acknowledged',
    message: 'A safeguarding lead has acknowledged the concern you raised.',
    detail: 'You will be told here when it is closed.',
    color: 'Good',
    links: [],
  },
);

export const restrictedCardTemplate = defineCard('triage-restricted', z.object({}), {});

export const infoRequestCardTemplate = defineCard(
  'triage-info-request',
  z.object({ reference: z.string(), question: z.string(), concernId: z.string(), requestId: z.string() }),
  {
    reference: 'SG-2026-00042',
    question: 'Which door did you see them leave by?',
    concernId: '0f6a2d4c-3b1e-4c8a-9d2f-5e6a7b8c9d0e',
    requestId: '5b8f2a1c-0d3e-4f6a-8b9c-1d2e3f4a5b6c',
  },
);

export const openListCardTemplate = defineCard(
  'triage-open-list',
  z.object({
    summaryLine: z.string(),
    concerns: z.array(
      z.object({
        concernId: z.string(),
        reference: z.string(),
        urgency: z.string(),
        status: z.string(),
        age: z.string(),
        ageColor: colorSchema,
      }),
    ),
  }),
  {
    summaryLine: '2 open concerns, overdue first, then by urgency and age.',
    concerns: [
      {
        concernId: '0f6a2d4c-3b1e-4c8a-9d2f-5e6a7b8c9d0e',
        reference: 'SG-2026-00042',
        urgency: 'Urgent',
        status: 'New: not acknowledged',
        age: 'Overdue: raised 40 minutes ago',
        ageColor: 'Attention',
      },
    ],
  },
);

export const consultationStartCardTemplate = defineCard('consultation-start', z.object({}), {});

export const consultationCardTemplate = defineCard(
  'consultation-request',
  z.object({
    title: z.string(),
    requester: z.string(),
    topic: z.string(),
    askedAt: z.string(),
    statusLine: z.string(),
    notice: z.string(),
    isOpen: z.boolean(),
    consultationId: z.string(),
    version: z.number().int(),
    chatUrl: z.string(),
    showChat: z.boolean(),
  }),
  {
    title: 'Someone would like to talk to a DSL',
    requester: 'Sam Staff, Children and Families',
    topic: 'Not given',
    askedAt: '14 Mar 2026, 10:05',
    statusLine: 'Waiting for a DSL',
    notice: '',
    isOpen: true,
    consultationId: '0f6a2d4c-3b1e-4c8a-9d2f-5e6a7b8c9d0e',
    version: 1,
    chatUrl: 'https://teams.microsoft.com/l/chat/0/0?users=sam.staff%40council.example',
    showChat: false,
  },
);

export const triageCardTemplates = [
  triageCardTemplate,
  recordCardTemplate,
  immediateCardTemplate,
  triageNoticeCardTemplate,
  restrictedCardTemplate,
  infoRequestCardTemplate,
  openListCardTemplate,
  consultationStartCardTemplate,
  consultationCardTemplate,
] as const;

/** Notification and preview texts: a reference and an urgency at most, never personal detail. */
export const triageSummaries = {
  newConcern: (reference: string, urgency: string) => `New safeguarding concern ${reference}, ${urgency}`,
  updated: (reference: string) => `Safeguarding concern ${reference}`,
  reminder: (reference: string, urgency: string) =>
    `Reminder: safeguarding concern ${reference}, ${urgency}, not acknowledged`,
  immediate: 'Safeguarding alert: someone may be in immediate danger',
  record: (reference: string) => `Safeguarding record ${reference}`,
  reporterStatus: (reference: string) => `Your concern ${reference}: status update`,
  infoRequest: (reference: string) => `A safeguarding lead has a question about ${reference}`,
  consultation: 'Someone would like to talk to a safeguarding lead',
  consultationTaken: 'A safeguarding lead will contact you',
  restricted: 'Restricted',
  list: 'Open safeguarding concerns',
} as const;

export function buildNotice(notice: {
  title: string;
  message: string;
  detail?: string;
  color?: 'Default' | 'Attention' | 'Warning' | 'Good' | 'Accent';
  links?: Array<{ title: string; url: string }>;
}): AdaptiveCardJson {
  return triageNoticeCardTemplate.render({
    title: notice.title,
    message: notice.message,
    detail: notice.detail ?? '',
    color: notice.color ?? 'Default',
    links: notice.links ?? [],
  });
}

export function restrictedCard(): AdaptiveCardJson {
  return restrictedCardTemplate.render({});
}

/** A Teams deep link that opens a 1:1 chat with a person (by sign-in name, or Entra object id). */
export function chatDeepLink(user: string): string {
  return `https://teams.microsoft.com/l/chat/0/0?users=${encodeURIComponent(user)}`;
}

/** Text someone typed, safe inside a TextBlock. */
export function typed(text: string): string {
  return asPlainText(text);
}
