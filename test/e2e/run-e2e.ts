/**
 * End-to-end run: the real bot and the Microsoft 365 Agents Playground as child processes, and a
 * headless Chromium clicking through the Playground as a person would. Self-contained (not
 * vitest): `npm run test:e2e`. Prints `N passed, M failed` last and exits non-zero on failure.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type BrowserContext, chromium } from 'playwright-core';
import type { ChildService } from './child-service.ts';
import { dslWelcomeScenario } from './dsl-welcome.ts';
import type { PersonaName } from './personas.ts';
import { PlaygroundPage } from './playground-page.ts';
import { quarterlyReportScenario } from './quarterly-report.ts';
import { raiseConcernScenario } from './raise-concern.ts';
import type { Scenario, StepContext, Timeouts } from './scenario.ts';
import { type RunningBot, readLastLines, startBot, startPlayground } from './start-stack.ts';
import { welcomeAndHelpScenario } from './welcome-and-help.ts';

const scenarios: readonly Scenario[] = [
  welcomeAndHelpScenario(),
  dslWelcomeScenario(),
  raiseConcernScenario(),
  quarterlyReportScenario(),
];

/** The whole run, start-up and clean-up included, must finish inside three minutes on a 2-core box. */
const runLimitMs = 170_000;
const botStartMs = 90_000;
const playgroundStartMs = 30_000;
const pageOpenMs = 30_000;
const stepLimitMs = 45_000;
const timeouts: Timeouts = { ui: 10_000, botReply: 20_000 };

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const execFileAsync = promisify(execFile);
const resultsDir = join(repoRoot, 'test-results');

interface Outcome {
  passed: number;
  failed: number;
  skipped: number;
}

function seconds(sinceMs: number): string {
  return `${((performance.now() - sinceMs) / 1000).toFixed(1)} s`;
}

function describeError(error: unknown): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing terminal colour codes is the point
  const text = (error instanceof Error ? error.message : String(error)).replace(/\u001b\[[0-9;]*m/g, '');
  // Playwright appends a call log (useful: what it waited for) and the browser's own log (noise).
  const [beforeBrowserLog = text] = text.split(/\n\s*Browser logs:/);
  return beforeBrowserLog
    .split('\n')
    .filter((line) => line.trim() !== '')
    .slice(0, 6)
    .map((line) => (line.length > 300 ? `${line.slice(0, 300)}…` : line))
    .join('\n');
}

/** Set by Ctrl+C / SIGTERM: the run is being torn down, so failures from here on are not findings. */
let interrupted = false;
let tearDown: Promise<void> | undefined;

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}

class E2eRun {
  private bot: RunningBot | undefined;
  private browser: BrowserContext | undefined;
  /** The Playground logs start-up errors (a bad config file) only to its log file. */
  private readonly playgroundLogs = new Map<ChildService, string>();
  private readonly pages = new Map<PersonaName, Promise<PlaygroundPage>>();
  private readonly openedPages = new Map<PersonaName, PlaygroundPage>();
  private readonly services: ChildService[] = [];
  private failureShots = 0;
  /** The persona whose tab is in front: Chromium throttles animation frames in background tabs. */
  private frontPersona: PersonaName | undefined;

  constructor(private readonly workDir: string) {}

  async start(): Promise<void> {
    const started = performance.now();
    if (!existsSync(chromiumPath)) {
      throw new Error(
        `no Chromium at ${chromiumPath}: install it with "apt-get install -y chromium" or set CHROMIUM_PATH`,
      );
    }
    const dataDir = join(this.workDir, 'data');
    const profileDir = join(this.workDir, 'chromium-profile');
    await Promise.all([mkdir(dataDir), mkdir(profileDir)]);
    // A year of synthetic concerns, as a newcomer gets with "npm run seed:demo", so the quarterly
    // report has figures to chart; the bot starts on the same data folder afterwards.
    const seeding = performance.now();
    await execFileAsync(process.execPath, ['--import', 'tsx', 'scripts/seed-demo.ts', '--concerns', '600'], {
      cwd: repoRoot,
      env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'warn' },
      timeout: 60_000,
    });
    console.log(`e2e: demo data seeded in ${seconds(seeding)}`);
    const track = (service: ChildService) => this.services.push(service);
    // Each is kept as soon as it exists, so that a failure of the other still gets it stopped.
    const [bot] = await Promise.all([
      startBot({ repoRoot, dataDir, timeoutMs: botStartMs, track }).then((running) => {
        this.bot = running;
        return running;
      }),
      chromium
        .launchPersistentContext(profileDir, {
          executablePath: chromiumPath,
          args: chromiumArgs,
          viewport: { width: 1280, height: 900 },
        })
        .then((browser) => {
          this.browser = browser;
        }),
    ]);
    console.log(`e2e: bot ready on port ${bot.port} and Chromium up in ${seconds(started)}`);
  }

  context(): StepContext {
    return {
      as: (persona) => this.frontPageFor(persona),
      screenshot: async (persona, name, of) => {
        const page = await this.pageFor(persona);
        const path = join(resultsDir, `${name}.png`);
        if (of) await page.screenshotOf(of, path, timeouts.ui);
        else await page.screenshot(path);
        return path;
      },
      timeouts,
    };
  }

  /**
   * The persona's page, brought to the front when another persona's tab was: in a background tab
   * Playwright's waits for a stable element (scrolling, element screenshots) take seconds.
   */
  private async frontPageFor(persona: PersonaName): Promise<PlaygroundPage> {
    const page = await this.pageFor(persona);
    if (this.frontPersona !== persona) {
      await page.page.bringToFront();
      this.frontPersona = persona;
    }
    return page;
  }

  private pageFor(persona: PersonaName): Promise<PlaygroundPage> {
    let page = this.pages.get(persona);
    if (!page) {
      page = this.openPage(persona);
      this.pages.set(persona, page);
    }
    return page;
  }

  private async openPage(persona: PersonaName): Promise<PlaygroundPage> {
    if (!this.bot || !this.browser) throw new Error('the run has not started');
    const started = performance.now();
    const playground = await startPlayground({
      botPort: this.bot.port,
      workDir: this.workDir,
      actAs: persona,
      timeoutMs: playgroundStartMs,
      track: (service, logFile) => {
        this.services.push(service);
        this.playgroundLogs.set(service, logFile);
      },
    });
    const page = new PlaygroundPage(await this.browser.newPage(), playground.url);
    this.openedPages.set(persona, page);
    await page.open(pageOpenMs);
    console.log(`  (Playground as ${persona} at ${playground.url}, open in ${seconds(started)})`);
    return page;
  }

  async screenshotFailure(): Promise<string[]> {
    const paths: string[] = [];
    for (const [persona, page] of this.openedPages) {
      this.failureShots += 1;
      const path = join(resultsDir, `e2e-failure-${this.failureShots}-${persona}.png`);
      try {
        await withTimeout(page.screenshot(path), 10_000, 'the failure screenshot');
        paths.push(path);
      } catch (error) {
        console.log(`      (no screenshot of the ${persona} page: ${describeError(error)})`);
      }
    }
    return paths;
  }

  async printChildLogs(): Promise<void> {
    for (const [service, logFile] of this.playgroundLogs) {
      service.addLines((await readLastLines(logFile, 15)).map((line) => `[log file] ${line}`));
    }
    for (const service of this.services) {
      const state = service.exitDescription();
      console.log(`\n--- last lines of ${service.name}${state ? ` (${state})` : ''} ---`);
      const lines = service.recentLines();
      console.log(lines.length > 0 ? lines.join('\n') : '(no output)');
    }
  }

  async stop(): Promise<void> {
    if (this.browser) {
      await withTimeout(this.browser.close(), 10_000, 'closing Chromium').catch((error: unknown) =>
        console.log(`e2e: ${describeError(error)}`),
      );
    }
    await Promise.all(this.services.map((service) => service.stop()));
  }

  /** Synchronous last resort when the process is exiting anyway. */
  killAll(): void {
    for (const service of this.services) service.killNow();
  }
}

/** Counts into `outcome` as it goes, so a run cut short by the time limit still reports its steps. */
async function runScenarios(run: E2eRun, outcome: Outcome): Promise<void> {
  const context = run.context();
  for (const scenario of scenarios) {
    console.log(`\n${scenario.name}`);
    let failedEarlier = false;
    for (const step of scenario.steps) {
      if (interrupted) return;
      if (failedEarlier) {
        outcome.skipped += 1;
        console.log(`  - skipped: ${step.name}`);
        continue;
      }
      const started = performance.now();
      try {
        await withTimeout(step.run(context), step.timeoutMs ?? stepLimitMs, `the step "${step.name}"`);
        outcome.passed += 1;
        console.log(`  ✓ ${step.name} (${seconds(started)})`);
      } catch (error) {
        if (interrupted) return;
        outcome.failed += 1;
        failedEarlier = !step.independent;
        console.log(`  ✗ ${step.name} (${seconds(started)})`);
        console.log(
          `      in scenario "${scenario.name}": ${describeError(error).replaceAll('\n', '\n      ')}`,
        );
        for (const path of await run.screenshotFailure()) {
          console.log(`      screenshot: ${relative(process.cwd(), path)}`);
        }
      }
    }
  }
}

async function clearOldResults(): Promise<void> {
  await mkdir(resultsDir, { recursive: true });
  for (const name of await readdir(resultsDir)) {
    if (name.startsWith('e2e-') && name.endsWith('.png')) await rm(join(resultsDir, name));
  }
}

async function main(): Promise<number> {
  const started = performance.now();
  await clearOldResults();
  const workDir = await mkdtemp(join(tmpdir(), 'safeguarding-e2e-'));
  const run = new E2eRun(workDir);
  process.once('exit', () => run.killAll());
  const stopOnSignal = (signal: NodeJS.Signals) => {
    if (interrupted) return;
    interrupted = true;
    console.log(`\ne2e: ${signal}, stopping the bot and the Playground`);
    tearDown = run.stop().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.once('SIGINT', stopOnSignal);
  process.once('SIGTERM', stopOnSignal);

  const outcome: Outcome = { passed: 0, failed: 0, skipped: 0 };
  try {
    const work = (async () => {
      await run.start();
      await runScenarios(run, outcome);
    })();
    await withTimeout(work, runLimitMs, 'the e2e run');
  } catch (error) {
    if (tearDown) await tearDown;
    outcome.failed += 1;
    console.log(`\ne2e: ${describeError(error)}`);
    for (const path of await run.screenshotFailure()) {
      console.log(`      screenshot: ${relative(process.cwd(), path)}`);
    }
  }

  if (tearDown) await tearDown;
  if (outcome.failed > 0) await run.printChildLogs();
  await run.stop();
  if (outcome.failed > 0) {
    console.log(`\ne2e: kept the bot's database and the Playground logs in ${workDir}`);
  } else {
    await rm(workDir, { recursive: true, force: true });
  }
  console.log(
    `\ne2e: finished in ${seconds(started)}; screenshots in ${relative(process.cwd(), resultsDir)}/`,
  );
  if (outcome.skipped > 0) console.log(`${outcome.skipped} skipped after a failure`);
  console.log(`${outcome.passed} passed, ${outcome.failed} failed`);
  return outcome.failed > 0 ? 1 : 0;
}

// Exit explicitly: a step abandoned at its time limit may still hold a timer or a socket.
process.exit(await main());
