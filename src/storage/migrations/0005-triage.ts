import { type Kysely, sql } from 'kysely';

/**
 * DSL triage: who acknowledged and holds each concern, its escalation ladder, one delivery row
 * per card sent (the idempotency key of every fan-out, and the list of cards to keep in step),
 * and "talk to a DSL" consultations.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table concerns
      add column acknowledged_at timestamptz,
      add column acknowledged_by text,
      add column assigned_to text,
      add column closed_at timestamptz,
      add column alerted_at timestamptz,
      add column ack_due_at timestamptz,
      add column escalation_step int not null default 0,
      add column next_escalation_at timestamptz`.execute(db);
  await sql`create index concerns_next_escalation on concerns (next_escalation_at)
    where next_escalation_at is not null`.execute(db);
  await sql`create index concerns_not_alerted on concerns (submitted_at) where alerted_at is null`.execute(
    db,
  );

  await sql`
    create table consultations (
      id uuid primary key,
      requester_aad_id text not null,
      requester_tenant_id text,
      topic text,
      status text not null check (status in ('open', 'taken')),
      taken_by text,
      taken_at timestamptz,
      version int not null default 1,
      created_at timestamptz not null,
      due_at timestamptz not null,
      escalation_step int not null default 0,
      next_escalation_at timestamptz
    )`.execute(db);
  await sql`create index consultations_next_escalation on consultations (next_escalation_at)
    where next_escalation_at is not null`.execute(db);

  await sql`
    create table triage_deliveries (
      subject_id uuid not null,
      subject_kind text not null check (subject_kind in ('concern', 'draft', 'consultation')),
      recipient text not null,
      round text not null,
      state text not null check (state in ('pending', 'sending', 'sent', 'gone', 'failed')),
      tracks boolean not null,
      claimed_by text,
      claimed_at timestamptz,
      conversation_id text,
      activity_id text,
      card_version int,
      outcome text,
      attempts int not null default 0,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      primary key (subject_id, recipient, round)
    )`.execute(db);
  await sql`create index triage_deliveries_open on triage_deliveries (state) where state in ('pending', 'sending')`.execute(
    db,
  );
}
