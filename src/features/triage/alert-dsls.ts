import { appendConcernEvent } from '../../storage/concern-events.ts';
import { cardActivity } from '../../teams/card-activity.ts';
import type { SendOutcome } from '../../teams/send-outcome.ts';
import type { OutboundActivity } from '../../teams/teams-sender.ts';
import { ukDateTime } from '../raise-concern/concern-cards.ts';
import { type DeliveryKey, type DeliveryResult, deliverOnce } from './deliveries.ts';
import { refreshConcernCards } from './refresh-cards.ts';
import { renderTriageCard, reporterLine, urgencyLabels } from './render-triage-card.ts';
import { chatDeepLink, immediateCardTemplate, triageSummaries } from './triage-cards.ts';
import type { TriageDeps } from './triage-deps.ts';
import { escalateJob } from './triage-jobs.ts';
import { type ConcernRow, findConcern, leadsOf, recipientsOf } from './triage-store.ts';
import { endOfWorkingDay } from './working-hours.ts';

/** When a concern must be acknowledged, and the gap between the escalation ladder's steps. */
export function deadlineOf(
  deps: Pick<TriageDeps, 'config' | 'working'>,
  urgency: ConcernRow['urgency'],
  from: Date,
): { dueAt: Date; stepMs: number } {
  const minutes = (value: number) => value * 60_000;
  switch (urgency) {
    case 'immediate':
      return {
        dueAt: new Date(from.getTime() + minutes(deps.config.SLA_IMMEDIATE_MINUTES)),
        stepMs: minutes(deps.config.SLA_IMMEDIATE_MINUTES),
      };
    case 'urgent':
      return {
        dueAt: new Date(from.getTime() + minutes(deps.config.SLA_URGENT_MINUTES)),
        stepMs: minutes(deps.config.SLA_URGENT_MINUTES),
      };
    case 'standard':
      return {
        dueAt: endOfWorkingDay(from, deps.working),
        stepMs: minutes(deps.config.SLA_STANDARD_STEP_MINUTES),
      };
  }
}

/**
 * The quarterly report counts concerns by the reporter's department as it was when they raised
 * it: copied once from the directory (the card's lookup is cached, so it costs no extra call).
 */
async function recordReporterDepartment(deps: TriageDeps, concern: ConcernRow): Promise<void> {
  if (concern.reporter_department !== null) return;
  const person = await deps.people.find(concern.reporter_aad_id);
  if (!person?.department) return;
  await deps.db
    .updateTable('concerns')
    .set({ reporter_department: person.department.slice(0, 200) })
    .where('id', '=', concern.id)
    .where('reporter_department', 'is', null)
    .execute();
}

/** Sets the acknowledgement deadline once and queues its escalation job in the same transaction. */
async function ensureDeadline(deps: TriageDeps, concern: ConcernRow): Promise<ConcernRow> {
  if (concern.ack_due_at) return concern;
  const { dueAt } = deadlineOf(deps, concern.urgency, new Date(concern.submitted_at));
  const waiting = concern.status === 'submitted';
  const updated = await deps.db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('concerns')
      .set({ ack_due_at: dueAt, next_escalation_at: waiting ? dueAt : null })
      .where('id', '=', concern.id)
      .where('ack_due_at', 'is', null)
      .returningAll()
      .executeTakeFirst();
    if (row && waiting)
      await deps.jobs.send(escalateJob, { subjectId: concern.id }, { startAfter: dueAt, transaction: trx });
    return row;
  });
  if (updated && waiting) deps.armEscalation(dueAt);
  return updated ?? (await findConcern(deps.db, concern.id)) ?? concern;
}

/** A card to one DSL's 1:1 chat (or to the team channel), once. */
export function sendCardOnce(
  deps: TriageDeps,
  key: DeliveryKey,
  options: { tracks: boolean; cardVersion?: number; tenantId: string | undefined },
  activity: OutboundActivity,
): Promise<DeliveryResult> {
  return deliverOnce(deps, key, options, async (): Promise<SendOutcome> => {
    if (key.recipient !== 'channel')
      return deps.sender.sendToUser({ aadObjectId: key.recipient, tenantId: options.tenantId }, activity);
    const channelId = deps.config.DSL_CHANNEL_ID;
    const reference = channelId ? await deps.refs.findConversation(channelId) : undefined;
    // The bot can post to the channel only once it has been added to the team there.
    if (!reference) return { kind: 'failed', status: 404 };
    return deps.sender.sendToConversation(reference, activity);
  });
}

/** The DSL team channel gets a card when one is configured and the bot has its reference. */
async function channelConfigured(deps: TriageDeps): Promise<boolean> {
  const channelId = deps.config.DSL_CHANNEL_ID;
  return !!channelId && !!(await deps.refs.findConversation(channelId));
}

/**
 * Worker of `concern.notify-dsls`: the triage card to every DSL the concern may go to, and to
 * the DSL channel (not for concerns about staff). Each card is claimed and marked in
 * triage_deliveries, so a retry or a restart sends only what is missing. A DSL who cannot be
 * reached (403/404: the app was removed) is recorded in the chronology and the email fallback is
 * used; the others are still alerted. A throttled or failing send makes the job retry.
 */
export async function alertDsls(deps: TriageDeps, concernId: string): Promise<void> {
  const found = await findConcern(deps.db, concernId);
  if (!found) {
    deps.logger.warn({ code: 'NOT_FOUND', concernId }, 'concern to alert not found');
    return;
  }
  if (found.alerted_at) return;
  const concern = await ensureDeadline(deps, found);
  await recordReporterDepartment(deps, concern);
  const dsls = await deps.roles.membersOf('dsl');
  const recipients = recipientsOf(concern, dsls, leadsOf(deps.config, dsls));
  const urgency = urgencyLabels[concern.urgency].short;
  const activity = cardActivity(
    await renderTriageCard(deps, concern),
    triageSummaries.newConcern(concern.reference, urgency),
  );
  const tenantId = concern.reporter_tenant_id ?? undefined;
  const targets = [...recipients];
  if (!concern.about_staff && (await channelConfigured(deps))) targets.push('channel');
  const results = await Promise.all(
    targets.map((recipient) =>
      sendCardOnce(
        deps,
        { subjectId: concern.id, subjectKind: 'concern', recipient, round: 'alert' },
        { tracks: true, cardVersion: concern.version, tenantId },
        activity,
      ),
    ),
  );
  if (results.some((result) => result.kind === 'retry' || result.kind === 'busy'))
    throw new Error('some DSL alerts are not settled yet');
  await finishAlert(deps, concern, recipients.length);
  await refreshConcernCards(deps, concern.id);
  await settleImmediateCards(deps, concern);
}

async function finishAlert(deps: TriageDeps, concern: ConcernRow, recipientCount: number): Promise<void> {
  const rows = await deps.db
    .selectFrom('triage_deliveries')
    .select(['recipient', 'state', 'outcome'])
    .where('subject_id', '=', concern.id)
    .where('round', '=', 'alert')
    .execute();
  const undeliverable = rows.filter((row) => row.state === 'gone' || row.state === 'failed');
  const now = deps.clock.now();
  const first = await deps.db.transaction().execute(async (trx) => {
    const marked = await trx
      .updateTable('concerns')
      .set({ alerted_at: now })
      .where('id', '=', concern.id)
      .where('alerted_at', 'is', null)
      .executeTakeFirst();
    if (Number(marked.numUpdatedRows) !== 1) return false;
    for (const row of undeliverable) {
      await appendConcernEvent(trx, {
        concernId: concern.id,
        at: now,
        actorAadId: 'system',
        kind: 'alert_undeliverable',
        detail: { recipient: row.recipient, outcome: row.outcome ?? row.state },
      });
    }
    await appendConcernEvent(trx, {
      concernId: concern.id,
      at: now,
      actorAadId: 'system',
      kind: 'dsls_alerted',
      detail: {
        recipients: recipientCount,
        sent: rows.filter((row) => row.state === 'sent').length,
        undeliverable: undeliverable.length,
        channel: rows.find((row) => row.recipient === 'channel')?.state ?? 'not-configured',
      },
    });
    return true;
  });
  if (!first) return;
  deps.logger.info(
    { code: 'TRIAGE_ALERTED', concernId: concern.id, sent: rows.length - undeliverable.length },
    'DSLs alerted',
  );
  const unreached = undeliverable.filter((row) => row.recipient !== 'channel');
  if (unreached.length > 0 || recipientCount === 0) {
    await emailOnce(deps, concern, 'alert-fallback', {
      subject: `Safeguarding concern ${concern.reference} (${urgencyLabels[concern.urgency].short}): a DSL could not be reached in Teams`,
      body: `A new safeguarding concern, ${concern.reference} (${urgencyLabels[concern.urgency].short}), was raised at ${ukDateTime(
        new Date(concern.submitted_at),
      )}. ${recipientCount === 0 ? 'No safeguarding lead is configured to receive it' : `${unreached.length} safeguarding lead(s) could not be reached in Microsoft Teams`}. Open Teams and type "concern ${concern.reference}" to see it.`,
    });
  }
}

/**
 * The email through Graph sendMail, at most once per concern and reason; its outcome (sent,
 * unavailable when Graph mail is not configured, failed) goes in the chronology.
 */
export async function emailOnce(
  deps: TriageDeps,
  concern: Pick<ConcernRow, 'id'>,
  round: string,
  message: { subject: string; body: string },
): Promise<void> {
  let mailOutcome = 'unavailable';
  const result = await deliverOnce(
    deps,
    { subjectId: concern.id, subjectKind: 'concern', recipient: 'email', round },
    { tracks: false },
    async (): Promise<SendOutcome> => {
      const sent = await deps.mailer.send(message);
      mailOutcome = sent.kind;
      if (sent.kind === 'sent') return { kind: 'sent', activityId: undefined, conversationId: 'email' };
      // Settled either way: a mail is not retried, its outcome is recorded.
      return { kind: 'failed', status: 422 };
    },
  );
  if (result.kind === 'settled' || result.kind === 'busy') return;
  const outcome = result.kind === 'sent' ? 'sent' : mailOutcome === 'unavailable' ? 'unavailable' : 'failed';
  await deps.db.transaction().execute((trx) =>
    appendConcernEvent(trx, {
      concernId: concern.id,
      at: deps.clock.now(),
      actorAadId: 'system',
      kind: round === 'alert-fallback' ? 'email_fallback' : 'escalation_email',
      detail: {
        outcome: outcome === 'unavailable' ? 'unavailable (Microsoft Graph mail is not configured)' : outcome,
        step: round === 'alert-fallback' ? 0 : 3,
      },
    }),
  );
}

/**
 * Immediate danger: the moment the reporter answers Yes at step 1, before the concern exists,
 * every DSL and the channel get an alert with who is reporting (no detail is known yet).
 */
export async function alertImmediate(deps: TriageDeps, draftId: string): Promise<void> {
  const draft = await deps.db
    .selectFrom('concern_drafts')
    .select(['id', 'owner_aad_id', 'owner_tenant_id', 'submitted_concern_id'])
    .where('id', '=', draftId)
    .executeTakeFirst();
  if (!draft) return;
  const dsls = (await deps.roles.membersOf('dsl')).map((id) => id.toLowerCase());
  const person = await deps.people.find(draft.owner_aad_id);
  const card = immediateCardTemplate.render({
    title: 'Someone may be in immediate danger',
    message:
      'A member of staff has just said that someone is in immediate danger and is completing a concern now. They have been told to call 999. The full concern will follow as soon as they submit it.',
    reporter: await reporterLine(deps.people, draft.owner_aad_id),
    alertedAt: ukDateTime(deps.clock.now()),
    reporterChatUrl: chatDeepLink(person?.userPrincipalName ?? draft.owner_aad_id),
  });
  const activity = cardActivity(card, triageSummaries.immediate);
  const targets = dsls.filter((id) => id !== draft.owner_aad_id.toLowerCase());
  if (await channelConfigured(deps)) targets.push('channel');
  const results = await Promise.all(
    targets.map((recipient) =>
      sendCardOnce(
        deps,
        { subjectId: draft.id, subjectKind: 'draft', recipient, round: 'immediate' },
        { tracks: false, tenantId: draft.owner_tenant_id ?? undefined },
        activity,
      ),
    ),
  );
  if (results.some((result) => result.kind === 'retry' || result.kind === 'busy'))
    throw new Error('some immediate alerts are not settled yet');
}

/**
 * Once the concern is submitted, the immediate-danger cards say so (without the reference: a
 * concern about a DSL must not reach them, and the immediate alert went to every DSL).
 */
async function settleImmediateCards(deps: TriageDeps, concern: ConcernRow): Promise<void> {
  const rows = await deps.db
    .selectFrom('triage_deliveries')
    .select(['recipient', 'conversation_id', 'activity_id'])
    .where('subject_id', '=', concern.draft_id)
    .where('round', '=', 'immediate')
    .where('state', '=', 'sent')
    .where('card_version', 'is', null)
    .execute();
  if (rows.length === 0) return;
  const card = immediateCardTemplate.render({
    title: 'Immediate-danger alert: the concern has been submitted',
    message:
      'The member of staff has submitted the full concern, and it has gone to the safeguarding leads handling it as a new triage card.',
    reporter: 'See the triage card',
    alertedAt: ukDateTime(new Date(concern.submitted_at)),
    reporterChatUrl: '',
  });
  const activity = cardActivity(card, triageSummaries.immediate);
  for (const row of rows) {
    if (!row.conversation_id || !row.activity_id) continue;
    const reference = await deps.refs.findConversation(row.conversation_id);
    if (!reference) continue;
    const outcome = await deps.sender.updateActivity(reference, row.activity_id, activity);
    if (outcome.kind === 'sent')
      await deps.db
        .updateTable('triage_deliveries')
        .set({ card_version: concern.version, updated_at: deps.clock.now() })
        .where('subject_id', '=', concern.draft_id)
        .where('recipient', '=', row.recipient)
        .where('round', '=', 'immediate')
        .execute();
  }
}
