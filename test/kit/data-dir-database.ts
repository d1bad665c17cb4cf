import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { inject } from 'vitest';
import { type Database, openDatabase } from '../../src/storage/database.ts';

/**
 * An embedded database in a folder on disk, as `npm start` keeps it, so a test can close the app
 * and start a new one on the same data: a real restart. The folder starts from the migrated
 * snapshot (seconds faster than migrating a new one) and is removed by `dispose`.
 */
export async function createDataDir(
  options: { subdir?: string } = {},
): Promise<{ root: string; dir: string; open(): Promise<Database>; dispose(): Promise<void> }> {
  const root = await mkdtemp(join(tmpdir(), 'sa-data-'));
  const dir = options.subdir ? join(root, options.subdir) : root;
  await mkdir(dir, { recursive: true });
  const seed = await PGlite.create({
    dataDir: dir,
    loadDataDir: new Blob([await readFile(inject('dbSnapshotFile'))]),
  });
  await seed.close();
  return {
    root,
    dir,
    open: () => openDatabase({ kind: 'pglite', dataDir: dir }),
    dispose: () => rm(root, { recursive: true, force: true }),
  };
}
