import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createLogger } from '../shared/logger.ts';
import { openDatabase } from '../storage/database.ts';
import { defineJob, JobQueue } from './job-queue.ts';

const logger = createLogger({ level: 'silent' });
const pingJob = defineJob('test.ping', z.object({ n: z.number() }), { retryLimit: 1, retryDelaySeconds: 1 });

describe('the durable job queue on the embedded database', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('a job queued before a restart is worked after it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sa-jobs-'));
    dirs.push(dir);
    const first = await openDatabase({ kind: 'pglite', dataDir: dir });
    const queueBefore = await JobQueue.start(first, logger);
    await queueBefore.send(pingJob, { n: 42 });
    expect(await queueBefore.pendingCount(pingJob)).toBe(1);
    await queueBefore.stop();
    await first.close();

    const second = await openDatabase({ kind: 'pglite', dataDir: dir });
    const queueAfter = await JobQueue.start(second, logger);
    const seen = await new Promise<number>((resolve) => {
      void queueAfter.work(pingJob, async (data) => resolve(data.n));
    });
    expect(seen).toBe(42);
    await queueAfter.stop();
    await second.close();
  });

  it('a job enqueued in a transaction that rolls back never exists', async () => {
    const database = await openDatabase({ kind: 'pglite-memory' });
    const queue = await JobQueue.start(database, logger);
    await queue.register(pingJob);
    await expect(
      database.db.transaction().execute(async (trx) => {
        await trx
          .insertInto('audit_log')
          .values({ at: new Date(), actor_aad_id: null, code: 'TEST', subject: null })
          .execute();
        await queue.send(pingJob, { n: 1 }, { transaction: trx });
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await queue.pendingCount(pingJob)).toBe(0);
    const audit = await database.db.selectFrom('audit_log').selectAll().execute();
    expect(audit).toHaveLength(0);

    await database.db.transaction().execute(async (trx) => {
      await queue.send(pingJob, { n: 2 }, { transaction: trx });
    });
    expect(await queue.pendingCount(pingJob)).toBe(1);
    await queue.stop();
    await database.close();
  });

  it('refuses a payload that does not match its schema, before it is queued', async () => {
    const database = await openDatabase({ kind: 'pglite-memory' });
    const queue = await JobQueue.start(database, logger);
    await expect(queue.send(pingJob, { n: 'x' } as unknown as { n: number })).rejects.toThrow();
    expect(await queue.pendingCount(pingJob)).toBe(0);
    await queue.stop();
    await database.close();
  });
});
