import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verbs } from '../../src/cards/verbs.ts';
import { notifyDslsJob, replaceFlowCardJob } from '../../src/features/raise-concern/concern-jobs.ts';
import { verifyConcernChronology } from '../../src/storage/concern-events.ts';
import { executeActivity, type TestUser } from '../kit/activities.ts';
import { press } from '../kit/card-actions.ts';
import { cardsIn, cardText } from '../kit/cards.ts';
import { ChatUser } from '../kit/concern-driver.ts';
import { ConnectorStandIn } from '../kit/connector-stand-in.ts';
import { createDataDir } from '../kit/data-dir-database.ts';
import { killLeftoverServers, type ServerProcess, startServerProcess } from '../kit/server-process.ts';

const today = new Date().toISOString().slice(0, 10);
const answers = {
  danger: { immediateDanger: 'no', urgency: 'urgent' },
  subject: {
    subjectType: 'child',
    name: 'Kim Placeholder',
    age: '15',
    location: 'Youth centre',
    knownToServices: 'no',
  },
  categories: { categories: 'exploitation' },
  account: {
    whatHappened: 'Seen being collected by older men in cars most evenings.',
    happenedOn: today,
    where: 'Car park',
  },
  actions: {
    actionsTaken: 'manager',
    consent: 'risk',
    consentRiskReason: 'Could alert the men.',
    aboutStaff: 'no',
  },
};

async function walkToReview(chat: ChatUser): Promise<void> {
  await chat.say('raise a concern');
  for (const section of ['danger', 'subject', 'categories', 'account', 'actions'] as const) {
    await chat.press(verbs.concernNext, answers[section]);
  }
  expect(cardText(chat.card)).toContain('Step 6 of 6');
}

/** Sends the Submit click and returns once it is on its way; the response may never come. */
function clickSubmit(server: ServerProcess, chat: ChatUser, connector: ConnectorStandIn, replyToId: string) {
  const action = press(chat.card, verbs.concernSubmit, { declaration: 'true' });
  return server
    .post(
      executeActivity({
        serviceUrl: connector.url,
        user: chat.user,
        verb: action.verb,
        data: action.data,
        replyToId,
      }),
    )
    .then(
      () => 'answered' as const,
      () => 'no answer' as const,
    );
}

describe('the server is killed (SIGKILL) between Submit and its response', () => {
  let data: Awaited<ReturnType<typeof createDataDir>>;
  const connector = new ConnectorStandIn();
  const afterCommit: TestUser = { aadObjectId: 'aaaaaaaa-3333-4000-8000-000000000001', name: 'Ash Staff' };
  const beforeCommit: TestUser = { aadObjectId: 'aaaaaaaa-3333-4000-8000-000000000002', name: 'Bo Staff' };
  beforeAll(async () => {
    data = await createDataDir({ subdir: 'db' });
    await connector.start();
  });
  afterAll(async () => {
    killLeftoverServers();
    await connector.stop();
    await data.dispose();
  });

  it('after a restart there is exactly one concern or none, never half of one, and "my concerns" says which', async () => {
    // 1. Killed after the commit: the click's own card update is caught in flight.
    const first = await startServerProcess(data.root);
    const ash = new ChatUser({ post: first.post, connector }, afterCommit);
    await walkToReview(ash);
    const ashMessage = ash.messageId ?? '';
    connector.hold = (call) => call.kind === 'update' && call.activityId === ashMessage;
    const ashClick = clickSubmit(first, ash, connector, ashMessage);
    await connector.waitFor((calls) =>
      calls.some((call) => call.kind === 'update' && call.activityId === ashMessage),
    );
    await first.kill();
    expect(await ashClick).toBe('no answer');
    connector.hold = undefined;
    connector.releaseHeld();

    // 2. Restarted: Ash's concern is there, once. Bo is killed before the commit: the click first
    // tidies the card on Bo's other device, and that call is caught in flight.
    const second = await startServerProcess(data.root);
    const ashAgain = new ChatUser({ post: second.post, connector }, afterCommit);
    const ashList = cardText((await ashAgain.say('my concerns')).card);
    expect(ashList).toMatch(/SG-\d{4}-00001/);
    expect(ashList).not.toContain('Not sent yet');
    const bo = new ChatUser({ post: second.post, connector }, beforeCommit);
    await walkToReview(bo);
    const boFirstDevice = bo.messageId ?? '';
    connector.hold = (call) => call.kind === 'update' && call.activityId === boFirstDevice;
    const boClick = clickSubmit(second, bo, connector, 'message-on-another-device');
    await connector.waitFor((calls) =>
      calls.some((call) => call.kind === 'update' && call.activityId === boFirstDevice),
    );
    await second.kill();
    expect(await boClick).toBe('no answer');
    connector.hold = undefined;
    connector.releaseHeld();

    // 3. Restarted again: Bo has no concern, the draft is intact and says so; submitting again works once.
    const third = await startServerProcess(data.root);
    const boAgain = new ChatUser({ post: third.post, connector }, beforeCommit);
    const boList = cardText((await boAgain.say('my concerns')).card);
    expect(boList).toContain('You have not submitted any concerns.');
    expect(boList).toContain('Not sent yet');
    expect(boList).toContain('step 6 of 6');
    const resumed = await boAgain.press(verbs.concernResume);
    expect(cardText(resumed.card)).toContain('Kim Placeholder');
    const receipt = await boAgain.press(verbs.concernSubmit, { declaration: 'true' });
    expect(cardText(receipt.card)).toMatch(/SG-\d{4}-00002/);
    const receiptUpdate = connector.calls.filter(
      (call) => call.kind === 'update' && call.activityId === ashMessage && cardsIn(call.activity).length > 0,
    );
    expect(receiptUpdate.length).toBeGreaterThan(0);
    for (const call of receiptUpdate) expect(cardText(cardsIn(call.activity)[0])).not.toContain('Kim');
    await third.stop();

    // 4. Every concern is whole: its chronology, its DSL job and its submitted draft.
    const database = await data.open();
    try {
      const concerns = await database.db.selectFrom('concerns').selectAll().orderBy('reference').execute();
      expect(concerns.map((row) => [row.reporter_aad_id, row.reference.slice(-5)])).toEqual([
        [afterCommit.aadObjectId, '00001'],
        [beforeCommit.aadObjectId, '00002'],
      ]);
      for (const concern of concerns) {
        // DSL triage adds its own entries (alerted, email fallback) after the one submit writes.
        expect(await verifyConcernChronology(database.db, concern.id)).toMatchObject({ ok: true });
        const [first] = await database.db
          .selectFrom('concern_events')
          .select('kind')
          .where('concern_id', '=', concern.id)
          .orderBy('id')
          .limit(1)
          .execute();
        expect(first?.kind).toBe('submitted');
        const draft = await database.db
          .selectFrom('concern_drafts')
          .selectAll()
          .where('id', '=', concern.draft_id)
          .executeTakeFirstOrThrow();
        expect(draft.submitted_concern_id).toBe(concern.id);
      }
      const jobs = await sql<{ name: string; data: { concernId: string } }>`
        select name, data from pgboss.job where name in (${notifyDslsJob.name}, ${replaceFlowCardJob.name})`.execute(
        database.db,
      );
      for (const concern of concerns) {
        const mine = jobs.rows.filter((job) => job.data.concernId === concern.id);
        expect(mine.filter((job) => job.name === notifyDslsJob.name)).toHaveLength(1);
        expect(mine.filter((job) => job.name === replaceFlowCardJob.name)).toHaveLength(1);
      }
      const drafts = await database.db.selectFrom('concern_drafts').select('step').execute();
      expect(drafts.every((draft) => draft.step === 'submitted')).toBe(true);
    } finally {
      await database.close();
    }
  }, 90_000);
});
