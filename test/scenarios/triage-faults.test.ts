import { ClientSecretCredential } from '@azure/identity';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verbs } from '../../src/cards/verbs.ts';
import { welcomeJob } from '../../src/features/help/send-welcome.ts';
import { escalateJob } from '../../src/features/triage/triage-jobs.ts';
import { createGraphClient } from '../../src/graph/graph-client.ts';
import { readConcernEvents } from '../../src/storage/concern-events.ts';
import { dslUser, installActivity, personalConversationId, type TestUser } from '../kit/activities.ts';
import { cardsIn, cardText } from '../kit/cards.ts';
import { ChatUser } from '../kit/concern-driver.ts';
import { GraphStandIn } from '../kit/graph-stand-in.ts';
import { createTestApp, type TestApp } from '../kit/test-app.ts';

const dsl2: TestUser = { aadObjectId: 'dddddddd-0000-4000-8000-000000000002', name: 'Dev DSL' };
const dsl3: TestUser = { aadObjectId: 'dddddddd-0000-4000-8000-000000000003', name: 'Dee DSL' };
const reporter: TestUser = { aadObjectId: 'aaaaaaaa-4444-4000-8000-000000000001', name: 'Rae Reporter' };
const childName = 'Jamie Placeholder';
let now = new Date('2026-03-11T10:00:00Z');

const graph = new GraphStandIn();
let t: TestApp;
beforeAll(async () => {
  await graph.start();
  graph.users.set(reporter.aadObjectId, {
    displayName: 'Rae Reporter',
    department: 'Libraries',
    userPrincipalName: 'rae.reporter@council.example',
  });
  graph.users.set(dslUser.aadObjectId, { displayName: 'Dana DSL', department: 'Safeguarding' });
  t = await createTestApp({
    env: {
      DSL_USERS: [dslUser, dsl2, dsl3].map((user) => user.aadObjectId).join(','),
      ESCALATION_MAIL_FROM: 'safeguarding-alerts@council.example',
      ESCALATION_MAIL_TO: 'lead.dsl@council.example,deputy.dsl@council.example',
    },
    overrides: {
      clock: { now: () => now },
      graphClient: createGraphClient({
        credential: new ClientSecretCredential(graph.tenantId, graph.clientId, graph.clientSecret, {
          authorityHost: graph.url,
          disableInstanceDiscovery: true,
        }),
        baseUrl: graph.url,
      }),
    },
  });
  for (const user of [dslUser, dsl2, dsl3])
    await t.post(installActivity({ serviceUrl: t.connector.url, user }));
  while ((await t.app.jobs.pendingCount(welcomeJob)) > 0)
    await new Promise((resolve) => setTimeout(resolve, 50));
});
afterAll(async () => {
  await t.close();
  await graph.stop();
});

describe('DSL alerts when Teams pushes back', () => {
  it('429 and 5xx are retried honouring Retry-After; a DSL who removed the app is recorded, the others are alerted, and the email fallback goes through Graph', async () => {
    t.connector.reset();
    t.connector.fail({
      status: 429,
      retryAfterSeconds: 1,
      times: 1,
      match: (call) => call.kind === 'send' && call.conversationId === personalConversationId(dsl2),
    });
    t.connector.fail({
      status: 503,
      times: 1,
      match: (call) => call.kind === 'send' && call.conversationId === personalConversationId(dsl2),
    });
    t.connector.fail({
      status: 403,
      code: 'BotDisabledByAdmin',
      match: (call) =>
        call.kind === 'createConversation' ||
        (call.kind === 'send' && call.conversationId === personalConversationId(dsl3)),
    });

    const chat = new ChatUser(t, reporter);
    await chat.say('raise a concern');
    await chat.press(verbs.concernNext, { immediateDanger: 'no', urgency: 'urgent' });
    await chat.press(verbs.concernNext, {
      subjectType: 'child',
      name: childName,
      age: '9',
      location: 'Riverside Primary',
      knownToServices: 'no',
    });
    await chat.press(verbs.concernNext, { categories: 'neglect' });
    await chat.press(verbs.concernNext, {
      whatHappened: 'No food at home.',
      happenedOn: '2026-03-10',
      where: 'School',
    });
    await chat.press(verbs.concernNext, { actionsTaken: 'manager', consent: 'not_asked', aboutStaff: 'no' });
    await chat.press(verbs.concernSubmit, { declaration: 'true' });
    const concern = await t.app.database.db
      .selectFrom('concerns')
      .selectAll()
      .where('reporter_aad_id', '=', reporter.aadObjectId)
      .executeTakeFirstOrThrow();

    const deadline = Date.now() + 10_000;
    while (
      !(await readConcernEvents(t.app.database.db, concern.id)).some(
        (event) => event.kind === 'email_fallback',
      )
    ) {
      if (Date.now() > deadline) throw new Error('no email fallback recorded');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const toDev = t.connector.calls.filter(
      (call) => call.kind === 'send' && call.conversationId === personalConversationId(dsl2),
    );
    expect(toDev.map((call) => call.status)).toEqual([429, 503, 200]);
    expect((toDev[1]?.at ?? 0) - (toDev[0]?.at ?? 0)).toBeGreaterThanOrEqual(950);
    const delivered = t.connector
      .delivered('send')
      .filter((call) => call.activity?.summary === `New safeguarding concern ${concern.reference}, urgent`);
    expect(delivered.map((call) => call.conversationId).sort()).toEqual(
      [personalConversationId(dslUser), personalConversationId(dsl2)].sort(),
    );
    // The card names the reporter and their department from Graph; never the child.
    const card = cardText(cardsIn(delivered[0]?.activity)[0]);
    expect(card).toContain('Rae Reporter, Libraries');
    expect(card).not.toContain(childName);

    const rows = await t.app.database.db
      .selectFrom('triage_deliveries')
      .select(['recipient', 'state', 'outcome'])
      .where('subject_id', '=', concern.id)
      .where('round', '=', 'alert')
      .execute();
    expect(rows.find((row) => row.recipient === dsl3.aadObjectId)).toMatchObject({
      state: 'gone',
      outcome: 'recipientGone:403',
    });
    const events = await readConcernEvents(t.app.database.db, concern.id);
    expect(events.map((event) => event.kind)).toEqual([
      'submitted',
      'alert_undeliverable',
      'dsls_alerted',
      'email_fallback',
    ]);
    expect(events[1]?.detail).toMatchObject({ recipient: dsl3.aadObjectId });
    expect(events[3]?.detail.outcome).toBe('sent');
    expect(graph.mails).toHaveLength(1);
    const mail = JSON.stringify(graph.mails[0]);
    expect(graph.mails[0]?.from).toBe('safeguarding-alerts@council.example');
    expect(mail).toContain(concern.reference);
    expect(mail).toContain('lead.dsl@council.example');
    expect(mail).not.toContain(childName);
    t.connector.clearFaults();

    // Not acknowledged: the ladder's last step emails through Graph too.
    for (const at of ['2026-03-11T10:15:00Z', '2026-03-11T10:30:00Z', '2026-03-11T10:45:00Z']) {
      now = new Date(at);
      await t.app.jobs.send(escalateJob, {});
      const step = { '2026-03-11T10:15:00Z': 1, '2026-03-11T10:30:00Z': 2, '2026-03-11T10:45:00Z': 3 }[at];
      const until = Date.now() + 5_000;
      for (;;) {
        const row = await t.app.database.db
          .selectFrom('concerns')
          .select('escalation_step')
          .where('id', '=', concern.id)
          .executeTakeFirstOrThrow();
        if (row.escalation_step >= (step ?? 0)) break;
        if (Date.now() > until) throw new Error(`escalation step ${step} did not run`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    const escalation = (await readConcernEvents(t.app.database.db, concern.id)).find(
      (event) => event.kind === 'escalation_email',
    );
    expect(escalation?.detail.outcome).toBe('sent');
    expect(graph.mails).toHaveLength(2);
    expect(JSON.stringify(graph.mails[1])).toContain('has not been acknowledged');
  });
});
