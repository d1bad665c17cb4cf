import { type Kysely, sql } from 'kysely';

/** Conversation references for proactive messages, and the audit log of refused actions. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table conversation_refs (
      conversation_id text primary key,
      aad_object_id text,
      conversation_type text not null,
      tenant_id text,
      service_url text not null,
      reference jsonb not null,
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index conversation_refs_user on conversation_refs (aad_object_id) where conversation_type = 'personal'`.execute(
    db,
  );
  await sql`
    create table audit_log (
      id bigserial primary key,
      at timestamptz not null default now(),
      actor_aad_id text,
      code text not null,
      subject text
    )`.execute(db);
}
