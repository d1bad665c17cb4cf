import { z } from 'zod';
import { verbs } from '../../cards/verbs.ts';
import type { Actor } from '../../shared/actor.ts';
import type { ActionResult, ActionSource } from '../../shared/reply.ts';
import { ukLongDateTime } from '../../shared/uk-time.ts';
import { cardActivity } from '../../teams/card-activity.ts';
import {
  announcementNotFound,
  buildMessageCard,
  buildStatusCard,
  messageSummary,
} from './announcement-cards.ts';
import type { AnnouncementDeps } from './announcement-deps.ts';
import { sendAnnouncementJob } from './announcement-jobs.ts';
import { requireCoordinator, sameUser } from './announcement-roles.ts';
import { type Announcement, loadAnnouncement, moveStatus } from './announcement-store.ts';
import { buildReviewCard, controlCardFor, needsApproval } from './compose-announcement.ts';
import { audienceLabel, showControlCard } from './progress-card.ts';

export const confirmSchema = z.looseObject({
  announcementId: z.uuid(),
  version: z.coerce.number().int().min(1),
});

/**
 * Moves a draft (or an approved request) to `sending` or `scheduled` and queues its send job in
 * the same transaction: the job exists exactly when the status says it is on its way.
 */
async function startSending(
  deps: AnnouncementDeps,
  announcement: Announcement,
  from: 'draft' | 'awaiting_approval',
  extra: { approvedBy?: string; control?: { conversationId: string; activityId: string | undefined } },
): Promise<boolean> {
  const { context } = deps;
  const now = context.clock.now();
  const to = announcement.sendAt ? 'scheduled' : 'sending';
  return context.db.transaction().execute(async (trx) => {
    const moved = await moveStatus(
      trx,
      announcement.id,
      [from],
      to,
      now,
      {
        ...(to === 'sending' ? { started_at: now } : {}),
        ...(extra.approvedBy ? { approved_by: extra.approvedBy } : {}),
        ...(extra.control
          ? {
              control_conversation_id: extra.control.conversationId,
              control_activity_id: extra.control.activityId ?? null,
            }
          : {}),
      },
      announcement.version,
    );
    if (!moved) return false;
    await context.jobs.send(
      sendAnnouncementJob,
      { announcementId: announcement.id, version: announcement.version },
      { transaction: trx, ...(announcement.sendAt ? { startAfter: announcement.sendAt } : {}) },
    );
    return true;
  });
}

function control(actor: Actor, source: ActionSource) {
  return actor.conversationType === 'personal'
    ? { conversationId: actor.conversationId, activityId: source.cardActivityId }
    : undefined;
}

/** Send now / Schedule / Ask for approval, from the review card. */
export async function confirmSend(
  deps: AnnouncementDeps,
  actor: Actor,
  data: z.infer<typeof confirmSchema>,
  source: ActionSource,
): Promise<ActionResult> {
  requireCoordinator(actor);
  const { context } = deps;
  const announcement = await loadAnnouncement(context.db, data.announcementId);
  if (!announcement) return announcementNotFound('Nothing was sent.');
  if (announcement.status !== 'draft') return { card: await controlCardFor(deps, announcement) };
  if (announcement.version !== data.version)
    return {
      card: await buildReviewCard(
        deps,
        announcement,
        'It was changed after this preview. Check it again before sending.',
      ),
    };
  const now = context.clock.now();
  if (announcement.sendAt && announcement.sendAt.getTime() <= now.getTime())
    return {
      card: await buildReviewCard(
        deps,
        announcement,
        `The time you chose (${ukLongDateTime(announcement.sendAt)}) has passed. Nothing was sent: Edit it to choose a new time or send it now.`,
      ),
    };
  const where = control(actor, source);
  if (await needsApproval(deps, announcement)) {
    const asked = await moveStatus(
      context.db,
      announcement.id,
      ['draft'],
      'awaiting_approval',
      now,
      where
        ? { control_conversation_id: where.conversationId, control_activity_id: where.activityId ?? null }
        : {},
      announcement.version,
    );
    if (!asked) return { card: await controlCardFor(deps, announcement) };
    await askForApproval(deps, announcement);
    const current = (await loadAnnouncement(context.db, announcement.id)) ?? announcement;
    return { card: await controlCardFor(deps, current) };
  }
  await startSending(deps, announcement, 'draft', where ? { control: where } : {});
  context.logger.info(
    {
      code: announcement.sendAt ? 'ANNOUNCEMENT_SCHEDULED' : 'ANNOUNCEMENT_SEND_STARTED',
      announcementId: announcement.id,
    },
    'announcement confirmed',
  );
  const current = (await loadAnnouncement(context.db, announcement.id)) ?? announcement;
  return { card: await controlCardFor(deps, current) };
}

/** Every other coordinator gets the preview and an Approve button. */
async function askForApproval(deps: AnnouncementDeps, announcement: Announcement): Promise<void> {
  const { context } = deps;
  const others = (await context.roles.membersOf('coordinator')).filter(
    (id) => !sameUser(id, announcement.authorAadId),
  );
  const request = buildStatusCard({
    eyebrow: `Announcement · ${announcement.title}`,
    title: 'Approval needed: an announcement to everyone',
    message:
      'Another safeguarding coordinator wants to send the announcement above to all staff. It needs a second coordinator to approve it.',
    facts: [
      { title: 'Audience', value: audienceLabel(announcement) },
      {
        title: 'When',
        value: announcement.sendAt
          ? `${ukLongDateTime(announcement.sendAt)} (UK time)`
          : 'As soon as it is approved',
      },
    ],
    actions: [
      {
        title: 'Approve and send',
        verb: verbs.announcementApprove,
        style: 'positive',
        data: { announcementId: announcement.id, version: String(announcement.version) },
      },
    ],
  });
  for (const coordinator of others) {
    for (const [card, summary] of [
      [buildMessageCard(announcement), messageSummary(announcement.title)],
      [request, 'Safeguarding Assistant: an announcement needs your approval'],
    ] as const) {
      const outcome = await context.sender.sendToUser(
        { aadObjectId: coordinator, tenantId: announcement.authorTenantId },
        cardActivity(card, summary),
      );
      if (outcome.kind !== 'sent')
        context.logger.warn(
          { code: 'SEND_FAILED', outcome: outcome.kind, announcementId: announcement.id },
          'approval request not delivered',
        );
    }
  }
}

/** A second coordinator approves an announcement to everyone. The author cannot. */
export async function approveAnnouncement(
  deps: AnnouncementDeps,
  actor: Actor,
  data: z.infer<typeof confirmSchema>,
): Promise<ActionResult> {
  requireCoordinator(actor);
  const { context } = deps;
  const announcement = await loadAnnouncement(context.db, data.announcementId);
  if (!announcement) return announcementNotFound('Nothing was sent.');
  if (sameUser(actor.aadObjectId, announcement.authorAadId)) {
    context.logger.warn({ code: 'ROLE_FORBIDDEN', announcementId: announcement.id }, 'self-approval refused');
    await context.audit('ANNOUNCEMENT_SELF_APPROVAL', actor, announcement.id);
    return {
      card: buildStatusCard({
        title: 'You cannot approve your own announcement',
        message:
          'An announcement to everyone needs a second safeguarding coordinator. Another coordinator has been asked to approve it. Nothing was sent.',
        color: 'Attention',
      }),
    };
  }
  if (announcement.status !== 'awaiting_approval')
    return {
      card: await controlCardFor(deps, announcement, 'It no longer needs approval: here is where it is now.'),
    };
  if (announcement.version !== data.version)
    return {
      card: buildStatusCard({
        title: 'It has changed',
        message: 'The announcement was edited after this request. A new request will come when it is ready.',
      }),
    };
  const now = context.clock.now();
  if (announcement.sendAt && announcement.sendAt.getTime() <= now.getTime())
    return {
      card: buildStatusCard({
        title: 'Its time has passed',
        message: `It was to be sent at ${ukLongDateTime(announcement.sendAt)}. Nothing was sent: ask the author to choose a new time.`,
        color: 'Attention',
      }),
    };
  const started = await startSending(deps, announcement, 'awaiting_approval', {
    approvedBy: actor.aadObjectId.toLowerCase(),
  });
  if (!started) return { card: await controlCardFor(deps, announcement) };
  await context.audit('ANNOUNCEMENT_APPROVED', actor, announcement.id);
  const current = (await loadAnnouncement(context.db, announcement.id)) ?? announcement;
  if (current.status === 'scheduled')
    await showControlCard(deps, current, await controlCardFor(deps, current));
  return {
    card: buildStatusCard({
      eyebrow: `Announcement · ${announcement.title}`,
      title: 'Approved',
      message: current.sendAt
        ? `It will be sent at ${ukLongDateTime(current.sendAt)} (UK time). The author sees its progress.`
        : 'It is being sent now. The author sees its progress.',
      color: 'Good',
    }),
  };
}
