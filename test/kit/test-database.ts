import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { inject } from 'vitest';
import { type Database, openDatabase } from '../../src/storage/database.ts';

/** An embedded database restored from the migrated snapshot: the same engine as `npm start`. */
export async function openTestDatabase(): Promise<Database> {
  const bytes = await readFile(inject('dbSnapshotFile'));
  return openDatabase({ kind: 'pglite-memory', snapshot: new Blob([bytes]) });
}

/** PostgreSQL for the same tests when TEST_DATABASE_URL is set (CI starts a server). */
export const postgresTestUrl: string | undefined = process.env.TEST_DATABASE_URL || undefined;

/**
 * The database engines a storage test runs on: always the embedded one; PostgreSQL too when
 * TEST_DATABASE_URL is set. Each PostgreSQL run gets a database of its own, dropped afterwards.
 */
export function testEngines(): Array<{
  name: string;
  open(): Promise<{ database: Database; dispose(): Promise<void> }>;
}> {
  const engines: Array<{ name: string; open(): Promise<{ database: Database; dispose(): Promise<void> }> }> =
    [
      {
        name: 'PGlite (embedded)',
        async open() {
          const database = await openTestDatabase();
          return { database, dispose: () => database.close() };
        },
      },
    ];
  const adminUrl = postgresTestUrl;
  if (adminUrl) {
    engines.push({
      name: 'PostgreSQL',
      async open() {
        const name = `sa_test_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
        const admin = new pg.Client({ connectionString: adminUrl });
        await admin.connect();
        await admin.query(`create database ${name}`);
        await admin.end();
        const url = new URL(adminUrl);
        url.pathname = `/${name}`;
        // The test drops its database at the end; connections it kills must not fail the run.
        const database = await openDatabase(
          { kind: 'postgres', url: url.toString() },
          { onIdleConnectionError: () => undefined },
        );
        return {
          database,
          async dispose() {
            await database.close();
            const cleanup = new pg.Client({ connectionString: adminUrl });
            await cleanup.connect();
            await cleanup.query(`drop database if exists ${name} with (force)`);
            await cleanup.end();
          },
        };
      },
    });
  }
  return engines;
}

export function describePostgresSkip(): string | undefined {
  return postgresTestUrl
    ? undefined
    : 'TEST_DATABASE_URL is not set: PostgreSQL runs of the storage tests are skipped';
}
