import type { Kysely } from 'kysely';
import type { AdaptiveCardJson } from '../../cards/render.ts';
import { verbs } from '../../cards/verbs.ts';
import type { Actor } from '../../shared/actor.ts';
import { AppError } from '../../shared/errors.ts';
import type { ActionSource, Reply } from '../../shared/reply.ts';
import type { Schema } from '../../storage/schema.ts';
import type { FeatureContext } from '../feature.ts';
import { outOfHoursRouteFor } from '../triage/working-hours.ts';
import { buildFlowCard, buildNoticeCard, buildReceiptCard, concernSummaries } from './concern-cards.ts';
import { type Draft, type FlowCardLocation, findDraft, flowStateOf } from './concern-drafts.ts';
import { progressLine } from './concern-flow.ts';
import { urgencies } from './concern-schema.ts';

/** What a draft id from a card leads to, once we know the person clicking owns it. */
export type OwnedDraft =
  | { kind: 'draft'; draft: Draft }
  | { kind: 'submitted'; receipt: AdaptiveCardJson }
  | { kind: 'gone'; card: AdaptiveCardJson };

/**
 * Loads a draft for the person acting. Someone else's draft is refused (ROLE_FORBIDDEN, audited
 * by the bot with the verb only); a submitted one answers with its receipt; a missing one with a
 * calm card saying it is no longer there.
 */
export async function loadOwnedDraft(
  context: FeatureContext,
  actor: Actor,
  draftId: string,
): Promise<OwnedDraft> {
  const found = await findDraft(context.db, draftId);
  if (found && found.row.owner_aad_id !== actor.aadObjectId) {
    throw new AppError('ROLE_FORBIDDEN', 'This form belongs to someone else, so I cannot open or change it.');
  }
  const submittedId = found?.row.submitted_concern_id ?? undefined;
  const receipt = await receiptFor(context, actor, submittedId ? { concernId: submittedId } : { draftId });
  if (receipt) return { kind: 'submitted', receipt };
  if (!found?.draft) return { kind: 'gone', card: goneCard(context) };
  return { kind: 'draft', draft: found.draft };
}

/** The receipt of the reporter's concern made from a draft, if there is one. */
export async function receiptFor(
  context: Pick<FeatureContext, 'db' | 'config'>,
  actor: Pick<Actor, 'aadObjectId'>,
  by: { concernId: string } | { draftId: string },
): Promise<AdaptiveCardJson | undefined> {
  const concern = await findConcernSummary(context.db, actor.aadObjectId, by);
  return concern
    ? buildReceiptCard({
        ...concern,
        supportOffer: context.config.SUPPORT_OFFER_TEXT,
        outOfHoursRoute: outOfHoursRouteFor(context.config, concern.submittedAt),
      })
    : undefined;
}

export async function findConcernSummary(
  db: Kysely<Schema>,
  reporterAadId: string,
  by: { concernId: string } | { draftId: string },
) {
  let query = db
    .selectFrom('concerns')
    .select(['id', 'reference', 'status', 'urgency', 'submitted_at'])
    .where('reporter_aad_id', '=', reporterAadId);
  query = 'concernId' in by ? query.where('id', '=', by.concernId) : query.where('draft_id', '=', by.draftId);
  const row = await query.executeTakeFirst();
  if (!row || !urgencies.includes(row.urgency)) return undefined;
  return {
    id: row.id,
    reference: row.reference,
    status: row.status,
    urgency: row.urgency,
    submittedAt: new Date(row.submitted_at),
  };
}

function goneCard(context: FeatureContext): AdaptiveCardJson {
  return buildNoticeCard({
    title: 'This form is no longer available',
    message: `It may have been cancelled, or deleted because it was not sent within ${context.config.DRAFT_MAX_AGE_DAYS} days. Nothing was sent from it.`,
    detail: 'To record a concern, type "raise a concern". To see concerns you have sent, type "my concerns".',
    actions: [{ title: 'Raise a concern', verb: verbs.startConcern, data: {} }],
  });
}

/**
 * Refuses a card action for a step the draft is not on: a stale card, or a crafted one. The code
 * and the draft id are audited and logged, never the content; the current step is shown instead.
 */
export async function refuseOutOfOrder(
  context: FeatureContext,
  actor: Actor,
  draft: Draft,
  verb: string,
): Promise<AdaptiveCardJson> {
  context.logger.warn({ code: 'STEP_OUT_OF_ORDER', verb, draftId: draft.id }, 'card step out of order');
  await context.audit('STEP_OUT_OF_ORDER', actor, draft.id);
  return currentCard(draft, {
    notice:
      draft.step === 'submitted'
        ? 'This form has already been submitted.'
        : `That button was from an earlier point in this form, so nothing was changed. You are on ${progressLine(draft.step).toLowerCase()}.`,
  });
}

/** The card for where the draft is now. */
export function currentCard(
  draft: Draft,
  options: { notice?: string; kept?: Record<string, string>; errors?: Record<string, string> } = {},
): AdaptiveCardJson {
  return buildFlowCard({
    draftId: draft.id,
    version: draft.version,
    state: flowStateOf(draft),
    answers: draft.data.answers,
    ...options,
  });
}

/**
 * Where the flow card now is. When the person carries on from a different message (another
 * device, or a resumed draft), the older message is replaced by a stub, so its detail leaves
 * the chat, and the new one is recorded.
 */
export async function followFlowCard(
  context: FeatureContext,
  actor: Actor,
  draft: Draft,
  source: ActionSource,
  reply: Reply,
): Promise<FlowCardLocation | undefined> {
  const activityId = source.cardActivityId;
  if (!activityId || activityId === draft.cardActivityId) return undefined;
  if (draft.cardActivityId && draft.cardConversationId === actor.conversationId) {
    try {
      await reply.updateCard(
        draft.cardActivityId,
        buildNoticeCard({
          title: 'This form continues in a newer message',
          message: 'To keep the chat tidy and private, its content has been removed from here.',
        }),
        concernSummaries.notice,
      );
    } catch (error) {
      context.logger.warn(
        { code: 'SEND_FAILED', draftId: draft.id, err: error instanceof Error ? error.name : 'unknown' },
        'older flow card not replaced',
      );
    }
  }
  return { activityId, conversationId: actor.conversationId };
}
