import { sql } from 'kysely';
import { verbs } from '../../cards/verbs.ts';
import { systemClock } from '../../shared/clock.ts';
import { plainDateLabel } from '../../shared/uk-time.ts';
import { cardActivity } from '../../teams/card-activity.ts';
import { buildMessageCard, buildStatusCard, messageSummary } from './announcement-cards.ts';
import type { AnnouncementDeps } from './announcement-deps.ts';
import { announcementSweepJob } from './announcement-jobs.ts';
import { loadAnnouncement } from './announcement-store.ts';
import { daysUntil, nextNewsletterDue } from './newsletter-schedule.ts';

const dayMs = 86_400_000;
const sweepEveryMs = 60 * 60 * 1000;

/**
 * Reminds, once, everyone who has not pressed "I've read this" ANNOUNCEMENT_REMINDER_DAYS after
 * an announcement that asked for it finished sending. Each person's reminder is claimed before it
 * is sent, so two sweeps never remind twice.
 */
export async function remindUnacknowledged(deps: AnnouncementDeps): Promise<number> {
  const { context } = deps;
  const now = context.clock.now();
  const due = await context.db
    .updateTable('announcements')
    .set({ reminders_claimed_at: now })
    .where('status', '=', 'sent')
    .where('ack_required', '=', true)
    .where('reminders_claimed_at', 'is', null)
    .where('completed_at', '<=', new Date(now.getTime() - context.config.ANNOUNCEMENT_REMINDER_DAYS * dayMs))
    .returning('id')
    .execute();
  let reminded = 0;
  for (const { id } of due) {
    const announcement = await loadAnnouncement(context.db, id);
    if (!announcement) continue;
    const activity = cardActivity(
      buildMessageCard({ ...announcement, reminder: true }),
      `Reminder: ${messageSummary(announcement.title)}`.slice(0, 200),
    );
    for (;;) {
      const claimed = await sql<{
        user_aad_id: string;
        conversation_id: string | null;
        tenant_id: string | null;
      }>`
        update deliveries set reminded_at = ${now}
        where announcement_id = ${id} and user_aad_id in (
          select user_aad_id from deliveries
          where announcement_id = ${id} and status = 'sent' and acknowledged_at is null and reminded_at is null
          order by seq limit 100 for update skip locked)
        returning user_aad_id, conversation_id, tenant_id`.execute(context.db);
      if (claimed.rows.length === 0) break;
      for (const row of claimed.rows) {
        const reference = row.conversation_id
          ? await context.refs.findConversation(row.conversation_id)
          : undefined;
        const outcome = reference
          ? await context.sender.sendToConversation(reference, activity)
          : await context.sender.sendToUser(
              { aadObjectId: row.user_aad_id, tenantId: row.tenant_id ?? undefined },
              activity,
            );
        if (outcome.kind === 'sent') reminded += 1;
        else
          context.logger.warn(
            { code: 'SEND_FAILED', outcome: outcome.kind, announcementId: id },
            'acknowledgement reminder not delivered',
          );
      }
    }
    context.logger.info(
      { code: 'ANNOUNCEMENT_REMINDED', announcementId: id, reminded },
      'read reminders sent',
    );
  }
  return reminded;
}

/**
 * A week (NEWSLETTER_REMINDER_DAYS) before the quarterly newsletter is due, every coordinator is
 * reminded, once per due date, unless a newsletter is already scheduled or sent for it.
 */
export async function remindNewsletterDue(deps: AnnouncementDeps): Promise<string | undefined> {
  const { context } = deps;
  const now = context.clock.now();
  const due = nextNewsletterDue(now, context.config.NEWSLETTER_MONTHS);
  const days = daysUntil(now, due);
  if (days > context.config.NEWSLETTER_REMINDER_DAYS) return undefined;
  const windowStart = new Date(now.getTime() - 45 * dayMs);
  const already = await context.db
    .selectFrom('announcements')
    .select('id')
    .where('kind', '=', 'newsletter')
    .where('status', 'in', ['scheduled', 'sending', 'sent'])
    .where('updated_at', '>=', windowStart)
    .executeTakeFirst();
  if (already) return undefined;
  const claimed = await context.db
    .insertInto('newsletter_reminders')
    .values({ due_on: due, reminded_at: now })
    .onConflict((conflict) => conflict.column('due_on').doNothing())
    .returning('due_on')
    .executeTakeFirst();
  if (!claimed) return undefined;
  const card = buildStatusCard({
    eyebrow: 'Quarterly newsletter',
    title: `The quarterly newsletter is due on ${plainDateLabel(due)}`,
    message:
      days <= 0
        ? 'It is due today.'
        : `That is ${days} day${days === 1 ? '' : 's'} away. Write it now and schedule it, so it goes out on time.`,
    actions: [
      { title: 'Write it now', verb: verbs.announcementNew, style: 'positive', data: { kind: 'newsletter' } },
    ],
  });
  for (const coordinator of await context.roles.membersOf('coordinator')) {
    const outcome = await context.sender.sendToUser(
      { aadObjectId: coordinator, tenantId: undefined },
      cardActivity(card, 'Safeguarding Assistant: the quarterly newsletter is due soon'),
    );
    if (outcome.kind !== 'sent')
      context.logger.warn(
        { code: 'SEND_FAILED', outcome: outcome.kind },
        'newsletter reminder not delivered',
      );
  }
  context.logger.info({ code: 'NEWSLETTER_REMINDED', due }, 'newsletter reminder sent');
  return due;
}

/** The hourly sweep: read reminders, then the newsletter reminder; it queues its own next run. */
export function sweepAnnouncementsWorker(deps: AnnouncementDeps) {
  return async (): Promise<void> => {
    await remindUnacknowledged(deps);
    await remindNewsletterDue(deps);
    // The queue runs on wall time whatever clock the sweep is judged by.
    if ((await deps.context.jobs.pendingCount(announcementSweepJob)) <= 1)
      await deps.context.jobs.send(
        announcementSweepJob,
        {},
        { startAfter: new Date(systemClock.now().getTime() + sweepEveryMs) },
      );
  };
}
