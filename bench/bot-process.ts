import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/** A free loopback port, for a child server. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface BotProcess {
  url: string;
  child: ChildProcess;
  dataDir: string;
  /** Milliseconds from spawn to the "ready" log line, and the RSS the bot reported then. */
  readyMs: number;
  rssMb: number;
  stop(signal?: NodeJS.Signals): Promise<void>;
  rssNowMb(): number;
}

/** Starts `npm start`'s command as a child process and waits for its ready line. */
export async function startBotProcess(
  options: { env?: Record<string, string>; dataDir?: string } = {},
): Promise<BotProcess> {
  const port = await freePort();
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'sa-bench-')));
  const started = performance.now();
  // BENCH_BOT_NODE_ARGS adds Node flags to the bot only, to see where a turn's time goes:
  // "--cpu-prof --cpu-prof-dir=/tmp/prof" (written on stop) or "--trace-gc" (printed to stderr).
  const nodeArgs = (process.env.BENCH_BOT_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'src/main.ts'], {
    // info: the ready line is how the bench knows the bot listens; turns log nothing at info.
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, ...options.env, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const ready = await new Promise<{ rssMb: number }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('bot did not become ready in 60 s')), 60_000);
    child.once('exit', (code) => reject(new Error(`bot exited early with ${code}`)));
    lines.on('line', (line) => {
      // The bot's stdout is its JSON log; anything else is Node's own output (a flag's report).
      if (!line.startsWith('{')) process.stderr.write(`bot: ${line}\n`);
      if (!line.includes('"Safeguarding Assistant is ready"')) return;
      clearTimeout(timer);
      const rss = /"rssMb":(\d+)/.exec(line);
      resolve({ rssMb: Number(rss?.[1] ?? 0) });
    });
  });
  const readyMs = performance.now() - started;
  return {
    url: `http://127.0.0.1:${port}`,
    child,
    dataDir,
    readyMs,
    rssMb: ready.rssMb,
    rssNowMb: () => {
      try {
        const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
        return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
      } catch {
        return 0;
      }
    },
    async stop(signal = 'SIGTERM') {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill(signal);
      await exited;
      if (!options.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
