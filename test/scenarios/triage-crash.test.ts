import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verbs } from '../../src/cards/verbs.ts';
import { installActivity, personalConversationId, type TestUser } from '../kit/activities.ts';
import { ChatUser } from '../kit/concern-driver.ts';
import { ConnectorStandIn } from '../kit/connector-stand-in.ts';
import { createDataDir } from '../kit/data-dir-database.ts';
import { killLeftoverServers, startServerProcess } from '../kit/server-process.ts';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '../..');
const dsls: TestUser[] = [1, 2, 3, 4].map((n) => ({
  aadObjectId: `dddddddd-5555-4000-8000-00000000000${n}`,
  name: `DSL ${n}`,
}));
const reporter: TestUser = { aadObjectId: 'aaaaaaaa-5555-4000-8000-000000000001', name: 'Kai Staff' };

describe('the server is killed (SIGKILL) in the middle of the DSL fan-out', () => {
  let data: Awaited<ReturnType<typeof createDataDir>>;
  const connector = new ConnectorStandIn();
  beforeAll(async () => {
    data = await createDataDir({ subdir: 'db' });
    await connector.start();
  });
  afterAll(async () => {
    killLeftoverServers();
    await connector.stop();
    await data.dispose();
  });

  it('after a restart every DSL has the card exactly once, and the chronology verifies', async () => {
    const first = await startServerProcess(data.root, {
      DSL_USERS: dsls.map((user) => user.aadObjectId).join(','),
    });
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
    await first.kill();

    const second = await startServerProcess(data.root, {
      DSL_USERS: dsls.map((user) => user.aadObjectId).join(','),
    });
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
    await second.stop();

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
