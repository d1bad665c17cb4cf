import type { z } from 'zod';
import { cardActivity } from '../../teams/card-activity.ts';
import type { FeatureContext } from '../feature.ts';
import { outOfHoursRouteFor } from '../triage/working-hours.ts';
import { buildReceiptCard, concernSummaries } from './concern-cards.ts';
import type { replaceFlowCardJob } from './concern-jobs.ts';
import { urgencies } from './concern-schema.ts';

/**
 * Worker of `concern.replace-flow-card`: the message that held the flow card becomes the receipt
 * (reference and status), so no concern detail stays in the chat, even after a crash.
 */
export function replaceFlowCard(context: FeatureContext) {
  return async (data: z.infer<typeof replaceFlowCardJob.schema>): Promise<void> => {
    const concern = await context.db
      .selectFrom('concerns')
      .select(['reference', 'status', 'urgency', 'submitted_at'])
      .where('id', '=', data.concernId)
      .executeTakeFirst();
    const reference = await context.refs.findConversation(data.conversationId);
    if (!concern || !reference || !urgencies.includes(concern.urgency)) {
      context.logger.warn({ code: 'NOT_FOUND', concernId: data.concernId }, 'flow card to replace not found');
      return;
    }
    const card = buildReceiptCard({
      reference: concern.reference,
      status: concern.status,
      urgency: concern.urgency,
      submittedAt: new Date(concern.submitted_at),
      supportOffer: context.config.SUPPORT_OFFER_TEXT,
      outOfHoursRoute: outOfHoursRouteFor(context.config, new Date(concern.submitted_at)),
    });
    const outcome = await context.sender.updateActivity(
      reference,
      data.activityId,
      cardActivity(card, concernSummaries.receipt(concern.reference)),
    );
    if (outcome.kind === 'throttled' || (outcome.kind === 'failed' && outcome.status === undefined))
      throw new Error(`flow card not replaced: ${outcome.kind}`);
    if (outcome.kind !== 'sent')
      context.logger.warn(
        { code: 'SEND_FAILED', outcome: outcome.kind, concernId: data.concernId },
        'flow card not replaced',
      );
  };
}
