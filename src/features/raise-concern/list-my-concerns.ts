import type { AdaptiveCardJson } from '../../cards/render.ts';
import type { Actor } from '../../shared/actor.ts';
import type { FeatureContext } from '../feature.ts';
import { listCardTemplate, statusLabels, ukDateTime, ukDay } from './concern-cards.ts';
import { openDraftsOf } from './concern-drafts.ts';
import { progressLine } from './concern-flow.ts';

/**
 * The reporter's own concerns: reference, date and status only, and any they have not sent yet
 * (so after an interrupted Submit they can tell whether it went).
 */
export async function buildMyConcernsCard(context: FeatureContext, actor: Actor): Promise<AdaptiveCardJson> {
  const concerns = await context.db
    .selectFrom('concerns')
    .select(['reference', 'submitted_at', 'status'])
    .where('reporter_aad_id', '=', actor.aadObjectId)
    .orderBy('submitted_at', 'desc')
    .limit(20)
    .execute();
  const drafts = await openDraftsOf(context.db, actor.aadObjectId);
  return listCardTemplate.render({
    emptyLine: 'You have not submitted any concerns.',
    draftsLine: `These have not been sent to the safeguarding leads. Unsent concerns are deleted after ${context.config.DRAFT_MAX_AGE_DAYS} days.`,
    concerns: concerns.map((row) => ({
      reference: row.reference,
      date: ukDay(new Date(row.submitted_at)),
      status: statusLabels[row.status] ?? row.status,
    })),
    drafts: drafts.map((draft) => ({
      description: `Started ${ukDateTime(draft.createdAt)}, ${progressLine(
        draft.step === 'submitted' ? 'review' : draft.step,
      ).toLowerCase()}, last saved ${ukDateTime(draft.updatedAt)}`,
      draftId: draft.id,
    })),
  });
}
