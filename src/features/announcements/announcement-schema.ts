import { z } from 'zod';
import { fromUkWallClock, ukLongDateTime } from '../../shared/uk-time.ts';

export const announcementKinds = ['newsletter', 'procedure', 'general'] as const;
export type AnnouncementKind = (typeof announcementKinds)[number];

export const audienceKinds = ['everyone', 'groups', 'dsls', 'champions'] as const;
export type AudienceKind = (typeof audienceKinds)[number];

/** Teams refuses a message much over this; the whole card must fit, not only the body. */
export const maxCardBytes = 80 * 1024;
const maxDocumentBytes = 150 * 1024;

const guidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What the announcement says, as stored (announcements.content). */
export const announcementContentSchema = z.object({
  summary: z.string(),
  body: z.string(),
  link: z.string(),
  whatChanged: z.string(),
  effectiveDate: z.string(),
  document: z.object({ title: z.string(), fileName: z.string(), text: z.string() }).optional(),
});
export type AnnouncementContent = z.infer<typeof announcementContentSchema>;

/** Who receives it, as stored (announcements.audience). */
export const audienceSchema = z.object({
  kind: z.enum(audienceKinds),
  groupIds: z.array(z.string()),
});
export type Audience = z.infer<typeof audienceSchema>;

/** The compose card's inputs, every one a string as the Teams client sends them. */
export const composeFields = [
  'kind',
  'title',
  'summary',
  'body',
  'link',
  'whatChanged',
  'effectiveDate',
  'documentTitle',
  'documentText',
  'audience',
  'groupIds',
  'ackRequired',
  'when',
  'sendDate',
  'sendTime',
] as const;
export type ComposeField = (typeof composeFields)[number];
export type ComposeValues = Record<ComposeField, string>;

/** Card data of Preview: the announcement id (empty for a new one) and whatever inputs arrived. */
export const composeActionSchema = z.looseObject({
  announcementId: z.union([z.uuid(), z.literal('')]).default(''),
  ...Object.fromEntries(composeFields.map((field) => [field, z.string().max(400_000).optional()])),
});

export function composeValuesFrom(data: Record<string, unknown>): ComposeValues {
  return Object.fromEntries(
    composeFields.map((field) => {
      const value = data[field];
      return [field, typeof value === 'string' ? value : ''];
    }),
  ) as ComposeValues;
}

export interface ValidAnnouncement {
  kind: AnnouncementKind;
  title: string;
  content: AnnouncementContent;
  audience: Audience;
  ackRequired: boolean;
  /** undefined = send as soon as it is confirmed. */
  sendAt: Date | undefined;
}

export type ComposeCheck =
  | { ok: true; announcement: ValidAnnouncement }
  | { ok: false; errors: Partial<Record<ComposeField, string>> };

const kb = (bytes: number) => `${Math.ceil(bytes / 1024).toLocaleString('en-GB')} KB`;

/** A file name for a policy document from its title: lower-case words joined by hyphens. */
export function documentFileName(title: string): string {
  const slug = title
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
  return `${slug || 'policy-document'}.md`;
}

/**
 * Checks a composed announcement. Each problem is reported beside its field in words a
 * coordinator can act on; `cardBytes` measures the card staff would receive, so the size limit
 * is checked on what Teams will actually carry.
 */
export function checkComposed(
  values: ComposeValues,
  now: Date,
  cardBytes: (announcement: ValidAnnouncement) => number,
): ComposeCheck {
  const errors: Partial<Record<ComposeField, string>> = {};
  const kind = announcementKinds.find((candidate) => candidate === values.kind);
  if (!kind) errors.kind = 'Choose what kind of announcement this is.';
  const title = values.title.trim();
  if (title === '') errors.title = 'Give the announcement a title.';
  else if (title.length > 200) errors.title = 'Keep the title to 200 characters or fewer.';
  const summary = values.summary.trim();
  if (summary.length > 500) errors.summary = 'Keep the summary to 500 characters or fewer.';
  const body = values.body.trim();
  const bodyBytes = Buffer.byteLength(body, 'utf8');
  if (body === '') errors.body = 'Write the body of the announcement.';
  else if (bodyBytes > maxCardBytes)
    errors.body = `The body is ${kb(bodyBytes)}: a Teams message must stay under 80 KB. Shorten it, or put the full text in a document and link to it.`;
  const link = values.link.trim();
  if (link !== '' && !/^https:\/\/[^\s]+$/i.test(link))
    errors.link = 'Give a full web address starting with https://, or leave it empty.';
  const whatChanged = values.whatChanged.trim();
  if (kind === 'procedure' && whatChanged === '')
    errors.whatChanged = 'Say what changed: staff read this first.';
  if (whatChanged.length > 4000) errors.whatChanged = 'Keep this to 4,000 characters or fewer.';
  const effectiveDate = values.effectiveDate.trim();
  if (effectiveDate !== '' && !/^\d{4}-\d{2}-\d{2}$/.test(effectiveDate))
    errors.effectiveDate = 'Choose a date, or leave it empty.';
  const documentTitle = values.documentTitle.trim();
  const documentText = values.documentText.trim();
  let document: AnnouncementContent['document'];
  if (documentTitle !== '' || documentText !== '') {
    if (kind !== 'procedure')
      errors.documentTitle = 'A new policy document can only go with a procedure change.';
    else if (documentTitle === '') errors.documentTitle = 'Give the policy document a title.';
    else if (documentText === '') errors.documentText = 'Paste the text of the policy document.';
    else if (Buffer.byteLength(documentText, 'utf8') > maxDocumentBytes)
      errors.documentText = `The document is ${kb(Buffer.byteLength(documentText, 'utf8'))}: keep it under 150 KB, or add it to the policy folder directly.`;
    else document = { title: documentTitle, fileName: documentFileName(documentTitle), text: documentText };
  }
  const audienceKind = audienceKinds.find((candidate) => candidate === values.audience);
  if (!audienceKind) errors.audience = 'Choose who should receive it.';
  const groupIds = values.groupIds
    .split(/[\s,;]+/)
    .map((id) => id.trim().toLowerCase())
    .filter((id) => id !== '');
  if (audienceKind === 'groups') {
    if (groupIds.length === 0) errors.groupIds = 'Give at least one Entra ID group id.';
    else if (groupIds.some((id) => !guidPattern.test(id)))
      errors.groupIds = 'Group ids look like 0d5a1b2c-3d4e-4f50-8a9b-0c1d2e3f4a5b: copy them from Entra ID.';
    else if (groupIds.length > 20) errors.groupIds = 'Choose 20 groups or fewer.';
  }
  let sendAt: Date | undefined;
  if (values.when === 'schedule') {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(values.sendDate)) errors.sendDate = 'Choose the date to send it.';
    else if (!/^\d{2}:\d{2}(:\d{2})?$/.test(values.sendTime)) errors.sendTime = 'Choose the time to send it.';
    else {
      sendAt = fromUkWallClock(values.sendDate, values.sendTime);
      if (!sendAt)
        errors.sendTime =
          'That time does not exist in the UK that day (the clocks go forward). Choose another.';
      else if (sendAt.getTime() <= now.getTime())
        errors.sendDate = `That is in the past (it is now ${ukLongDateTime(now)}). Choose a later date or time.`;
    }
  } else if (values.when !== 'now') errors.when = 'Choose whether to send it now or at a time.';

  if (Object.keys(errors).length > 0 || !kind || !audienceKind) return { ok: false, errors };
  const announcement: ValidAnnouncement = {
    kind,
    title,
    content: {
      summary,
      body,
      link,
      whatChanged: kind === 'procedure' ? whatChanged : '',
      effectiveDate: kind === 'procedure' ? effectiveDate : '',
      ...(document ? { document } : {}),
    },
    audience: { kind: audienceKind, groupIds: audienceKind === 'groups' ? [...new Set(groupIds)] : [] },
    ackRequired: values.ackRequired === 'true',
    sendAt,
  };
  const bytes = cardBytes(announcement);
  if (bytes > maxCardBytes) {
    return {
      ok: false,
      errors: {
        body: `The message would be ${kb(bytes)}: a Teams message must stay under 80 KB. Shorten the body or what changed, or link to a document.`,
      },
    };
  }
  return { ok: true, announcement };
}

/** The compose card's values for a stored announcement (Edit). */
export function composeValuesOf(stored: {
  kind: AnnouncementKind;
  title: string;
  content: AnnouncementContent;
  audience: Audience;
  ackRequired: boolean;
  sendAt: Date | undefined;
  sendAtWallClock: { date: string; time: string } | undefined;
}): ComposeValues {
  return {
    kind: stored.kind,
    title: stored.title,
    summary: stored.content.summary,
    body: stored.content.body,
    link: stored.content.link,
    whatChanged: stored.content.whatChanged,
    effectiveDate: stored.content.effectiveDate,
    documentTitle: stored.content.document?.title ?? '',
    documentText: stored.content.document?.text ?? '',
    audience: stored.audience.kind,
    groupIds: stored.audience.groupIds.join(', '),
    ackRequired: stored.ackRequired ? 'true' : 'false',
    when: stored.sendAt ? 'schedule' : 'now',
    sendDate: stored.sendAtWallClock?.date ?? '',
    sendTime: stored.sendAtWallClock?.time ?? '',
  };
}
