import { type Kysely, sql } from 'kysely';

/**
 * Announcements and their deliveries. A delivery row per recipient (primary key announcement +
 * user) is the idempotency key of a broadcast: a worker claims a row, marks it `sending` just
 * before the message goes out ("still pending?"), and records the activity id after. Newsletter
 * reminders are claimed by due date, so a quarter's reminder goes out once.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table announcements (
      id uuid primary key,
      author_aad_id text not null,
      author_tenant_id text,
      author_conversation_id text,
      kind text not null check (kind in ('newsletter', 'procedure', 'general')),
      title text not null,
      content jsonb not null,
      audience jsonb not null,
      ack_required boolean not null,
      status text not null check (status in
        ('draft', 'awaiting_approval', 'scheduled', 'sending', 'sent', 'cancelled', 'recalled')),
      send_at timestamptz,
      approved_by text,
      version int not null default 1,
      recipients_total int,
      control_conversation_id text,
      control_activity_id text,
      progress_refreshed_at timestamptz,
      document_published_at timestamptz,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      started_at timestamptz,
      completed_at timestamptz,
      reminders_claimed_at timestamptz
    )`.execute(db);
  await sql`create index announcements_status on announcements (status, send_at)`.execute(db);
  await sql`create index announcements_recent on announcements (created_at desc)`.execute(db);

  await sql`
    create table deliveries (
      announcement_id uuid not null references announcements (id),
      user_aad_id text not null,
      seq int not null,
      tenant_id text,
      department text,
      status text not null check (status in
        ('pending', 'claimed', 'sending', 'sent', 'gone', 'failed', 'cancelled', 'uncertain', 'recalled')),
      attempts int not null default 0,
      last_outcome text,
      last_status int,
      not_before timestamptz,
      claimed_by text,
      claimed_until timestamptz,
      relooked boolean not null default false,
      conversation_id text,
      activity_id text,
      sent_at timestamptz,
      acknowledged_at timestamptz,
      reminded_at timestamptz,
      updated_version int,
      primary key (announcement_id, user_aad_id)
    )`.execute(db);
  await sql`create index deliveries_work on deliveries (announcement_id, status, seq)`.execute(db);

  await sql`
    create table newsletter_reminders (
      due_on date primary key,
      reminded_at timestamptz not null
    )`.execute(db);
}
