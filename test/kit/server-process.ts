import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '../..');
const readyPattern =
  /"url":"([^"]+)".*"msg":"Safeguarding Assistant is ready"|"msg":"Safeguarding Assistant is ready".*"url":"([^"]+)"/;

export interface ServerProcess {
  child: ChildProcess;
  /** The Bot Framework endpoint, e.g. http://127.0.0.1:40123/api/messages. */
  url: string;
  exited: Promise<number | null>;
  post(activity: unknown): Promise<{ status: number; body: unknown }>;
  kill(): Promise<void>;
  stop(): Promise<void>;
}

/** Every server started, so a failed test can make sure none is left running. */
const started: ChildProcess[] = [];

/**
 * `npm start` as a child process (node --import tsx src/main.ts) on a test's data folder, for
 * tests that must kill the real server (SIGKILL) and start it again.
 */
export async function startServerProcess(
  dataDir: string,
  env: Record<string, string> = {},
): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: repoRoot,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      NODE_ENV: 'development',
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start: ${stderr}`)), 30_000);
    void exited.then((code) => reject(new Error(`server exited (${code}) before it was ready: ${stderr}`)));
    if (!child.stdout) return;
    createInterface({ input: child.stdout }).on('line', (line) => {
      const match = readyPattern.exec(line);
      if (match) {
        clearTimeout(timer);
        resolve(match[1] ?? match[2] ?? '');
      }
    });
  });
  return {
    child,
    url,
    exited,
    async post(activity) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(activity),
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : undefined };
    },
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Kills any server a test started and did not stop (after a failure). */
export function killLeftoverServers(): void {
  for (const child of started)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}
