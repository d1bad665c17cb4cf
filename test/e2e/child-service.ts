import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** How many output lines of a child to keep for the failure report. */
const keptLines = 40;

/**
 * A child process in its own process group (so the whole group can be ended), whose recent output
 * is kept for the failure report and whose lines can be waited for.
 */
export class ChildService {
  private readonly lines: string[] = [];
  private readonly lineListeners = new Set<(line: string) => void>();
  private exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  private readonly exitPromise: Promise<void>;

  private constructor(
    readonly name: string,
    private readonly child: ChildProcess,
  ) {
    this.exitPromise = new Promise((resolveExit) => {
      child.once('exit', (code, signal) => {
        this.exited = { code, signal };
        resolveExit();
      });
    });
    for (const stream of [child.stdout, child.stderr]) {
      let partial = '';
      stream?.setEncoding('utf8');
      stream?.on('data', (chunk: string) => {
        const parts = (partial + chunk).split('\n');
        partial = parts.pop() ?? '';
        for (const line of parts) this.record(line);
      });
    }
  }

  static start(
    name: string,
    args: readonly string[],
    options: { cwd: string; env: NodeJS.ProcessEnv },
  ): ChildService {
    // process.execPath, not npx: the pid we hold is then node itself and the group kill reaches it.
    const child = spawn(process.execPath, args, {
      cwd: options.cwd,
      env: options.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new ChildService(name, child);
  }

  private record(line: string): void {
    const trimmed = line.trimEnd();
    if (trimmed === '') return;
    this.lines.push(trimmed);
    if (this.lines.length > keptLines) this.lines.shift();
    for (const listener of this.lineListeners) listener(trimmed);
  }

  /** Adds lines from elsewhere (a log file the child writes) to the failure report. */
  addLines(lines: readonly string[]): void {
    for (const line of lines) this.record(line);
  }

  recentLines(): readonly string[] {
    return this.lines;
  }

  exitDescription(): string | undefined {
    if (!this.exited) return undefined;
    return this.exited.signal ? `killed by ${this.exited.signal}` : `exited with code ${this.exited.code}`;
  }

  /** Resolves with the first match of `pattern` in the output; rejects on exit or timeout. */
  waitForLine(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
    return new Promise((resolveLine, rejectLine) => {
      const finish = (outcome: () => void) => {
        clearTimeout(timer);
        this.lineListeners.delete(listener);
        outcome();
      };
      const listener = (line: string) => {
        const match = line.match(pattern);
        if (match) finish(() => resolveLine(match));
      };
      const timer = setTimeout(
        () =>
          finish(() =>
            rejectLine(new Error(`${this.name} printed no line matching ${pattern} in ${timeoutMs} ms`)),
          ),
        timeoutMs,
      );
      for (const line of this.lines) {
        const match = line.match(pattern);
        if (match) {
          finish(() => resolveLine(match));
          return;
        }
      }
      this.lineListeners.add(listener);
      this.exitPromise.then(() =>
        finish(() => rejectLine(new Error(`${this.name} ${this.exitDescription()} before it was ready`))),
      );
    });
  }

  /** Polls `probe` until it is true; fails early if the child exits. */
  async waitUntil(description: string, probe: () => Promise<boolean>, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.exited) throw new Error(`${this.name} ${this.exitDescription()} before ${description}`);
      if (await probe()) return;
      await sleep(250);
    }
    throw new Error(`${this.name}: ${description} did not happen within ${timeoutMs} ms`);
  }

  /** SIGTERM to the whole process group, SIGKILL if it has not gone after `graceMs`. */
  async stop(graceMs = 5_000): Promise<void> {
    if (this.exited || this.child.pid === undefined) return;
    signalGroup(this.child.pid, 'SIGTERM');
    const gone = await Promise.race([this.exitPromise.then(() => true), sleep(graceMs).then(() => false)]);
    if (!gone) {
      signalGroup(this.child.pid, 'SIGKILL');
      await Promise.race([this.exitPromise, sleep(2_000)]);
    }
  }

  /** Last resort from a synchronous exit handler: no waiting possible. */
  killNow(): void {
    if (!this.exited && this.child.pid !== undefined) signalGroup(this.child.pid, 'SIGKILL');
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch (error) {
    // ESRCH: the group has already gone, which is what we wanted.
    if (!(error instanceof Error && 'code' in error && error.code === 'ESRCH')) throw error;
  }
}

/** A port that was free a moment ago (the OS picks it); good enough for a test run on one box. */
export function findFreePort(): Promise<number> {
  return new Promise((resolvePort, rejectPort) => {
    const server = createServer();
    server.unref();
    server.once('error', rejectPort);
    server.listen(0, () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolvePort(address.port);
        else rejectPort(new Error('could not read the free port'));
      });
    });
  });
}

/** True when `url` answers 2xx within a second. */
export async function answersOk(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(1_000) });
    return response.ok;
  } catch (error) {
    // Refused or timed out: not up yet. Anything else is a bug in the caller.
    if (error instanceof TypeError || (error instanceof DOMException && error.name === 'TimeoutError'))
      return false;
    throw error;
  }
}
