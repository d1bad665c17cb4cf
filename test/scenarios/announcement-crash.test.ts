import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verbs } from '../../src/cards/verbs.ts';
import { conversationRefs } from '../../src/storage/conversation-refs.ts';
import {
  coordinatorUser,
  personalConversationId,
  personalReference,
  type TestUser,
} from '../kit/activities.ts';
import { press } from '../kit/card-actions.ts';
import { cardsIn } from '../kit/cards.ts';
import { ChatUser } from '../kit/concern-driver.ts';
import { type ConnectorCall, ConnectorStandIn } from '../kit/connector-stand-in.ts';
import { createDataDir } from '../kit/data-dir-database.ts';
import { createTestApp, type TestApp } from '../kit/test-app.ts';

let data: Awaited<ReturnType<typeof createDataDir>>;
let connector: ConnectorStandIn;
beforeAll(async () => {
  data = await createDataDir();
  connector = await new ConnectorStandIn().start();
});
afterAll(async () => {
  await connector.stop();
  await data.dispose();
});

/** The whole app on the database folder: closing one and starting another is a real restart. */
async function startApp(): Promise<TestApp> {
  return createTestApp({
    connector,
    env: { ANNOUNCEMENT_SEND_CONCURRENCY: '4', ANNOUNCEMENT_PROGRESS_SECONDS: '1' },
    overrides: { database: await data.open() },
  });
}

const staff = Array.from(
  { length: 120 },
  (_, index): TestUser => ({
    aadObjectId: `ffffffff-0000-4000-8000-${String(index).padStart(12, '0')}`,
    name: `Staff ${index}`,
  }),
);

const isAnnouncement = (call: ConnectorCall) =>
  call.kind === 'send' &&
  call.status < 300 &&
  String(call.activity?.summary ?? '').startsWith('Safeguarding');

describe('an announcement survives its worker stopping mid-send', () => {
  it('a restart on the same database resumes: nobody messaged twice, nobody skipped, claims of the dead worker recovered', async () => {
    const first = await startApp();
    const refs = conversationRefs(first.app.database.db);
    for (const user of [...staff, coordinatorUser]) {
      await refs.save(personalReference(connector.url, user), user.aadObjectId);
    }
    connector.latencyMs = 15;
    const chat = new ChatUser(first, coordinatorUser);
    await chat.say('new announcement');
    const review = await chat.press(verbs.announcementPreview, {
      kind: 'general',
      title: 'Resume after a crash',
      body: 'Everyone should get this exactly once.',
      audience: 'everyone',
      when: 'now',
    });
    const announcementId = String(press(review.card, verbs.announcementSend).data.announcementId);
    await chat.press(verbs.announcementSend);
    await connector.waitFor((calls) => calls.filter(isAnnouncement).length >= 40);
    await first.close();
    const beforeRestart = connector.calls.filter(isAnnouncement).length;
    expect(beforeRestart).toBeLessThan(staff.length);

    // What a SIGKILL can leave behind: a row claimed but not started, and a row whose message
    // reached Teams but whose activity id was never recorded.
    const database = await data.open();
    const pending = await database.db
      .selectFrom('deliveries')
      .select('user_aad_id')
      .where('announcement_id', '=', announcementId)
      .where('status', '=', 'pending')
      .orderBy('seq', 'desc')
      .limit(2)
      .execute();
    const [claimedOnly, inFlight] = pending.map((row) => row.user_aad_id);
    await database.db
      .updateTable('deliveries')
      .set({ status: 'claimed', claimed_by: 'dead-worker', claimed_until: new Date(Date.now() + 60_000) })
      .where('announcement_id', '=', announcementId)
      .where('user_aad_id', '=', claimedOnly ?? '')
      .execute();
    await database.db
      .updateTable('deliveries')
      .set({ status: 'sending', claimed_by: 'dead-worker', claimed_until: new Date(Date.now() + 60_000) })
      .where('announcement_id', '=', announcementId)
      .where('user_aad_id', '=', inFlight ?? '')
      .execute();
    const template = connector.calls.find(isAnnouncement);
    connector.calls.push({ ...(template as ConnectorCall), conversationId: `a:personal-${inFlight}` });
    await database.close();

    connector.latencyMs = 0;
    const second = await createTestApp({
      connector,
      env: { ANNOUNCEMENT_SEND_CONCURRENCY: '4' },
      overrides: { database: await data.open() },
    });
    // Generous: CI shares two cores with the rest of the suite.
    const deadline = Date.now() + 60_000;
    for (;;) {
      const row = await second.app.database.db
        .selectFrom('announcements')
        .select('status')
        .where('id', '=', announcementId)
        .executeTakeFirst();
      if (row?.status === 'sent') break;
      if (Date.now() > deadline) throw new Error(`not finished: ${row?.status}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const perConversation = new Map<string, number>();
    for (const call of connector.calls.filter(isAnnouncement))
      perConversation.set(call.conversationId, (perConversation.get(call.conversationId) ?? 0) + 1);
    for (const user of [...staff, coordinatorUser])
      expect(perConversation.get(personalConversationId(user)), user.aadObjectId).toBe(1);
    const rows = await second.app.database.db
      .selectFrom('deliveries')
      .select(['user_aad_id', 'status'])
      .where('announcement_id', '=', announcementId)
      .execute();
    expect(rows).toHaveLength(staff.length + 1);
    expect(rows.find((row) => row.user_aad_id === inFlight)?.status).toBe('uncertain');
    expect(rows.filter((row) => row.status === 'sent')).toHaveLength(staff.length);
    // The final summary says one delivery is unknown rather than claiming it.
    // The progress card is refreshed asynchronously: wait for the final summary rather than
    // taking whichever update happened to be last.
    await connector.waitFor(
      (calls) =>
        calls.some(
          (call) =>
            call.kind === 'update' && JSON.stringify(cardsIn(call.activity)[0]).includes('Delivery unknown'),
        ),
      20_000,
    );
    await second.close();
  }, 120_000);
});
