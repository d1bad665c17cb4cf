import { type Kysely, sql } from 'kysely';

/**
 * The quarterly report (0007):
 * - the reporter's department, copied from the directory when a concern is submitted, so the
 *   report can show under- and over-reporting by department without asking Graph for history;
 * - the policy topics a Q&A question touched (thesaurus terms, never the question's text), so
 *   the report can name the most common unanswered topics;
 * - rendered chart images, served to Teams by an unguessable id until they expire;
 * - which scheduled quarterly reports were sent, so a restart never sends one twice;
 * - indexes for reporting over a quarter of 100,000 concerns.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table concerns add column reporter_department text`.execute(db);
  await sql`create index concerns_submitted on concerns (submitted_at)`.execute(db);
  await sql`create index concern_events_kind_at on concern_events (kind, at)`.execute(db);
  await sql`create index concern_events_concern_at on concern_events (concern_id, at)`.execute(db);
  await sql`alter table qa_outcomes add column topics text[] not null default '{}'`.execute(db);
  await sql`
    create table report_charts (
      id text primary key,
      png bytea not null,
      created_at timestamptz not null,
      expires_at timestamptz not null
    )`.execute(db);
  await sql`create index report_charts_expires on report_charts (expires_at)`.execute(db);
  await sql`
    create table scheduled_reports (
      period text not null,
      recipient text not null,
      sent_at timestamptz,
      claimed_at timestamptz not null,
      primary key (period, recipient)
    )`.execute(db);
}
