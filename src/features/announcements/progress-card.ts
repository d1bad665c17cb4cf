import type { AdaptiveCardJson } from '../../cards/render.ts';
import { verbs } from '../../cards/verbs.ts';
import { ukLongDateTime } from '../../shared/uk-time.ts';
import { cardActivity } from '../../teams/card-activity.ts';
import { buildStatusCard, type StatusAction } from './announcement-cards.ts';
import type { AnnouncementDeps } from './announcement-deps.ts';
import {
  type Announcement,
  countDeliveries,
  type DeliveryCounts,
  loadAnnouncement,
} from './announcement-store.ts';

const audienceLabels = {
  everyone: 'Everyone',
  groups: 'Members of Entra ID groups',
  dsls: 'Designated Safeguarding Leads',
  champions: 'Safeguarding champions',
} as const;

export function audienceLabel(announcement: Pick<Announcement, 'audience'>): string {
  const label = audienceLabels[announcement.audience.kind];
  return announcement.audience.kind === 'groups'
    ? `${label}: ${announcement.audience.groupIds.join(', ')}`
    : label;
}

const number = (value: number) => value.toLocaleString('en-GB');

function duration(ms: number): string {
  const seconds = Math.max(1, Math.round(ms / 1000));
  if (seconds < 90) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 90) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

const idData = (announcement: Announcement) => ({ announcementId: announcement.id });

/**
 * The coordinator's card for an announcement, fitted to where it is: waiting for approval,
 * scheduled, sending (live progress with an ETA), or finished (the summary).
 */
export function buildControlCard(
  announcement: Announcement,
  counts: DeliveryCounts | undefined,
  options: { now: Date; perSecond?: number; notice?: string } = { now: new Date() },
): AdaptiveCardJson {
  const eyebrow = `Announcement · ${announcement.title}`;
  const report: StatusAction = {
    title: 'Report',
    verb: verbs.announcementReport,
    data: idData(announcement),
  };
  const editCancel: StatusAction[] = [
    { title: 'Edit', verb: verbs.announcementEdit, data: idData(announcement) },
    { title: 'Cancel it', verb: verbs.announcementCancel, style: 'destructive', data: idData(announcement) },
  ];
  const base = [
    { title: 'Audience', value: audienceLabel(announcement) },
    { title: 'Acknowledgement', value: announcement.ackRequired ? 'Asked for' : 'Not asked for' },
  ];
  const c = counts;
  switch (announcement.status) {
    case 'draft':
      return buildStatusCard({
        eyebrow,
        title: 'Not sent',
        message: options.notice ?? '',
        facts: base,
        actions: editCancel,
      });
    case 'awaiting_approval':
      return buildStatusCard({
        eyebrow,
        title: 'Waiting for approval',
        message:
          options.notice ??
          'Sending to everyone needs a second coordinator: the other coordinators have been asked to approve it.',
        facts: [
          ...base,
          {
            title: 'When',
            value: announcement.sendAt
              ? `${ukLongDateTime(announcement.sendAt)} (UK)`
              : 'As soon as it is approved',
          },
        ],
        actions: editCancel,
      });
    case 'scheduled':
      return buildStatusCard({
        eyebrow,
        title: `Scheduled for ${announcement.sendAt ? ukLongDateTime(announcement.sendAt) : 'later'}`,
        message: options.notice ?? (announcement.approvedBy ? 'Approved by another coordinator.' : ''),
        color: 'Good',
        facts: base,
        detail: 'It will be sent then, with a live progress card here. You can still edit or cancel it.',
        actions: editCancel,
      });
    case 'sending': {
      if (!c || announcement.recipientsTotal === undefined)
        return buildStatusCard({
          eyebrow,
          title: 'Sending',
          message: 'Working out who receives it…',
          facts: base,
          actions: [
            {
              title: 'Stop sending',
              verb: verbs.announcementStop,
              style: 'destructive',
              data: idData(announcement),
            },
          ],
        });
      const remaining = c.pending + c.claimed + c.sending;
      const perSecond = options.perSecond && options.perSecond > 0 ? options.perSecond : undefined;
      const eta = perSecond ? (remaining / perSecond) * 1000 : undefined;
      return buildStatusCard({
        eyebrow,
        title: `Sending: ${number(c.sent)} of ${number(c.total)} sent`,
        message: options.notice ?? '',
        facts: [
          { title: 'Sent', value: number(c.sent) },
          { title: 'Pending', value: number(remaining) },
          { title: 'Throttled (will retry)', value: number(c.throttled) },
          { title: 'Failed', value: number(c.failed) },
          { title: 'Recipient gone', value: number(c.gone) },
          ...(c.uncertain > 0 ? [{ title: 'Delivery unknown', value: number(c.uncertain) }] : []),
          {
            title: 'Time left',
            value:
              eta === undefined
                ? 'working it out'
                : `about ${duration(eta)} (done by ${ukLongDateTime(new Date(options.now.getTime() + eta))
                    .split(', ')
                    .pop()})`,
          },
        ],
        detail: 'This card updates every few seconds.',
        actions: [
          {
            title: 'Stop sending',
            verb: verbs.announcementStop,
            style: 'destructive',
            data: idData(announcement),
          },
        ],
      });
    }
    case 'sent':
    case 'cancelled':
    case 'recalled': {
      const facts = c
        ? [
            { title: 'Recipients', value: number(c.total) },
            { title: 'Delivered', value: number(c.sent + c.recalled) },
            { title: 'Recipient gone', value: number(c.gone) },
            { title: 'Failed', value: number(c.failed) },
            ...(c.uncertain > 0 ? [{ title: 'Delivery unknown', value: number(c.uncertain) }] : []),
            ...(c.cancelled > 0 ? [{ title: 'Not sent (stopped)', value: number(c.cancelled) }] : []),
            ...(announcement.ackRequired
              ? [
                  {
                    title: 'Read',
                    value: `${number(c.acknowledged)} of ${number(c.sent + c.recalled)}`,
                  },
                ]
              : []),
            ...(c.recalled > 0 ? [{ title: 'Recalled', value: number(c.recalled) }] : []),
          ]
        : [];
      const took =
        announcement.startedAt && announcement.completedAt
          ? ` in ${duration(announcement.completedAt.getTime() - announcement.startedAt.getTime())}`
          : '';
      const titles = {
        sent: `Sent${took}`,
        cancelled: 'Stopped',
        recalled: 'Recalled',
      } as const;
      const actions: StatusAction[] = [report];
      if (announcement.status === 'sent')
        actions.push(
          { title: 'Edit for everyone', verb: verbs.announcementEdit, data: idData(announcement) },
          {
            title: 'Recall',
            verb: verbs.announcementRecall,
            style: 'destructive',
            data: idData(announcement),
          },
        );
      if (announcement.status === 'cancelled' && c && c.sent > 0)
        actions.push({
          title: 'Recall',
          verb: verbs.announcementRecall,
          style: 'destructive',
          data: idData(announcement),
        });
      return buildStatusCard({
        eyebrow,
        title: titles[announcement.status],
        message:
          options.notice ??
          (announcement.status === 'recalled'
            ? 'The message has been removed from the chats it reached, where Teams allowed it.'
            : announcement.status === 'cancelled'
              ? 'Sending was stopped: nobody else will receive it.'
              : ''),
        color: announcement.status === 'sent' ? 'Good' : 'Default',
        facts,
        actions,
      });
    }
  }
}

/**
 * Updates the coordinator's control card in place with the current figures, at most every
 * ANNOUNCEMENT_PROGRESS_SECONDS (claimed in the database, so several workers update it once),
 * or now when `force` (the final summary).
 */
export async function refreshProgress(
  deps: AnnouncementDeps,
  announcementId: string,
  options: { force: boolean },
): Promise<void> {
  // One update at a time per card in this process, so a slow progress update can never land
  // after (and overwrite) the final summary.
  const running = deps.refreshing.get(announcementId);
  if (running && !options.force) return;
  const next = (running ?? Promise.resolve()).then(() => refreshNow(deps, announcementId, options));
  deps.refreshing.set(announcementId, next);
  try {
    await next;
  } finally {
    if (deps.refreshing.get(announcementId) === next) deps.refreshing.delete(announcementId);
  }
}

async function refreshNow(
  deps: AnnouncementDeps,
  announcementId: string,
  options: { force: boolean },
): Promise<void> {
  const { context } = deps;
  const intervalMs = context.config.ANNOUNCEMENT_PROGRESS_SECONDS * 1000;
  const wall = Date.now();
  const seen = deps.progress.get(announcementId);
  if (!options.force && seen && wall - seen.lastRefresh < intervalMs) return;
  const now = context.clock.now();
  let claim = context.db
    .updateTable('announcements')
    .set({ progress_refreshed_at: now })
    .where('id', '=', announcementId);
  if (!options.force)
    claim = claim.where((eb) =>
      eb.or([
        eb('progress_refreshed_at', 'is', null),
        eb('progress_refreshed_at', '<=', new Date(now.getTime() - intervalMs + 100)),
      ]),
    );
  const claimed = await claim.executeTakeFirst();
  const counts = await countDeliveries(context.db, announcementId);
  const done = counts.total - counts.pending - counts.claimed - counts.sending;
  const first = seen?.first ?? { at: wall, done };
  deps.progress.set(announcementId, { lastRefresh: wall, first });
  if (Number(claimed.numUpdatedRows) !== 1) return;
  const announcement = await loadAnnouncement(context.db, announcementId);
  if (!announcement) return;
  const observed = wall > first.at ? ((done - first.done) * 1000) / (wall - first.at) : 0;
  const card = buildControlCard(announcement, counts, {
    now,
    perSecond: observed > 0 ? observed : context.config.TENANT_SEND_PER_SECOND,
  });
  await showControlCard(deps, announcement, card);
}

/** Puts the card in place of the control card, or posts it to the author when there is none. */
export async function showControlCard(
  deps: AnnouncementDeps,
  announcement: Announcement,
  card: AdaptiveCardJson,
): Promise<void> {
  const { context } = deps;
  const activity = cardActivity(card, `Announcement: ${announcement.title}`.slice(0, 200));
  const reference = announcement.controlConversationId
    ? await context.refs.findConversation(announcement.controlConversationId)
    : undefined;
  if (reference && announcement.controlActivityId) {
    const outcome = await context.sender.updateActivity(reference, announcement.controlActivityId, activity);
    if (outcome.kind !== 'sent')
      context.logger.warn(
        { code: 'SEND_FAILED', outcome: outcome.kind, announcementId: announcement.id },
        'progress card not updated',
      );
    return;
  }
  const outcome = await context.sender.sendToUser(
    { aadObjectId: announcement.authorAadId, tenantId: announcement.authorTenantId },
    activity,
  );
  if (outcome.kind === 'sent' && outcome.activityId) {
    await context.db
      .updateTable('announcements')
      .set({ control_conversation_id: outcome.conversationId, control_activity_id: outcome.activityId })
      .where('id', '=', announcement.id)
      .where('control_activity_id', 'is', null)
      .execute();
  } else if (outcome.kind !== 'sent') {
    context.logger.warn(
      { code: 'SEND_FAILED', outcome: outcome.kind, announcementId: announcement.id },
      'progress card not delivered',
    );
  }
}
