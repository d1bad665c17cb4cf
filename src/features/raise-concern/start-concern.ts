import { z } from 'zod';
import type { AdaptiveCardJson } from '../../cards/render.ts';
import { verbs } from '../../cards/verbs.ts';
import type { Actor } from '../../shared/actor.ts';
import type { ActionResult, ActionSource, Reply } from '../../shared/reply.ts';
import { sendCardPrivately } from '../../teams/send-privately.ts';
import type { FeatureContext } from '../feature.ts';
import { buildNoticeCard, concernSummaries, ukDay } from './concern-cards.ts';
import { createDraft, type Draft, deleteDraft, openDraftsOf, setFlowCard } from './concern-drafts.ts';
import { progressLine } from './concern-flow.ts';
import { currentCard, followFlowCard, loadOwnedDraft } from './owned-draft.ts';

export const startActionSchema = z.looseObject({ fresh: z.literal('yes').optional() });
export const draftActionSchema = z.looseObject({ draftId: z.uuid() });

/**
 * A card, in the person's 1:1 chat. Asked in a channel or group chat, it goes to their 1:1 chat
 * instead, so nothing about a concern is posted where others can read it.
 */
export async function sendPrivately(
  context: FeatureContext,
  actor: Actor,
  reply: Reply,
  card: AdaptiveCardJson,
  summary: string,
): Promise<{ activityId: string; conversationId: string } | 'sent-without-id' | 'failed'> {
  const delivery = await sendCardPrivately(context.sender, actor, reply, card, summary);
  if (delivery.kind === 'failed') {
    context.logger.warn({ code: 'SEND_FAILED' }, 'private card not delivered');
    await reply.text(
      'I could not open a private chat with you. Open a 1:1 chat with Safeguarding Assistant and type "raise a concern" there.',
    );
    return 'failed';
  }
  if (delivery.kind === 'sent')
    await reply.text(
      'To keep it confidential, I have sent you a private message. Please do not post any details of a concern here.',
    );
  return delivery.activityId && delivery.conversationId
    ? { activityId: delivery.activityId, conversationId: delivery.conversationId }
    : 'sent-without-id';
}

function resumeOffer(context: FeatureContext, draft: Draft): AdaptiveCardJson {
  const step = draft.step === 'submitted' ? 'review' : draft.step;
  return buildNoticeCard({
    title: 'You have a concern that has not been sent yet',
    message: `You started it on ${ukDay(draft.createdAt)} and got to ${progressLine(step).toLowerCase()}.`,
    detail: `Carry on with it, or start a new one. An unsent concern is kept for ${context.config.DRAFT_MAX_AGE_DAYS} days; "my concerns" lists it until then.`,
    actions: [
      { title: 'Carry on with it', verb: verbs.concernResume, data: { draftId: draft.id } },
      { title: 'Start a new one', verb: verbs.startConcern, data: { fresh: 'yes' } },
    ],
  });
}

/** "raise a concern" typed: step 1 in a new message (or an offer to carry on with an unsent one). */
export async function startConcernFromText(
  context: FeatureContext,
  actor: Actor,
  reply: Reply,
): Promise<void> {
  const [open] = await openDraftsOf(context.db, actor.aadObjectId);
  if (open) {
    await sendPrivately(context, actor, reply, resumeOffer(context, open), concernSummaries.flow);
    return;
  }
  const draft = await createDraft(context.db, actor, context.clock.now());
  context.logger.info({ code: 'CONCERN_STARTED', draftId: draft.id }, 'concern flow started');
  const sent = await sendPrivately(context, actor, reply, currentCard(draft), concernSummaries.flow);
  if (sent === 'failed') await deleteDraft(context.db, draft.id);
  else if (sent !== 'sent-without-id') await setFlowCard(context.db, draft.id, sent);
}

/** The "Raise a concern" button on any card: step 1 in place of the clicked card. */
export async function startConcernFromCard(
  context: FeatureContext,
  actor: Actor,
  data: z.infer<typeof startActionSchema>,
  reply: Reply,
): Promise<ActionResult> {
  if (actor.conversationType !== 'personal') {
    await startConcernFromText(context, actor, reply);
    return {
      card: buildNoticeCard({
        title: 'Raise a concern',
        message: 'I have sent you a private message to record your concern.',
      }),
    };
  }
  if (data.fresh !== 'yes') {
    const [open] = await openDraftsOf(context.db, actor.aadObjectId);
    if (open) return { card: resumeOffer(context, open) };
  }
  const draft = await createDraft(context.db, actor, context.clock.now());
  context.logger.info({ code: 'CONCERN_STARTED', draftId: draft.id }, 'concern flow started');
  // The message holding this card is recorded on the first step button, which names it exactly
  // (an Action.Submit would have posted the card as a new message).
  return { card: currentCard(draft) };
}

export async function resumeDraft(
  context: FeatureContext,
  actor: Actor,
  data: z.infer<typeof draftActionSchema>,
  reply: Reply,
  source: ActionSource,
): Promise<ActionResult> {
  const owned = await loadOwnedDraft(context, actor, data.draftId);
  if (owned.kind === 'submitted') return { card: owned.receipt };
  if (owned.kind === 'gone') return { card: owned.card };
  const card = await followFlowCard(context, actor, owned.draft, source, reply);
  if (card) await setFlowCard(context.db, owned.draft.id, card);
  return { card: currentCard(owned.draft) };
}

export async function confirmCancel(
  context: FeatureContext,
  actor: Actor,
  data: z.infer<typeof draftActionSchema>,
): Promise<ActionResult> {
  const owned = await loadOwnedDraft(context, actor, data.draftId);
  if (owned.kind === 'submitted') return { card: owned.receipt };
  if (owned.kind === 'gone') return { card: owned.card };
  const alerted = Boolean(owned.draft.data.immediateAlertedAt);
  return {
    card: buildNoticeCard({
      title: 'Discard this concern?',
      message: alerted
        ? 'The safeguarding leads were alerted that someone may be in immediate danger, but they have not had the rest of your answers. If you discard it, what you entered is deleted.'
        : 'Nothing has been sent to the safeguarding leads. If you discard it, what you entered is deleted.',
      color: 'Attention',
      actions: [
        { title: 'Yes, discard it', verb: verbs.concernDiscard, data: { draftId: owned.draft.id } },
        { title: 'No, go back to it', verb: verbs.concernResume, data: { draftId: owned.draft.id } },
      ],
    }),
  };
}

export async function discardDraft(
  context: FeatureContext,
  actor: Actor,
  data: z.infer<typeof draftActionSchema>,
): Promise<ActionResult> {
  const owned = await loadOwnedDraft(context, actor, data.draftId);
  if (owned.kind === 'submitted') return { card: owned.receipt };
  if (owned.kind === 'gone') return { card: owned.card };
  await deleteDraft(context.db, owned.draft.id);
  // After an immediate-danger alert the DSLs know a draft existed: its discarding is on record.
  if (owned.draft.data.immediateAlertedAt)
    await context.audit('CONCERN_DISCARDED_AFTER_ALERT', actor, owned.draft.id);
  context.logger.info({ code: 'CONCERN_DISCARDED', draftId: owned.draft.id }, 'draft discarded');
  return {
    card: buildNoticeCard({
      title: 'Concern discarded',
      message: 'What you entered has been deleted. Nothing was sent.',
      detail:
        'If you are still worried about someone, you can raise a concern again at any time, or talk to a Designated Safeguarding Lead. If anyone is in immediate danger, call 999.',
      actions: [{ title: 'Raise a concern', verb: verbs.startConcern, data: { fresh: 'yes' } }],
    }),
  };
}
