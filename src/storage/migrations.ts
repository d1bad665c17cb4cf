import { type Kysely, sql } from 'kysely';
import { type Migration, Migrator } from 'kysely/migration';

/**
 * Append-only list of migrations, shared by PGlite and PostgreSQL. Never edit a released
 * migration: add a new one.
 */
const migrations: Record<string, Migration> = {
  '0001_conversation_refs': {
    async up(db) {
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
    },
  },
};

export async function migrateToLatest<T>(db: Kysely<T>): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
  });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((result) => result.status === 'Error');
  if (error || failed) {
    throw new Error(`Database migration ${failed?.migrationName ?? ''} failed`, { cause: error });
  }
}
