import { type Zippable, zipSync } from 'fflate';
import type { PackageFiles } from './manifest-problem.ts';

/** A fixed timestamp makes the zip byte-for-byte reproducible from the same inputs. */
const fixedModifiedTime = new Date('2000-01-01T00:00:00Z');

/** Zips the files flat at the root of the archive, as Teams expects of an app package. */
export function zipAppPackage(files: PackageFiles): Uint8Array {
  const entries: Zippable = {};
  for (const name of [...files.keys()].sort()) {
    const bytes = files.get(name);
    if (bytes) entries[name] = bytes;
  }
  return zipSync(entries, { level: 9, mtime: fixedModifiedTime });
}
