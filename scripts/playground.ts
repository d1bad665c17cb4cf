/**
 * Starts the Microsoft 365 Agents Playground (a local Teams-like client) pointed at the bot.
 * It does not start the bot: run `npm start` in one terminal and this in another.
 *
 *   npm run playground [-- --port 56150] [-- --open]
 *
 * PORT is the bot's port (default 3978). Mock users and chats come from
 * .m365agentsplayground.yml (M365_AGENTS_PLAYGROUND_CONFIG_PATH overrides it); its
 * comments say how to act as a DSL or coordinator.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';

const repoRoot = path.resolve(import.meta.dirname, '..');
const defaultConfigFile = path.join(repoRoot, '.m365agentsplayground.yml');
const require = createRequire(import.meta.url);

const portSchema = z.coerce.number().int().min(1).max(65535);

function fail(message: string): never {
  process.stderr.write(`playground: ${message}\n`);
  process.exit(2);
}

const { values: flags } = parseArgs({
  options: {
    port: { type: 'string' },
    open: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (flags.help) {
  console.log('Usage: npm run playground [-- --port <playground port, default 56150>] [-- --open]');
  console.log('The bot must be running (npm start); PORT selects its port (default 3978).');
  process.exit(0);
}

const botPort = portSchema.safeParse(process.env.PORT ?? '3978');
if (!botPort.success) fail(`PORT must be a port number, got "${process.env.PORT}"`);
const playgroundPort = portSchema.safeParse(flags.port ?? process.env.PLAYGROUND_PORT ?? '56150');
if (!playgroundPort.success) fail('--port (or PLAYGROUND_PORT) must be a port number');

const botBase = `http://127.0.0.1:${botPort.data}`;
const endpoint = `${botBase}/api/messages`;
// The Playground writes ./devTools/m365agentsplayground.log by default; keep it out of the repo.
const logFile = process.env.M365_AGENTS_PLAYGROUND_LOGFILE ?? path.join(tmpdir(), 'm365agentsplayground.log');
const configFile = process.env.M365_AGENTS_PLAYGROUND_CONFIG_PATH ?? defaultConfigFile;

async function botAnswers(): Promise<boolean> {
  try {
    const response = await fetch(`${botBase}/healthz`, { signal: AbortSignal.timeout(1_500) });
    return response.ok;
  } catch (error) {
    if (error instanceof TypeError || (error instanceof DOMException && error.name === 'TimeoutError')) {
      return false;
    }
    throw error;
  }
}

if (!(await botAnswers())) {
  console.log(`playground: the bot is not answering at ${botBase} (GET /healthz).`);
  console.log(`            Start it in another terminal first:  PORT=${botPort.data} npm start`);
  console.log('            The Playground will connect once the bot is up.');
}
if (!existsSync(configFile)) fail(`no Playground configuration at ${configFile}`);

const child = spawn(
  process.execPath,
  [
    require.resolve('@microsoft/m365agentsplayground/cli.js'),
    '--app-endpoint',
    endpoint,
    '--channel-id',
    'msteams',
    '--port',
    String(playgroundPort.data),
    // Council data: no usage telemetry leaves the machine from a local test client.
    '--disable-telemetry',
  ],
  {
    cwd: repoRoot,
    stdio: ['inherit', 'pipe', 'inherit'],
    env: {
      ...process.env,
      TEAMSAPPTESTER_BROWSER: flags.open ? process.env.TEAMSAPPTESTER_BROWSER : 'none',
      M365_AGENTS_PLAYGROUND_LOGFILE: logFile,
      M365_AGENTS_PLAYGROUND_CONFIG_PATH: configFile,
    },
  },
);

child.stdout?.setEncoding('utf8');
child.stdout?.on('data', (chunk: string) => {
  process.stdout.write(chunk);
  // It falls back to a random port when the requested one is taken: report the one it chose.
  const listening = chunk.match(/Listening on (\d+)/);
  if (listening) {
    console.log(`\nAgents Playground for Safeguarding Assistant: open http://localhost:${listening[1]}`);
    console.log(`  bot endpoint: ${endpoint}`);
    const shownConfig = path.relative(process.cwd(), configFile);
    console.log(`  mock users:   ${shownConfig.startsWith('..') ? configFile : shownConfig}`);
    console.log(`  its log:      ${logFile}`);
    console.log('  Ctrl+C to stop.\n');
  }
});

let stopRequests = 0;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    stopRequests += 1;
    // A second Ctrl+C means "now".
    child.kill(stopRequests > 1 ? 'SIGKILL' : signal);
  });
}

child.on('exit', (code, signal) => {
  if (code !== 0 && signal === null && stopRequests === 0) {
    // Start-up errors (a bad config file, say) go only to its log file.
    console.log(`playground: the Agents Playground exited with code ${code}. Its log (${logFile}) ends:`);
    const lines = existsSync(logFile) ? readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-8) : [];
    for (const line of lines) console.log(`  ${line}`);
  }
  process.exit(code ?? 0);
});
