import { verbs } from '../../cards/verbs.ts';
import { systemClock } from '../../shared/clock.ts';
import { cardActivity } from '../../teams/card-activity.ts';
import type { FeatureContext } from '../feature.ts';
import { buildNoticeCard, concernSummaries, ukDay } from './concern-cards.ts';
import { sweepDraftsJob } from './concern-jobs.ts';

const dayMs = 24 * 60 * 60 * 1000;
const sweepEveryMs = 60 * 60 * 1000;

/**
 * Deletes drafts not saved for DRAFT_MAX_AGE_DAYS (unsent ones, and the empty shells of sent
 * ones), and tells owners a day before their unsent draft goes. Each reminder is claimed before
 * it is sent, so two sweeps never remind twice; a send that may succeed later is unclaimed.
 */
export async function sweepDrafts(context: FeatureContext): Promise<{ reminded: number; deleted: number }> {
  const now = context.clock.now();
  const maxAgeMs = context.config.DRAFT_MAX_AGE_DAYS * dayMs;
  const deleted = await context.db
    .deleteFrom('concern_drafts')
    .where('updated_at', '<', new Date(now.getTime() - maxAgeMs))
    .executeTakeFirst();

  const due = await context.db
    .selectFrom('concern_drafts')
    .select(['id', 'owner_aad_id', 'owner_tenant_id', 'updated_at'])
    .where('submitted_concern_id', 'is', null)
    .where('reminded_at', 'is', null)
    .where('updated_at', '<', new Date(now.getTime() - maxAgeMs + dayMs))
    .execute();
  let reminded = 0;
  for (const draft of due) {
    const claimed = await context.db
      .updateTable('concern_drafts')
      .set({ reminded_at: now })
      .where('id', '=', draft.id)
      .where('reminded_at', 'is', null)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) continue;
    const deletesOn = new Date(new Date(draft.updated_at).getTime() + maxAgeMs);
    const card = buildNoticeCard({
      title: 'A concern you started has not been sent',
      message: `It has not reached the safeguarding leads. Unsent concerns are deleted after ${context.config.DRAFT_MAX_AGE_DAYS} days: this one will be deleted on ${ukDay(deletesOn)}.`,
      detail: 'Carry on with it and submit it, or discard it if it is no longer needed.',
      color: 'Attention',
      actions: [
        { title: 'Carry on with it', verb: verbs.concernResume, data: { draftId: draft.id } },
        { title: 'Discard it', verb: verbs.concernCancel, data: { draftId: draft.id } },
      ],
    });
    const outcome = await context.sender.sendToUser(
      { aadObjectId: draft.owner_aad_id, tenantId: draft.owner_tenant_id ?? undefined },
      cardActivity(card, concernSummaries.reminder),
    );
    if (outcome.kind === 'sent') {
      reminded += 1;
      continue;
    }
    context.logger.warn(
      { code: 'SEND_FAILED', outcome: outcome.kind, draftId: draft.id },
      'draft reminder not delivered',
    );
    if (outcome.kind === 'throttled' || (outcome.kind === 'failed' && outcome.status === undefined)) {
      await context.db
        .updateTable('concern_drafts')
        .set({ reminded_at: null })
        .where('id', '=', draft.id)
        .execute();
    }
  }
  const removed = Number(deleted.numDeletedRows);
  if (removed > 0 || reminded > 0)
    context.logger.info({ code: 'CONCERN_DRAFTS_SWEPT', deleted: removed, reminded }, 'drafts swept');
  return { reminded, deleted: removed };
}

/** The sweep's worker: sweep, then queue the next run unless one is already waiting. */
export function sweepDraftsWorker(context: FeatureContext) {
  return async (): Promise<void> => {
    await sweepDrafts(context);
    // The queue runs on wall time whatever clock the sweep is judged by.
    if ((await context.jobs.pendingCount(sweepDraftsJob)) <= 1)
      await context.jobs.send(
        sweepDraftsJob,
        {},
        { startAfter: new Date(systemClock.now().getTime() + sweepEveryMs) },
      );
  };
}
