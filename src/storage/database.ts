import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { AppError } from '../shared/errors.ts';
import { migrateToLatest } from './migrations.ts';
import { pgliteDialect } from './pglite-dialect.ts';
import type { Schema } from './schema.ts';

export type DatabaseTarget =
  | { kind: 'postgres'; url: string }
  | { kind: 'pglite'; dataDir: string }
  | { kind: 'pglite-memory'; snapshot?: Blob };

export interface Database {
  readonly db: Kysely<Schema>;
  readonly engine: 'pglite' | 'postgres';
  /** The embedded engine, when it is one: the job queue shares it. */
  readonly pglite: PGlite | undefined;
  readonly postgresUrl: string | undefined;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /**
   * A pooled PostgreSQL connection failed while idle (server restart, failover, admin kill).
   * pg drops that connection and the next query opens a new one; without a listener the error
   * would crash the process.
   */
  onIdleConnectionError?: (error: Error) => void;
}

export async function openDatabase(target: DatabaseTarget, options: DatabaseOptions = {}): Promise<Database> {
  if (target.kind === 'postgres') return openPostgres(target.url, options);
  let client: PGlite;
  if (target.kind === 'pglite') {
    await mkdir(target.dataDir, { recursive: true });
    client = await PGlite.create({ dataDir: target.dataDir });
  } else {
    client = await PGlite.create(target.snapshot ? { loadDataDir: target.snapshot } : {});
  }
  const db = new Kysely<Schema>({ dialect: pgliteDialect(client) });
  await migrateToLatest(db);
  return {
    db,
    engine: 'pglite',
    pglite: client,
    postgresUrl: undefined,
    ping: () => ping(db),
    async close() {
      await db.destroy();
      if (!client.closed) await client.close();
    },
  };
}

async function openPostgres(url: string, options: DatabaseOptions): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  pool.on('error', (error) => options.onIdleConnectionError?.(error));
  const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
  try {
    await migrateToLatest(db);
  } catch (error) {
    await db.destroy();
    throw new AppError('DATABASE_UNAVAILABLE', 'PostgreSQL could not be reached or migrated', {
      cause: error,
    });
  }
  return {
    db,
    engine: 'postgres',
    pglite: undefined,
    postgresUrl: url,
    ping: () => ping(db),
    close: () => db.destroy(),
  };
}

async function ping(db: Kysely<Schema>): Promise<boolean> {
  try {
    await sql`select 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}
