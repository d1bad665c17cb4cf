import { type Kysely, sql } from 'kysely';

/** When a conversation was last welcomed: Teams announces one install with two activities. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table conversation_refs add column welcomed_at timestamptz`.execute(db);
}
