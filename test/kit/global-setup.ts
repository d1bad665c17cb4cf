import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { JobQueue } from '../../src/jobs/job-queue.ts';
import { createLogger } from '../../src/shared/logger.ts';
import { openDatabase } from '../../src/storage/database.ts';

/**
 * A fresh PGlite costs seconds and hundreds of MB; migrating it once and restoring the
 * snapshot per test file costs a fraction of that (STACK-NOTES).
 */
export default async function setup(project: TestProject) {
  const dir = await mkdtemp(join(tmpdir(), 'sa-test-'));
  const database = await openDatabase({ kind: 'pglite-memory' });
  const jobs = await JobQueue.start(database, createLogger({ level: 'silent' }));
  await jobs.stop();
  const pglite = database.pglite;
  if (!pglite) throw new Error('expected PGlite');
  const dump = await pglite.dumpDataDir('none');
  const file = join(dir, 'snapshot.tar');
  await writeFile(file, Buffer.from(await dump.arrayBuffer()));
  await database.close();
  project.provide('dbSnapshotFile', file);
  return async () => {
    await rm(dir, { recursive: true, force: true });
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    dbSnapshotFile: string;
  }
}
