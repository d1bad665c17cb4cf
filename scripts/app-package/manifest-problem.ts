/** One reason a manifest cannot be packaged, located by JSON pointer (e.g. `/bots/0/botId`). */
export interface ManifestProblem {
  path: string;
  message: string;
}

/** Files that go into the app package, keyed by their path inside the zip. */
export type PackageFiles = ReadonlyMap<string, Uint8Array>;

export function formatProblem(problem: ManifestProblem): string {
  return `${problem.path || '/'}: ${problem.message}`;
}

/** RFC 6901 escaping, so a key containing `/` or `~` still yields a pointer that can be followed. */
export function pointerTo(parent: string, key: string | number): string {
  return `${parent}/${String(key).replaceAll('~', '~0').replaceAll('/', '~1')}`;
}
