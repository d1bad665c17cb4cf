import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { appendConcernEvent, type JsonValue } from '../../src/storage/concern-events.ts';
import type { Schema } from '../../src/storage/schema.ts';

/**
 * A small, fixed set of concerns, announcements and Q&A records around January-March 2026,
 * whose report figures are worked out by hand in report-figures.test.ts. Each concern's life is
 * written the way the app writes it: a row, then its chronology.
 */
interface FixtureConcern {
  name: string;
  submittedAt: string;
  subject: 'child' | 'adult' | 'unsure';
  urgency: 'immediate' | 'urgent' | 'standard';
  categories: string[];
  department: string | null;
  ackAfterMinutes?: number;
  dueAfterMinutes: number;
  events: { at: string; kind: string; detail?: { [key: string]: JsonValue } }[];
  status: 'submitted' | 'acknowledged' | 'in_progress' | 'closed';
}

const minute = 60_000;

export const fixtureConcerns: readonly FixtureConcern[] = [
  {
    name: 'A',
    submittedAt: '2026-01-10T10:00:00Z',
    subject: 'child',
    urgency: 'urgent',
    categories: ['neglect'],
    department: 'Housing',
    ackAfterMinutes: 10,
    dueAfterMinutes: 15,
    events: [
      {
        at: '2026-01-12T09:00:00Z',
        kind: 'decision_recorded',
        detail: { decision: 'no_further_action', rationale: 'r' },
      },
      {
        at: '2026-01-20T10:00:00Z',
        kind: 'closed',
        detail: { outcome: 'no_further_action', rationale: 'r', supportOffered: true, supportTakenUp: 'yes' },
      },
    ],
    status: 'closed',
  },
  {
    name: 'B',
    submittedAt: '2026-02-05T09:00:00Z',
    subject: 'child',
    urgency: 'standard',
    categories: ['neglect', 'emotional'],
    department: 'Housing',
    ackAfterMinutes: 60,
    dueAfterMinutes: 120,
    events: [
      {
        at: '2026-02-06T09:00:00Z',
        kind: 'referred',
        detail: { agency: 'mash', agencyReference: 'M1', sharedWhat: 's', consent: 'given' },
      },
      {
        at: '2026-03-07T09:00:00Z',
        kind: 'closed',
        detail: { outcome: 'referred', rationale: 'r', supportOffered: true, supportTakenUp: 'no' },
      },
    ],
    status: 'closed',
  },
  {
    name: 'C, 23:30 BST on 31 March',
    submittedAt: '2026-03-31T22:30:00Z',
    subject: 'adult',
    urgency: 'immediate',
    categories: ['financial'],
    department: 'Revenues and Benefits',
    ackAfterMinutes: 3,
    dueAfterMinutes: 5,
    events: [],
    status: 'acknowledged',
  },
  {
    name: 'D, 00:30 BST on 1 April',
    submittedAt: '2026-03-31T23:30:00Z',
    subject: 'adult',
    urgency: 'standard',
    categories: ['self_neglect'],
    department: 'Libraries',
    dueAfterMinutes: 120,
    events: [],
    status: 'submitted',
  },
  {
    name: 'E, closed, reopened and closed again',
    submittedAt: '2026-01-15T09:00:00Z',
    subject: 'adult',
    urgency: 'standard',
    categories: ['financial'],
    department: null,
    ackAfterMinutes: 200,
    dueAfterMinutes: 120,
    events: [
      {
        at: '2026-01-20T09:00:00Z',
        kind: 'closed',
        detail: { outcome: 'no_further_action', rationale: 'r', supportOffered: true },
      },
      { at: '2026-02-01T09:00:00Z', kind: 'reopened', detail: { reason: 'r' } },
      {
        at: '2026-02-15T09:00:00Z',
        kind: 'closed',
        detail: { outcome: 'internal_support', rationale: 'r', supportOffered: true },
      },
    ],
    status: 'closed',
  },
  {
    name: 'F, submitted in December, closed in January',
    submittedAt: '2025-12-20T10:00:00Z',
    subject: 'child',
    urgency: 'urgent',
    categories: ['physical'],
    department: 'Housing',
    ackAfterMinutes: 5,
    dueAfterMinutes: 15,
    events: [
      {
        at: '2026-01-05T10:00:00Z',
        kind: 'closed',
        detail: { outcome: 'no_further_action', rationale: 'r', supportOffered: true },
      },
    ],
    status: 'closed',
  },
  {
    name: 'G, never acknowledged',
    submittedAt: '2026-02-10T10:00:00Z',
    subject: 'child',
    urgency: 'urgent',
    categories: ['neglect'],
    department: 'Housing',
    dueAfterMinutes: 15,
    events: [],
    status: 'submitted',
  },
];

/** Writes the fixture; returns the concern ids by fixture name. */
export async function writeReportFixture(db: Kysely<Schema>): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  let sequence = 0;
  for (const concern of fixtureConcerns) {
    const id = randomUUID();
    ids.set(concern.name, id);
    sequence += 1;
    const submitted = new Date(concern.submittedAt);
    const acknowledgedAt =
      concern.ackAfterMinutes === undefined
        ? null
        : new Date(submitted.getTime() + concern.ackAfterMinutes * minute);
    const lastClose = concern.events.filter((event) => event.kind === 'closed').at(-1);
    await db
      .insertInto('concerns')
      .values({
        id,
        reference: `SG-2026-${String(sequence).padStart(5, '0')}`,
        reporter_aad_id: `reporter-${sequence}`,
        reporter_tenant_id: null,
        reporter_department: concern.department,
        subject_type: concern.subject,
        urgency: concern.urgency,
        categories: concern.categories,
        about_staff: false,
        named_staff_aad_id: null,
        status: concern.status,
        version: 1 + concern.events.length,
        details: JSON.stringify({}),
        submitted_at: submitted,
        updated_at: submitted,
        draft_id: randomUUID(),
        acknowledged_at: acknowledgedAt,
        acknowledged_by: acknowledgedAt ? 'dsl-1' : null,
        ack_due_at: new Date(submitted.getTime() + concern.dueAfterMinutes * minute),
        closed_at: concern.status === 'closed' && lastClose ? new Date(lastClose.at) : null,
      })
      .execute();
    const events = [
      { at: concern.submittedAt, kind: 'submitted', detail: {} },
      ...(acknowledgedAt ? [{ at: acknowledgedAt.toISOString(), kind: 'acknowledged', detail: {} }] : []),
      ...concern.events,
    ].sort((a, b) => a.at.localeCompare(b.at));
    for (const event of events)
      await db.transaction().execute((trx) =>
        appendConcernEvent(trx, {
          concernId: id,
          at: new Date(event.at),
          actorAadId: event.kind === 'submitted' ? `reporter-${sequence}` : 'dsl-1',
          kind: event.kind,
          detail: event.detail ?? {},
        }),
      );
  }

  const announcementId = randomUUID();
  const started = new Date('2026-02-01T09:00:00Z');
  await db
    .insertInto('announcements')
    .values({
      id: announcementId,
      author_aad_id: 'coordinator-1',
      author_tenant_id: null,
      author_conversation_id: null,
      kind: 'newsletter',
      title: 'Spring newsletter',
      content: JSON.stringify({}),
      audience: JSON.stringify({ kind: 'everyone' }),
      ack_required: true,
      status: 'sent',
      send_at: null,
      approved_by: 'coordinator-2',
      version: 1,
      recipients_total: 4,
      control_conversation_id: null,
      control_activity_id: null,
      progress_refreshed_at: null,
      document_published_at: null,
      created_at: started,
      updated_at: started,
      started_at: started,
      completed_at: started,
      reminders_claimed_at: null,
    })
    .execute();
  const hours = (count: number) => new Date(started.getTime() + count * 3_600_000);
  const deliveries: { department: string; status: 'sent' | 'failed'; readAfterHours?: number }[] = [
    { department: 'Housing', status: 'sent', readAfterHours: 2 },
    { department: 'Housing', status: 'sent', readAfterHours: 4 },
    { department: 'Housing', status: 'sent' },
    { department: 'Libraries', status: 'failed' },
  ];
  await db
    .insertInto('deliveries')
    .values(
      deliveries.map((delivery, index) => ({
        announcement_id: announcementId,
        user_aad_id: `staff-${index}`,
        seq: index,
        tenant_id: null,
        department: delivery.department,
        status: delivery.status,
        last_outcome: null,
        last_status: null,
        not_before: null,
        claimed_by: null,
        claimed_until: null,
        conversation_id: null,
        activity_id: null,
        sent_at: delivery.status === 'sent' ? started : null,
        acknowledged_at: delivery.readAfterHours === undefined ? null : hours(delivery.readAfterHours),
        reminded_at: null,
        updated_version: null,
      })),
    )
    .execute();

  const at = new Date('2026-02-20T12:00:00Z');
  await db
    .insertInto('qa_outcomes')
    .values([
      ...[1, 2, 3].map(() => ({
        at,
        outcome: 'answered' as const,
        reason: null,
        doc_title: 'Policy',
        section: 'S',
        confidence: 0.9,
      })),
      {
        at,
        outcome: 'declined',
        reason: 'low-confidence',
        doc_title: null,
        section: null,
        confidence: 0.2,
        topics: ['LADO'],
      },
      {
        at,
        outcome: 'declined',
        reason: 'low-confidence',
        doc_title: null,
        section: null,
        confidence: 0.2,
        topics: ['LADO', 'DBS'],
      },
      { at, outcome: 'emergency', reason: null, doc_title: null, section: null, confidence: null },
      // Outside the quarter: not counted.
      {
        at: new Date('2026-04-02T12:00:00Z'),
        outcome: 'declined',
        reason: 'low-confidence',
        doc_title: null,
        section: null,
        confidence: 0.1,
        topics: ['LADO'],
      },
    ])
    .execute();
  await db
    .insertInto('qa_feedback')
    .values(
      [true, true, false].map((helpful) => ({
        at,
        chunk_id: 'c',
        doc_title: 'Policy',
        section: 'S',
        helpful,
      })),
    )
    .execute();
  await db.insertInto('qa_shared_questions').values({ at, question: 'synthetic shared question' }).execute();
  return ids;
}
