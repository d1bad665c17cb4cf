import type { Kysely } from 'kysely';
import type { AdaptiveCardJson } from '../../cards/render.ts';
import type { PeopleDirectory } from '../../graph/people.ts';
import type { RoleDirectory } from '../../graph/roles.ts';
import type { Clock } from '../../shared/clock.ts';
import { readConcernEvents, type StoredConcernEvent } from '../../storage/concern-events.ts';
import type { Schema } from '../../storage/schema.ts';
import { ukDateTime } from '../raise-concern/concern-cards.ts';
import { categoryCodes, categoryTitle } from '../raise-concern/concern-categories.ts';
import { triageCardTemplate, typed } from './triage-cards.ts';
import type { ConcernRow } from './triage-store.ts';

export interface CardDeps {
  db: Kysely<Schema>;
  people: PeopleDirectory;
  roles: RoleDirectory;
  clock: Clock;
}

export const urgencyLabels = {
  immediate: { label: 'IMMEDIATE: someone may be in danger now', short: 'immediate', color: 'Attention' },
  urgent: { label: 'Urgent: to be looked at today', short: 'urgent', color: 'Warning' },
  standard: { label: 'Standard: within one working day', short: 'standard', color: 'Default' },
} as const;

export const dslStatusLabels: Record<ConcernRow['status'], string> = {
  submitted: 'New: not acknowledged',
  acknowledged: 'Acknowledged',
  in_progress: 'In progress',
  escalated: 'Referred / escalated',
  awaiting_information: 'Waiting for information from the reporter',
  closed: 'Closed',
};

const subjectLabels: Record<ConcernRow['subject_type'], string> = {
  child: 'A child',
  adult: 'An adult at risk',
  unsure: 'Not sure whether a child or an adult',
};

const categorySet: ReadonlySet<string> = new Set(categoryCodes);
const isCategory = (code: string): code is (typeof categoryCodes)[number] => categorySet.has(code);

export function categoriesLine(concern: Pick<ConcernRow, 'categories' | 'subject_type'>): string {
  return concern.categories
    .map((code) => (isCategory(code) ? categoryTitle(code, concern.subject_type) : code))
    .join('; ');
}

/** A person's name as cards show it: from the directory, or a short form of the object id. */
export async function nameOf(
  people: PeopleDirectory,
  aadObjectId: string | null | undefined,
): Promise<string> {
  if (!aadObjectId) return 'nobody';
  if (aadObjectId === 'system') return 'Safeguarding Assistant';
  const person = await people.find(aadObjectId);
  return person ? typed(person.displayName) : `user …${aadObjectId.slice(-6)}`;
}

export async function reporterLine(people: PeopleDirectory, aadObjectId: string): Promise<string> {
  const person = await people.find(aadObjectId);
  if (!person) return `Staff member …${aadObjectId.slice(-6)} (name not available)`;
  return typed(person.department ? `${person.displayName}, ${person.department}` : person.displayName);
}

const agencyLabels: Record<string, string> = {
  mash: "children's social care (MASH)",
  adult_social_care: 'adult social care',
  police: 'the police',
  lado: 'the LADO / allegations route',
  prevent: 'Prevent',
  modern_slavery: 'the modern slavery duty to notify',
  other: 'another agency',
};

const decisionLabels: Record<string, string> = {
  no_further_action: 'no further action',
  monitor: 'monitor',
  internal_support: 'internal support',
  refer: 'refer',
};

/** One line per chronology entry, for the cards: what happened and who did it, no content. */
export async function describeEvent(people: PeopleDirectory, event: StoredConcernEvent): Promise<string> {
  const who = await nameOf(people, event.actorAadId);
  const detail = event.detail;
  const text = (key: string) => (typeof detail[key] === 'string' ? String(detail[key]) : '');
  switch (event.kind) {
    case 'submitted':
      return 'Submitted by the reporter';
    case 'dsls_alerted':
      return `Safeguarding leads alerted (${typeof detail.sent === 'number' ? detail.sent : 0} cards)`;
    case 'alert_undeliverable':
      return 'A safeguarding lead could not be reached in Teams';
    case 'email_fallback':
      return `Email fallback: ${text('outcome')}`;
    case 'viewed':
      return `Full record opened by ${who}`;
    case 'listed_in_report':
      return `Listed in the quarterly report (${text('period')}) by ${who}`;
    case 'acknowledged':
      return `Acknowledged by ${who}`;
    case 'assigned':
      return `Assigned to ${await nameOf(people, text('to'))} by ${who}`;
    case 'note_added':
      return `Note added by ${who}`;
    case 'information_requested':
      return `Information requested from the reporter by ${who}`;
    case 'information_received':
      return 'The reporter answered a request for information';
    case 'decision_recorded':
      return `Decision by ${who}: ${decisionLabels[text('decision')] ?? text('decision')}`;
    case 'referred':
      return `Referred to ${agencyLabels[text('agency')] ?? text('agency')} by ${who}`;
    case 'closed':
      return `Closed by ${who}`;
    case 'reopened':
      return `Reopened by ${who}`;
    case 'escalation_reminder':
      return 'Not acknowledged in time: every safeguarding lead reminded';
    case 'escalation_leads':
      return 'Still not acknowledged: lead DSL and deputy alerted';
    case 'escalation_email':
      return `Still not acknowledged: email ${text('outcome')}`;
    case 'reporter_told':
      return `Reporter told: ${text('status')}`;
    case 'access_refused':
      return 'An attempt to open this concern by someone without access was refused';
    default:
      return event.kind.replaceAll('_', ' ');
  }
}

const shortTime = (at: Date) =>
  at.toLocaleString('en-GB', {
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'Europe/London',
  });

/** The shared triage card of a concern, as it is now: one card, one truth. */
export async function renderTriageCard(
  deps: CardDeps,
  concern: ConcernRow,
  options: {
    notice?: string;
    noticeColor?: 'Default' | 'Attention' | 'Good';
    events?: StoredConcernEvent[];
  } = {},
): Promise<AdaptiveCardJson> {
  const events = options.events ?? (await readConcernEvents(deps.db, concern.id));
  const shown = events.filter((event) => event.kind !== 'viewed').slice(-6);
  const history = await Promise.all(
    shown.map(async (event) => ({ at: shortTime(event.at), text: await describeEvent(deps.people, event) })),
  );
  const urgency = urgencyLabels[concern.urgency];
  const now = deps.clock.now();
  const overdue =
    concern.status === 'submitted' && concern.ack_due_at !== null && new Date(concern.ack_due_at) <= now;
  const dsls = await deps.roles.membersOf('dsl');
  const choices = await Promise.all(
    dsls
      .filter((id) => id.toLowerCase() !== concern.named_staff_aad_id?.toLowerCase())
      .map(async (id) => ({ title: await nameOf(deps.people, id), value: id })),
  );
  return triageCardTemplate.render({
    concernId: concern.id,
    version: concern.version,
    reference: concern.reference,
    banner: overdue
      ? `OVERDUE: not acknowledged since ${ukDateTime(new Date(concern.submitted_at))}. Please acknowledge now.`
      : '',
    urgencyLabel: urgency.label,
    urgencyColor: urgency.color,
    notice: options.notice ?? '',
    noticeColor: options.noticeColor ?? 'Default',
    statusLabel: dslStatusLabels[concern.status],
    subjectLabel: concern.about_staff
      ? `${subjectLabels[concern.subject_type]}; about a member of staff (allegations route)`
      : subjectLabels[concern.subject_type],
    categories: categoriesLine(concern),
    reporter: await reporterLine(deps.people, concern.reporter_aad_id),
    submittedAt: ukDateTime(new Date(concern.submitted_at)),
    dueLine: concern.ack_due_at ? ukDateTime(new Date(concern.ack_due_at)) : 'Being set',
    acknowledgedLine: concern.acknowledged_at
      ? `${await nameOf(deps.people, concern.acknowledged_by)}, ${ukDateTime(new Date(concern.acknowledged_at))}`
      : 'Not yet',
    assignedLine: concern.assigned_to ? await nameOf(deps.people, concern.assigned_to) : 'Nobody yet',
    history,
    canAcknowledge: concern.status === 'submitted',
    isOpen: concern.status !== 'closed',
    isClosed: concern.status === 'closed',
    dslChoices: choices,
  });
}
