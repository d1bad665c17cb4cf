import { sql } from 'kysely';
import { z } from 'zod';
import { defineJob, type JobQueue } from '../jobs/job-queue.ts';
import { systemClock } from '../shared/clock.ts';
import type { Logger } from '../shared/logger.ts';
import type { Database } from './database.ts';

/**
 * The embedded database has no autovacuum: without it the planner has no statistics and index
 * scans visit every heap page, and a quarterly report over a year of concerns goes from under a
 * second to a minute. A daily `vacuum analyze` does what PostgreSQL's autovacuum does by itself.
 */
export const embeddedMaintenanceJob = defineJob('storage.maintenance', z.object({}), {
  retryLimit: 2,
  retryDelaySeconds: 300,
});

const everyMs = 24 * 60 * 60 * 1000;

export async function startEmbeddedMaintenance(
  database: Database,
  jobs: JobQueue,
  logger: Logger,
): Promise<void> {
  if (database.engine !== 'pglite') return;
  await jobs.register(embeddedMaintenanceJob);
  await jobs.work(
    embeddedMaintenanceJob,
    async () => {
      const started = performance.now();
      await sql`vacuum analyze`.execute(database.db);
      logger.info(
        { code: 'DATABASE_MAINTAINED', ms: Math.round(performance.now() - started) },
        'vacuum analyze done',
      );
      if ((await jobs.pendingCount(embeddedMaintenanceJob)) <= 1)
        await jobs.send(
          embeddedMaintenanceJob,
          {},
          { startAfter: new Date(systemClock.now().getTime() + everyMs) },
        );
    },
    { concurrency: 1 },
  );
  // The first run waits a minute, so start-up and the first turns are not slowed by it.
  if ((await jobs.pendingCount(embeddedMaintenanceJob)) === 0)
    await jobs.send(
      embeddedMaintenanceJob,
      {},
      { startAfter: new Date(systemClock.now().getTime() + 60_000) },
    );
}
