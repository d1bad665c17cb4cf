import { z } from 'zod';
import { type AdaptiveCardJson, defineCard } from '../../cards/render.ts';
import type { Verb } from '../../cards/verbs.ts';
import { plainDateLabel, ukDayLabel } from '../../shared/uk-time.ts';
import {
  type AnnouncementContent,
  type AnnouncementKind,
  type ComposeField,
  type ComposeValues,
  composeFields,
} from './announcement-schema.ts';

const strings = z.object(
  Object.fromEntries(composeFields.map((field) => [field, z.string()])) as Record<ComposeField, z.ZodString>,
);

const sampleValues: ComposeValues = {
  kind: 'procedure',
  title: 'New escalation route for adult concerns',
  summary: 'From 1 December, adult concerns go to the new Adult MASH.',
  body: 'The Adult MASH now takes every adult safeguarding referral.',
  link: 'https://intranet.example.gov.uk/safeguarding',
  whatChanged: 'Referrals go to the Adult MASH instead of the duty team.',
  effectiveDate: '2026-12-01',
  documentTitle: '',
  documentText: '',
  audience: 'everyone',
  groupIds: '',
  ackRequired: 'true',
  when: 'now',
  sendDate: '',
  sendTime: '',
};

export const composeCardTemplate = defineCard(
  'announcement-compose',
  z.object({
    announcementId: z.string(),
    mode: z.enum(['draft', 'sent']),
    heading: z.string(),
    intro: z.string(),
    notice: z.string(),
    values: strings,
    errors: strings,
  }),
  {
    announcementId: '',
    mode: 'draft',
    heading: 'New announcement',
    intro: 'Fill this in, then Preview: you will see it exactly as staff will.',
    notice: '',
    values: sampleValues,
    errors: { ...emptyValues(), title: 'Give the announcement a title.' },
  },
);

const factSchema = z.object({ title: z.string(), value: z.string() });

export const messageCardTemplate = defineCard(
  'announcement-message',
  z.object({
    announcementId: z.string(),
    eyebrow: z.string(),
    title: z.string(),
    summary: z.string(),
    body: z.string(),
    whatChanged: z.string(),
    facts: z.array(factSchema),
    link: z.string(),
    showAcknowledge: z.boolean(),
    readLine: z.string(),
    footnote: z.string(),
  }),
  {
    announcementId: '7d0b3c2e-4f1a-4c55-9d4e-0a1b2c3d4e5f',
    eyebrow: 'Safeguarding announcement · Procedure change',
    title: 'New escalation route for adult concerns',
    summary: 'From 1 December, adult concerns go to the new Adult MASH.',
    body: 'The **Adult MASH** now takes every adult safeguarding referral.',
    whatChanged: 'Referrals go to the Adult MASH instead of the duty team.',
    facts: [{ title: 'Effective from', value: '1 December 2026' }],
    link: 'https://intranet.example.gov.uk/safeguarding',
    showAcknowledge: true,
    readLine: '',
    footnote: 'Please confirm you have read this.',
  },
);

const actionSchema = z.object({
  title: z.string(),
  verb: z.string(),
  style: z.enum(['default', 'positive', 'destructive']),
  data: z.record(z.string(), z.string()),
});

export const statusCardTemplate = defineCard(
  'announcement-status',
  z.object({
    eyebrow: z.string(),
    title: z.string(),
    message: z.string(),
    color: z.enum(['Default', 'Good', 'Attention', 'Warning']),
    facts: z.array(factSchema),
    sections: z.array(z.object({ heading: z.string(), facts: z.array(factSchema) })),
    detail: z.string(),
    actions: z.array(actionSchema),
  }),
  {
    eyebrow: 'Announcement · New escalation route for adult concerns',
    title: 'Sending',
    message: '',
    color: 'Default',
    facts: [
      { title: 'Sent', value: '4,210 of 10,000' },
      { title: 'Pending', value: '5,790' },
    ],
    sections: [{ heading: 'By department', facts: [{ title: 'Housing', value: '40 of 52 read (77%)' }] }],
    detail: 'Updated every few seconds.',
    actions: [
      {
        title: 'Stop sending',
        verb: 'announcement.stop',
        style: 'destructive',
        data: { announcementId: '7d0b3c2e-4f1a-4c55-9d4e-0a1b2c3d4e5f' },
      },
    ],
  },
);

export const announcementCardTemplates = [
  composeCardTemplate,
  messageCardTemplate,
  statusCardTemplate,
] as const;

export function emptyValues(): ComposeValues {
  return Object.fromEntries(composeFields.map((field) => [field, ''])) as ComposeValues;
}

export function buildComposeCard(view: {
  announcementId?: string;
  /** `sent`: editing a sent announcement, which updates every message already delivered. */
  mode?: 'draft' | 'sent';
  heading?: string;
  intro?: string;
  notice?: string;
  values?: Partial<ComposeValues>;
  errors?: Partial<Record<ComposeField, string>>;
}): AdaptiveCardJson {
  return composeCardTemplate.render({
    announcementId: view.announcementId ?? '',
    mode: view.mode ?? 'draft',
    heading: view.heading ?? 'New announcement',
    intro:
      view.intro ??
      'Fill this in, then Preview: you will see it exactly as staff will, before anything is sent. Times are UK time.',
    notice: view.notice ?? '',
    values: { ...emptyValues(), ackRequired: 'false', when: 'now', ...view.values },
    errors: { ...emptyValues(), ...view.errors },
  });
}

const kindLabels: Record<AnnouncementKind, string> = {
  newsletter: 'Quarterly newsletter',
  procedure: 'Procedure change',
  general: 'Announcement',
};

export interface MessageView {
  id: string;
  version?: number;
  kind: AnnouncementKind;
  title: string;
  content: AnnouncementContent;
  ackRequired: boolean;
  /** When it was changed after sending: shown so readers know it is not the first version. */
  editedAt?: Date | undefined;
  /** Sent again to someone who has not confirmed reading it. */
  reminder?: boolean;
}

/** The card every recipient gets, and the coordinator's preview: the same function, the same card. */
export function buildMessageCard(view: MessageView, readOn?: Date): AdaptiveCardJson {
  const facts = [
    ...(view.content.effectiveDate
      ? [{ title: 'Effective from', value: plainDateLabel(view.content.effectiveDate) }]
      : []),
    ...(view.content.document
      ? [{ title: 'Policy document', value: `${view.content.document.title} (now in the policy library)` }]
      : []),
  ];
  const footnotes = [
    view.ackRequired && !readOn ? 'Please confirm you have read this.' : '',
    view.content.document ? 'Ask me about the policy: my answers now come from this version.' : '',
    view.editedAt ? `Updated on ${ukDayLabel(view.editedAt)}.` : '',
  ].filter((line) => line !== '');
  return messageCardTemplate.render({
    announcementId: view.id,
    eyebrow: `${view.reminder ? 'Reminder · ' : ''}Safeguarding announcement · ${kindLabels[view.kind]}`,
    title: view.title,
    summary: view.content.summary,
    body: view.content.body,
    whatChanged: view.content.whatChanged,
    facts,
    link: view.content.link,
    showAcknowledge: view.ackRequired && !readOn,
    readLine: readOn ? `Read on ${ukDayLabel(readOn)}` : '',
    footnote: footnotes.join(' '),
  });
}

/** Notification text: the title only, which the coordinator chose to show to everyone. */
export function messageSummary(title: string): string {
  return `Safeguarding announcement: ${title}`.slice(0, 200);
}

export interface StatusAction {
  title: string;
  verb: Verb;
  style?: 'default' | 'positive' | 'destructive';
  data: Record<string, string>;
}

export function buildStatusCard(view: {
  eyebrow?: string;
  title: string;
  message?: string;
  color?: 'Default' | 'Good' | 'Attention' | 'Warning';
  facts?: Array<{ title: string; value: string }>;
  sections?: Array<{ heading: string; facts: Array<{ title: string; value: string }> }>;
  detail?: string;
  actions?: StatusAction[];
}): AdaptiveCardJson {
  return statusCardTemplate.render({
    eyebrow: view.eyebrow ?? '',
    title: view.title,
    message: view.message ?? '',
    color: view.color ?? 'Default',
    facts: view.facts ?? [],
    sections: view.sections ?? [],
    detail: view.detail ?? '',
    actions: (view.actions ?? []).map((action) => ({ ...action, style: action.style ?? 'default' })),
  });
}

/** The answer when an announcement a card names no longer exists (cancelled, removed, a stale card). */
export function announcementNotFound(message = ''): { card: AdaptiveCardJson } {
  return { card: buildStatusCard({ title: 'Announcement not found', message }) };
}
