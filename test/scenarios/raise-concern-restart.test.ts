import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verbs } from '../../src/cards/verbs.ts';
import type { Clock } from '../../src/shared/clock.ts';
import { personalConversationId, type TestUser } from '../kit/activities.ts';
import { errorBeside, inputValues } from '../kit/card-actions.ts';
import { cardsIn, cardText } from '../kit/cards.ts';
import { ChatUser } from '../kit/concern-driver.ts';
import { ConnectorStandIn } from '../kit/connector-stand-in.ts';
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
async function startApp(clock?: Clock): Promise<TestApp> {
  return createTestApp({
    connector,
    overrides: { database: await data.open(), ...(clock ? { clock } : {}) },
  });
}

const dayMs = 24 * 60 * 60 * 1000;
const today = new Date().toISOString().slice(0, 10);
const owner: TestUser = { aadObjectId: 'aaaaaaaa-2222-4000-8000-000000000001', name: 'Sam Staff' };
const forgetful: TestUser = { aadObjectId: 'aaaaaaaa-2222-4000-8000-000000000002', name: 'Fran Staff' };

describe('drafts survive a restart and expire with a warning', () => {
  it('Save for later, restart the server, "my concerns", Resume on another message: every entry is there', async () => {
    const first = await startApp();
    const chat = new ChatUser(first, owner);
    await chat.say('raise a concern');
    const firstMessage = chat.messageId;
    await chat.press(verbs.concernNext, { immediateDanger: 'no', urgency: 'standard' });
    await chat.press(verbs.concernNext, {
      subjectType: 'adult',
      name: 'Pat Placeholder',
      age: '80s',
      location: 'Elm House care home',
      knownToServices: 'yes',
    });
    await chat.press(verbs.concernNext, { categories: 'organisational,neglect' });
    const refused = await chat.press(verbs.concernSave, { whatHappened: 'y'.repeat(8001) });
    expect(errorBeside(refused.card, 'whatHappened')).toContain('8,000 characters or fewer');
    const saved = await chat.press(verbs.concernSave, {
      whatHappened: 'Residents left in wet beds overnight, seen twice this week.',
    });
    expect(cardText(saved.card)).toContain('Saved for later');
    expect(cardText(saved.card)).not.toContain('wet beds');
    await first.close();

    const second = await startApp();
    connector.reset();
    const again = new ChatUser(second, owner);
    const list = await again.say('my concerns');
    expect(cardText(list.card)).toContain('You have not submitted any concerns.');
    expect(cardText(list.card)).toContain('step 4 of 6');
    expect(cardText(list.card)).not.toContain('Pat Placeholder');
    const resumed = await again.press(verbs.concernResume);
    expect(cardText(resumed.card)).toContain('Step 4 of 6');
    expect(inputValues(resumed.card)).toMatchObject({
      whatHappened: 'Residents left in wet beds overnight, seen twice this week.',
      happenedOn: '',
    });
    const stub = connector.calls.find((call) => call.kind === 'update' && call.activityId === firstMessage);
    expect(cardText(cardsIn(stub?.activity)[0])).toContain('continues in a newer message');

    await again.press(verbs.concernNext, { happenedOn: today, where: 'Elm House' });
    await again.press(verbs.concernNext, { actionsTaken: 'nothing', consent: 'no', aboutStaff: 'no' });
    const receipt = await again.press(verbs.concernSubmit, { declaration: 'true' });
    expect(cardText(receipt.card)).toMatch(/SG-\d{4}-\d{5}/);
    const concerns = await second.app.database.db
      .selectFrom('concerns')
      .selectAll()
      .where('reporter_aad_id', '=', owner.aadObjectId)
      .execute();
    expect(concerns).toHaveLength(1);
    expect(concerns[0]).toMatchObject({ subject_type: 'adult', categories: ['organisational', 'neglect'] });
    await second.close();
  });

  it('a draft left alone is reminded about a day before it expires, then deleted; the reminder carries no detail', async () => {
    const first = await startApp();
    const chat = new ChatUser(first, forgetful);
    await chat.say('raise a concern');
    await chat.press(verbs.concernNext, { immediateDanger: 'no', urgency: 'urgent' });
    await chat.press(verbs.concernSave, { name: 'Robin Placeholder' });
    await first.close();

    const started = Date.now();
    const remindedAt = new Date(started + 29.5 * dayMs);
    connector.reset();
    const second = await startApp({ now: () => remindedAt });
    const [reminder] = (
      await connector.waitFor((calls) =>
        calls.some(
          (call) =>
            call.activity?.summary === 'Safeguarding Assistant: a concern you started has not been sent',
        ),
      )
    ).filter(
      (call) => call.activity?.summary === 'Safeguarding Assistant: a concern you started has not been sent',
    );
    expect(reminder?.conversationId).toBe(personalConversationId(forgetful));
    const text = cardText(cardsIn(reminder?.activity)[0]);
    expect(text).toContain('will be deleted on');
    expect(text).not.toContain('Robin');
    const draft = await second.app.database.db
      .selectFrom('concern_drafts')
      .selectAll()
      .where('owner_aad_id', '=', forgetful.aadObjectId)
      .executeTakeFirstOrThrow();
    expect(draft.reminded_at).not.toBeNull();
    await second.close();

    connector.reset();
    const third = await startApp({ now: () => new Date(started + 30.5 * dayMs) });
    const deadline = Date.now() + 10_000;
    let remaining = 1;
    while (remaining > 0 && Date.now() < deadline) {
      remaining = (
        await third.app.database.db
          .selectFrom('concern_drafts')
          .select('id')
          .where('owner_aad_id', '=', forgetful.aadObjectId)
          .execute()
      ).length;
      if (remaining > 0) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(remaining).toBe(0);
    expect(connector.calls.filter((call) => call.kind === 'send')).toHaveLength(0);

    const late = new ChatUser(third, forgetful);
    late.lookAt(cardsIn(reminder?.activity)[0], reminder?.responseId);
    const gone = await late.press(verbs.concernResume);
    expect(cardText(gone.card)).toContain('no longer available');
    await third.close();
  });
});
