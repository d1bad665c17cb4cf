import type { AdaptiveCardJson } from '../cards/render.ts';
import type { Actor } from '../shared/actor.ts';
import type { Reply } from '../shared/reply.ts';
import { cardActivity } from './card-activity.ts';
import type { TeamsSender } from './teams-sender.ts';

export type PrivateDelivery =
  | { kind: 'here' | 'sent'; activityId: string | undefined; conversationId: string | undefined }
  | { kind: 'failed' };

/**
 * A card for the person's eyes only: in their 1:1 chat it is the reply (`here`); asked in a
 * channel or group chat it goes to their 1:1 chat instead (`sent`), so nothing private is posted
 * where others read. The caller says what the channel is told.
 */
export async function sendCardPrivately(
  sender: TeamsSender,
  actor: Actor,
  reply: Reply,
  card: AdaptiveCardJson,
  summary: string,
): Promise<PrivateDelivery> {
  if (actor.conversationType === 'personal') {
    const activityId = await reply.card(card, summary);
    return { kind: 'here', activityId, conversationId: actor.conversationId };
  }
  const outcome = await sender.sendToUser(
    { aadObjectId: actor.aadObjectId, tenantId: actor.tenantId },
    cardActivity(card, summary),
  );
  return outcome.kind === 'sent'
    ? { kind: 'sent', activityId: outcome.activityId, conversationId: outcome.conversationId }
    : { kind: 'failed' };
}
