import { sql } from 'kysely';
import { z } from 'zod';
import type { Actor } from '../../shared/actor.ts';
import type { ActionResult, ActionSource } from '../../shared/reply.ts';
import { announcementNotFound, buildMessageCard, buildStatusCard } from './announcement-cards.ts';
import type { AnnouncementDeps } from './announcement-deps.ts';
import { loadAnnouncement } from './announcement-store.ts';

export const acknowledgeSchema = z.looseObject({ announcementId: z.uuid() });

/**
 * "I've read this": recorded once per person (the first time counts), and their card changes to
 * "Read on 24 Nov 2026". The person is the invoke's sender, never anything in the card data. A
 * press proves delivery, so a row left `uncertain` by a crash becomes `sent` with its activity id.
 */
export async function acknowledgeAnnouncement(
  deps: AnnouncementDeps,
  actor: Actor,
  data: z.infer<typeof acknowledgeSchema>,
  source: ActionSource,
): Promise<ActionResult> {
  const { context } = deps;
  const announcement = await loadAnnouncement(context.db, data.announcementId);
  if (!announcement) return announcementNotFound('It may have been withdrawn.');
  if (announcement.status === 'recalled')
    return {
      card: buildStatusCard({
        title: 'This announcement was withdrawn',
        message: 'The safeguarding coordinator recalled it. There is nothing to confirm.',
      }),
    };
  const now = context.clock.now();
  const row = await context.db
    .updateTable('deliveries')
    .set({
      acknowledged_at: sql<Date>`coalesce(acknowledged_at, ${now})`,
      status: sql<'sent'>`case when status = 'uncertain' then 'sent' else status end`,
      activity_id: sql<string | null>`coalesce(activity_id, ${source.cardActivityId ?? null})`,
      conversation_id: sql<string | null>`coalesce(conversation_id, ${actor.conversationId})`,
    })
    .where('announcement_id', '=', announcement.id)
    .where('user_aad_id', '=', actor.aadObjectId.toLowerCase())
    .where('status', 'in', ['sent', 'uncertain'])
    .returning('acknowledged_at')
    .executeTakeFirst();
  if (!row) {
    // Not a recipient: the coordinator trying the button on the preview sees what staff will see.
    return { card: buildMessageCard(announcement, now) };
  }
  context.logger.info(
    { code: 'ANNOUNCEMENT_ACKNOWLEDGED', announcementId: announcement.id },
    'announcement read',
  );
  return { card: buildMessageCard(announcement, new Date(row.acknowledged_at ?? now)) };
}
