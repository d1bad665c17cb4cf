import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import { z } from 'zod';
import { type Actor, hasRole } from '../../shared/actor.ts';
import type { ActionResult, ActionSource } from '../../shared/reply.ts';
import { readConcernEvents } from '../../storage/concern-events.ts';
import type { Schema } from '../../storage/schema.ts';
import { cardActivity } from '../../teams/card-activity.ts';
import { buildRecordCard } from './full-record.ts';
import { refreshConcernCards } from './refresh-cards.ts';
import { describeEvent, renderTriageCard } from './render-triage-card.ts';
import { buildNotice, triageSummaries } from './triage-cards.ts';
import { refuseAccess, type TriageDeps } from './triage-deps.ts';
import { sendInfoRequestJob, tellReporterJob } from './triage-jobs.ts';
import {
  type ActionRequest,
  applyAction,
  type ConcernRow,
  findConcern,
  mayHandle,
  recordEvent,
} from './triage-store.ts';

const text = (max: number) => z.string().trim().max(max).optional();

/** What every triage card action carries: the concern and the version the card showed. */
export const cardActionSchema = z.looseObject({
  concernId: z.uuid(),
  version: z.coerce.number().int().positive().optional(),
  assignee: z.literal('me').optional(),
  assignTo: text(100),
  noteText: text(4000),
  infoQuestion: text(1000),
  decision: z.enum(['no_further_action', 'monitor', 'internal_support', 'refer', '']).optional(),
  reviewDate: text(20),
  decisionRationale: text(4000),
  agency: z
    .enum(['mash', 'adult_social_care', 'police', 'lado', 'prevent', 'modern_slavery', 'other', ''])
    .optional(),
  agencyReference: text(100),
  sharedWhat: text(4000),
  consent: z.enum(['given', 'override', 'not_sought', '']).optional(),
  overrideReason: text(2000),
  outcome: z
    .enum(['no_further_action', 'internal_support', 'referred', 'monitoring_ended', 'other', ''])
    .optional(),
  closeRationale: text(4000),
  supportOffered: z.string().optional(),
  /** For the quarterly report: whether the reporter took up the support offered. */
  supportTakenUp: z.enum(['yes', 'no', 'not_known', '']).optional(),
  reopenReason: text(2000),
});
export type CardAction = z.infer<typeof cardActionSchema>;

export const answerInfoSchema = z.looseObject({
  concernId: z.uuid(),
  requestId: z.uuid(),
  answer: z.string().trim().max(4000).optional(),
});

type Built =
  | { ok: true; request: Omit<ActionRequest, 'concernId' | 'expectedVersion' | 'actorAadId'> }
  | { ok: false; problem: string };

/** The change each button asks for, checked; a problem is shown on the card and nothing changes. */
function buildRequest(
  deps: TriageDeps,
  verb: string,
  actor: Actor,
  data: CardAction,
  dsls: readonly string[],
  concern: ConcernRow,
): Built {
  const ok = (request: Extract<Built, { ok: true }>['request']): Built => ({ ok: true, request });
  const problem = (message: string): Built => ({ ok: false, problem: message });
  switch (verb) {
    case 'triage.acknowledge':
      return ok({ action: 'acknowledge', event: { kind: 'acknowledged', detail: {} } });
    case 'triage.assign': {
      const to = (data.assignee === 'me' ? actor.aadObjectId : (data.assignTo ?? '')).toLowerCase();
      if (!to) return problem('Choose the DSL to assign it to.');
      if (!dsls.includes(to)) return problem('That person is not a Designated Safeguarding Lead.');
      if (to === concern.named_staff_aad_id?.toLowerCase())
        return problem('This concern names that DSL, so it cannot be assigned to them.');
      return ok({
        action: 'assign',
        event: { kind: 'assigned', detail: { to } },
        changes: { assigned_to: to },
      });
    }
    case 'triage.note':
      if (!data.noteText) return problem('Write the note before saving it.');
      return ok({ action: 'note', event: { kind: 'note_added', detail: { text: data.noteText } } });
    case 'triage.request-info': {
      if (!data.infoQuestion) return problem('Write the question for the reporter.');
      const requestId = randomUUID();
      return ok({
        action: 'request-info',
        event: { kind: 'information_requested', detail: { requestId, question: data.infoQuestion } },
        within: async (trx) => {
          await deps.jobs.send(
            sendInfoRequestJob,
            { concernId: concern.id, requestId },
            { transaction: trx },
          );
        },
      });
    }
    case 'triage.decision': {
      if (!data.decision) return problem('Choose a decision.');
      if (!data.decisionRationale) return problem('Give the rationale for the decision: it is required.');
      if (data.decision === 'monitor' && !/^\d{4}-\d{2}-\d{2}$/.test(data.reviewDate ?? ''))
        return problem('Monitoring needs a review date.');
      return ok({
        action: 'decision',
        event: {
          kind: 'decision_recorded',
          detail: {
            decision: data.decision,
            rationale: data.decisionRationale,
            ...(data.decision === 'monitor' && data.reviewDate ? { reviewDate: data.reviewDate } : {}),
          },
        },
      });
    }
    case 'triage.refer': {
      if (!data.agency) return problem('Choose who it was referred to.');
      if (!data.agencyReference)
        return problem('Give the agency’s reference (write "none given" if they gave none).');
      if (!data.sharedWhat) return problem('Say what was shared, with whom, and why.');
      // Information sharing without consent needs a recorded reason (Information sharing advice, HM Government 2024).
      if (data.consent !== 'given' && !data.overrideReason)
        return problem(
          data.consent
            ? 'Give the reason information was shared without consent.'
            : 'Record the consent decision, or give the reason for sharing without it.',
        );
      return ok({
        action: 'refer',
        event: {
          kind: 'referred',
          detail: {
            agency: data.agency,
            agencyReference: data.agencyReference,
            sharedWhat: data.sharedWhat,
            consent: data.consent || 'not_recorded',
            ...(data.consent !== 'given' && data.overrideReason
              ? { overrideReason: data.overrideReason }
              : {}),
          },
        },
      });
    }
    case 'triage.close':
      if (!data.outcome) return problem('Choose the outcome.');
      if (!data.closeRationale) return problem('Give the rationale for closing it.');
      if (data.supportOffered !== 'true')
        return problem('Confirm that support has been offered to the reporter.');
      return ok({
        action: 'close',
        event: {
          kind: 'closed',
          detail: {
            outcome: data.outcome,
            rationale: data.closeRationale,
            supportOffered: true,
            supportTakenUp: data.supportTakenUp || 'not_known',
          },
        },
      });
    case 'triage.reopen':
      if (!data.reopenReason) return problem('Give the reason for reopening it.');
      return ok({ action: 'reopen', event: { kind: 'reopened', detail: { reason: data.reopenReason } } });
    default:
      return problem('That action is not recognised.');
  }
}

const refusalText: Record<string, string> = {
  closed: 'This concern is closed. Reopen it first.',
  'not-closed': 'This concern is not closed.',
  'already-acknowledged': 'This concern has already been acknowledged.',
  'not-awaiting': 'No information is being waited for.',
};

/** A DSL acts on a concern from its card. */
export async function actOnConcern(
  deps: TriageDeps,
  verb: string,
  actor: Actor,
  data: CardAction,
  source: ActionSource,
): Promise<ActionResult> {
  const concern = await findConcern(deps.db, data.concernId);
  if (!concern)
    return { card: buildNotice({ title: 'Not found', message: 'That concern could not be found.' }) };
  if (!hasRole(actor, 'dsl') || !(await mayHandle(deps, actor.aadObjectId, concern)))
    return refuseAccess(deps, actor, verb, concern.id);
  const dsls = (await deps.roles.membersOf('dsl')).map((id) => id.toLowerCase());
  const built = buildRequest(deps, verb, actor, data, dsls, concern);
  if (!built.ok)
    return {
      card: await renderTriageCard(deps, concern, { notice: built.problem, noticeColor: 'Attention' }),
    };
  const outcome = await applyAction(deps, {
    ...built.request,
    concernId: concern.id,
    expectedVersion: data.version,
    actorAadId: actor.aadObjectId,
    within: async (trx, updated) => {
      await built.request.within?.(trx, updated);
      await queueReporterStatus(deps, trx, concern, updated);
    },
  });
  switch (outcome.kind) {
    case 'not-found':
      return { card: buildNotice({ title: 'Not found', message: 'That concern could not be found.' }) };
    case 'conflict': {
      const lines = await Promise.all(outcome.changes.map((event) => describeEvent(deps.people, event)));
      return {
        card: await renderTriageCard(deps, outcome.concern, {
          notice: `Someone else changed this concern first, so nothing from your click was saved. What changed: ${
            lines.join('; ') || 'the card was out of date'
          }. Check the card below and try again if it still applies.`,
          noticeColor: 'Attention',
        }),
      };
    }
    case 'refused':
      return {
        card: await renderTriageCard(deps, outcome.concern, {
          notice: refusalText[outcome.reason] ?? 'That cannot be done now.',
          noticeColor: 'Attention',
        }),
      };
    case 'done':
      deps.logger.info({ code: 'TRIAGE_ACTION', verb, concernId: concern.id }, 'triage action recorded');
      await refreshConcernCards(
        deps,
        concern.id,
        actor.conversationType === 'personal' ? source.cardActivityId : undefined,
      );
      return {
        card: await renderTriageCard(deps, outcome.concern, { notice: 'Saved.', noticeColor: 'Good' }),
      };
  }
}

/** The reporter is told when their concern is first acknowledged and each time it is closed. */
async function queueReporterStatus(
  deps: TriageDeps,
  trx: Transaction<Schema>,
  before: ConcernRow,
  after: ConcernRow,
): Promise<void> {
  if (!before.acknowledged_at && after.acknowledged_at)
    await deps.jobs.send(
      tellReporterJob,
      { concernId: after.id, status: 'acknowledged', version: after.version },
      { transaction: trx },
    );
  if (before.status !== 'closed' && after.status === 'closed')
    await deps.jobs.send(
      tellReporterJob,
      { concernId: after.id, status: 'closed', version: after.version },
      { transaction: trx },
    );
}

/**
 * "Open full record": a logged view. In a 1:1 chat the record replaces the card for this DSL only;
 * pressed in the channel, it goes to their 1:1 chat instead, so the record is never posted where
 * others can read it.
 */
export async function openRecord(
  deps: TriageDeps,
  actor: Actor,
  concernId: string,
  via: 'card' | 'command',
): Promise<ActionResult> {
  const concern = await findConcern(deps.db, concernId);
  if (!concern)
    return { card: buildNotice({ title: 'Not found', message: 'That concern could not be found.' }) };
  if (!hasRole(actor, 'dsl') || !(await mayHandle(deps, actor.aadObjectId, concern)))
    return refuseAccess(deps, actor, `triage.open:${via}`, concern.id);
  await recordEvent(deps.db, {
    concernId: concern.id,
    at: deps.clock.now(),
    actorAadId: actor.aadObjectId,
    kind: 'viewed',
    detail: { via, conversationType: actor.conversationType },
  });
  const record = await buildRecordCard(deps, concern);
  if (actor.conversationType === 'personal') return { card: record };
  const outcome = await deps.sender.sendToUser(
    { aadObjectId: actor.aadObjectId, tenantId: actor.tenantId },
    cardActivity(record, triageSummaries.record(concern.reference)),
  );
  return {
    card: await renderTriageCard(deps, concern, {
      notice:
        outcome.kind === 'sent'
          ? 'The full record has been sent to your 1:1 chat with Safeguarding Assistant.'
          : 'The full record could not be sent to your 1:1 chat. Open a chat with Safeguarding Assistant and type "concern ' +
            `${concern.reference}".`,
      noticeColor: outcome.kind === 'sent' ? 'Good' : 'Attention',
    }),
  };
}

/** The triage card of a concern (from the open-concerns list, or back from the record). */
export async function showTriageCard(
  deps: TriageDeps,
  actor: Actor,
  concernId: string,
): Promise<ActionResult> {
  const concern = await findConcern(deps.db, concernId);
  if (!concern)
    return { card: buildNotice({ title: 'Not found', message: 'That concern could not be found.' }) };
  if (!hasRole(actor, 'dsl') || !(await mayHandle(deps, actor.aadObjectId, concern)))
    return refuseAccess(deps, actor, 'triage.show', concern.id);
  return { card: await renderTriageCard(deps, concern) };
}

/** The reporter answers a DSL's question; the answer joins the record and the DSL cards update. */
export async function answerInformationRequest(
  deps: TriageDeps,
  actor: Actor,
  data: z.infer<typeof answerInfoSchema>,
): Promise<ActionResult> {
  const concern = await findConcern(deps.db, data.concernId);
  if (!concern || concern.reporter_aad_id.toLowerCase() !== actor.aadObjectId.toLowerCase())
    return refuseAccess(deps, actor, 'triage.answer-info', concern?.id);
  const events = await readConcernEvents(deps.db, concern.id);
  const asked = events.some(
    (event) => event.kind === 'information_requested' && event.detail.requestId === data.requestId,
  );
  const answered = events.some(
    (event) => event.kind === 'information_received' && event.detail.requestId === data.requestId,
  );
  if (!asked) return refuseAccess(deps, actor, 'triage.answer-info', concern.id);
  if (answered)
    return {
      card: buildNotice({
        title: 'Already answered',
        message: `You have already answered this question about ${concern.reference}. Thank you.`,
      }),
    };
  if (!data.answer)
    return {
      card: buildNotice({
        title: 'Nothing was sent',
        message: 'Write your answer, then press Send answer. Use the card the safeguarding lead sent you.',
        color: 'Attention',
      }),
    };
  const detail = { requestId: data.requestId, answer: data.answer };
  if (concern.status === 'awaiting_information') {
    const outcome = await applyAction(deps, {
      concernId: concern.id,
      expectedVersion: undefined,
      actorAadId: actor.aadObjectId,
      action: 'information-received',
      event: { kind: 'information_received', detail },
    });
    if (outcome.kind !== 'done')
      await recordEvent(deps.db, {
        concernId: concern.id,
        at: deps.clock.now(),
        actorAadId: actor.aadObjectId,
        kind: 'information_received',
        detail,
      });
  } else {
    await recordEvent(deps.db, {
      concernId: concern.id,
      at: deps.clock.now(),
      actorAadId: actor.aadObjectId,
      kind: 'information_received',
      detail,
    });
  }
  await refreshConcernCards(deps, concern.id);
  return {
    card: buildNotice({
      title: 'Thank you',
      message: `Your answer has been added to the record of ${concern.reference}. Only the safeguarding leads can see it.`,
      color: 'Good',
    }),
  };
}
