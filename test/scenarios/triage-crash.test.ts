import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verbs } from '../../src/cards/verbs.ts';
import { installActivity, personalConversationId, type TestUser } from '../kit/activities.ts';
import { ChatUser } from '../kit/concern-driver.ts';
import { ConnectorStandIn } from '../kit/connector-stand-in.ts';
import { createDataDir } from '../kit/data-dir-database.ts';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '../..');
const dsls: TestUser[] = [1, 2, 3, 4].map((n) => ({
  aadObjectId: `dddddddd-5555-4000-8000-00000000000${n}`,
  name: `DSL ${n}`,
}));
const reporter: TestUser = { aadObjectId: 'aaaaaaaa-5555-4000-8000-000000000001', name: 'Kai Staff' };

interface ServerProcess {
  child: ChildProcess;
  exited: Promise<number | null>;
  post(activity: unknown): Promise<{ status: number; body: unknown }>;
}

/** Every server this file started, so a failed test never leaves one running. */
const started: ChildProcess[] = [];

/** `npm start` as a child process on the test's data folder, with four DSLs. */
async function startServer(dataDir: string): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: repoRoot,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      NODE_ENV: 'development',
      PORT: '0',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      DSL_USERS: dsls.map((user) => user.aadObjectId).join(','),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server did not start')), 30_000);
    void exited.then((code) => reject(new Error(`server exited (${code}) before it was ready`)));
    if (!child.stdout) return;
    createInterface({ input: child.stdout }).on('line', (line) => {
      const match =
        /"url":"([^"]+)".*"msg":"Safeguarding Assistant is ready"|"msg":"Safeguarding Assistant is ready".*"url":"([^"]+)"/.exec(
          line,
        );
      if (match) {
        clearTimeout(timer);
        resolve(match[1] ?? match[2] ?? '');
      }
    });
  });
  started.push(child);
  return {
    child,
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
  };
}

describe('the server is killed (SIGKILL) in the middle of the DSL fan-out', () => {
  let data: Awaited<ReturnType<typeof createDataDir>>;
  const connector = new ConnectorStandIn();
  beforeAll(async () => {
    data = await createDataDir({ subdir: 'db' });
    await connector.start();
  });
  afterAll(async () => {
    for (const child of started)
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await connector.stop();
    await data.dispose();
  });

  it('after a restart every DSL has the card exactly once, and the chronology verifies', async () => {
    const first = await startServer(data.root);
    for (const user of dsls) await first.post(installActivity({ serviceUrl: connector.url, user }));
    await connector.waitFor((calls) => calls.filter((call) => call.kind === 'send').length >= dsls.length);
    // Teams throttles the fourth DSL's chat with a long Retry-After: the bot is killed while it waits.
    const fourth = `a:personal-${dsls[3]?.aadObjectId}`;
    connector.fail({
      status: 429,
      retryAfterSeconds: 20,
      times: 1,
      match: (call) => call.kind === 'send' && call.conversationId === fourth,
    });

    const chat = new ChatUser({ post: first.post, connector }, reporter);
    await chat.say('raise a concern');
    await chat.press(verbs.concernNext, { immediateDanger: 'no', urgency: 'urgent' });
    await chat.press(verbs.concernNext, {
      subjectType: 'child',
      name: 'Lou Placeholder',
      age: '12',
      location: 'Park',
      knownToServices: 'no',
    });
    await chat.press(verbs.concernNext, { categories: 'neglect' });
    await chat.press(verbs.concernNext, {
      whatHappened: 'Left alone for days.',
      happenedOn: new Date().toISOString().slice(0, 10),
      where: 'Home',
    });
    await chat.press(verbs.concernNext, { actionsTaken: 'manager', consent: 'not_asked', aboutStaff: 'no' });
    await chat.press(verbs.concernSubmit, { declaration: 'true' });
    const isAlert = (call: { kind: string; activity?: Record<string, unknown> | undefined }) =>
      call.kind === 'send' && String(call.activity?.summary ?? '').startsWith('New safeguarding concern');
    await connector.waitFor((calls) => calls.filter(isAlert).length >= 4);
    // Let the three sent cards be marked, then kill while the fourth waits out its Retry-After.
    await new Promise((resolve) => setTimeout(resolve, 500));
    first.child.kill('SIGKILL');
    await first.exited;

    const second = await startServer(data.root);
    await connector.waitFor(
      (all) => all.filter((call) => isAlert(call) && call.status < 300).length >= 4,
      20_000,
    );
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const alerts = connector.calls.filter((call) => isAlert(call) && call.status < 300);
    expect(alerts.map((call) => call.conversationId).sort()).toEqual(dsls.map(personalConversationId).sort());
    expect(
      connector.calls
        .filter((call) => isAlert(call) && call.status === 429)
        .map((call) => call.conversationId),
    ).toEqual([fourth]);
    second.child.kill('SIGTERM');
    await second.exited;

    // npm run verify:chronology on the same data: every chain intact, exit 0.
    const verify = spawn(process.execPath, ['--import', 'tsx', 'scripts/verify-chronology.ts'], {
      cwd: repoRoot,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DATA_DIR: data.root },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    verify.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    const code = await new Promise<number | null>((resolve) => verify.once('exit', resolve));
    expect(output).toContain('Chronology OK: 1 concerns');
    expect(code).toBe(0);
  }, 90_000);
});
