import { type Kysely, sql, type Transaction } from 'kysely';
import type { AnnouncementsTable, DeliveriesTable, Schema } from '../../storage/schema.ts';
import {
  type AnnouncementContent,
  type AnnouncementKind,
  type Audience,
  announcementContentSchema,
  announcementKinds,
  audienceSchema,
} from './announcement-schema.ts';

export type AnnouncementStatus = AnnouncementsTable['status'];
export type DeliveryStatus = DeliveriesTable['status'];
type Db = Kysely<Schema> | Transaction<Schema>;

export interface Announcement {
  id: string;
  authorAadId: string;
  authorTenantId: string | undefined;
  authorConversationId: string | undefined;
  kind: AnnouncementKind;
  title: string;
  content: AnnouncementContent;
  audience: Audience;
  ackRequired: boolean;
  status: AnnouncementStatus;
  sendAt: Date | undefined;
  approvedBy: string | undefined;
  version: number;
  recipientsTotal: number | undefined;
  controlConversationId: string | undefined;
  controlActivityId: string | undefined;
  createdAt: Date;
  updatedAt: Date;
  startedAt: Date | undefined;
  completedAt: Date | undefined;
  documentPublishedAt: Date | undefined;
}

const date = (value: Date | string | null): Date | undefined =>
  value === null ? undefined : new Date(value);

/** Reads an announcement, parsing its stored JSON; undefined when missing or unreadable. */
export async function loadAnnouncement(
  db: Db,
  id: string,
  options: { lock?: boolean } = {},
): Promise<Announcement | undefined> {
  let query = db.selectFrom('announcements').selectAll().where('id', '=', id);
  if (options.lock) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  if (!row) return undefined;
  const content = announcementContentSchema.safeParse(row.content);
  const audience = audienceSchema.safeParse(row.audience);
  const kind = announcementKinds.find((candidate) => candidate === row.kind);
  if (!content.success || !audience.success || !kind) return undefined;
  return {
    id: row.id,
    authorAadId: row.author_aad_id,
    authorTenantId: row.author_tenant_id ?? undefined,
    authorConversationId: row.author_conversation_id ?? undefined,
    kind,
    title: row.title,
    content: content.data,
    audience: audience.data,
    ackRequired: row.ack_required,
    status: row.status,
    sendAt: date(row.send_at),
    approvedBy: row.approved_by ?? undefined,
    version: row.version,
    recipientsTotal: row.recipients_total ?? undefined,
    controlConversationId: row.control_conversation_id ?? undefined,
    controlActivityId: row.control_activity_id ?? undefined,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
    startedAt: date(row.started_at),
    completedAt: date(row.completed_at),
    documentPublishedAt: date(row.document_published_at),
  };
}

/** Moves an announcement from one of `from` to `to`; false when someone else moved it first. */
export async function moveStatus(
  db: Db,
  id: string,
  from: readonly AnnouncementStatus[],
  to: AnnouncementStatus,
  now: Date,
  extra: Partial<{
    approved_by: string | null;
    started_at: Date;
    completed_at: Date;
    control_conversation_id: string | null;
    control_activity_id: string | null;
  }> = {},
  expectedVersion?: number,
): Promise<boolean> {
  let query = db
    .updateTable('announcements')
    .set({ status: to, updated_at: now, ...extra })
    .where('id', '=', id)
    .where('status', 'in', [...from]);
  if (expectedVersion !== undefined) query = query.where('version', '=', expectedVersion);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export type DeliveryCounts = Record<DeliveryStatus, number> & {
  total: number;
  acknowledged: number;
  throttled: number;
};

export async function countDeliveries(db: Db, announcementId: string): Promise<DeliveryCounts> {
  const rows = await db
    .selectFrom('deliveries')
    .select([
      'status',
      sql<number>`count(*)::int`.as('count'),
      sql<number>`count(acknowledged_at)::int`.as('acknowledged'),
      sql<number>`count(*) filter (where last_outcome = 'throttled')::int`.as('throttled'),
    ])
    .where('announcement_id', '=', announcementId)
    .groupBy('status')
    .execute();
  const counts: DeliveryCounts = {
    pending: 0,
    claimed: 0,
    sending: 0,
    sent: 0,
    gone: 0,
    failed: 0,
    cancelled: 0,
    uncertain: 0,
    recalled: 0,
    total: 0,
    acknowledged: 0,
    throttled: 0,
  };
  for (const row of rows) {
    counts[row.status] = row.count;
    counts.total += row.count;
    counts.acknowledged += row.acknowledged;
    if (row.status === 'pending') counts.throttled += row.throttled;
  }
  return counts;
}
