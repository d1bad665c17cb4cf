import type { Kysely } from 'kysely';
import { type Migration, Migrator } from 'kysely/migration';
import * as conversationRefs from './migrations/0001-conversation-refs.ts';
import * as concerns from './migrations/0002-concerns.ts';
import * as welcomeSent from './migrations/0003-welcome-sent.ts';
import * as qaOutcomes from './migrations/0004-qa-outcomes.ts';
import * as triage from './migrations/0005-triage.ts';
import * as announcements from './migrations/0006-announcements.ts';
import * as reports from './migrations/0007-reports.ts';

/**
 * Append-only list of migrations, shared by PGlite and PostgreSQL. Never edit a released
 * migration: add a file under migrations/ and list it here.
 */
const migrations: Record<string, Migration> = {
  '0001_conversation_refs': conversationRefs,
  '0003_welcome_sent': welcomeSent,
  '0004_qa_outcomes': qaOutcomes,
  '0002_concerns': concerns,
  '0006_announcements': announcements,
  '0005_triage': triage,
  '0007_reports': reports,
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
