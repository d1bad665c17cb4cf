import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClientSecretCredential } from '@azure/identity';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { verbs } from '../../src/cards/verbs.ts';
import { announcementSweepJob } from '../../src/features/announcements/announcement-jobs.ts';
import { createGraphClient } from '../../src/graph/graph-client.ts';
import { ukDayLabel, ukWallClock } from '../../src/shared/uk-time.ts';
import { conversationRefs } from '../../src/storage/conversation-refs.ts';
import {
  coordinatorUser,
  dslUser,
  executeActivity,
  personalConversationId,
  personalReference,
  staffUser,
  type TestUser,
} from '../kit/activities.ts';
import { errorBeside, press } from '../kit/card-actions.ts';
import { cardsIn, cardText } from '../kit/cards.ts';
import { ChatUser, invokeCard } from '../kit/concern-driver.ts';
import type { ConnectorCall } from '../kit/connector-stand-in.ts';
import { GraphStandIn } from '../kit/graph-stand-in.ts';
import { createTestApp, type TestApp } from '../kit/test-app.ts';

const graph = new GraphStandIn();
let t: TestApp;
let folder: string;
let now = new Date();
const clock = { now: () => now };
const reindexed: string[] = [];

const groupId = '9a000000-0000-4000-8000-000000000001';
const otherCoordinator: TestUser = {
  aadObjectId: 'cccccccc-0000-4000-8000-000000000002',
  name: 'Cat Coordinator',
};
const member = (index: number): TestUser => ({
  aadObjectId: `eeeeeeee-0000-4000-8000-${String(index).padStart(12, '0')}`,
  name: `Member ${index}`,
});
/** Eight members: 1-5 have a chat with the bot already; 6-8 get the app installed through Graph. */
const members = Array.from({ length: 8 }, (_, index) => member(index + 1));
const graphChat = (user: TestUser) => `19:${user.aadObjectId}_graph@unq.gbl.spaces`;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'sa-announce-'));
  await mkdir(join(folder, 'knowledge'));
  await graph.start();
  graph.pageSize = 3;
  graph.groups.set(
    groupId,
    members.map((user) => user.aadObjectId),
  );
  for (const [index, user] of members.entries())
    graph.users.set(user.aadObjectId, {
      displayName: user.name,
      department: index < 5 ? 'Housing' : 'Adult Social Care',
    });
  t = await createTestApp({
    env: {
      KNOWLEDGE_DIR: join(folder, 'knowledge'),
      DATA_DIR: folder,
      TEAMS_APP_CATALOG_ID: graph.catalogAppId,
      ANNOUNCEMENT_PROGRESS_SECONDS: '1',
      ANNOUNCEMENT_SEND_CONCURRENCY: '2',
      ANNOUNCEMENT_REMINDER_DAYS: '3',
      CHAMPION_USERS: `${members[0]?.aadObjectId},${members[1]?.aadObjectId}`,
    },
    overrides: {
      clock,
      graphClient: createGraphClient({
        credential: new ClientSecretCredential(graph.tenantId, graph.clientId, graph.clientSecret, {
          authorityHost: graph.url,
          disableInstanceDiscovery: true,
        }),
        baseUrl: graph.url,
      }),
      reindexKnowledge: async () => {
        reindexed.push(new Date().toISOString());
      },
    },
  });
  const refs = conversationRefs(t.app.database.db);
  for (const user of [...members.slice(0, 5), coordinatorUser, staffUser, dslUser])
    await refs.save(reference(personalConversationId(user), user), user.aadObjectId);
}, 60_000);

afterAll(async () => {
  await t.close();
  await graph.stop();
  await rm(folder, { recursive: true, force: true });
});

beforeEach(() => {
  t.connector.reset();
  now = new Date();
});

function reference(conversationId: string, user: TestUser) {
  return personalReference(t.connector.url, user, conversationId);
}

const compose = {
  kind: 'general',
  title: 'Safeguarding training dates',
  summary: 'New dates for level 2 training.',
  body: 'Book through the **learning hub**.',
  link: '',
  whatChanged: '',
  effectiveDate: '',
  documentTitle: '',
  documentText: '',
  audience: 'groups',
  groupIds: groupId,
  ackRequired: 'true',
  when: 'now',
  sendDate: '',
  sendTime: '',
};

const isAnnouncement = (call: ConnectorCall) =>
  call.kind === 'send' && String(call.activity?.summary ?? '').startsWith('Safeguarding announcement');

/** Composes, previews and confirms as the coordinator; returns the chat and the announcement id. */
async function composeAndSend(entries: Partial<typeof compose>, user: TestUser = coordinatorUser) {
  const chat = new ChatUser(t, user);
  await chat.say('new announcement');
  const review = await chat.press(verbs.announcementPreview, { ...compose, ...entries });
  expect(cardText(review.card)).toContain('Ready to send');
  const send = press(review.card, verbs.announcementSend);
  const announcementId = String(send.data.announcementId);
  const sent = await chat.press(verbs.announcementSend);
  return { chat, announcementId, sent };
}

async function deliveries(announcementId: string) {
  return t.app.database.db
    .selectFrom('deliveries')
    .selectAll()
    .where('announcement_id', '=', announcementId)
    .orderBy('seq')
    .execute();
}

async function statusOf(announcementId: string) {
  const row = await t.app.database.db
    .selectFrom('announcements')
    .select('status')
    .where('id', '=', announcementId)
    .executeTakeFirst();
  return row?.status;
}

async function waitForStatus(announcementId: string, status: string, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while ((await statusOf(announcementId)) !== status) {
    if (Date.now() > deadline)
      throw new Error(`announcement never became ${status}: ${await statusOf(announcementId)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('announcements: compose, preview, send to a group', () => {
  it('every member gets exactly one message, the same card the coordinator previewed; people without a chat get the app installed', async () => {
    const chat = new ChatUser(t, coordinatorUser);
    const started = await chat.say('new announcement');
    expect(cardText(started.card)).toContain('New announcement');
    const review = await chat.press(verbs.announcementPreview, compose);
    expect(cardText(review.card)).toContain('Ready to send');
    expect(cardText(review.card)).toContain('Nothing has been sent yet');
    const preview = t.connector.calls.find((call) => call.kind === 'reply' && isAnnouncementCard(call));
    const previewCard = cardsIn(preview?.activity)[0];
    expect(cardText(previewCard)).toContain('Safeguarding training dates');
    expect(t.connector.calls.filter(isAnnouncement)).toHaveLength(0);

    const announcementId = String(press(review.card, verbs.announcementSend).data.announcementId);
    const progress = await chat.press(verbs.announcementSend);
    expect(cardText(progress.card)).toMatch(/Sending|Sent/);
    await waitForStatus(announcementId, 'sent');

    const sends = t.connector.calls.filter(isAnnouncement);
    expect(sends).toHaveLength(members.length);
    const expected = [
      ...members.slice(0, 5).map((user) => personalConversationId(user)),
      ...members.slice(5).map(graphChat),
    ].sort();
    expect(sends.map((call) => call.conversationId).sort()).toEqual(expected);
    // Rendered once: every recipient's card is the coordinator's preview, byte for byte.
    for (const call of sends) expect(cardsIn(call.activity)[0]).toEqual(previewCard);
    expect(graph.installedApps.size).toBe(3);

    const rows = await deliveries(announcementId);
    expect(rows.map((row) => row.status)).toEqual(Array(8).fill('sent'));
    expect(rows.every((row) => row.activity_id && row.conversation_id)).toBe(true);
    expect(rows.filter((row) => row.department === 'Housing')).toHaveLength(5);

    // The control card became the live progress card and ends as the summary, in place.
    const summary = await t.connector.waitFor((calls) =>
      calls.some(
        (call) =>
          call.kind === 'update' &&
          call.activityId === chat.messageId &&
          cardText(cardsIn(call.activity)[0]).includes('Sent in'),
      ),
    );
    const last = summary
      .filter((call) => call.kind === 'update' && call.activityId === chat.messageId)
      .at(-1);
    expect(cardText(cardsIn(last?.activity)[0])).toContain('Delivered');
  });

  it('honours Retry-After on 429, and records 403 (blocked) and a repeated 404 as recipient gone after one re-lookup', async () => {
    const [throttled, blocked, vanished, healed] = members.slice(0, 4) as [
      TestUser,
      TestUser,
      TestUser,
      TestUser,
    ];
    t.connector.fail({
      status: 429,
      retryAfterSeconds: 1,
      times: 1,
      match: (call) => call.kind === 'send' && call.conversationId === personalConversationId(throttled),
    });
    t.connector.fail({
      status: 403,
      code: 'MessageWritesBlocked',
      match: (call) => call.conversationId === personalConversationId(blocked),
    });
    t.connector.fail({
      status: 404,
      code: 'ConversationNotFound',
      match: (call) => call.conversationId.includes(vanished.aadObjectId),
    });
    t.connector.fail({
      status: 404,
      code: 'ConversationNotFound',
      times: 1,
      match: (call) => call.conversationId === personalConversationId(healed),
    });
    graph.installedApps.delete(healed.aadObjectId);
    graph.installedApps.delete(vanished.aadObjectId);
    const { announcementId } = await composeAndSend({ title: 'Faults', ackRequired: 'false' });
    await waitForStatus(announcementId, 'sent');
    const rows = new Map((await deliveries(announcementId)).map((row) => [row.user_aad_id, row]));
    expect(rows.get(throttled.aadObjectId)?.status).toBe('sent');
    const attempts = t.connector.calls.filter(
      (call) => call.conversationId === personalConversationId(throttled),
    );
    expect(attempts.map((call) => call.status)).toEqual([429, 200]);
    expect((attempts[1]?.at ?? 0) - (attempts[0]?.at ?? 0)).toBeGreaterThanOrEqual(950);

    expect(rows.get(blocked.aadObjectId)).toMatchObject({ status: 'gone', last_status: 403 });
    expect(
      t.connector.calls.filter((call) => call.conversationId === personalConversationId(blocked)),
    ).toHaveLength(1);

    expect(rows.get(vanished.aadObjectId)).toMatchObject({
      status: 'gone',
      last_status: 404,
      relooked: true,
    });
    const vanishedCalls = t.connector.calls.filter((call) =>
      call.conversationId.includes(vanished.aadObjectId),
    );
    expect(vanishedCalls.map((call) => [call.conversationId, call.status])).toEqual([
      [personalConversationId(vanished), 404],
      [graphChat(vanished), 404],
    ]);

    expect(rows.get(healed.aadObjectId)).toMatchObject({
      status: 'sent',
      relooked: true,
      conversation_id: graphChat(healed),
    });
    t.connector.clearFaults();
  });

  it('a procedure change with a policy document stores it in the knowledge folder and re-indexes before sending', async () => {
    reindexed.length = 0;
    const { announcementId } = await composeAndSend({
      kind: 'procedure',
      title: 'Adult referrals move to the Adult MASH',
      whatChanged: 'Adult referrals go to the Adult MASH, not the duty team.',
      effectiveDate: '2026-12-01',
      documentTitle: 'Adult Referral Procedure v2',
      documentText: 'All adult safeguarding referrals go to the Adult MASH on 0123.',
      audience: 'champions',
      groupIds: '',
    });
    await waitForStatus(announcementId, 'sent');
    const stored = await readFile(join(folder, 'knowledge', 'adult-referral-procedure-v2.md'), 'utf8');
    expect(stored).toContain('Adult MASH on 0123');
    expect(reindexed).toHaveLength(1);
    const firstSend = t.connector.calls.find(isAnnouncement);
    expect(Date.parse(reindexed[0] ?? '')).toBeLessThanOrEqual(firstSend?.at ? Date.now() : 0);
    expect(cardText(cardsIn(firstSend?.activity)[0])).toContain('What changed');
    expect(cardText(cardsIn(firstSend?.activity)[0])).toContain('1 December 2026');
    expect(t.connector.calls.filter(isAnnouncement)).toHaveLength(2);
  });
});

function isAnnouncementCard(call: ConnectorCall): boolean {
  return String(call.activity?.summary ?? '').startsWith('Safeguarding announcement');
}

describe('reading, reminders, report and export', () => {
  it('"I\'ve read this" updates that person\'s card and is recorded once; non-readers are reminded once after N days; the report and CSV show it', async () => {
    const { announcementId } = await composeAndSend({ title: 'Please read', audience: 'dsls', groupIds: '' });
    await waitForStatus(announcementId, 'sent');
    const dslMessage = t.connector.calls.find(
      (call) => isAnnouncement(call) && call.conversationId === personalConversationId(dslUser),
    );
    const dsl = new ChatUser(t, dslUser);
    dsl.lookAt(cardsIn(dslMessage?.activity)[0], dslMessage?.responseId);
    const read = await dsl.press(verbs.announcementAcknowledge);
    expect(cardText(read.card)).toContain(`Read on ${ukDayLabel(now)}`);
    expect(cardText(read.card)).not.toContain("I've read this");
    const again = await dsl.invoke(verbs.announcementAcknowledge, { announcementId });
    expect(cardText(again.card)).toContain(`Read on ${ukDayLabel(now)}`);
    const [row] = await deliveries(announcementId);
    expect(row?.acknowledged_at).toBeTruthy();

    // Nobody else to remind on this one (the only DSL has read it): the sweep sends nothing.
    now = new Date(Date.now() + 4 * 86_400_000);
    t.connector.reset();
    await t.app.jobs.send(announcementSweepJob, {});
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(
      t.connector.calls.filter(
        (call) => call.kind === 'send' && call.conversationId === personalConversationId(dslUser),
      ),
    ).toHaveLength(0);

    const report = await new ChatUser(t, dslUser).invoke(verbs.announcementReport, { announcementId });
    expect(cardText(report.card)).toContain('1 of 1 (100%)');
    expect(cardText(report.card)).toContain('unknown');
    const exported = await new ChatUser(t, coordinatorUser).invoke(verbs.announcementExport, {
      announcementId,
    });
    const path = /rows written to (\S+\.csv)/.exec(cardText(exported.card))?.[1];
    expect(path?.startsWith(join(folder, 'exports'))).toBe(true);
    const csv = await readFile(path ?? '', 'utf8');
    expect(csv.split('\r\n')[0]).toBe(
      'recipient_object_id,department,status,last_http_status,sent_at_utc,read_at_utc,reminded_at_utc',
    );
    expect(csv).toContain(dslUser.aadObjectId);
  });

  it('reminders go once to everyone who has not read it, after ANNOUNCEMENT_REMINDER_DAYS', async () => {
    const { announcementId } = await composeAndSend({
      title: 'Read me',
      audience: 'champions',
      groupIds: '',
    });
    await waitForStatus(announcementId, 'sent');
    const first = members[0] as TestUser;
    await new ChatUser(t, first).invoke(verbs.announcementAcknowledge, { announcementId });
    t.connector.reset();
    now = new Date(Date.now() + 2 * 86_400_000);
    await t.app.jobs.send(announcementSweepJob, {});
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(
      t.connector.calls.filter((call) => String(call.activity?.summary ?? '').startsWith('Reminder')),
    ).toHaveLength(0);
    now = new Date(Date.now() + 4 * 86_400_000);
    await t.app.jobs.send(announcementSweepJob, {});
    await t.app.jobs.send(announcementSweepJob, {});
    const reminders = await t.connector.waitFor((calls) =>
      calls.some((call) => String(call.activity?.summary ?? '').startsWith('Reminder')),
    );
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const sent = reminders.filter((call) => String(call.activity?.summary ?? '').startsWith('Reminder'));
    expect(sent.map((call) => call.conversationId)).toEqual([personalConversationId(members[1] as TestUser)]);
    expect(cardText(cardsIn(sent[0]?.activity)[0])).toContain('Reminder');
  });
});

describe('the quarterly newsletter schedule', () => {
  it('a week before the last working day of January, every coordinator is reminded once', async () => {
    now = new Date('2027-01-22T09:00:00Z');
    t.connector.reset();
    await t.app.jobs.send(announcementSweepJob, {});
    const calls = await t.connector.waitFor((recorded) =>
      recorded.some((call) => cardText(cardsIn(call.activity)[0]).includes('quarterly newsletter is due')),
    );
    const reminder = calls.find((call) =>
      cardText(cardsIn(call.activity)[0]).includes('quarterly newsletter is due'),
    );
    expect(reminder?.conversationId).toBe(personalConversationId(coordinatorUser));
    expect(cardText(cardsIn(reminder?.activity)[0])).toContain('29 January 2027');
    expect(cardText(cardsIn(reminder?.activity)[0])).toContain('7 days away');
    await t.app.jobs.send(announcementSweepJob, {});
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(
      t.connector.calls.filter((call) =>
        cardText(cardsIn(call.activity)[0]).includes('quarterly newsletter is due'),
      ),
    ).toHaveLength(1);
    const write = await new ChatUser(t, coordinatorUser).invoke(verbs.announcementNew, {
      kind: 'newsletter',
    });
    expect(cardText(write.card)).toContain('New announcement');
  });
});

describe('after sending: edit for everyone, recall, stop', () => {
  it('Edit for everyone updates each delivered message in place; Recall deletes them', async () => {
    const { chat, announcementId } = await composeAndSend({
      title: 'Original title',
      audience: 'champions',
      groupIds: '',
      ackRequired: 'false',
    });
    await waitForStatus(announcementId, 'sent');
    const sentIds = t.connector.calls
      .filter(isAnnouncement)
      .map((call) => call.responseId)
      .sort();
    const edit = await chat.invoke(verbs.announcementEdit, { announcementId });
    expect(cardText(edit.card)).toContain('Edit for everyone');
    const updated = await chat.press(verbs.announcementUpdate, { title: 'Corrected title' });
    expect(cardText(updated.card)).toContain('Updating every delivered message');
    const updates = await t.connector.waitFor(
      (calls) =>
        calls.filter((call) => call.kind === 'update' && sentIds.includes(call.activityId)).length === 2,
    );
    for (const call of updates.filter(
      (candidate) => candidate.kind === 'update' && sentIds.includes(candidate.activityId),
    ))
      expect(cardText(cardsIn(call.activity)[0])).toContain('Corrected title');

    const recalled = await chat.invoke(verbs.announcementRecall, { announcementId });
    expect(cardText(recalled.card)).toContain('Recall');
    const deletes = await t.connector.waitFor(
      (calls) => calls.filter((call) => call.kind === 'delete').length === 2,
    );
    expect(
      deletes
        .filter((call) => call.kind === 'delete')
        .map((call) => call.activityId)
        .sort(),
    ).toEqual(sentIds);
    await expect
      .poll(async () => (await deliveries(announcementId)).map((row) => row.status))
      .toEqual(['recalled', 'recalled']);
    const staffAck = await new ChatUser(t, members[0] as TestUser).invoke(verbs.announcementAcknowledge, {
      announcementId,
    });
    expect(cardText(staffAck.card)).toContain('withdrawn');
  });

  it('Stop sending while it is going out: no further messages', async () => {
    t.connector.latencyMs = 300;
    const { chat, announcementId } = await composeAndSend({ title: 'Stop me', ackRequired: 'false' });
    await t.connector.waitFor((calls) => calls.filter(isAnnouncement).length >= 1);
    const stopped = await chat.invoke(verbs.announcementStop, { announcementId });
    expect(cardText(stopped.card)).toContain('Stopped');
    const atStop = t.connector.calls.filter(isAnnouncement).length;
    await new Promise((resolve) => setTimeout(resolve, 1500));
    t.connector.latencyMs = 0;
    const finalCount = t.connector.calls.filter(isAnnouncement).length;
    // Calls already in flight (at most one per lane) finish; nothing new starts.
    expect(finalCount).toBeLessThan(members.length);
    expect(finalCount - atStop).toBeLessThanOrEqual(t.config.ANNOUNCEMENT_SEND_CONCURRENCY);
    const rows = await deliveries(announcementId);
    expect(rows.filter((row) => row.status === 'cancelled').length).toBe(members.length - finalCount);
    expect(await statusOf(announcementId)).toBe('cancelled');
  });
});

describe('scheduling in UK time', () => {
  it('Schedule stores the minute in UK time and queues the send for then; Cancel stops it', async () => {
    const at = new Date(Date.now() + 2 * 86_400_000);
    const wall = ukWallClock(at);
    const { chat, announcementId, sent } = await composeAndSend({
      title: 'Later',
      when: 'schedule',
      sendDate: wall.date,
      sendTime: wall.time,
    });
    expect(cardText(sent.card)).toContain('Scheduled for');
    const row = await t.app.database.db
      .selectFrom('announcements')
      .selectAll()
      .where('id', '=', announcementId)
      .executeTakeFirst();
    expect(row?.status).toBe('scheduled');
    expect(ukWallClock(new Date(row?.send_at ?? 0))).toEqual(wall);
    const job = await sql<{ start_after: Date }>`
      select start_after from pgboss.job where name = 'announcement.send' and data->>'announcementId' = ${announcementId}`.execute(
      t.app.database.db,
    );
    expect(new Date(job.rows[0]?.start_after ?? 0).getTime()).toBe(new Date(row?.send_at ?? 0).getTime());
    const cancelled = await chat.invoke(verbs.announcementCancel, { announcementId });
    expect(cardText(cancelled.card)).toContain('Nothing was sent');
    expect(await statusOf(announcementId)).toBe('cancelled');
  });
});

describe('roles and bad input: refused with a clear message, nothing sent', () => {
  async function auditCodes(actor: TestUser) {
    const rows = await t.app.database.db
      .selectFrom('audit_log')
      .select(['code', 'subject'])
      .where('actor_aad_id', '=', actor.aadObjectId)
      .execute();
    return rows.map((row) => `${row.code}:${row.subject}`);
  }

  it('staff cannot compose (text or crafted verbs), and each refusal is audited', async () => {
    const staff = new ChatUser(t, staffUser);
    await staff.say('new announcement');
    expect(t.connector.calls.find((call) => call.kind === 'reply')?.activity?.text).toContain(
      'Only safeguarding coordinators',
    );
    const crafted = await staff.invoke(verbs.announcementPreview, { announcementId: '', ...compose });
    expect(cardText(crafted.card)).toContain('Only safeguarding coordinators');
    const report = await staff.invoke(verbs.announcementReport, {
      announcementId: '00000000-0000-4000-8000-000000000000',
    });
    expect(cardText(report.card)).toContain('coordinators and Designated Safeguarding Leads');
    expect(await auditCodes(staffUser)).toEqual(
      expect.arrayContaining([
        `ROLE_FORBIDDEN:${verbs.announcementNew}`,
        `ROLE_FORBIDDEN:${verbs.announcementPreview}`,
        `ROLE_FORBIDDEN:${verbs.announcementReport}`,
      ]),
    );
    expect(t.connector.calls.filter(isAnnouncement)).toHaveLength(0);
    expect(
      (
        await t.app.database.db
          .selectFrom('announcements')
          .select('id')
          .where('author_aad_id', '=', staffUser.aadObjectId)
          .execute()
      ).length,
    ).toBe(0);
  });

  it('empty title, body over 80 KB, a time in the past, an unknown group: each shown beside its field, nothing stored', async () => {
    const before = (await t.app.database.db.selectFrom('announcements').select('id').execute()).length;
    const chat = new ChatUser(t, coordinatorUser);
    await chat.say('new announcement');
    const composeCard = chat.card;
    const cases: Array<[Partial<typeof compose>, string, RegExp]> = [
      [{ title: '   ' }, 'title', /Give the announcement a title/],
      [{ body: 'x'.repeat(81 * 1024) }, 'body', /81 KB: a Teams message must stay under 80 KB/],
      [{ when: 'schedule', sendDate: '2020-01-01', sendTime: '09:00' }, 'sendDate', /That is in the past/],
      [{ groupIds: '9a000000-0000-4000-8000-0000000000ff' }, 'groupIds', /was not found in Entra ID/],
      [{ groupIds: 'finance-team' }, 'groupIds', /Group ids look like/],
    ];
    for (const [entries, field, message] of cases) {
      chat.lookAt(composeCard, chat.messageId);
      const refused = await chat.press(verbs.announcementPreview, { ...compose, ...entries });
      expect(errorBeside(refused.card, field), field).toMatch(message);
      expect(cardText(refused.card)).toContain('Nothing has been saved or sent');
    }
    expect((await t.app.database.db.selectFrom('announcements').select('id').execute()).length).toBe(before);
    expect(t.connector.calls.filter(isAnnouncementCard)).toHaveLength(0);
  });
});

describe('sending to everyone with two coordinators', () => {
  let two: TestApp;
  beforeAll(async () => {
    two = await createTestApp({
      connector: t.connector,
      env: {
        COORDINATOR_USERS: `${coordinatorUser.aadObjectId},${otherCoordinator.aadObjectId}`,
        KNOWLEDGE_DIR: join(folder, 'knowledge'),
      },
    });
    const refs = conversationRefs(two.app.database.db);
    for (const user of [coordinatorUser, otherCoordinator, staffUser])
      await refs.save(reference(personalConversationId(user), user), user.aadObjectId);
  });
  afterAll(async () => {
    await two.close();
  });

  it('needs the other coordinator: a crafted self-approval is refused and audited; the second coordinator approves and it goes to everyone', async () => {
    const chat = new ChatUser(two, coordinatorUser);
    await chat.say('new announcement');
    const review = await chat.press(verbs.announcementPreview, {
      ...compose,
      audience: 'everyone',
      groupIds: '',
    });
    expect(cardText(review.card)).toContain('Ask another coordinator to approve');
    const { announcementId, version } = press(review.card, verbs.announcementSend).data;
    const waiting = await chat.press(verbs.announcementSend);
    expect(cardText(waiting.card)).toContain('Waiting for approval');
    const request = await two.connector.waitFor((calls) =>
      calls.some(
        (call) =>
          call.conversationId === personalConversationId(otherCoordinator) &&
          cardText(cardsIn(call.activity)[0]).includes('Approve and send'),
      ),
    );
    expect(
      request
        .filter(isAnnouncement)
        .filter((call) => call.conversationId !== personalConversationId(otherCoordinator)),
    ).toHaveLength(0);

    const self = await two.post(
      executeActivity({
        serviceUrl: two.connector.url,
        user: coordinatorUser,
        verb: verbs.announcementApprove,
        data: { announcementId, version },
      }),
    );
    expect(cardText(invokeCard(self.body))).toContain('You cannot approve your own announcement');
    const audit = await two.app.database.db
      .selectFrom('audit_log')
      .select('code')
      .where('code', '=', 'ANNOUNCEMENT_SELF_APPROVAL')
      .execute();
    expect(audit).toHaveLength(1);
    expect(two.connector.calls.filter(isAnnouncement)).toHaveLength(1);

    const approved = await new ChatUser(two, otherCoordinator).invoke(verbs.announcementApprove, {
      announcementId,
      version,
    });
    expect(cardText(approved.card)).toContain('Approved');
    const deadline = Date.now() + 10_000;
    for (;;) {
      const row = await two.app.database.db
        .selectFrom('announcements')
        .select('status')
        .where('id', '=', String(announcementId))
        .executeTakeFirst();
      if (row?.status === 'sent') break;
      if (Date.now() > deadline) throw new Error('not sent');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    // Everyone with the app (no Graph here): both coordinators and the member of staff.
    const everyone = two.connector.calls.filter(isAnnouncement).map((call) => call.conversationId);
    expect(everyone.filter((id) => id === personalConversationId(staffUser))).toHaveLength(1);
    expect(everyone.filter((id) => id === personalConversationId(coordinatorUser))).toHaveLength(1);
  });
});
