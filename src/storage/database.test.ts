import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { postgresTestUrl } from '../../test/kit/test-database.ts';
import { openDatabase } from './database.ts';

describe.skipIf(!postgresTestUrl)('the PostgreSQL pool (TEST_DATABASE_URL)', () => {
  it('survives the server killing its idle connections: reported, replaced, next query works', async () => {
    const idleErrors: Error[] = [];
    const database = await openDatabase(
      { kind: 'postgres', url: postgresTestUrl ?? '' },
      { onIdleConnectionError: (error) => idleErrors.push(error) },
    );
    try {
      const pid = await database.db
        .selectNoFrom((eb) => eb.fn<number>('pg_backend_pid', []).as('pid'))
        .executeTakeFirstOrThrow();
      const admin = new pg.Client({ connectionString: postgresTestUrl });
      await admin.connect();
      await admin.query('select pg_terminate_backend($1)', [pid.pid]);
      await admin.end();
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(idleErrors.length).toBeGreaterThanOrEqual(1);
      expect(await database.ping()).toBe(true);
    } finally {
      await database.close();
    }
  });
});
