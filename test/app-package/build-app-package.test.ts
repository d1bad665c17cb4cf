import { spawnSync } from 'node:child_process';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  buildAppPackage,
  defaultManifestDir,
  devAppId,
  fillPlaceholders,
  loadManifestSchema,
  type ManifestSchema,
  readPackageEnv,
  readPngSize,
  validateManifest,
  zipAppPackage,
} from '../../scripts/build-app-package.ts';

const appId = '3f2504e0-4f89-11d3-9a0c-0305e82c3301';
/** Builds `${{NAME}}` without writing it literally, which the linter reads as a mistyped template string. */
const placeholder = (name: string) => `\${{${name}}}`;
const repoRoot = path.resolve(import.meta.dirname, '../..');

const tempDirs: string[] = [];
afterEach(async () => {
  await Promise.all(tempDirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A copy of manifest/ in a temp folder, optionally with files left out or replaced. */
async function manifestDirWith(changes: { omit?: string[]; replace?: Record<string, string> } = {}) {
  const dir = await mkdtemp(path.join(tmpdir(), 'app-package-'));
  tempDirs.push(dir);
  for (const name of ['manifest.json', 'color.png', 'outline.png']) {
    if (changes.omit?.includes(name)) continue;
    const source = changes.replace?.[name] ?? name;
    await copyFile(path.join(defaultManifestDir, source), path.join(dir, name));
  }
  return dir;
}

async function readTemplate(): Promise<unknown> {
  return JSON.parse(await readFile(path.join(defaultManifestDir, 'manifest.json'), 'utf8'));
}

async function schemaFor(manifest: unknown): Promise<ManifestSchema> {
  const loaded = await loadManifestSchema(manifest);
  if (!loaded.ok) throw new Error(loaded.problem.message);
  return loaded.schema;
}

async function iconFiles(): Promise<Map<string, Uint8Array>> {
  return new Map([
    ['color.png', await readFile(path.join(defaultManifestDir, 'color.png'))],
    ['outline.png', await readFile(path.join(defaultManifestDir, 'outline.png'))],
  ]);
}

function manifestFrom(zip: Uint8Array): { text: string; json: unknown } {
  const entry = unzipSync(zip)['manifest.json'];
  if (!entry) throw new Error('manifest.json is not in the zip');
  const text = strFromU8(entry);
  return { text, json: JSON.parse(text) };
}

describe('building the app package', () => {
  it('builds with a given id: the zip holds exactly manifest.json and the two icons, with the id filled in', async () => {
    const result = await buildAppPackage({
      manifestDir: defaultManifestDir,
      values: { BOT_ID: appId, BOT_DOMAIN: 'bot.northbridge.example' },
    });
    if (!result.ok) throw new Error(result.problems.map((p) => `${p.path}: ${p.message}`).join('\n'));

    expect(Object.keys(unzipSync(result.zip)).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const { text, json } = manifestFrom(result.zip);
    expect(text).not.toContain('${{');
    expect(json).toMatchObject({
      manifestVersion: '1.30',
      id: appId,
      name: { short: 'Safeguarding Assistant' },
      developer: { name: 'Northbridge City Council' },
      bots: [{ botId: appId, scopes: ['personal', 'team', 'groupChat'], supportsFiles: true }],
      validDomains: ['bot.northbridge.example'],
      webApplicationInfo: { id: appId, resource: `api://botid-${appId}` },
    });
  });

  it('offers the same five commands in personal and team scope', async () => {
    const commandList = z.object({
      scopes: z.array(z.string()),
      commands: z.array(z.object({ title: z.string() })),
    });
    const template = z
      .looseObject({ bots: z.array(z.looseObject({ commandLists: z.array(commandList) })) })
      .parse(await readTemplate());
    const commandLists = template.bots[0]?.commandLists ?? [];
    expect(commandLists.map((list) => list.scopes)).toEqual([['personal'], ['team']]);
    for (const list of commandLists) {
      expect(list.commands.map((command) => command.title)).toEqual([
        'help',
        'ask',
        'raise a concern',
        'my concerns',
        'talk to a DSL',
      ]);
    }
  });

  it('leaves validDomains empty when BOT_DOMAIN is not given', async () => {
    const result = await buildAppPackage({
      manifestDir: defaultManifestDir,
      values: { BOT_ID: appId, BOT_DOMAIN: undefined },
    });
    expect(result.ok).toBe(true);
    if (result.ok) expect(manifestFrom(result.zip).json).toMatchObject({ validDomains: [] });
  });

  it('produces byte-identical zips from the same inputs', async () => {
    const values = { BOT_ID: appId, BOT_DOMAIN: undefined };
    const first = await buildAppPackage({ manifestDir: defaultManifestDir, values });
    const second = await buildAppPackage({ manifestDir: defaultManifestDir, values });
    expect(first.ok && second.ok && Buffer.from(first.zip).equals(Buffer.from(second.zip))).toBe(true);
  });

  it('fails on an id that is not a GUID, naming each field that carries it', async () => {
    const result = await buildAppPackage({
      manifestDir: defaultManifestDir,
      values: { BOT_ID: 'not-a-guid', BOT_DOMAIN: undefined },
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual(
      expect.arrayContaining([
        { path: '/id', message: 'must be a GUID, not "not-a-guid"' },
        { path: '/bots/0/botId', message: 'must be a GUID, not "not-a-guid"' },
      ]),
    );
  });

  it('fails when an icon file is missing, naming the icon field', async () => {
    const manifestDir = await manifestDirWith({ omit: ['outline.png'] });
    const result = await buildAppPackage({ manifestDir, values: { BOT_ID: appId, BOT_DOMAIN: undefined } });
    expect(result).toEqual({
      ok: false,
      problems: [{ path: '/icons/outline', message: 'file "outline.png" is missing' }],
    });
  });

  it('fails when an icon has the wrong size', async () => {
    const manifestDir = await manifestDirWith({ replace: { 'outline.png': 'color.png' } });
    const result = await buildAppPackage({ manifestDir, values: { BOT_ID: appId, BOT_DOMAIN: undefined } });
    expect(result).toEqual({
      ok: false,
      problems: [{ path: '/icons/outline', message: '"outline.png" is 192x192 pixels; it must be 32x32' }],
    });
  });

  it('fails when the manifest has no outline icon, naming the field', async () => {
    const filled = fillPlaceholders(await readTemplate(), { BOT_ID: appId, BOT_DOMAIN: undefined });
    const manifest = z
      .looseObject({ icons: z.record(z.string(), z.string()) })
      .parse(structuredClone(filled.manifest));
    delete manifest.icons.outline;
    const problems = validateManifest(manifest, await iconFiles(), await schemaFor(manifest));
    expect(problems).toContainEqual({ path: '/icons/outline', message: 'is required' });
  });

  it('rejects a BOT_DOMAIN given as a URL', async () => {
    const result = await buildAppPackage({
      manifestDir: defaultManifestDir,
      values: { BOT_ID: appId, BOT_DOMAIN: 'https://bot.northbridge.example/' },
    });
    expect(result).toEqual({
      ok: false,
      problems: [
        {
          path: '/validDomains/0',
          message: '"https://bot.northbridge.example/" must be a host name, without scheme or path',
        },
      ],
    });
  });

  it('reports a manifest that is not JSON', async () => {
    const manifestDir = await manifestDirWith();
    await writeFile(path.join(manifestDir, 'manifest.json'), '{ "id": ');
    const result = await buildAppPackage({ manifestDir, values: { BOT_ID: appId, BOT_DOMAIN: undefined } });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems[0]?.message).toMatch(/cannot read .*manifest\.json/);
  });
});

describe('filling placeholders', () => {
  it('replaces placeholders inside longer strings', () => {
    const { manifest, problems } = fillPlaceholders(
      { resource: `api://botid-${placeholder('BOT_ID')}` },
      { BOT_ID: appId },
    );
    expect(problems).toEqual([]);
    expect(manifest).toEqual({ resource: `api://botid-${appId}` });
  });

  it('drops an array item whose optional value is not given, but keeps the other items', () => {
    const { manifest } = fillPlaceholders(
      { validDomains: [placeholder('BOT_DOMAIN'), 'token.botframework.com'] },
      { BOT_DOMAIN: undefined },
    );
    expect(manifest).toEqual({ validDomains: ['token.botframework.com'] });
  });

  it('reports a placeholder with no value at its JSON path', () => {
    const { problems } = fillPlaceholders(
      { bots: [{ botId: placeholder('UNKNOWN') }], id: placeholder('BOT_DOMAIN') },
      { BOT_DOMAIN: undefined },
    );
    expect(problems).toEqual([
      { path: '/bots/0/botId', message: `placeholder ${placeholder('UNKNOWN')} has no value` },
      { path: '/id', message: `placeholder ${placeholder('BOT_DOMAIN')} has no value` },
    ]);
  });

  it('keeps a value with quotes in it as a plain string, adding no properties', () => {
    const { manifest } = fillPlaceholders({ id: placeholder('BOT_ID') }, { BOT_ID: '", "extra": "x' });
    expect(manifest).toEqual({ id: '", "extra": "x' });
  });
});

describe('reading the environment', () => {
  it('requires MicrosoftAppId without --dev', () => {
    expect(readPackageEnv({}, false)).toMatchObject({
      ok: false,
      message: expect.stringContaining('MicrosoftAppId'),
    });
    expect(readPackageEnv({ MicrosoftAppId: '  ' }, false).ok).toBe(false);
  });

  it('uses the all-zero id with a warning under --dev', () => {
    const result = readPackageEnv({ BOT_DOMAIN: 'bot.northbridge.example' }, true);
    expect(result).toMatchObject({
      ok: true,
      values: { BOT_ID: devAppId, BOT_DOMAIN: 'bot.northbridge.example' },
    });
    expect(result.ok && result.warnings).toHaveLength(1);
  });

  it('takes MicrosoftAppId and BOT_DOMAIN as given', () => {
    expect(readPackageEnv({ MicrosoftAppId: appId, BOT_DOMAIN: '' }, false)).toEqual({
      ok: true,
      values: { BOT_ID: appId, BOT_DOMAIN: undefined },
      warnings: [],
    });
  });
});

describe('PNG size and zip', () => {
  it('reads the icon sizes from the IHDR chunk', async () => {
    const icons = await iconFiles();
    expect(readPngSize(icons.get('color.png') ?? new Uint8Array())).toEqual({ width: 192, height: 192 });
    expect(readPngSize(icons.get('outline.png') ?? new Uint8Array())).toEqual({ width: 32, height: 32 });
    expect(readPngSize(new TextEncoder().encode('GIF89a not a png at all, really'))).toBeUndefined();
  });

  it('zips files flat at the root', () => {
    const zip = zipAppPackage(
      new Map([
        ['b.txt', new Uint8Array([2])],
        ['a.txt', new Uint8Array([1])],
      ]),
    );
    expect(unzipSync(zip)).toEqual({ 'a.txt': new Uint8Array([1]), 'b.txt': new Uint8Array([2]) });
  });
});

describe('the command line', () => {
  const run = (args: string[], env: Record<string, string>) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'scripts/build-app-package.ts', ...args], {
      cwd: repoRoot,
      env: { PATH: process.env.PATH ?? '', ...env },
      encoding: 'utf8',
    });

  it('exits 1 with a clear message when MicrosoftAppId is missing', () => {
    const result = run([], {});
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('MicrosoftAppId is not set');
  });

  it('writes the zip and prints its path and size', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'app-package-out-'));
    tempDirs.push(dir);
    const out = path.join(dir, 'appPackage.zip');
    const result = run(['--out', out], { MicrosoftAppId: appId });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(
      /Wrote .*appPackage\.zip \(\d+\.\d KiB\): color\.png, manifest\.json, outline\.png/,
    );
    expect(manifestFrom(await readFile(out)).json).toMatchObject({ id: appId });
  });
});
