import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { AdaptiveCardJson } from '../../cards/render.ts';
import { verbs } from '../../cards/verbs.ts';
import type { Actor } from '../../shared/actor.ts';
import type { ActionResult, Reply } from '../../shared/reply.ts';
import { ukLongDateTime, ukWallClock } from '../../shared/uk-time.ts';
import { cardActivity } from '../../teams/card-activity.ts';
import {
  announcementNotFound,
  buildComposeCard,
  buildMessageCard,
  buildStatusCard,
  messageSummary,
} from './announcement-cards.ts';
import type { AnnouncementDeps } from './announcement-deps.ts';
import { requireCoordinator } from './announcement-roles.ts';
import {
  type ComposeValues,
  checkComposed,
  composeActionSchema,
  composeValuesFrom,
  composeValuesOf,
} from './announcement-schema.ts';
import { type Announcement, countDeliveries, loadAnnouncement, moveStatus } from './announcement-store.ts';
import { audienceLabel, buildControlCard } from './progress-card.ts';
import { checkAudience } from './resolve-audience.ts';

export const announcementIdSchema = z.looseObject({ announcementId: z.uuid() });
export const optionalAnnouncementIdSchema = z.looseObject({
  announcementId: z.union([z.uuid(), z.literal('')]).default(''),
});
export const newAnnouncementSchema = z.looseObject({
  kind: z.enum(['newsletter', 'procedure', 'general']).optional(),
});
export { composeActionSchema };

const kindLabels = { newsletter: 'Quarterly newsletter', procedure: 'Procedure change', general: 'General' };

/** Sending to everyone needs a second coordinator when there is one to ask. */
export async function needsApproval(deps: AnnouncementDeps, announcement: Pick<Announcement, 'audience'>) {
  if (announcement.audience.kind !== 'everyone') return false;
  return (await deps.context.roles.membersOf('coordinator')).length > 1;
}

/** "new announcement": the compose card. */
export function startAnnouncement(
  actor: Actor,
  kind?: 'newsletter' | 'procedure' | 'general',
): AdaptiveCardJson {
  requireCoordinator(actor);
  return buildComposeCard({ values: kind ? { kind } : {} });
}

async function currentCard(deps: AnnouncementDeps, announcement: Announcement, notice?: string) {
  const counts =
    announcement.recipientsTotal !== undefined
      ? await countDeliveries(deps.context.db, announcement.id)
      : undefined;
  return buildControlCard(announcement, counts, {
    now: deps.context.clock.now(),
    ...(notice ? { notice } : {}),
  });
}

export { currentCard as controlCardFor };

/** The card that follows a preview: what will happen, and Send / Schedule / Edit / Cancel. */
export async function buildReviewCard(
  deps: AnnouncementDeps,
  announcement: Announcement,
  notice?: string,
): Promise<AdaptiveCardJson> {
  const approval = await needsApproval(deps, announcement);
  const when = announcement.sendAt ? `${ukLongDateTime(announcement.sendAt)} (UK time)` : 'Now';
  const sendTitle = approval
    ? 'Ask another coordinator to approve'
    : announcement.sendAt
      ? `Schedule for ${ukLongDateTime(announcement.sendAt)}`
      : 'Send now';
  return buildStatusCard({
    eyebrow: `Announcement · ${announcement.title}`,
    title: 'Ready to send',
    message:
      notice ??
      'The preview below is exactly what staff will see. Nothing has been sent yet.' +
        (approval ? ' Sending to everyone needs a second coordinator to approve it.' : ''),
    facts: [
      { title: 'Kind', value: kindLabels[announcement.kind] },
      { title: 'Audience', value: audienceLabel(announcement) },
      { title: 'When', value: when },
      {
        title: 'Acknowledgement',
        value: announcement.ackRequired ? '"I\'ve read this" asked for' : 'Not asked for',
      },
      ...(announcement.content.document
        ? [
            {
              title: 'Policy document',
              value: `${announcement.content.document.title}: stored and re-indexed when it is sent`,
            },
          ]
        : []),
    ],
    actions: [
      {
        title: sendTitle,
        verb: verbs.announcementSend,
        style: 'positive',
        data: { announcementId: announcement.id, version: String(announcement.version) },
      },
      { title: 'Edit', verb: verbs.announcementEdit, data: { announcementId: announcement.id } },
      {
        title: 'Cancel',
        verb: verbs.announcementCancel,
        style: 'destructive',
        data: { announcementId: announcement.id },
      },
    ],
  });
}

/**
 * Preview: checks every field (nothing is stored while anything is wrong), stores the draft,
 * posts the staff card to the coordinator exactly as staff will get it, and answers with the
 * review card.
 */
export async function previewAnnouncement(
  deps: AnnouncementDeps,
  actor: Actor,
  data: z.infer<typeof composeActionSchema>,
  reply: Reply,
): Promise<ActionResult> {
  requireCoordinator(actor);
  const { context } = deps;
  const values = composeValuesFrom(data);
  const existing = data.announcementId ? await loadAnnouncement(context.db, data.announcementId) : undefined;
  if (data.announcementId && !existing) return announcementNotFound('It may have been cancelled.');
  if (existing && existing.status !== 'draft')
    return {
      card: await currentCard(
        deps,
        existing,
        'This announcement has moved on since this card: here is where it is now.',
      ),
    };
  const id = existing?.id ?? randomUUID();
  const now = context.clock.now();
  const check = checkComposed(values, now, (announcement) =>
    Buffer.byteLength(
      JSON.stringify(
        cardActivity(buildMessageCard({ id, ...announcement }), messageSummary(announcement.title)),
      ),
      'utf8',
    ),
  );
  const refuse = (errors: Partial<Record<keyof ComposeValues, string>>) => ({
    card: buildComposeCard({
      announcementId: existing?.id ?? '',
      values,
      errors,
      notice: 'Please check the highlighted fields. Nothing has been saved or sent.',
    }),
  });
  if (!check.ok) return refuse(check.errors);
  const audienceProblem = await checkAudience(
    { config: context.config, db: context.db, roles: context.roles, directory: deps.directory },
    check.announcement.audience,
  );
  if (audienceProblem)
    return refuse(
      check.announcement.audience.kind === 'groups'
        ? { groupIds: audienceProblem }
        : { audience: audienceProblem },
    );

  const { announcement } = check;
  const row = {
    author_aad_id: actor.aadObjectId.toLowerCase(),
    author_tenant_id: actor.tenantId ?? null,
    author_conversation_id: actor.conversationType === 'personal' ? actor.conversationId : null,
    kind: announcement.kind,
    title: announcement.title,
    content: JSON.stringify(announcement.content),
    audience: JSON.stringify(announcement.audience),
    ack_required: announcement.ackRequired,
    send_at: announcement.sendAt ?? null,
    approved_by: null,
    updated_at: now,
  };
  if (existing) {
    const saved = await context.db
      .updateTable('announcements')
      .set((eb) => ({ ...row, version: eb('version', '+', 1) }))
      .where('id', '=', existing.id)
      .where('status', '=', 'draft')
      .executeTakeFirst();
    if (Number(saved.numUpdatedRows) !== 1)
      return {
        card: buildStatusCard({
          title: 'Announcement changed',
          message: 'Someone else changed it first. Open it again.',
        }),
      };
  } else {
    await context.db
      .insertInto('announcements')
      .values({ id, ...row, status: 'draft', version: 1, created_at: now })
      .execute();
  }
  const stored = await loadAnnouncement(context.db, id);
  if (!stored) throw new Error('announcement just saved cannot be read');
  context.logger.info({ code: 'ANNOUNCEMENT_PREVIEWED', announcementId: id }, 'announcement previewed');
  await reply.card(buildMessageCard(stored), messageSummary(stored.title));
  return { card: await buildReviewCard(deps, stored) };
}

/** Edit: before sending, back to the compose card (a scheduled send waits for a new confirmation). */
export async function editAnnouncement(
  deps: AnnouncementDeps,
  actor: Actor,
  data: z.infer<typeof announcementIdSchema>,
): Promise<ActionResult> {
  requireCoordinator(actor);
  const { context } = deps;
  const announcement = await loadAnnouncement(context.db, data.announcementId);
  if (!announcement) return announcementNotFound('It may have been removed.');
  const values = composeValuesOf({
    ...announcement,
    sendAtWallClock: announcement.sendAt ? ukWallClock(announcement.sendAt) : undefined,
  });
  if (announcement.status === 'sent') {
    return {
      card: buildComposeCard({
        announcementId: announcement.id,
        mode: 'sent',
        heading: 'Edit for everyone',
        intro:
          'Change the text, then update: every message already delivered changes in place. Who receives it and when cannot change now.',
        values,
      }),
    };
  }
  if (!['draft', 'awaiting_approval', 'scheduled'].includes(announcement.status))
    return { card: await currentCard(deps, announcement, 'It can no longer be edited.') };
  await moveStatus(
    context.db,
    announcement.id,
    ['awaiting_approval', 'scheduled'],
    'draft',
    context.clock.now(),
    {
      approved_by: null,
    },
  );
  return {
    card: buildComposeCard({ announcementId: announcement.id, heading: 'Edit announcement', values }),
  };
}

/** Cancel before sending: nothing goes out. */
export async function cancelAnnouncement(
  deps: AnnouncementDeps,
  actor: Actor,
  data: z.infer<typeof optionalAnnouncementIdSchema>,
): Promise<ActionResult> {
  requireCoordinator(actor);
  const { context } = deps;
  if (!data.announcementId)
    return { card: buildStatusCard({ title: 'Cancelled', message: 'Nothing was saved or sent.' }) };
  const announcement = await loadAnnouncement(context.db, data.announcementId);
  if (!announcement) return { card: buildStatusCard({ title: 'Cancelled', message: 'Nothing was sent.' }) };
  const cancelled = await moveStatus(
    context.db,
    announcement.id,
    ['draft', 'awaiting_approval', 'scheduled'],
    'cancelled',
    context.clock.now(),
  );
  if (!cancelled)
    return {
      card: await currentCard(deps, announcement, 'It is already on its way: use Stop sending or Recall.'),
    };
  context.logger.info(
    { code: 'ANNOUNCEMENT_CANCELLED', announcementId: announcement.id },
    'announcement cancelled',
  );
  return {
    card: buildStatusCard({
      eyebrow: `Announcement · ${announcement.title}`,
      title: 'Cancelled',
      message: 'Nothing was sent.',
    }),
  };
}
