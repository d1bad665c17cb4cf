import { mkdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { answersOk, ChildService, findFreePort } from './child-service.ts';
import { type PersonaName, roleEnvironment, tenantId, writePlaygroundConfig } from './personas.ts';

const require = createRequire(import.meta.url);

export interface RunningBot {
  service: ChildService;
  port: number;
}

export interface RunningPlayground {
  service: ChildService;
  url: string;
}

/**
 * The bot as `npm start` runs it, in local mode (no Bot Framework auth) with a fresh embedded
 * database, the e2e tenant allowed and the personas' roles. Ready when /readyz answers.
 */
export async function startBot(options: {
  repoRoot: string;
  dataDir: string;
  timeoutMs: number;
  /** Called as soon as the process exists, so the caller can stop it even if it never gets ready. */
  track: (service: ChildService) => void;
}): Promise<RunningBot> {
  const port = await findFreePort();
  const service = ChildService.start('bot', ['--import', 'tsx', 'src/main.ts'], {
    cwd: options.repoRoot,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      DATA_DIR: options.dataDir,
      DATABASE_URL: '',
      MicrosoftAppId: '',
      MicrosoftAppPassword: '',
      ALLOWED_TENANT_IDS: tenantId,
      ...roleEnvironment(),
    },
  });
  options.track(service);
  // LOG_LEVEL=warn hides the "ready" line, so readiness comes from the health route.
  await service.waitUntil(
    'answering /readyz',
    () => answersOk(`http://127.0.0.1:${port}/readyz`),
    options.timeoutMs,
  );
  return { service, port };
}

/** The Agents Playground pointed at the bot, signed in as `actAs`, no browser of its own. */
export async function startPlayground(options: {
  botPort: number;
  workDir: string;
  actAs: PersonaName;
  timeoutMs: number;
  /** Called as soon as the process exists; `logFile` is where it writes start-up errors. */
  track: (service: ChildService, logFile: string) => void;
}): Promise<RunningPlayground> {
  const dir = join(options.workDir, `playground-${options.actAs}`);
  await mkdir(dir, { recursive: true });
  const configFile = join(dir, 'playground.yml');
  const logFile = join(dir, 'playground.log');
  await writePlaygroundConfig(configFile, options.actAs);
  const requestedPort = await findFreePort();
  const service = ChildService.start(
    `playground (${options.actAs})`,
    [
      require.resolve('@microsoft/m365agentsplayground/cli.js'),
      '--app-endpoint',
      `http://127.0.0.1:${options.botPort}/api/messages`,
      '--channel-id',
      'msteams',
      '--port',
      String(requestedPort),
      '--disable-telemetry',
    ],
    {
      // Its working directory gets a devTools/ folder; keep that out of the repository.
      cwd: dir,
      env: {
        ...process.env,
        TEAMSAPPTESTER_BROWSER: 'none',
        M365_AGENTS_PLAYGROUND_CONFIG_PATH: configFile,
        M365_AGENTS_PLAYGROUND_LOGFILE: logFile,
      },
    },
  );
  options.track(service, logFile);
  // It falls back to a random port when the requested one is taken, so read the one it chose.
  const [, port] = await service.waitForLine(/Listening on (\d+)/, options.timeoutMs);
  const url = `http://127.0.0.1:${port}`;
  await service.waitUntil('answering /_debug/ping', () => answersOk(`${url}/_debug/ping`), options.timeoutMs);
  return { service, url };
}

/** The last lines of a log file, for the failure report (none when it does not exist yet). */
export async function readLastLines(file: string, lastLines: number): Promise<string[]> {
  try {
    const text = await readFile(file, 'utf8');
    return text
      .split('\n')
      .filter((line) => line.trim() !== '')
      .slice(-lastLines);
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return [];
    throw error;
  }
}
