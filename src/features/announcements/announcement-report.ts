import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { sql } from 'kysely';
import { verbs } from '../../cards/verbs.ts';
import type { Actor } from '../../shared/actor.ts';
import { toCsv } from '../../shared/csv.ts';
import type { ActionResult } from '../../shared/reply.ts';
import { ukDayLabel, ukLongDateTime } from '../../shared/uk-time.ts';
import { announcementNotFound, buildStatusCard } from './announcement-cards.ts';
import type { AnnouncementDeps } from './announcement-deps.ts';
import { requireCoordinatorOrDsl } from './announcement-roles.ts';
import { countDeliveries, loadAnnouncement } from './announcement-store.ts';
import { audienceLabel } from './progress-card.ts';

const number = (value: number) => value.toLocaleString('en-GB');
const percent = (part: number, whole: number) =>
  whole === 0 ? '0%' : `${Math.round((part * 100) / whole)}%`;
const statusLabels = {
  draft: 'Draft',
  awaiting_approval: 'Waiting for approval',
  scheduled: 'Scheduled',
  sending: 'Sending',
  sent: 'Sent',
  cancelled: 'Stopped or cancelled',
  recalled: 'Recalled',
} as const;

/** Reach and acknowledgement, overall and by department (from Entra ID, or "unknown"). */
export async function reportAnnouncement(
  deps: AnnouncementDeps,
  actor: Actor,
  data: { announcementId: string },
): Promise<ActionResult> {
  requireCoordinatorOrDsl(actor);
  const { context } = deps;
  const announcement = await loadAnnouncement(context.db, data.announcementId);
  if (!announcement) return announcementNotFound();
  const counts = await countDeliveries(context.db, announcement.id);
  const delivered = counts.sent + counts.recalled;
  const departments = await context.db
    .selectFrom('deliveries')
    .select([
      sql<string>`coalesce(nullif(department, ''), 'unknown')`.as('department'),
      sql<number>`count(*)::int`.as('total'),
      sql<number>`count(*) filter (where status in ('sent', 'recalled'))::int`.as('delivered'),
      sql<number>`count(acknowledged_at)::int`.as('read'),
    ])
    .where('announcement_id', '=', announcement.id)
    .groupBy(sql`1`)
    .orderBy(sql`1`)
    .execute();
  const shown = departments.slice(0, 25);
  return {
    card: buildStatusCard({
      eyebrow: `Announcement report · ${statusLabels[announcement.status]}`,
      title: announcement.title,
      message: announcement.completedAt ? `Finished ${ukLongDateTime(announcement.completedAt)}.` : '',
      facts: [
        { title: 'Audience', value: audienceLabel(announcement) },
        { title: 'Recipients', value: number(counts.total) },
        { title: 'Delivered', value: `${number(delivered)} (${percent(delivered, counts.total)})` },
        { title: 'Recipient gone', value: number(counts.gone) },
        { title: 'Failed', value: number(counts.failed) },
        ...(counts.uncertain > 0 ? [{ title: 'Delivery unknown', value: number(counts.uncertain) }] : []),
        ...(announcement.ackRequired
          ? [
              {
                title: 'Read',
                value: `${number(counts.acknowledged)} of ${number(delivered)} (${percent(counts.acknowledged, delivered)})`,
              },
            ]
          : []),
      ],
      sections:
        shown.length > 0
          ? [
              {
                heading: 'By department',
                facts: shown.map((row) => ({
                  title: row.department,
                  value: announcement.ackRequired
                    ? `${number(row.read)} of ${number(row.delivered)} read (${percent(row.read, row.delivered)})`
                    : `${number(row.delivered)} of ${number(row.total)} delivered`,
                })),
              },
            ]
          : [],
      detail:
        departments.length > shown.length
          ? `${departments.length - shown.length} more departments are in the CSV export.`
          : '',
      actions: [
        { title: 'Export CSV', verb: verbs.announcementExport, data: { announcementId: announcement.id } },
      ],
    }),
  };
}

/**
 * Every delivery as CSV: Entra object id, department, status and times (UTC). Written to
 * DATA_DIR/exports and the path shown (sending files in a chat needs the Teams file consent
 * flow, which comes later). No names or content: the ids are looked up in Entra ID if needed.
 */
export async function exportAnnouncement(
  deps: AnnouncementDeps,
  actor: Actor,
  data: { announcementId: string },
): Promise<ActionResult> {
  requireCoordinatorOrDsl(actor);
  const { context } = deps;
  const announcement = await loadAnnouncement(context.db, data.announcementId);
  if (!announcement) return announcementNotFound();
  const rows = await context.db
    .selectFrom('deliveries')
    .select([
      'user_aad_id',
      'department',
      'status',
      'last_status',
      'sent_at',
      'acknowledged_at',
      'reminded_at',
    ])
    .where('announcement_id', '=', announcement.id)
    .orderBy('seq')
    .execute();
  const iso = (value: Date | string | null) => (value ? new Date(value).toISOString() : '');
  const csv = toCsv(
    [
      'recipient_object_id',
      'department',
      'status',
      'last_http_status',
      'sent_at_utc',
      'read_at_utc',
      'reminded_at_utc',
    ],
    rows.map((row) => [
      row.user_aad_id,
      row.department ?? 'unknown',
      row.status,
      row.last_status === null ? '' : String(row.last_status),
      iso(row.sent_at),
      iso(row.acknowledged_at),
      iso(row.reminded_at),
    ]),
  );
  const folder = resolve(context.config.DATA_DIR, 'exports');
  await mkdir(folder, { recursive: true });
  const stamp = context.clock.now().toISOString().replace(/[:.]/g, '-');
  const file = join(folder, `announcement-${announcement.id.slice(0, 8)}-${stamp}.csv`);
  await writeFile(file, csv, 'utf8');
  await context.audit('ANNOUNCEMENT_EXPORTED', actor, announcement.id);
  return {
    card: buildStatusCard({
      eyebrow: `Announcement · ${announcement.title}`,
      title: 'Exported',
      message: `${number(rows.length)} rows written to ${file}`,
      detail: 'The file holds Entra object ids and departments, not names. Keep it on council systems.',
      actions: [
        {
          title: 'Back to the report',
          verb: verbs.announcementReport,
          data: { announcementId: announcement.id },
        },
      ],
    }),
  };
}

/** "announcements": the most recent ones, each with its report. */
export async function listAnnouncements(deps: AnnouncementDeps, actor: Actor): Promise<ActionResult> {
  requireCoordinatorOrDsl(actor);
  const rows = await deps.context.db
    .selectFrom('announcements')
    .select(['id', 'title', 'status', 'created_at'])
    .orderBy('created_at', 'desc')
    .limit(5)
    .execute();
  return {
    card: buildStatusCard({
      title: 'Recent announcements',
      message: rows.length === 0 ? 'There are no announcements yet.' : '',
      facts: rows.map((row) => ({
        title: `${ukDayLabel(new Date(row.created_at))}: ${row.title}`.slice(0, 120),
        value: statusLabels[row.status],
      })),
      actions: rows.map((row) => ({
        title: `Report: ${row.title}`.slice(0, 40),
        verb: verbs.announcementReport,
        data: { announcementId: row.id },
      })),
    }),
  };
}
