/**
 * Builds the Teams app package: fills manifest/manifest.json's placeholders, checks it against
 * Microsoft's published schema and the icon rules, and writes build/appPackage.zip.
 *
 *   MicrosoftAppId=<guid> [BOT_DOMAIN=<host>] npm run package [-- --dev] [-- --out <file>]
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { fillPlaceholders, type PlaceholderValues } from './app-package/fill-placeholders.ts';
import { formatProblem, type ManifestProblem, type PackageFiles } from './app-package/manifest-problem.ts';
import { isPackagePath, loadManifestSchema, validateManifest } from './app-package/validate-manifest.ts';
import { zipAppPackage } from './app-package/zip-app-package.ts';

export { fillPlaceholders, type PlaceholderValues } from './app-package/fill-placeholders.ts';
export { formatProblem, type ManifestProblem, type PackageFiles } from './app-package/manifest-problem.ts';
export { type PngSize, readPngSize } from './app-package/read-png-size.ts';
export {
  loadManifestSchema,
  type ManifestSchema,
  validateManifest,
} from './app-package/validate-manifest.ts';
export { zipAppPackage } from './app-package/zip-app-package.ts';

const repoRoot = path.resolve(import.meta.dirname, '..');
export const defaultManifestDir = path.join(repoRoot, 'manifest');
const defaultOutFile = path.join(repoRoot, 'build', 'appPackage.zip');

/** Used by `--dev` only: Teams accepts the shape, but no bot registration has this id. */
export const devAppId = '00000000-0000-0000-0000-000000000000';

export type BuildResult =
  | { ok: true; zip: Uint8Array; manifest: unknown; fileNames: string[] }
  | { ok: false; problems: ManifestProblem[] };

const iconPathsShape = z.object({ icons: z.record(z.string(), z.string()) });

async function readIcons(manifest: unknown, manifestDir: string): Promise<Map<string, Uint8Array>> {
  const icons = new Map<string, Uint8Array>();
  const parsed = iconPathsShape.safeParse(manifest);
  if (!parsed.success) return icons;
  for (const fileName of new Set(Object.values(parsed.data.icons))) {
    // Unsafe paths are left out here and reported by validateManifest.
    if (!isPackagePath(fileName)) continue;
    try {
      icons.set(fileName, await readFile(path.join(manifestDir, fileName)));
    } catch (error) {
      // A missing icon is reported by validateManifest, naming the manifest field; other I/O errors are real.
      if (!(error instanceof Error && 'code' in error && error.code === 'ENOENT')) throw error;
    }
  }
  return icons;
}

/** Reads the template and icons from `manifestDir`, fills, validates and zips. Writes nothing. */
export async function buildAppPackage(options: {
  manifestDir: string;
  values: PlaceholderValues;
}): Promise<BuildResult> {
  const manifestFile = path.join(options.manifestDir, 'manifest.json');
  let template: unknown;
  try {
    template = JSON.parse(await readFile(manifestFile, 'utf8'));
  } catch (error) {
    return { ok: false, problems: [{ path: '', message: `cannot read ${manifestFile}: ${String(error)}` }] };
  }

  const filled = fillPlaceholders(template, options.values);
  if (filled.problems.length > 0) return { ok: false, problems: filled.problems };

  const schema = await loadManifestSchema(filled.manifest);
  if (!schema.ok) return { ok: false, problems: [schema.problem] };

  const icons = await readIcons(filled.manifest, options.manifestDir);
  const problems = validateManifest(filled.manifest, icons, schema.schema);
  if (problems.length > 0) return { ok: false, problems };

  const files: PackageFiles = new Map([
    ['manifest.json', new TextEncoder().encode(`${JSON.stringify(filled.manifest, null, 2)}\n`)],
    ...icons,
  ]);
  return {
    ok: true,
    zip: zipAppPackage(files),
    manifest: filled.manifest,
    fileNames: [...files.keys()].sort(),
  };
}

export type PackageEnvResult =
  | { ok: true; values: { BOT_ID: string; BOT_DOMAIN: string | undefined }; warnings: string[] }
  | { ok: false; message: string };

/** Placeholder values from the environment; an empty variable counts as unset (as in a blank .env line). */
export function readPackageEnv(
  env: Readonly<Record<string, string | undefined>>,
  dev: boolean,
): PackageEnvResult {
  const appId = env.MicrosoftAppId?.trim() || undefined;
  const botDomain = env.BOT_DOMAIN?.trim() || undefined;
  if (appId) return { ok: true, values: { BOT_ID: appId, BOT_DOMAIN: botDomain }, warnings: [] };
  if (!dev) {
    return {
      ok: false,
      message:
        'MicrosoftAppId is not set: set it to the bot registration id, or pass --dev for a local package',
    };
  }
  return {
    ok: true,
    values: { BOT_ID: devAppId, BOT_DOMAIN: botDomain },
    warnings: [
      `--dev: MicrosoftAppId is not set, so the package uses ${devAppId}; it will not reach a real bot`,
    ],
  };
}

function formatSize(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KiB`;
}

/** The command line: returns the exit code. */
export async function runBuildAppPackage(
  argv: string[],
  env: Readonly<Record<string, string | undefined>>,
): Promise<number> {
  let args: { dev: boolean; out: string };
  try {
    const { values } = parseArgs({
      args: argv,
      options: { dev: { type: 'boolean', default: false }, out: { type: 'string', default: defaultOutFile } },
      strict: true,
    });
    args = { dev: values.dev, out: path.resolve(values.out) };
  } catch (error) {
    console.error(`build-app-package: ${error instanceof Error ? error.message : String(error)}`);
    console.error('usage: npm run package [-- --dev] [-- --out <file>]');
    return 1;
  }

  const fromEnv = readPackageEnv(env, args.dev);
  if (!fromEnv.ok) {
    console.error(`build-app-package: ${fromEnv.message}`);
    return 1;
  }
  for (const warning of fromEnv.warnings) console.warn(`warning: ${warning}`);

  const result = await buildAppPackage({ manifestDir: defaultManifestDir, values: fromEnv.values });
  if (!result.ok) {
    console.error(`build-app-package: the app package was not built (${result.problems.length} problem(s)):`);
    for (const problem of result.problems) console.error(`  ${formatProblem(problem)}`);
    return 1;
  }

  await mkdir(path.dirname(args.out), { recursive: true });
  await writeFile(args.out, result.zip);
  const shown = path.relative(process.cwd(), args.out) || args.out;
  console.log(`Wrote ${shown} (${formatSize(result.zip.byteLength)}): ${result.fileNames.join(', ')}`);
  return 0;
}

if (import.meta.main) {
  try {
    process.exitCode = await runBuildAppPackage(process.argv.slice(2), process.env);
  } catch (error) {
    console.error('build-app-package: failed unexpectedly');
    console.error(error);
    process.exitCode = 1;
  }
}
