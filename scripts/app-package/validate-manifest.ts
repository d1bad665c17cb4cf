import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { AnySchemaObject, ErrorObject, ValidateFunction } from 'ajv';
import Ajv2020Module from 'ajv/dist/2020.js';
import Ajv04Module from 'ajv-draft-04';
import addFormatsModule from 'ajv-formats';
import { z } from 'zod';
import { type ManifestProblem, type PackageFiles, pointerTo } from './manifest-problem.ts';
import { readPngSize } from './read-png-size.ts';

// These CommonJS packages set both `module.exports` and `exports.default`; under `nodenext` only
// `.default` is typed as the class, and at run time it is the same function.
const Ajv04 = Ajv04Module.default;
const Ajv2020 = Ajv2020Module.default;
const addFormats = addFormatsModule.default;

/** Microsoft's published schemas, shipped by the @microsoft/app-manifest package (no network needed). */
const schemaPackage = '@microsoft/app-manifest';
const requireFromHere = createRequire(import.meta.url);

/** Folder name under json-schemas/teams/ for a manifestVersion, or undefined for an unknown shape. */
function schemaFolderFor(manifestVersion: string): string | undefined {
  if (manifestVersion === 'devPreview') return 'vDevPreview';
  return /^1\.\d{1,2}$/.test(manifestVersion) ? `v${manifestVersion}` : undefined;
}

const schemaShape = z.looseObject({ $schema: z.string().optional() });

export type ManifestSchema = AnySchemaObject;

export type SchemaLoadResult =
  | { ok: true; schema: ManifestSchema; file: string }
  | { ok: false; problem: ManifestProblem };

/** Keeps one object per schema file, so its compiled validator (below) is reused across builds. */
const loadedSchemas = new Map<string, ManifestSchema>();

/**
 * Loads the official JSON schema for the manifest's own `manifestVersion`, so moving the
 * manifest to a newer version needs only a newer @microsoft/app-manifest.
 */
export async function loadManifestSchema(manifest: unknown): Promise<SchemaLoadResult> {
  const version = z.object({ manifestVersion: z.string() }).safeParse(manifest);
  if (!version.success) {
    return { ok: false, problem: { path: '/manifestVersion', message: 'is required and must be a string' } };
  }
  const manifestVersion = version.data.manifestVersion;
  const folder = schemaFolderFor(manifestVersion);
  if (!folder) {
    return {
      ok: false,
      problem: { path: '/manifestVersion', message: `"${manifestVersion}" is not a version` },
    };
  }
  let file: string;
  try {
    file = requireFromHere.resolve(
      `${schemaPackage}/build/json-schemas/teams/${folder}/MicrosoftTeams.schema.json`,
    );
  } catch (error) {
    const message = `no schema for "${manifestVersion}" in the installed ${schemaPackage} (${String(error)})`;
    return { ok: false, problem: { path: '/manifestVersion', message } };
  }
  const cached = loadedSchemas.get(file);
  if (cached) return { ok: true, schema: cached, file };
  const parsed = schemaShape.safeParse(JSON.parse(await readFile(file, 'utf8')));
  if (!parsed.success) {
    return {
      ok: false,
      problem: { path: '/manifestVersion', message: `${file} is not a JSON schema object` },
    };
  }
  loadedSchemas.set(file, parsed.data);
  return { ok: true, schema: parsed.data, file };
}

const compiled = new WeakMap<ManifestSchema, ValidateFunction>();

function compile(schema: ManifestSchema): ValidateFunction {
  const cached = compiled.get(schema);
  if (cached) return cached;
  // Strict mode would log dozens of "missing type" notes about Microsoft's schema on every run;
  // it is the published contract, so we validate against it as it is rather than editing it.
  // `verbose` keeps the offending value on each error, so a message can show it.
  const options = { allErrors: true, strict: false, verbose: true } as const;
  const ajv =
    typeof schema.$schema === 'string' && schema.$schema.includes('2020-12')
      ? new Ajv2020(options)
      : new Ajv04(options);
  addFormats(ajv);
  const validate = ajv.compile(schema);
  compiled.set(schema, validate);
  return validate;
}

function describeSchemaError(error: ErrorObject): ManifestProblem {
  const params: Record<string, unknown> = error.params;
  const { missingProperty, additionalProperty, allowedValues } = params;
  if (error.keyword === 'required' && typeof missingProperty === 'string') {
    return { path: pointerTo(error.instancePath, missingProperty), message: 'is required' };
  }
  if (error.keyword === 'additionalProperties' && typeof additionalProperty === 'string') {
    return { path: pointerTo(error.instancePath, additionalProperty), message: 'is not allowed here' };
  }
  if (error.keyword === 'pattern' && error.schemaPath.endsWith('/definitions/guid/pattern')) {
    return { path: error.instancePath, message: `must be a GUID, not ${JSON.stringify(error.data)}` };
  }
  if (error.keyword === 'enum' && Array.isArray(allowedValues)) {
    return { path: error.instancePath, message: `must be one of ${allowedValues.map(String).join(', ')}` };
  }
  return { path: error.instancePath, message: error.message ?? `fails "${error.keyword}"` };
}

/** Icon sizes from the app manifest guidance: colour 192x192, outline (white on transparent) 32x32. */
const iconSizes = [
  ['color', 192],
  ['outline', 32],
  ['color32x32', 32],
] as const;

const iconsShape = z.object({
  icons: z.object({ color: z.string(), outline: z.string(), color32x32: z.string().optional() }),
});

/** A path Teams can read from the zip root: no folders above it, no absolute or Windows paths. */
export function isPackagePath(path: string): boolean {
  return path.length > 0 && !path.startsWith('/') && !path.includes('\\') && !path.split('/').includes('..');
}

function checkIcons(manifest: unknown, files: PackageFiles): ManifestProblem[] {
  const parsed = iconsShape.safeParse(manifest);
  if (!parsed.success) return [];
  const problems: ManifestProblem[] = [];
  for (const [field, size] of iconSizes) {
    const path = `/icons/${field}`;
    const fileName = parsed.data.icons[field];
    if (fileName === undefined) continue;
    if (!isPackagePath(fileName)) {
      problems.push({ path, message: `"${fileName}" must be a relative path inside the package` });
      continue;
    }
    const bytes = files.get(fileName);
    if (!bytes) {
      problems.push({ path, message: `file "${fileName}" is missing` });
      continue;
    }
    const actual = readPngSize(bytes);
    if (!actual) {
      problems.push({ path, message: `"${fileName}" is not a PNG file` });
    } else if (actual.width !== size || actual.height !== size) {
      problems.push({
        path,
        message: `"${fileName}" is ${actual.width}x${actual.height} pixels; it must be ${size}x${size}`,
      });
    }
  }
  return problems;
}

// A host name, optionally with a leading `*.` wildcard and a port; no scheme or path. The schema
// leaves validDomains free-form, but Teams rejects entries such as "https://host/".
const domainPattern = /^(\*\.)?(localhost|([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63})(:\d{1,5})?$/i;

function checkValidDomains(manifest: unknown): ManifestProblem[] {
  const parsed = z.object({ validDomains: z.array(z.unknown()) }).safeParse(manifest);
  if (!parsed.success) return [];
  return parsed.data.validDomains.flatMap((domain, index) =>
    typeof domain === 'string' && !domainPattern.test(domain)
      ? [
          {
            path: pointerTo('/validDomains', index),
            message: `"${domain}" must be a host name, without scheme or path`,
          },
        ]
      : [],
  );
}

/**
 * Checks a filled manifest against Microsoft's schema, then what the schema cannot see:
 * each icon is in the package, is a PNG and has the size Teams requires; domains are host names.
 */
export function validateManifest(
  manifest: unknown,
  files: PackageFiles,
  schema: ManifestSchema,
): ManifestProblem[] {
  const validate = compile(schema);
  const schemaProblems = validate(manifest) ? [] : (validate.errors ?? []).map(describeSchemaError);
  const problems = [...schemaProblems, ...checkIcons(manifest, files), ...checkValidDomains(manifest)];
  const seen = new Set<string>();
  return problems.filter((problem) => {
    const key = `${problem.path}\u0000${problem.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
