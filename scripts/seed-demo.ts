/**
 * `npm run seed:demo`: fills the embedded database the bot uses (DATA_DIR) with a seeded,
 * synthetic year of concerns, triage, announcements and policy questions, so a newcomer sees a
 * meaningful quarterly report in the Agents Playground.
 *
 *   npm run seed:demo [-- --concerns 600] [-- --seed 1] [-- --from 2025-11-24 --to 2026-11-24] [-- --force]
 *
 * Demo data never goes into PostgreSQL: with DATABASE_URL set it refuses. PGlite is one process:
 * two processes on one data folder overwrite each other's changes without an error, so it refuses
 * while the bot (or anything else) has the folder open.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile, readlink, realpath } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/storage/database.ts';
import { generateDemoData, ukInstantMs, ukParts } from './demo-data/generate-demo-data.ts';

function fail(message: string, code = 1): never {
  process.stderr.write(`seed:demo: ${message}\n`);
  process.exit(code);
}

const usage = `Usage: npm run seed:demo [-- options]
  --concerns N   concerns to make (default 600)
  --seed N       the seed: the same seed makes the same data (default 1)
  --from DATE    first day, YYYY-MM-DD (default: a year before --to)
  --to DATE      last day, YYYY-MM-DD (default: today); the data stops at the present moment
  --force        add demo data even though the database already holds concerns (nothing is deleted)
Writes to the embedded database in DATA_DIR (default ./data). Stop the bot first.`;

let flags: ReturnType<typeof parse>;
function parse() {
  return parseArgs({
    options: {
      concerns: { type: 'string' },
      seed: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      force: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  }).values;
}
try {
  flags = parse();
} catch (error) {
  fail(`${error instanceof Error ? error.message : 'the options are not valid'}\n${usage}`, 2);
}
if (flags.help) {
  console.log(usage);
  process.exit(0);
}

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2026-03-31')
  .refine((value) => {
    const parsed = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(value);
  }, 'must be a real date');
const flagsSchema = z.object({
  concerns: z.coerce.number().int().min(0).max(1_000_000).default(600),
  seed: z.coerce.number().int().min(0).max(4_294_967_295).default(1),
  from: day.optional(),
  to: day.optional(),
});
const parsedFlags = flagsSchema.safeParse(flags);
if (!parsedFlags.success)
  fail(
    `${parsedFlags.error.issues.map((issue) => `--${issue.path.join('.')} ${issue.message}`).join('; ')}\n${usage}`,
    2,
  );
const options = parsedFlags.data;

const loaded = loadConfig(process.env);
if (!loaded.ok) fail(`the configuration is invalid:\n  ${loaded.problems.join('\n  ')}`, 2);
const config = loaded.config;
if (config.DATABASE_URL)
  fail(
    'DATABASE_URL is set. Demo data only ever goes into the embedded database, never into PostgreSQL: unset DATABASE_URL to seed ./data.',
    2,
  );

// The period: whole UK days, ending now at the latest.
const now = Date.now();
const today = ukParts(now).day;
const toDay = options.to ?? today;
const fromDay =
  options.from ??
  new Date(Date.UTC(Number(toDay.slice(0, 4)) - 1, Number(toDay.slice(5, 7)) - 1, Number(toDay.slice(8, 10))))
    .toISOString()
    .slice(0, 10);
const fromMs = ukInstantMs(fromDay, 0);
const toMs = Math.min(now, ukInstantMs(toDay, 24 * 60) - 1);
if (fromMs >= now) fail(`--from ${fromDay} is in the future.`, 2);
if (toMs <= fromMs) fail(`--to ${toDay} must come after --from ${fromDay}.`, 2);

const dataDir = resolve(config.DATA_DIR, 'db');
await refuseWhenInUse(dataDir);

/** A refusal found once the database is open: reported after it is closed cleanly. */
class Refusal extends Error {}

const started = performance.now();
const database = await openDatabase({ kind: 'pglite', dataDir });
let report: string;
try {
  report = await seed();
} catch (error) {
  if (!(error instanceof Refusal)) throw error;
  await database.close();
  fail(error.message);
}
await database.close();
console.log(report);

async function seed(): Promise<string> {
  const existing = await database.db
    .selectFrom('concerns')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  if (Number(existing.n) > 0 && !flags.force)
    throw new Refusal(
      `the database in ${shown(dataDir)} already holds ${Number(existing.n).toLocaleString('en-GB')} concerns. Demo data is for a new database: use another DATA_DIR, or add --force to add demo data alongside them (nothing is deleted).`,
    );
  const summary = await generateDemoData(database.db, {
    from: new Date(fromMs),
    to: new Date(toMs),
    concerns: options.concerns,
    seed: options.seed,
    config,
  }).catch((error: unknown) => {
    // A second run with the same seed makes the same ids: say so instead of a bare constraint error.
    if (typeof error === 'object' && error !== null && 'code' in error && error.code === '23505')
      throw new Refusal(
        `demo data with seed ${options.seed} is already in this database: use another --seed. Nothing was added.`,
      );
    throw error;
  });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const count = (value: number, one: string, many = `${one}s`) =>
    `${value.toLocaleString('en-GB')} ${value === 1 ? one : many}`;
  return [
    `Demo data written to ${shown(dataDir)} in ${seconds} s (seed ${options.seed}, ${fromDay} to ${ukParts(toMs).day}):`,
    `  ${count(summary.concerns, 'concern')} with ${count(summary.events, 'chronology event')}`,
    `  ${count(summary.announcements, 'announcement')} with ${count(summary.deliveries, 'delivery', 'deliveries')}`,
    `  ${count(summary.qaOutcomes, 'policy question')}, ${count(summary.qaFeedback, '"was this helpful?" answer')}, ${count(summary.sharedQuestions, 'shared question')}`,
    'Every name and text in it is synthetic ("Demo ..."). `npm run verify:chronology` checks every hash chain.',
    '',
    'Now run npm start and type `report` in the Playground.',
    '(The report is for coordinators and DSLs: .m365agentsplayground.yml says how to give yourself the role.)',
  ].join('\n');
}

function shown(path: string): string {
  const relativePath = relative(process.cwd(), path);
  return relativePath.startsWith('..') ? path : `./${relativePath}`;
}

/**
 * PGlite has no lock of its own: a second process opens the same folder happily and the last
 * one to write wins (tried: two processes inserting into one folder, only one's rows survived).
 * While open, PGlite keeps the folder's files open, so on Linux the open files in /proc name the
 * process holding it. Elsewhere, postmaster.pid (written on open, removed on a clean close) and
 * the bot's /healthz are what there is to go on.
 */
async function refuseWhenInUse(dir: string): Promise<void> {
  if (!existsSync(dir)) return;
  const stopFirst = 'Stop the bot (Ctrl+C where npm start runs), then run npm run seed:demo again.';
  if (process.platform === 'linux') {
    const holder = await processHolding(await realpath(dir));
    if (holder)
      fail(
        `the embedded database in ${shown(dir)} is open in another process (pid ${holder.pid}: ${holder.command}). PGlite serves one process at a time: writing demo data now would be lost or lose the bot's own changes. ${stopFirst}`,
      );
    return;
  }
  const botUrl = `http://${config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST}:${config.PORT}/healthz`;
  const answering = await fetch(botUrl, { signal: AbortSignal.timeout(1_000) }).then(
    (response) => response.ok,
    () => false,
  );
  if (answering) fail(`the bot is answering at ${botUrl}. ${stopFirst}`);
  if (existsSync(join(dir, 'postmaster.pid')))
    fail(
      `${shown(join(dir, 'postmaster.pid'))} says the embedded database is open. ${stopFirst} If the bot is not running, it was stopped abruptly: start it once and stop it with Ctrl+C, then run this again.`,
    );
}

async function processHolding(dir: string): Promise<{ pid: string; command: string } | undefined> {
  const inside = `${dir}/`;
  const pids = (await readdir('/proc')).filter((name) => /^\d+$/.test(name) && name !== String(process.pid));
  for (const pid of pids) {
    let fds: string[];
    try {
      fds = await readdir(`/proc/${pid}/fd`);
    } catch {
      // Gone since the listing, or another user's process: not readable, so not ours to judge.
      continue;
    }
    for (const fd of fds) {
      // An fd closed since the listing has no target: it holds nothing.
      const target = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
      if (target === dir || target.startsWith(inside)) {
        const command = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
        return { pid, command: command.split('\0').filter(Boolean).join(' ').slice(0, 120) || 'unknown' };
      }
    }
  }
  return undefined;
}
