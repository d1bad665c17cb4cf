import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { verbs } from '../../src/cards/verbs.ts';
import { welcomeJob } from '../../src/features/help/send-welcome.ts';
import { notifyDslsJob } from '../../src/features/raise-concern/concern-jobs.ts';
import { escalateJob } from '../../src/features/triage/triage-jobs.ts';
import { verifyAllChronologies } from '../../src/features/triage/verify-chronologies.ts';
import {
  appendConcernEvent,
  readConcernEvents,
  verifyConcernChronology,
} from '../../src/storage/concern-events.ts';
import {
  coordinatorUser,
  dslUser,
  executeActivity,
  installActivity,
  personalConversationId,
  type TestUser,
  testTenantId,
} from '../kit/activities.ts';
import { errorBeside, press } from '../kit/card-actions.ts';
import { cardsIn, cardText } from '../kit/cards.ts';
import { ChatUser } from '../kit/concern-driver.ts';
import type { ConnectorCall } from '../kit/connector-stand-in.ts';
import { createTestApp, type TestApp } from '../kit/test-app.ts';

const dsl2: TestUser = { aadObjectId: 'dddddddd-0000-4000-8000-000000000002', name: 'Dev DSL' };
const dsl3: TestUser = { aadObjectId: 'dddddddd-0000-4000-8000-000000000003', name: 'Dee DSL' };
const dsls = [dslUser, dsl2, dsl3];
const channelId = '19:dsl-team@thread.tacv2';
const childName = 'Jamie Placeholder';

/** Wednesday 11 March 2026, 10:00 UK time: a working day. */
let now = new Date('2026-03-11T10:00:00Z');
const clock = { now: () => now };

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({
    env: {
      DSL_USERS: dsls.map((user) => user.aadObjectId).join(','),
      LEAD_DSL_USERS: `${dslUser.aadObjectId},${dsl2.aadObjectId}`,
      DSL_CHANNEL_ID: channelId,
    },
    overrides: { clock },
  });
  // Each DSL has the app (a stored 1:1 chat), and the bot is in the DSL team channel.
  for (const user of dsls) await t.post(installActivity({ serviceUrl: t.connector.url, user }));
  const channelInstall = installActivity({
    serviceUrl: t.connector.url,
    user: dslUser,
    conversationId: channelId,
  });
  await t.post({
    ...channelInstall,
    conversation: { id: channelId, conversationType: 'channel', tenantId: testTenantId },
  });
  // The welcome cards those installs queue are sent before any test starts reading the connector.
  const deadline = Date.now() + 10_000;
  while ((await t.app.jobs.pendingCount(welcomeJob)) > 0 && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 50));
});
afterAll(async () => {
  await t.close();
});
beforeEach(() => {
  t.connector.reset();
  now = new Date('2026-03-11T10:00:00Z');
});

let staffCount = 0;
function newStaff(): TestUser {
  staffCount += 1;
  return {
    aadObjectId: `aaaaaaaa-2222-4000-8000-${String(staffCount).padStart(12, '0')}`,
    name: 'Sam Staff',
  };
}

const answers = (danger: Record<string, string>) => ({
  danger,
  subject: {
    subjectType: 'child',
    name: childName,
    age: 'about 9',
    location: 'Riverside Primary',
    knownToServices: 'no',
  },
  categories: { categories: 'neglect' },
  account: { whatHappened: 'No food at home since Friday.', happenedOn: '2026-03-10', where: 'Classroom 3' },
  actions: { actionsTaken: 'manager', consent: 'not_asked', aboutStaff: 'no' },
});

async function raise(
  user: TestUser,
  danger: Record<string, string> = { immediateDanger: 'no', urgency: 'urgent' },
  actions?: Record<string, string>,
) {
  const chat = new ChatUser(t, user);
  await chat.say('raise a concern');
  const filled = { ...answers(danger), ...(actions ? { actions } : {}) };
  for (const section of ['danger', 'subject', 'categories', 'account', 'actions'] as const) {
    await chat.press(verbs.concernNext, filled[section]);
    if (section === 'danger' && danger.immediateDanger === 'yes') await chat.press(verbs.concernResume);
  }
  const started = Date.now();
  await chat.press(verbs.concernSubmit, { declaration: 'true' });
  const concern = await t.app.database.db
    .selectFrom('concerns')
    .selectAll()
    .where('reporter_aad_id', '=', user.aadObjectId)
    .executeTakeFirstOrThrow();
  return { chat, concern, started };
}

const isTriageCard = (call: ConnectorCall, reference: string) =>
  call.kind === 'send' && String(call.activity?.summary ?? '').includes(reference) && call.status < 300;

async function alertsFor(reference: string, count: number) {
  const calls = await t.connector.waitFor(
    (all) => all.filter((call) => isTriageCard(call, reference)).length >= count,
    5_000,
  );
  return calls.filter((call) => isTriageCard(call, reference));
}

/** A DSL looking at the triage card they were sent. */
function dslChat(user: TestUser, call: ConnectorCall): ChatUser {
  const chat = new ChatUser(t, user);
  chat.lookAt(cardsIn(call.activity)[0], call.responseId);
  return chat;
}

async function alertedDsls(reference: string) {
  const calls = await alertsFor(reference, dsls.length + 1);
  const byUser = new Map(
    dsls.map((user) => [
      user.aadObjectId,
      calls.find((call) => call.conversationId === personalConversationId(user)),
    ]),
  );
  return {
    calls,
    chat: (user: TestUser) => {
      const call = byUser.get(user.aadObjectId);
      if (!call) throw new Error(`no card for ${user.name}`);
      return dslChat(user, call);
    },
  };
}

/** Waits until the alert fan-out of a concern has settled. */
async function alerted(concernId: string) {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const row = await t.app.database.db
      .selectFrom('concerns')
      .select('alerted_at')
      .where('id', '=', concernId)
      .executeTakeFirst();
    if (row?.alerted_at || Date.now() > deadline) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function eventsOf(concernId: string) {
  return (await readConcernEvents(t.app.database.db, concernId)).map((event) => event.kind);
}

async function auditCodes(actor: TestUser) {
  const rows = await t.app.database.db
    .selectFrom('audit_log')
    .select(['code', 'subject'])
    .where('actor_aad_id', '=', actor.aadObjectId)
    .execute();
  return rows;
}

/** A concern written as submit-concern writes it, for shapes the flow cannot make yet (a named DSL). */
async function insertConcern(options: {
  aboutStaff: boolean;
  namedStaff: string | null;
  urgency?: 'urgent' | 'standard';
}) {
  const id = randomUUID();
  const reference = `SG-2026-9${String(Math.floor(Math.random() * 9999)).padStart(4, '0')}`;
  const details = answers({ immediateDanger: 'no', urgency: options.urgency ?? 'urgent' });
  await t.app.database.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('concerns')
      .values({
        id,
        reference,
        reporter_aad_id: newStaff().aadObjectId,
        reporter_tenant_id: testTenantId,
        subject_type: 'child',
        urgency: options.urgency ?? 'urgent',
        categories: ['neglect'],
        about_staff: options.aboutStaff,
        named_staff_aad_id: options.namedStaff,
        status: 'submitted',
        version: 1,
        details: JSON.stringify({
          ...details,
          categories: { categories: ['neglect'] },
          actions: {
            ...details.actions,
            actionsTaken: ['manager'],
            aboutStaff: 'dsl',
            staffDetails: 'A DSL',
          },
        }),
        submitted_at: now,
        updated_at: now,
        draft_id: randomUUID(),
      })
      .execute();
    await appendConcernEvent(trx, {
      concernId: id,
      at: now,
      actorAadId: 'test',
      kind: 'submitted',
      detail: { reference },
    });
    await t.app.jobs.send(notifyDslsJob, { concernId: id }, { transaction: trx });
  });
  return { id, reference };
}

describe('DSL triage over HTTP', () => {
  it('a submitted concern reaches every DSL and the DSL channel within a second, with no personal detail in any notification', async () => {
    const { concern, started } = await raise(newStaff());
    const calls = await alertsFor(concern.reference, dsls.length + 1);
    expect(Math.max(...calls.map((call) => call.at)) - started).toBeLessThan(1_000);
    expect(new Set(calls.map((call) => call.conversationId))).toEqual(
      new Set([...dsls.map(personalConversationId), channelId]),
    );
    for (const call of calls) {
      expect(call.activity?.summary).toBe(`New safeguarding concern ${concern.reference}, urgent`);
      const text = cardText(cardsIn(call.activity)[0]);
      expect(text).toContain('Neglect');
      expect(text).toContain('New: not acknowledged');
      expect(text).not.toContain(childName);
      expect(text).not.toContain('Riverside');
    }
    await alerted(concern.id);
    const rows = await t.app.database.db
      .selectFrom('triage_deliveries')
      .selectAll()
      .where('subject_id', '=', concern.id)
      .execute();
    expect(rows.map((row) => [row.recipient, row.state]).sort()).toEqual(
      [...dsls.map((user) => [user.aadObjectId, 'sent']), ['channel', 'sent']].sort(),
    );
    await t.connector.waitFor(() => true);
    const after = await t.app.database.db
      .selectFrom('concerns')
      .selectAll()
      .where('id', '=', concern.id)
      .executeTakeFirstOrThrow();
    expect(after.ack_due_at?.toISOString()).toBe('2026-03-11T10:15:00.000Z');
    expect(await eventsOf(concern.id)).toEqual(['submitted', 'dsls_alerted']);
  });

  it('immediate danger alerts every DSL before the concern is submitted; the alert cards say so once it is', async () => {
    const user = newStaff();
    const chat = new ChatUser(t, user);
    await chat.say('raise a concern');
    await chat.press(verbs.concernNext, { immediateDanger: 'yes' });
    const immediate = await t.connector.waitFor(
      (calls) =>
        calls.filter(
          (call) =>
            call.kind === 'send' &&
            call.activity?.summary === 'Safeguarding alert: someone may be in immediate danger',
        ).length >= 4,
      5_000,
    );
    expect(
      await t.app.database.db
        .selectFrom('concerns')
        .select('id')
        .where('reporter_aad_id', '=', user.aadObjectId)
        .execute(),
    ).toEqual([]);
    const alerts = immediate.filter(
      (call) =>
        call.kind === 'send' &&
        call.activity?.summary === 'Safeguarding alert: someone may be in immediate danger',
    );
    expect(alerts).toHaveLength(4);
    expect(cardText(cardsIn(alerts[0]?.activity)[0])).toContain('immediate danger');
    await chat.press(verbs.concernResume);
    for (const section of ['subject', 'categories', 'account', 'actions'] as const)
      await chat.press(verbs.concernNext, answers({})[section]);
    await chat.press(verbs.concernSubmit, { declaration: 'true' });
    const concern = await t.app.database.db
      .selectFrom('concerns')
      .selectAll()
      .where('reporter_aad_id', '=', user.aadObjectId)
      .executeTakeFirstOrThrow();
    expect(concern.urgency).toBe('immediate');
    const cards = await alertsFor(concern.reference, 4);
    expect(cards[0]?.activity?.summary).toBe(`New safeguarding concern ${concern.reference}, immediate`);
    await t.connector.waitFor((calls) =>
      alerts.every((alert) =>
        calls.some((call) => call.kind === 'update' && call.activityId === alert.responseId),
      ),
    );
  });

  it('a concern is worked to an outcome: every action, every state, the reporter told only the status, every card kept in step', async () => {
    const reporter = newStaff();
    const { concern, chat: reporterChat } = await raise(reporter);
    const { calls, chat } = await alertedDsls(concern.reference);
    const dana = chat(dslUser);
    const dev = chat(dsl2);

    // Acknowledge: the other DSLs' cards and the channel card are updated; the reporter is told.
    t.connector.reset();
    const acknowledged = await dana.press(verbs.triageAcknowledge);
    expect(cardText(acknowledged.card)).toContain('Acknowledged');
    const others = calls.filter((call) => call.conversationId !== personalConversationId(dslUser));
    await t.connector.waitFor((all) =>
      others.every((card) =>
        all.some((call) => call.kind === 'update' && call.activityId === card.responseId),
      ),
    );
    for (const update of t.connector.calls.filter((call) => call.kind === 'update'))
      expect(cardText(cardsIn(update.activity)[0])).toContain('Acknowledged by');
    const told = await t.connector.waitFor((all) =>
      all.some(
        (call) =>
          call.conversationId === personalConversationId(reporter) &&
          call.activity?.summary === `Your concern ${concern.reference}: status update`,
      ),
    );
    const status = told.find(
      (call) => call.conversationId === personalConversationId(reporter) && call.kind === 'send',
    );
    expect(cardText(cardsIn(status?.activity)[0])).toContain('acknowledged');

    // Assign to another DSL, add a note.
    // The "Assign" button inside "Assign to another DSL" (not "Assign to me").
    await dana.invoke(verbs.triageAssign, {
      ...press(dana.card, verbs.triageAssign).data,
      assignee: undefined,
      assignTo: dsl2.aadObjectId,
    });
    dev.lookAt(dana.card, dev.messageId);
    await dev.press(verbs.triageNote, { noteText: 'Spoke to the class teacher.' });
    dana.lookAt(dev.card, dana.messageId);

    // Request information: the reporter answers on their card; the answer joins the record.
    t.connector.reset();
    const asked = await dana.press(verbs.triageRequestInfo, { infoQuestion: 'Did anyone else hear this?' });
    expect(cardText(asked.card)).toContain('Waiting for information from the reporter');
    const question = await t.connector.waitFor((all) =>
      all.some(
        (call) => call.activity?.summary === `A safeguarding lead has a question about ${concern.reference}`,
      ),
    );
    const questionCall = question.find(
      (call) => call.activity?.summary === `A safeguarding lead has a question about ${concern.reference}`,
    );
    reporterChat.lookAt(cardsIn(questionCall?.activity)[0], questionCall?.responseId);
    const answered = await reporterChat.press(verbs.triageAnswerInfo, {
      answer: 'Yes, the teaching assistant.',
    });
    expect(cardText(answered.card)).toContain('Thank you');
    const again = await reporterChat.invoke(
      verbs.triageAnswerInfo,
      press(questionCall ? cardsIn(questionCall.activity)[0] : {}, verbs.triageAnswerInfo, { answer: 'x' })
        .data,
    );
    expect(cardText(again.card)).toContain('Already answered');

    // Decision needs a rationale; a referral needs a consent decision or an override reason.
    dana.lookAt((await dana.invoke(verbs.triageShowCard, { concernId: concern.id })).card, dana.messageId);
    const noRationale = await dana.press(verbs.triageDecision, { decision: 'refer' });
    expect(cardText(noRationale.card)).toContain('Give the rationale');
    await dana.press(verbs.triageDecision, {
      decision: 'refer',
      decisionRationale: 'Neglect over several days.',
    });
    const noConsent = await dana.press(verbs.triageRefer, {
      agency: 'mash',
      agencyReference: 'MASH-1',
      sharedWhat: 'The account, with MASH, to assess.',
    });
    expect(cardText(noConsent.card)).toContain('Record the consent decision');
    const referred = await dana.press(verbs.triageRefer, {
      agency: 'mash',
      agencyReference: 'MASH-1',
      sharedWhat: 'The account, with MASH, to assess.',
      consent: 'override',
      overrideReason: 'Asking would put the child at risk.',
    });
    expect(cardText(referred.card)).toContain('Referred / escalated');

    // Close needs the support confirmation; then the reporter is told it is closed; reopen needs a reason.
    const noSupport = await dana.press(verbs.triageClose, {
      outcome: 'referred',
      closeRationale: 'MASH have it.',
    });
    expect(cardText(noSupport.card)).toContain('Confirm that support has been offered');
    const closed = await dana.press(verbs.triageClose, {
      outcome: 'referred',
      closeRationale: 'MASH have it.',
      supportOffered: 'true',
    });
    expect(cardText(closed.card)).toContain('Closed');
    await t.connector.waitFor((all) =>
      all.some(
        (call) =>
          call.conversationId === personalConversationId(reporter) &&
          cardText(cardsIn(call.activity)[0]).includes(`Concern ${concern.reference} closed`),
      ),
    );
    const reopened = await dana.press(verbs.triageReopen, { reopenReason: 'New information from school.' });
    expect(cardText(reopened.card)).toContain('In progress');

    const row = await t.app.database.db
      .selectFrom('concerns')
      .selectAll()
      .where('id', '=', concern.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      status: 'in_progress',
      assigned_to: dsl2.aadObjectId,
      acknowledged_by: dslUser.aadObjectId,
      closed_at: null,
    });
    expect(await eventsOf(concern.id)).toEqual(
      expect.arrayContaining([
        'acknowledged',
        'reporter_told',
        'assigned',
        'note_added',
        'information_requested',
        'information_received',
        'decision_recorded',
        'referred',
        'closed',
        'reopened',
      ]),
    );
    expect(await verifyConcernChronology(t.app.database.db, concern.id)).toMatchObject({ ok: true });
    // The reporter only ever saw status and the DSL's question, never a note or a decision.
    for (const call of t.connector.calls.filter(
      (call) => call.conversationId === personalConversationId(reporter),
    )) {
      const text = cardText(cardsIn(call.activity)[0]);
      expect(text).not.toContain('class teacher');
      expect(text).not.toContain('MASH');
    }
    // Every stored card shows the latest version.
    await t.connector.waitFor(() => true);
    const stale = await t.app.database.db
      .selectFrom('triage_deliveries')
      .select(['recipient', 'card_version'])
      .where('subject_id', '=', concern.id)
      .where('tracks', '=', true)
      .execute();
    for (const card of stale) expect(card.card_version, card.recipient).toBe(row.version);
  });

  it('two DSLs act on the same version: one wins, the other is shown what changed and nothing of theirs is saved', async () => {
    const { concern } = await raise(newStaff());
    const { chat } = await alertedDsls(concern.reference);
    const [a, b] = await Promise.all([
      chat(dslUser).press(verbs.triageAcknowledge),
      chat(dsl2).press(verbs.triageNote, { noteText: 'Calling the school.' }),
    ]);
    const texts = [cardText(a.card), cardText(b.card)];
    const lost = texts.filter((text) => text.includes('Someone else changed this concern first'));
    expect(lost).toHaveLength(1);
    expect(lost[0]).toMatch(/What changed: (Acknowledged by|Note added by)/);
    const row = await t.app.database.db
      .selectFrom('concerns')
      .select('version')
      .where('id', '=', concern.id)
      .executeTakeFirstOrThrow();
    expect(row.version).toBe(2);
    const kinds = await eventsOf(concern.id);
    expect(
      kinds.filter((kind) => kind === 'acknowledged' || kind === 'note_added').length,
    ).toBeLessThanOrEqual(2);
  });

  it('staff, a coordinator and a forged card are refused every triage verb with the restricted card, and each attempt is audited', async () => {
    const { concern } = await raise(newStaff());
    const { calls } = await alertedDsls(concern.reference);
    const forwarded = cardsIn(calls[0]?.activity)[0];
    const dslVerbs = [
      verbs.triageAcknowledge,
      verbs.triageAssign,
      verbs.triageOpenRecord,
      verbs.triageShowCard,
      verbs.triageNote,
      verbs.triageRequestInfo,
      verbs.triageDecision,
      verbs.triageRefer,
      verbs.triageClose,
      verbs.triageReopen,
      verbs.consultTake,
    ];
    const staff = newStaff();
    for (const user of [staff, coordinatorUser]) {
      const before = (await auditCodes(user)).length;
      for (const verb of dslVerbs) {
        const response = await t.post(
          executeActivity({
            serviceUrl: t.connector.url,
            user,
            verb,
            data: { concernId: concern.id, version: 1, consultationId: randomUUID(), noteText: 'x' },
          }),
        );
        expect(cardText((response.body as { value: unknown }).value), verb).toContain('Restricted');
      }
      const after = await auditCodes(user);
      expect(after.length - before).toBe(dslVerbs.length);
      expect(after.every((row) => row.code === 'TRIAGE_RESTRICTED')).toBe(true);
    }
    // A forwarded card pressed by someone else, and a reporter answering a question never asked.
    const forger = new ChatUser(t, staff);
    forger.lookAt(forwarded, 'forwarded');
    expect(cardText((await forger.press(verbs.triageOpenRecord)).card)).toContain('Restricted');
    expect(
      cardText(
        (
          await forger.invoke(verbs.triageAnswerInfo, {
            concernId: concern.id,
            requestId: randomUUID(),
            answer: 'x',
          })
        ).card,
      ),
    ).toContain('Restricted');
    // The text commands too.
    for (const text of ['open concerns', `concern ${concern.reference}`]) {
      const said = await forger.say(text);
      expect(cardText(said.card)).toContain('Restricted');
    }
    expect(await eventsOf(concern.id)).toContain('access_refused');
    const row = await t.app.database.db
      .selectFrom('concerns')
      .select(['status', 'version'])
      .where('id', '=', concern.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'submitted', version: 1 });
  });

  it('a concern naming a DSL never reaches that DSL, and a concern about staff goes to the lead and deputy only', async () => {
    const named = await insertConcern({ aboutStaff: true, namedStaff: dslUser.aadObjectId });
    const namedCalls = await alertsFor(named.reference, 1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const reached = t.connector.calls
      .filter((call) => isTriageCard(call, named.reference))
      .map((call) => call.conversationId);
    expect(reached).toEqual([personalConversationId(dsl2)]);
    expect(namedCalls).toHaveLength(1);
    const danaTries = new ChatUser(t, dslUser);
    danaTries.lookAt(cardsIn(namedCalls[0]?.activity)[0], 'forwarded');
    expect(cardText((await danaTries.press(verbs.triageOpenRecord)).card)).toContain('Restricted');
    expect(cardText((await danaTries.say(`concern ${named.reference}`)).card)).toContain('Restricted');

    const aboutStaff = await insertConcern({ aboutStaff: true, namedStaff: null });
    await alertsFor(aboutStaff.reference, 2);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(
      t.connector.calls
        .filter((call) => isTriageCard(call, aboutStaff.reference))
        .map((call) => call.conversationId)
        .sort(),
    ).toEqual([personalConversationId(dslUser), personalConversationId(dsl2)].sort());
    const dee = new ChatUser(t, dsl3);
    expect(cardText((await dee.invoke(verbs.triageShowCard, { concernId: aboutStaff.id })).card)).toContain(
      'Restricted',
    );
  });

  it('a reporter picks the DSL it is about from the directory: the concern goes to the deputy, never to them', async () => {
    const { concern } = await raise(newStaff(), undefined, {
      actionsTaken: 'nothing',
      consent: 'not_asked',
      aboutStaff: 'dsl',
      staffDetails: 'The lead DSL',
      namedStaff: dslUser.aadObjectId.toUpperCase(),
    });
    expect(concern.named_staff_aad_id).toBe(dslUser.aadObjectId);
    await alertsFor(concern.reference, 1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(
      t.connector.calls
        .filter((call) => isTriageCard(call, concern.reference))
        .map((call) => call.conversationId),
    ).toEqual([personalConversationId(dsl2)]);
  });

  it('the directory pick is checked: a value that is not a person, or a pick when it is not about staff, is sent back', async () => {
    const chat = new ChatUser(t, newStaff());
    await chat.say('raise a concern');
    const filled = answers({ immediateDanger: 'no', urgency: 'urgent' });
    for (const section of ['danger', 'subject', 'categories', 'account'] as const)
      await chat.press(verbs.concernNext, filled[section]);
    const base = { actionsTaken: 'nothing', consent: 'not_asked', staffDetails: 'Someone' };
    await chat.press(verbs.concernNext, { ...base, aboutStaff: 'staff', namedStaff: "x' or 1=1" });
    expect(errorBeside(chat.card, 'namedStaff')).toContain('Pick the person from the list');
    await chat.press(verbs.concernNext, { ...base, aboutStaff: 'no', namedStaff: dsl3.aadObjectId });
    expect(errorBeside(chat.card, 'namedStaff')).toContain('You said it is not about a member of staff');
    await chat.press(verbs.concernNext, { ...base, aboutStaff: 'no', namedStaff: 'none' });
    expect(cardText(chat.card)).toContain('Step 6 of 6');
  });

  it('not acknowledged in time: every DSL is reminded, then the lead and deputy, then email is recorded as unavailable (fake clock)', async () => {
    const { concern } = await raise(newStaff());
    await alertedDsls(concern.reference);
    const reminders = (step: number) =>
      t.connector.calls.filter(
        (call) =>
          call.kind === 'send' &&
          call.activity?.summary ===
            `Reminder: safeguarding concern ${concern.reference}, urgent, not acknowledged` &&
          call.status < 300 &&
          step > 0,
      );
    const escalate = async () => {
      await t.app.jobs.send(escalateJob, {});
      await new Promise((resolve) => setTimeout(resolve, 50));
    };
    now = new Date('2026-03-11T10:14:59Z');
    await escalate();
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(reminders(1)).toHaveLength(0);
    now = new Date('2026-03-11T10:15:00Z');
    await escalate();
    await t.connector.waitFor(() => reminders(1).length >= 3, 5_000);
    now = new Date('2026-03-11T10:30:00Z');
    await escalate();
    await t.connector.waitFor(() => reminders(2).length >= 5, 5_000);
    expect(
      reminders(2)
        .slice(3)
        .map((call) => call.conversationId)
        .sort(),
    ).toEqual([personalConversationId(dslUser), personalConversationId(dsl2)].sort());
    now = new Date('2026-03-11T10:45:00Z');
    await escalate();
    const deadline = Date.now() + 5_000;
    while (!(await eventsOf(concern.id)).includes('escalation_email') && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 50));
    const events = await readConcernEvents(t.app.database.db, concern.id);
    expect(events.map((event) => event.kind)).toEqual([
      'submitted',
      'dsls_alerted',
      'escalation_reminder',
      'escalation_leads',
      'escalation_email',
    ]);
    expect(events.at(-1)?.detail.outcome).toContain('unavailable');
    // Once acknowledged, nothing more is due.
    const row = await t.app.database.db
      .selectFrom('concerns')
      .select(['escalation_step', 'next_escalation_at'])
      .where('id', '=', concern.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ escalation_step: 3, next_escalation_at: null });
  });

  it('an acknowledged concern does not escalate', async () => {
    const { concern } = await raise(newStaff());
    const { chat } = await alertedDsls(concern.reference);
    await chat(dsl3).press(verbs.triageAcknowledge);
    now = new Date('2026-03-11T11:00:00Z');
    await t.app.jobs.send(escalateJob, {});
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await eventsOf(concern.id)).not.toContain('escalation_reminder');
  });

  it('"talk to a DSL": every DSL is asked, the first to take it wins, the others see who, the requester is told who will contact them', async () => {
    const requester = newStaff();
    const chat = new ChatUser(t, requester);
    const start = await chat.say('talk to a DSL');
    expect(cardText(start.card)).toContain('Talk to a safeguarding lead');
    const asked = await chat.press(verbs.consultRequest, { topic: 'Advice about a home visit' });
    expect(cardText(asked.card)).toContain('has been asked to contact you');
    const calls = await t.connector.waitFor(
      (all) =>
        all.filter((call) => call.activity?.summary === 'Someone would like to talk to a safeguarding lead')
          .length >= 3,
      5_000,
    );
    const cards = calls.filter(
      (call) => call.activity?.summary === 'Someone would like to talk to a safeguarding lead',
    );
    const cardOf = (user: TestUser) => {
      const call = cards.find((candidate) => candidate.conversationId === personalConversationId(user));
      return dslChat(user, call ?? cards[0] ?? ({} as ConnectorCall));
    };
    const won = await cardOf(dsl2).press(verbs.consultTake);
    expect(cardText(won.card)).toContain('Taken by you');
    expect(JSON.stringify(won.card)).toContain(
      `https://teams.microsoft.com/l/chat/0/0?users=${requester.aadObjectId}`,
    );
    const lost = await cardOf(dslUser).press(verbs.consultTake);
    expect(cardText(lost.card)).toContain('Someone else took this request first');
    await t.connector.waitFor(
      (all) =>
        all.some(
          (call) =>
            call.conversationId === personalConversationId(requester) &&
            call.activity?.summary === 'A safeguarding lead will contact you',
        ),
      5_000,
    );
    await t.connector.waitFor(
      (all) =>
        all.some((call) => call.kind === 'update' && call.conversationId === personalConversationId(dsl3)),
      5_000,
    );
    const row = await t.app.database.db
      .selectFrom('consultations')
      .selectAll()
      .where('requester_aad_id', '=', requester.aadObjectId)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'taken', taken_by: dsl2.aadObjectId });
  });

  it('"open concerns" lists overdue first, then by urgency and age; "concern SG-…" opens the record and logs the view', async () => {
    const { concern: standard } = await raise(newStaff(), { immediateDanger: 'no', urgency: 'standard' });
    const { concern: urgent } = await raise(newStaff());
    // Deadlines are set by the alert job: wait for it, or a loaded machine lists them as not yet due.
    await alerted(standard.id);
    await alerted(urgent.id);
    now = new Date('2026-03-11T10:20:00Z');
    const dana = new ChatUser(t, dslUser);
    const list = cardText((await dana.say('open concerns')).card);
    expect(list).toContain('overdue');
    const first = list.indexOf('OVERDUE');
    const standardAt = list.indexOf('standard');
    expect(first).toBeGreaterThan(-1);
    expect(first).toBeLessThan(standardAt);
    const record = cardText((await dana.say(`concern ${urgent.reference.toLowerCase()}`)).card);
    expect(record).toContain(childName);
    expect(record).toContain('hash chain intact');
    const viewed = (await readConcernEvents(t.app.database.db, urgent.id)).filter(
      (event) => event.kind === 'viewed',
    );
    expect(viewed).toMatchObject([{ actorAadId: dslUser.aadObjectId, detail: { via: 'command' } }]);
    expect((await auditCodes(dslUser)).map((row) => row.code)).toContain('TRIAGE_LIST_VIEWED');
  });

  it('a concern submitted out of hours gets the out-of-hours route on its receipt, and a standard one is due at the end of the next working day', async () => {
    // Saturday evening before a bank-holiday-free Monday.
    now = new Date('2026-03-14T19:00:00Z');
    const { concern, chat } = await raise(newStaff(), { immediateDanger: 'no', urgency: 'standard' });
    expect(cardText(chat.card)).toContain('emergency duty team');
    await alerted(concern.id);
    const row = await t.app.database.db
      .selectFrom('concerns')
      .select('ack_due_at')
      .where('id', '=', concern.id)
      .executeTakeFirstOrThrow();
    expect(row.ack_due_at?.toISOString()).toBe('2026-03-16T17:00:00.000Z');
    now = new Date('2026-03-11T10:00:00Z');
    const inHours = await raise(newStaff());
    expect(cardText(inHours.chat.card)).not.toContain('emergency duty team');
  });

  it('verify:chronology finds a row changed behind the append-only trigger', async () => {
    const { concern } = await raise(newStaff());
    await alertedDsls(concern.reference);
    expect((await verifyAllChronologies(t.app.database.db)).broken).toEqual([]);
    const db = t.app.database.db;
    // As a superuser could: switch the trigger off, edit history, switch it back on.
    await sql`alter table concern_events disable trigger concern_events_no_change`.execute(db);
    await sql`update concern_events set detail = ${JSON.stringify({ reference: 'SG-2026-99999' })} where concern_id = ${concern.id} and kind = 'submitted'`.execute(
      db,
    );
    await sql`alter table concern_events enable trigger concern_events_no_change`.execute(db);
    const report = await verifyAllChronologies(db);
    expect(report.broken).toEqual([
      expect.objectContaining({
        concernId: concern.id,
        reference: concern.reference,
        reason: 'hash-mismatch',
      }),
    ]);
    await expect(
      db.deleteFrom('concern_events').where('concern_id', '=', concern.id).execute(),
    ).rejects.toThrow();
  });
});
