import type { Transaction } from 'kysely';
import { z } from 'zod';
import type { Actor } from '../../shared/actor.ts';
import type { ActionResult } from '../../shared/reply.ts';
import { type StoredReference, storedReferenceSchema } from '../../storage/conversation-refs.ts';
import type { Schema } from '../../storage/schema.ts';
import { cardActivity } from '../../teams/card-activity.ts';
import {
  announcementNotFound,
  buildComposeCard,
  buildMessageCard,
  messageSummary,
} from './announcement-cards.ts';
import type { AnnouncementDeps } from './announcement-deps.ts';
import { fanOutChangeJob } from './announcement-jobs.ts';
import { requireCoordinator } from './announcement-roles.ts';
import {
  checkComposed,
  composeActionSchema,
  composeValuesFrom,
  composeValuesOf,
} from './announcement-schema.ts';
import { loadAnnouncement, moveStatus } from './announcement-store.ts';
import type { announcementIdSchema } from './compose-announcement.ts';
import { controlCardFor } from './compose-announcement.ts';
import { refreshProgress } from './progress-card.ts';

/** Rows not yet handed to Teams are cancelled; rows already sending finish. */
async function cancelUnsentDeliveries(trx: Transaction<Schema>, announcementId: string): Promise<void> {
  await trx
    .updateTable('deliveries')
    .set({ status: 'cancelled', claimed_by: null, claimed_until: null })
    .where('announcement_id', '=', announcementId)
    .where('status', 'in', ['pending', 'claimed'])
    .execute();
}

/** The announcement as it now stands, on the coordinator's control card. */
async function controlCardAfterChange(
  deps: AnnouncementDeps,
  announcementId: string,
  note?: string,
): Promise<ActionResult> {
  const announcement = await loadAnnouncement(deps.context.db, announcementId);
  if (!announcement) return announcementNotFound();
  return { card: await controlCardFor(deps, announcement, note) };
}

/** Stop sending: nobody else gets it; messages in flight finish. */
export async function stopSending(
  deps: AnnouncementDeps,
  actor: Actor,
  data: z.infer<typeof announcementIdSchema>,
): Promise<ActionResult> {
  requireCoordinator(actor);
  const { context } = deps;
  const now = context.clock.now();
  const stopped = await context.db.transaction().execute(async (trx) => {
    const moved = await moveStatus(trx, data.announcementId, ['sending', 'scheduled'], 'cancelled', now, {
      completed_at: now,
    });
    if (!moved) return false;
    await cancelUnsentDeliveries(trx, data.announcementId);
    return true;
  });
  if (stopped) {
    await context.audit('ANNOUNCEMENT_STOPPED', actor, data.announcementId);
    context.logger.info(
      { code: 'ANNOUNCEMENT_STOPPED', announcementId: data.announcementId },
      'sending stopped',
    );
  }
  return controlCardAfterChange(deps, data.announcementId);
}

/** Recall: stops any sending and removes every delivered message (deleteActivity), as a job. */
export async function recallAnnouncement(
  deps: AnnouncementDeps,
  actor: Actor,
  data: z.infer<typeof announcementIdSchema>,
): Promise<ActionResult> {
  requireCoordinator(actor);
  const { context } = deps;
  const now = context.clock.now();
  const recalled = await context.db.transaction().execute(async (trx) => {
    const moved = await moveStatus(
      trx,
      data.announcementId,
      ['sending', 'sent', 'cancelled'],
      'recalled',
      now,
      {
        completed_at: now,
      },
    );
    if (!moved) return false;
    await cancelUnsentDeliveries(trx, data.announcementId);
    await context.jobs.send(
      fanOutChangeJob,
      { announcementId: data.announcementId, action: 'delete' },
      { transaction: trx },
    );
    return true;
  });
  if (recalled) await context.audit('ANNOUNCEMENT_RECALLED', actor, data.announcementId);
  return controlCardAfterChange(
    deps,
    data.announcementId,
    recalled ? 'Recalling: the message is being removed from every chat it reached.' : undefined,
  );
}

/** Edit after sending: the text changes for everyone, in place (updateActivity), as a job. */
export async function updateSentAnnouncement(
  deps: AnnouncementDeps,
  actor: Actor,
  data: z.infer<typeof composeActionSchema>,
): Promise<ActionResult> {
  requireCoordinator(actor);
  const { context } = deps;
  if (!data.announcementId) return announcementNotFound();
  const announcement = await loadAnnouncement(context.db, data.announcementId);
  if (!announcement) return announcementNotFound();
  if (announcement.status !== 'sent')
    return {
      card: await controlCardFor(
        deps,
        announcement,
        'Only a fully sent announcement can be edited for everyone.',
      ),
    };
  const stored = composeValuesOf({ ...announcement, sendAtWallClock: undefined });
  const typed = composeValuesFrom(data);
  // Only the wording can change after sending; who and when stay as they were.
  const values = {
    ...stored,
    title: typed.title,
    summary: typed.summary,
    body: typed.body,
    link: typed.link,
    whatChanged: typed.whatChanged,
    effectiveDate: typed.effectiveDate,
    when: 'now',
    sendDate: '',
    sendTime: '',
  };
  const check = checkComposed(values, context.clock.now(), (candidate) =>
    Buffer.byteLength(JSON.stringify(buildMessageCard({ id: announcement.id, ...candidate })), 'utf8'),
  );
  if (!check.ok)
    return {
      card: buildComposeCard({
        announcementId: announcement.id,
        mode: 'sent',
        heading: 'Edit for everyone',
        values,
        errors: check.errors,
        notice: 'Please check the highlighted fields. Nothing has been changed.',
      }),
    };
  const content = { ...check.announcement.content, document: announcement.content.document };
  await context.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('announcements')
      .set((eb) => ({
        title: check.announcement.title,
        content: JSON.stringify(content),
        version: eb('version', '+', 1),
        updated_at: context.clock.now(),
      }))
      .where('id', '=', announcement.id)
      .execute();
    await context.jobs.send(
      fanOutChangeJob,
      { announcementId: announcement.id, action: 'update' },
      { transaction: trx },
    );
  });
  await context.audit('ANNOUNCEMENT_EDITED', actor, announcement.id);
  const current = (await loadAnnouncement(context.db, announcement.id)) ?? announcement;
  return {
    card: await controlCardFor(deps, current, 'Updating every delivered message to the new wording.'),
  };
}

/**
 * Worker of `announcement.fan-out`: applies an edit (update) or a recall (delete) to every
 * delivered message. Each row records what was applied, so a retry continues where it stopped.
 */
export function fanOutChange(deps: AnnouncementDeps) {
  return async (data: z.infer<typeof fanOutChangeJob.schema>): Promise<void> => {
    const { context } = deps;
    const announcement = await loadAnnouncement(context.db, data.announcementId);
    if (!announcement) return;
    if (data.action === 'update' && announcement.status !== 'sent') return;
    const cards = new Map<string, ReturnType<typeof cardActivity>>();
    const activityFor = (acknowledgedAt: Date | null) => {
      const key = acknowledgedAt ? acknowledgedAt.toISOString().slice(0, 10) : '';
      let activity = cards.get(key);
      if (!activity) {
        activity = cardActivity(
          buildMessageCard(
            { ...announcement, editedAt: announcement.updatedAt },
            acknowledgedAt ?? undefined,
          ),
          messageSummary(announcement.title),
        );
        cards.set(key, activity);
      }
      return activity;
    };
    for (;;) {
      if (deps.stopping()) return;
      let query = context.db
        .selectFrom('deliveries')
        .select(['user_aad_id', 'conversation_id', 'activity_id', 'acknowledged_at'])
        .where('announcement_id', '=', announcement.id)
        .where('status', '=', 'sent')
        .where('activity_id', 'is not', null)
        .orderBy('seq')
        .limit(100);
      if (data.action === 'update')
        query = query.where((eb) =>
          eb.or([eb('updated_version', 'is', null), eb('updated_version', '<', announcement.version)]),
        );
      const rows = await query.execute();
      if (rows.length === 0) break;
      const references = await referencesByConversation(
        deps,
        rows.flatMap((row) => (row.conversation_id ? [row.conversation_id] : [])),
      );
      const lanes = context.config.ANNOUNCEMENT_SEND_CONCURRENCY;
      let next = 0;
      await Promise.all(
        Array.from({ length: Math.min(lanes, rows.length) }, async () => {
          for (let row = rows[next++]; row; row = rows[next++]) {
            const reference = row.conversation_id ? references.get(row.conversation_id) : undefined;
            const activityId = row.activity_id;
            let gone = !reference || !activityId;
            if (reference && activityId) {
              const outcome =
                data.action === 'delete'
                  ? await context.sender.deleteActivity(reference, activityId)
                  : await context.sender.updateActivity(
                      reference,
                      activityId,
                      activityFor(row.acknowledged_at ? new Date(row.acknowledged_at) : null),
                    );
              if (
                outcome.kind === 'throttled' ||
                (outcome.kind === 'failed' && (outcome.status ?? 500) >= 500)
              )
                throw new Error(`announcement ${data.action} not applied: ${outcome.kind}`);
              gone = outcome.kind !== 'sent';
            }
            await context.db
              .updateTable('deliveries')
              .set(
                data.action === 'delete'
                  ? { status: 'recalled', last_outcome: gone ? 'recall-not-possible' : 'recalled' }
                  : { updated_version: announcement.version },
              )
              .where('announcement_id', '=', announcement.id)
              .where('user_aad_id', '=', row.user_aad_id)
              .execute();
          }
        }),
      );
    }
    await refreshProgress(deps, announcement.id, { force: true });
  };
}

async function referencesByConversation(
  deps: AnnouncementDeps,
  conversationIds: string[],
): Promise<Map<string, StoredReference>> {
  const found = new Map<string, StoredReference>();
  if (conversationIds.length === 0) return found;
  const rows = await deps.context.db
    .selectFrom('conversation_refs')
    .select(['conversation_id', 'reference'])
    .where('conversation_id', 'in', conversationIds)
    .execute();
  for (const row of rows) {
    const parsed = storedReferenceSchema.safeParse(row.reference);
    if (parsed.success) found.set(row.conversation_id, parsed.data);
  }
  return found;
}

export const updateSchema = composeActionSchema;
export const idSchema = z.looseObject({ announcementId: z.uuid() });
