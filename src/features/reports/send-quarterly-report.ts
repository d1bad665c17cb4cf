import { z } from 'zod';
import { defineJob } from '../../jobs/job-queue.ts';
import { systemClock } from '../../shared/clock.ts';
import { ukDayAndMinute } from '../../shared/uk-time.ts';
import { cardActivity } from '../../teams/card-activity.ts';
import { firstWorkingDayFrom, type WorkingTime } from '../triage/working-hours.ts';
import type { ReportDeps } from './report-deps.ts';
import { type QuarterScheme, quarterContaining, type ReportPeriod, shiftQuarter } from './report-period.ts';
import { buildReportCard } from './show-report.ts';

/** Hourly: on the first working day of a quarter, the coordinators get the report for the last one. */
export const quarterlyReportSweepJob = defineJob('report.quarterly-sweep', z.object({}), {
  retryLimit: 3,
  retryDelaySeconds: 60,
});

const sweepEveryMs = 60 * 60 * 1000;
/** A report missed while the bot was down is still sent in the quarter's first fortnight, not later. */
const catchUpDays = 14;

/** The first working day of a quarter (UK bank holidays and the council's working days). */
export function firstWorkingDay(period: ReportPeriod, working: WorkingTime): string {
  return firstWorkingDayFrom(ukDayAndMinute(period.start).day, working);
}

/**
 * The quarter whose report is due now, if one is: from the start of working hours on the first
 * working day of the next quarter, for two weeks.
 */
export function reportDue(now: Date, scheme: QuarterScheme, working: WorkingTime): ReportPeriod | undefined {
  const current = quarterContaining(now, scheme);
  const { day, minute } = ukDayAndMinute(now);
  const first = firstWorkingDay(current, working);
  if (day < first || (day === first && minute < working.startMinute)) return undefined;
  const daysIn = (now.getTime() - current.start.getTime()) / 86_400_000;
  if (daysIn > catchUpDays) return undefined;
  return shiftQuarter(current, 1, scheme);
}

/**
 * Sends the report for the quarter just ended to every coordinator, once each: the row in
 * scheduled_reports is claimed before the card goes, so a restart or a second instance never
 * sends it twice. A send that fails is released for the next sweep.
 */
export async function sendDueQuarterlyReport(deps: ReportDeps, working: WorkingTime): Promise<number> {
  const { context } = deps;
  if (!context.config.REPORT_SCHEDULED) return 0;
  const now = context.clock.now();
  const period = reportDue(now, deps.scheme, working);
  if (!period) return 0;
  let sent = 0;
  let card: Awaited<ReturnType<typeof buildReportCard>> | undefined;
  for (const coordinator of await context.roles.membersOf('coordinator')) {
    const claimed = await context.db
      .insertInto('scheduled_reports')
      .values({ period: period.key, recipient: coordinator, claimed_at: now, sent_at: null })
      .onConflict((conflict) => conflict.columns(['period', 'recipient']).doNothing())
      .returning('recipient')
      .executeTakeFirst();
    if (!claimed) continue;
    card ??= await buildReportCard(deps, period, undefined);
    const outcome = await context.sender.sendToUser(
      { aadObjectId: coordinator, tenantId: undefined },
      cardActivity(card, `Safeguarding Assistant: the quarterly report for ${period.shortLabel}`),
    );
    if (outcome.kind === 'sent') {
      sent += 1;
      await context.db
        .updateTable('scheduled_reports')
        .set({ sent_at: context.clock.now() })
        .where('period', '=', period.key)
        .where('recipient', '=', coordinator)
        .execute();
    } else {
      context.logger.warn({ code: 'SEND_FAILED', outcome: outcome.kind }, 'quarterly report not delivered');
      if (outcome.kind !== 'recipientGone')
        await context.db
          .deleteFrom('scheduled_reports')
          .where('period', '=', period.key)
          .where('recipient', '=', coordinator)
          .execute();
    }
  }
  if (sent > 0)
    context.logger.info({ code: 'QUARTERLY_REPORT_SENT', period: period.key, sent }, 'quarterly report sent');
  return sent;
}

/** The hourly sweep; it queues its own next run. */
export function quarterlyReportSweepWorker(deps: ReportDeps, working: WorkingTime) {
  return async (): Promise<void> => {
    await sendDueQuarterlyReport(deps, working);
    // The queue runs on wall time whatever clock the sweep is judged by.
    if ((await deps.context.jobs.pendingCount(quarterlyReportSweepJob)) <= 1)
      await deps.context.jobs.send(
        quarterlyReportSweepJob,
        {},
        { startAfter: new Date(systemClock.now().getTime() + sweepEveryMs) },
      );
  };
}
