import { z } from 'zod';
import { verbs } from '../../cards/verbs.ts';
import type { Actor } from '../../shared/actor.ts';
import { AppError } from '../../shared/errors.ts';
import type { ActionResult, ActionSource, Reply } from '../../shared/reply.ts';
import type { FeatureContext } from '../feature.ts';
import { outOfHoursRouteFor } from '../triage/working-hours.ts';
import { buildEmergencyCard, buildNoticeCard, buildReceiptCard, concernSummaries } from './concern-cards.ts';
import {
  type Draft,
  type DraftAnswers,
  type FlowCardLocation,
  flowStateOf,
  saveDraft,
} from './concern-drafts.ts';
import { type FlowEvent, transition } from './concern-flow.ts';
import { alertImmediateJob } from './concern-jobs.ts';
import {
  draftAnswersSchema,
  entriesOf,
  isSectionComplete,
  sectionIds,
  ukDate,
  validateStep,
} from './concern-schema.ts';
import { currentCard, followFlowCard, loadOwnedDraft, receiptFor, refuseOutOfOrder } from './owned-draft.ts';
import { submitConcern } from './submit-concern.ts';

/** What every flow card's buttons send, beside the inputs: which draft, which step, which version. */
export const flowActionSchema = z.looseObject({
  draftId: z.uuid(),
  step: z.string().min(1).max(20),
  version: z.number().int().min(0),
});
export type FlowAction = z.infer<typeof flowActionSchema>;

export const editActionSchema = flowActionSchema.extend({ section: z.enum(sectionIds) });

type Prelude =
  | { proceed: true; draft: Draft; card: FlowCardLocation | undefined }
  | { proceed: false; result: ActionResult };

/**
 * Checks shared by every step button: the draft is the actor's, not yet submitted, on the step
 * the card was made for, and unchanged since the card was shown.
 */
async function prelude(
  context: FeatureContext,
  actor: Actor,
  data: FlowAction,
  verb: string,
  source: ActionSource,
  reply: Reply,
): Promise<Prelude> {
  const owned = await loadOwnedDraft(context, actor, data.draftId);
  if (owned.kind === 'submitted') return { proceed: false, result: { card: owned.receipt } };
  if (owned.kind === 'gone') return { proceed: false, result: { card: owned.card } };
  const draft = owned.draft;
  if (draft.step === 'submitted' || data.step !== draft.step)
    return { proceed: false, result: { card: await refuseOutOfOrder(context, actor, draft, verb) } };
  if (data.version !== draft.version) {
    return {
      proceed: false,
      result: {
        card: currentCard(draft, {
          notice:
            'This form was also changed in another window. Check the answers below and press the button again.',
          ...(draft.step === 'review' ? {} : { kept: entriesOf(draft.step, data) }),
        }),
      },
    };
  }
  return { proceed: true, draft, card: await followFlowCard(context, actor, draft, source, reply) };
}

function today(context: FeatureContext): { now: Date; today: string } {
  const now = context.clock.now();
  return { now, today: ukDate(now).day };
}

const completeIn = (answers: DraftAnswers, day: string) => (section: (typeof sectionIds)[number]) =>
  isSectionComplete(section, answers, { today: day });

const checkAnswers =
  'Some answers need another look: see the message under each one. Nothing you entered was lost.';

/**
 * Applies what a step card sent. Next needs the step complete; Back and Save for later keep
 * whatever is valid so far. On a bad value the same card comes back with the errors and every
 * entry, and nothing is stored.
 */
async function applyEntries(
  context: FeatureContext,
  draft: Draft,
  data: FlowAction,
  mode: 'complete' | 'partial',
  notice: string,
): Promise<{ ok: true; answers: DraftAnswers } | { ok: false; result: ActionResult }> {
  if (draft.step === 'review' || draft.step === 'submitted') return { ok: true, answers: draft.data.answers };
  const section = draft.step;
  // The card does not ask a child's own view (Care Act 2014 asks it of adults): a value sent anyway is dropped.
  const { personsView: _notAsked, ...sentForChild } = data;
  const sent =
    section === 'actions' && draft.data.answers.subject?.subjectType === 'child' ? sentForChild : data;
  const result = validateStep(section, sent, mode, {
    today: today(context).today,
    subjectType: draft.data.answers.subject?.subjectType,
  });
  if (!result.ok) {
    context.logger.info(
      { code: 'CONCERN_STEP_INVALID', step: section, fields: Object.keys(result.errors) },
      'step answers refused',
    );
    return {
      ok: false,
      result: { card: currentCard(draft, { kept: result.kept, errors: result.errors, notice }) },
    };
  }
  return { ok: true, answers: draftAnswersSchema.parse({ ...draft.data.answers, [section]: result.values }) };
}

async function moveDraft(
  context: FeatureContext,
  actor: Actor,
  draft: Draft,
  event: FlowEvent,
  answers: DraftAnswers,
  card: FlowCardLocation | undefined,
  verb: string,
): Promise<ActionResult> {
  const { now, today: day } = today(context);
  const moved = transition(flowStateOf(draft), event, completeIn(answers, day));
  if (!moved.ok) return { card: await refuseOutOfOrder(context, actor, draft, verb) };
  // Immediate danger: the DSLs are alerted once per draft, the moment the reporter says so.
  const alert =
    draft.step === 'danger' && answers.danger?.immediateDanger === 'yes' && !draft.data.immediateAlertedAt;
  const saved = await context.db.transaction().execute(async (trx) => {
    const result = await saveDraft(
      trx,
      draft,
      {
        step: moved.state.step,
        data: {
          ...draft.data,
          answers,
          editing: moved.state.editing,
          ...(alert ? { immediateAlertedAt: now.toISOString() } : {}),
        },
        card,
      },
      now,
    );
    if (result !== 'conflict' && alert)
      await context.jobs.send(alertImmediateJob, { draftId: draft.id }, { transaction: trx });
    return result;
  });
  if (saved === 'conflict') return staleResult();
  if (alert)
    context.logger.warn({ code: 'CONCERN_IMMEDIATE_DANGER', draftId: draft.id }, 'immediate alert queued');
  if (draft.step === 'danger' && event.type === 'next' && answers.danger?.immediateDanger === 'yes')
    return { card: buildEmergencyCard(draft.id) };
  return { card: currentCard(saved) };
}

function staleResult(): ActionResult {
  return {
    card: buildNoticeCard({
      title: 'This form was changed at the same moment somewhere else',
      message:
        'Nothing from this click was saved. Type "my concerns" and press Resume to carry on from the latest version.',
      color: 'Attention',
    }),
  };
}

export function stepHandlers(context: FeatureContext) {
  return {
    async next(actor: Actor, data: FlowAction, reply: Reply, source: ActionSource): Promise<ActionResult> {
      const start = await prelude(context, actor, data, verbs.concernNext, source, reply);
      if (!start.proceed) return start.result;
      const entries = await applyEntries(context, start.draft, data, 'complete', checkAnswers);
      if (!entries.ok) return entries.result;
      return moveDraft(
        context,
        actor,
        start.draft,
        { type: 'next' },
        entries.answers,
        start.card,
        verbs.concernNext,
      );
    },

    async back(actor: Actor, data: FlowAction, reply: Reply, source: ActionSource): Promise<ActionResult> {
      const start = await prelude(context, actor, data, verbs.concernBack, source, reply);
      if (!start.proceed) return start.result;
      const entries = await applyEntries(context, start.draft, data, 'partial', checkAnswers);
      if (!entries.ok) return entries.result;
      return moveDraft(
        context,
        actor,
        start.draft,
        { type: 'back' },
        entries.answers,
        start.card,
        verbs.concernBack,
      );
    },

    async edit(
      actor: Actor,
      data: z.infer<typeof editActionSchema>,
      reply: Reply,
      source: ActionSource,
    ): Promise<ActionResult> {
      const start = await prelude(context, actor, data, verbs.concernEdit, source, reply);
      if (!start.proceed) return start.result;
      return moveDraft(
        context,
        actor,
        start.draft,
        { type: 'edit', section: data.section },
        start.draft.data.answers,
        start.card,
        verbs.concernEdit,
      );
    },

    async saveForLater(
      actor: Actor,
      data: FlowAction,
      reply: Reply,
      source: ActionSource,
    ): Promise<ActionResult> {
      const start = await prelude(context, actor, data, verbs.concernSave, source, reply);
      if (!start.proceed) return start.result;
      const { draft } = start;
      const entries = await applyEntries(
        context,
        draft,
        data,
        'partial',
        'Some answers need another look before they can be saved: see the message under each one.',
      );
      if (!entries.ok) return entries.result;
      const saved = await saveDraft(
        context.db,
        draft,
        { step: draft.step, data: { ...draft.data, answers: entries.answers }, card: start.card },
        context.clock.now(),
      );
      if (saved === 'conflict') return staleResult();
      return {
        card: buildNoticeCard({
          title: 'Saved for later',
          message: 'Your concern has been saved. It has not been sent to the safeguarding leads yet.',
          detail: `To carry on, press Resume, or type "my concerns" at any time, on any device. Concerns not sent within ${context.config.DRAFT_MAX_AGE_DAYS} days are deleted; you will be reminded the day before.`,
          actions: [{ title: 'Resume', verb: verbs.concernResume, data: { draftId: draft.id } }],
        }),
      };
    },

    async submit(actor: Actor, data: FlowAction, reply: Reply, source: ActionSource): Promise<ActionResult> {
      const start = await prelude(context, actor, data, verbs.concernSubmit, source, reply);
      if (!start.proceed) return start.result;
      const { draft } = start;
      if (draft.step !== 'review')
        return { card: await refuseOutOfOrder(context, actor, draft, verbs.concernSubmit) };
      if (data.declaration !== 'true') {
        return {
          card: currentCard(draft, {
            errors: { declaration: 'Tick the declaration to submit.' },
            notice: 'Please confirm the declaration, then submit.',
          }),
        };
      }
      const outcome = await submitConcern(context, actor, draft.id, start.card);
      switch (outcome.kind) {
        case 'submitted': {
          const { concern } = outcome;
          context.logger.info(
            {
              code: 'CONCERN_SUBMITTED',
              concernId: concern.id,
              reference: concern.reference,
              urgency: concern.urgency,
            },
            'concern submitted',
          );
          const receipt = buildReceiptCard({
            ...concern,
            status: 'submitted',
            supportOffer: context.config.SUPPORT_OFFER_TEXT,
            outOfHoursRoute: outOfHoursRouteFor(context.config, concern.submittedAt),
          });
          // The invoke answer replaces the card on this screen; the update replaces the stored
          // message too (other devices, the chat history). A durable job does it again after a crash.
          const flowCardId = start.card?.activityId ?? draft.cardActivityId;
          if (flowCardId) {
            try {
              await reply.updateCard(flowCardId, receipt, concernSummaries.receipt(concern.reference));
            } catch (error) {
              context.logger.warn(
                {
                  code: 'SEND_FAILED',
                  concernId: concern.id,
                  err: error instanceof Error ? error.name : 'unknown',
                },
                'flow card not replaced yet: the queued job will retry',
              );
            }
          }
          return { card: receipt };
        }
        case 'already-submitted':
          return {
            card: (await receiptFor(context, actor, { concernId: outcome.concernId })) ?? staleResult().card,
          };
        case 'not-owner':
          throw new AppError('ROLE_FORBIDDEN', 'This form belongs to someone else, so I cannot submit it.');
        case 'gone':
          return staleResult();
        case 'not-on-review':
          return { card: await refuseOutOfOrder(context, actor, outcome.draft, verbs.concernSubmit) };
        case 'incomplete': {
          const saved = await saveDraft(
            context.db,
            outcome.draft,
            { step: outcome.section, data: { ...outcome.draft.data, editing: false }, card: start.card },
            context.clock.now(),
          );
          if (saved === 'conflict') return staleResult();
          return {
            card: currentCard(saved, {
              notice: 'Some answers are missing: please complete this step first.',
            }),
          };
        }
      }
    },
  };
}
