import { type Kysely, sql } from 'kysely';

/**
 * Concerns, their drafts, their append-only chronology and the per-year reference counters.
 * The chronology refuses UPDATE, DELETE and TRUNCATE at the database, and a fork in a concern's
 * hash chain (two events claiming the same predecessor) is refused by a unique index.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table concern_reference_counters (
      year int primary key,
      last int not null
    )`.execute(db);

  await sql`
    create table concern_drafts (
      id uuid primary key,
      owner_aad_id text not null,
      owner_tenant_id text,
      step text not null,
      data jsonb not null,
      version int not null default 1,
      card_activity_id text,
      card_conversation_id text,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      reminded_at timestamptz,
      submitted_concern_id uuid
    )`.execute(db);
  await sql`create index concern_drafts_owner on concern_drafts (owner_aad_id, updated_at desc)`.execute(db);
  await sql`create index concern_drafts_updated on concern_drafts (updated_at)`.execute(db);

  await sql`
    create table concerns (
      id uuid primary key,
      reference text not null unique,
      reporter_aad_id text not null,
      reporter_tenant_id text,
      subject_type text not null check (subject_type in ('child', 'adult', 'unsure')),
      urgency text not null check (urgency in ('immediate', 'urgent', 'standard')),
      categories text[] not null,
      about_staff boolean not null,
      named_staff_aad_id text,
      status text not null check (status in
        ('submitted', 'acknowledged', 'in_progress', 'escalated', 'awaiting_information', 'closed')),
      version int not null default 1,
      details jsonb not null,
      submitted_at timestamptz not null,
      updated_at timestamptz not null,
      draft_id uuid not null unique
    )`.execute(db);
  await sql`create index concerns_reporter on concerns (reporter_aad_id, submitted_at desc)`.execute(db);
  await sql`create index concerns_status on concerns (status, submitted_at)`.execute(db);

  await sql`
    create table concern_events (
      id bigserial primary key,
      concern_id uuid not null references concerns (id),
      at timestamptz not null,
      actor_aad_id text not null,
      kind text not null,
      detail jsonb not null,
      prev_hash text,
      hash text not null unique,
      constraint concern_events_one_successor unique nulls not distinct (concern_id, prev_hash)
    )`.execute(db);
  await sql`
    create function concern_events_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'concern_events is append-only';
    end $$`.execute(db);
  await sql`
    create trigger concern_events_no_change before update or delete on concern_events
    for each row execute function concern_events_append_only()`.execute(db);
  await sql`
    create trigger concern_events_no_truncate before truncate on concern_events
    for each statement execute function concern_events_append_only()`.execute(db);
}
