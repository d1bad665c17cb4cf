import { cardActivity } from '../../teams/card-activity.ts';
import { renderTriageCard } from './render-triage-card.ts';
import { triageSummaries } from './triage-cards.ts';
import type { TriageDeps } from './triage-deps.ts';
import { refreshCardsJob } from './triage-jobs.ts';
import { findConcern } from './triage-store.ts';

/**
 * One card, one truth: every stored card of a concern that shows an older version is updated in
 * place (each DSL's 1:1 card, reminders, the channel card). `answeredActivityId` is the card the
 * acting DSL clicked in their 1:1 chat: the invoke's answer has already replaced it. A failed
 * update queues the durable job to try again.
 */
export async function refreshConcernCards(
  deps: TriageDeps,
  concernId: string,
  answeredActivityId?: string,
): Promise<{ updated: number; failed: number }> {
  const concern = await findConcern(deps.db, concernId);
  if (!concern) return { updated: 0, failed: 0 };
  const rows = await deps.db
    .selectFrom('triage_deliveries')
    .select(['recipient', 'round', 'conversation_id', 'activity_id', 'card_version'])
    .where('subject_id', '=', concern.id)
    .where('tracks', '=', true)
    .where('state', '=', 'sent')
    .where('activity_id', 'is not', null)
    .where((eb) => eb.or([eb('card_version', 'is', null), eb('card_version', '<', concern.version)]))
    .execute();
  if (rows.length === 0) return { updated: 0, failed: 0 };
  const activity = cardActivity(
    await renderTriageCard(deps, concern),
    triageSummaries.updated(concern.reference),
  );
  let updated = 0;
  let failed = 0;
  await Promise.all(
    rows.map(async (row) => {
      const markShown = () =>
        deps.db
          .updateTable('triage_deliveries')
          .set({ card_version: concern.version, updated_at: deps.clock.now() })
          .where('subject_id', '=', concern.id)
          .where('recipient', '=', row.recipient)
          .where('round', '=', row.round)
          .where((eb) => eb.or([eb('card_version', 'is', null), eb('card_version', '<', concern.version)]))
          .execute();
      if (!row.activity_id || !row.conversation_id) return;
      if (row.activity_id === answeredActivityId) {
        await markShown();
        return;
      }
      const reference = await deps.refs.findConversation(row.conversation_id);
      if (!reference) return;
      const outcome = await deps.sender.updateActivity(reference, row.activity_id, activity);
      if (outcome.kind === 'sent') {
        updated += 1;
        await markShown();
      } else if (
        outcome.kind === 'throttled' ||
        (outcome.kind === 'failed' && (outcome.status ?? 500) >= 500)
      ) {
        failed += 1;
      } else {
        deps.logger.warn({ code: 'SEND_FAILED', outcome: outcome.kind }, 'triage card could not be updated');
      }
    }),
  );
  if (failed > 0) {
    await deps.jobs.send(refreshCardsJob, { concernId }, { startAfter: new Date(Date.now() + 5_000) });
  }
  return { updated, failed };
}
