import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Schema } from '../../storage/schema.ts';
import { type QuarterScheme, type ReportPeriod, shiftQuarter } from './report-period.ts';

/** A count by one dimension: a category, a department, a month. */
export interface CountRow {
  key: string;
  count: number;
}

/** Median and 90th percentile of a duration, over `count` cases. */
export interface Spread {
  count: number;
  median: number | null;
  p90: number | null;
}

/**
 * Every figure of a quarterly report, before small-number suppression. This never leaves the
 * reports feature: cards, charts and CSV are built from the suppressed tables only.
 *
 * Definitions (also in the README):
 * - concerns are counted by the quarter they were submitted in (UK time);
 * - closures, decisions, referrals and reopenings by the quarter the chronology records them in,
 *   so a report re-run later gives the same figures; a concern closed twice in a quarter counts
 *   once, by its last closure;
 * - time to acknowledge runs from submission to the first acknowledgement, against the concern's
 *   deadline for its urgency; time to close from submission to the closure.
 */
export interface ReportFigures {
  period: ReportPeriod;
  /** The five quarters ending with this one, oldest first, for trends. */
  quarters: readonly ReportPeriod[];
  concerns: {
    total: number;
    aboutStaff: number;
    byMonth: CountRow[];
    bySubject: CountRow[];
    byCategory: CountRow[];
    byUrgency: CountRow[];
    byDepartment: CountRow[];
    byDepartmentAndSubject: { department: string; subject: string; count: number }[];
    /** Totals for `quarters`, oldest first. */
    quarterTotals: CountRow[];
    previousByCategory: CountRow[];
    previousByDepartment: CountRow[];
  };
  acknowledgement: {
    /** Minutes from submission to acknowledgement, for concerns submitted this quarter. */
    minutes: Spread;
    withinDeadline: number;
    acknowledgedLate: number;
    /** Submitted this quarter, not acknowledged, and past the deadline now. */
    notAcknowledgedOverdue: number;
    byUrgency: { urgency: string; minutes: Spread; withinDeadline: number }[];
  };
  closure: {
    /** Days from submission to closure, for concerns closed this quarter. */
    days: Spread;
    withinTarget: number;
    targetDays: number;
    byOutcome: CountRow[];
    noFurtherAction: number;
    noFurtherActionWithRationale: number;
    reopened: number;
    openAtEnd: number;
  };
  decisions: CountRow[];
  referrals: {
    byAgency: CountRow[];
    /** Each referral this quarter with where its concern stands now: an outcome, or `open`. */
    byAgencyAndOutcome: { agency: string; outcome: string; count: number }[];
  };
  support: { closed: number; offered: number; takenUp: number; declined: number; notKnown: number };
  announcements: {
    items: {
      id: string;
      title: string;
      kind: string;
      sentAt: Date;
      recipients: number;
      delivered: number;
      acknowledged: number;
      ackRequired: boolean;
      hoursToAcknowledge: Spread;
    }[];
    byDepartment: { department: string; delivered: number; acknowledged: number }[];
  };
  qa: {
    answered: number;
    declined: number;
    emergency: number;
    helpful: number;
    notHelpful: number;
    sharedQuestions: number;
    unansweredTopics: CountRow[];
  };
}

export interface FigureOptions {
  scheme: QuarterScheme;
  now: Date;
  closeTargetDays: number;
}

const unknownDepartment = 'Unknown';

type Row = Record<string, unknown>;

async function rows<T extends Row>(db: Kysely<Schema>, query: RawBuilder<T>): Promise<T[]> {
  return (await query.execute(db)).rows;
}

function num(value: unknown): number {
  if (value === null || value === undefined) return 0;
  return Number(value);
}

function nullableNum(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}

function countRows(found: readonly { key: unknown; count: unknown }[]): CountRow[] {
  return found.map((row) => ({ key: String(row.key), count: num(row.count) }));
}

function spread(row: { n?: unknown; median?: unknown; p90?: unknown } | undefined): Spread {
  return { count: num(row?.n), median: nullableNum(row?.median), p90: nullableNum(row?.p90) };
}

/** Reads every figure of the quarter. All SQL runs the same on PGlite and PostgreSQL. */
export async function collectReportFigures(
  db: Kysely<Schema>,
  period: ReportPeriod,
  options: FigureOptions,
): Promise<ReportFigures> {
  const { start, end } = period;
  const previous = shiftQuarter(period, 1, options.scheme);
  const quarters = [4, 3, 2, 1, 0].map((back) => shiftQuarter(period, back, options.scheme));
  const inPeriod = sql`c.submitted_at >= ${start} and c.submitted_at < ${end}`;
  const department = sql`coalesce(nullif(c.reporter_department, ''), ${unknownDepartment})`;

  const [
    totals,
    byMonth,
    bySubject,
    byCategory,
    byUrgency,
    byDepartmentAndSubject,
    quarterTotals,
    previousByCategory,
    previousByDepartment,
  ] = await Promise.all([
    rows(
      db,
      sql<{ total: number; about_staff: number }>`
        select count(*)::int as total, count(*) filter (where c.about_staff)::int as about_staff
        from concerns c where ${inPeriod}`,
    ),
    rows(
      db,
      sql<{ key: string; count: number }>`
        select to_char(c.submitted_at at time zone 'Europe/London', 'YYYY-MM') as key, count(*)::int as count
        from concerns c where ${inPeriod} group by 1`,
    ),
    rows(
      db,
      sql<{ key: string; count: number }>`
        select c.subject_type as key, count(*)::int as count from concerns c where ${inPeriod} group by 1`,
    ),
    categoryCounts(db, start, end),
    rows(
      db,
      sql<{ key: string; count: number }>`
        select c.urgency as key, count(*)::int as count from concerns c where ${inPeriod} group by 1`,
    ),
    rows(
      db,
      sql<{ department: string; subject: string; count: number }>`
        select ${department} as department, c.subject_type as subject, count(*)::int as count
        from concerns c where ${inPeriod} group by 1, 2`,
    ),
    rows(
      db,
      sql<{ key: string; count: number }>`
        select q.key, count(c.id)::int as count
        from (values ${sql.join(quarters.map((quarter) => sql`(${quarter.key}, ${quarter.start}::timestamptz, ${quarter.end}::timestamptz)`))}) as q(key, starts, ends)
        left join concerns c on c.submitted_at >= q.starts and c.submitted_at < q.ends
        group by q.key`,
    ),
    categoryCounts(db, previous.start, previous.end),
    rows(
      db,
      sql<{ key: string; count: number }>`
        select ${department} as key, count(*)::int as count from concerns c
        where c.submitted_at >= ${previous.start} and c.submitted_at < ${previous.end} group by 1`,
    ),
  ]);

  const departmentTotals = new Map<string, number>();
  for (const row of byDepartmentAndSubject)
    departmentTotals.set(row.department, (departmentTotals.get(row.department) ?? 0) + num(row.count));

  return {
    period,
    quarters,
    concerns: {
      total: num(totals[0]?.total),
      aboutStaff: num(totals[0]?.about_staff),
      byMonth: period.months.map((month) => ({
        key: month,
        count: num(byMonth.find((row) => row.key === month)?.count),
      })),
      bySubject: countRows(bySubject),
      byCategory: countRows(byCategory),
      byUrgency: countRows(byUrgency),
      byDepartment: [...departmentTotals].map(([key, count]) => ({ key, count })),
      byDepartmentAndSubject: byDepartmentAndSubject.map((row) => ({
        department: row.department,
        subject: row.subject,
        count: num(row.count),
      })),
      quarterTotals: quarters.map((quarter) => ({
        key: quarter.key,
        count: num(quarterTotals.find((row) => row.key === quarter.key)?.count),
      })),
      previousByCategory: countRows(previousByCategory),
      previousByDepartment: countRows(previousByDepartment),
    },
    acknowledgement: await acknowledgementFigures(db, period, options.now),
    closure: await closureFigures(db, period, options.closeTargetDays),
    decisions: countRows(
      await rows(
        db,
        sql<{ key: string; count: number }>`
          select e.detail->>'decision' as key, count(*)::int as count from concern_events e
          where e.kind = 'decision_recorded' and e.at >= ${start} and e.at < ${end} group by 1`,
      ),
    ),
    referrals: await referralFigures(db, period),
    support: await supportFigures(db, period),
    announcements: await announcementFigures(db, period),
    qa: await qaFigures(db, period),
  };
}

function categoryCounts(db: Kysely<Schema>, start: Date, end: Date) {
  return rows(
    db,
    sql<{ key: string; count: number }>`
      select category as key, count(*)::int as count
      from concerns c cross join lateral unnest(c.categories) as category
      where c.submitted_at >= ${start} and c.submitted_at < ${end} group by 1`,
  );
}

async function acknowledgementFigures(
  db: Kysely<Schema>,
  period: ReportPeriod,
  now: Date,
): Promise<ReportFigures['acknowledgement']> {
  const found = await rows(
    db,
    sql<{
      urgency: string;
      n: number;
      median: number | null;
      p90: number | null;
      within: number;
      late: number;
      overdue: number;
    }>`
      select c.urgency,
        count(c.acknowledged_at)::int as n,
        percentile_cont(0.5) within group (order by extract(epoch from c.acknowledged_at - c.submitted_at) / 60)
          filter (where c.acknowledged_at is not null) as median,
        percentile_cont(0.9) within group (order by extract(epoch from c.acknowledged_at - c.submitted_at) / 60)
          filter (where c.acknowledged_at is not null) as p90,
        count(*) filter (where c.acknowledged_at is not null and (c.ack_due_at is null or c.acknowledged_at <= c.ack_due_at))::int as within,
        count(*) filter (where c.acknowledged_at > c.ack_due_at)::int as late,
        count(*) filter (where c.acknowledged_at is null and c.ack_due_at < ${now})::int as overdue
      from concerns c
      where c.submitted_at >= ${period.start} and c.submitted_at < ${period.end}
      group by rollup (c.urgency)`,
  );
  const all = found.find((row) => row.urgency === null);
  return {
    minutes: spread(all),
    withinDeadline: num(all?.within),
    acknowledgedLate: num(all?.late),
    notAcknowledgedOverdue: num(all?.overdue),
    byUrgency: found
      .filter((row) => row.urgency !== null)
      .map((row) => ({ urgency: row.urgency, minutes: spread(row), withinDeadline: num(row.within) })),
  };
}

async function closureFigures(
  db: Kysely<Schema>,
  period: ReportPeriod,
  targetDays: number,
): Promise<ReportFigures['closure']> {
  const { start, end } = period;
  const lastClosures = sql`
    select distinct on (e.concern_id) e.concern_id, e.at, e.detail
    from concern_events e
    where e.kind = 'closed' and e.at >= ${start} and e.at < ${end}
    order by e.concern_id, e.at desc`;
  const [timing, outcomes, reopened, openAtEnd] = await Promise.all([
    rows(
      db,
      sql<{ n: number; median: number | null; p90: number | null; within: number }>`
        select count(*)::int as n,
          percentile_cont(0.5) within group (order by extract(epoch from l.at - c.submitted_at) / 86400) as median,
          percentile_cont(0.9) within group (order by extract(epoch from l.at - c.submitted_at) / 86400) as p90,
          count(*) filter (where l.at - c.submitted_at <= make_interval(days => ${targetDays}::int))::int as within
        from (${lastClosures}) l join concerns c on c.id = l.concern_id`,
    ),
    rows(
      db,
      sql<{ key: string; count: number; with_rationale: number }>`
        select l.detail->>'outcome' as key, count(*)::int as count,
          count(*) filter (where length(trim(coalesce(l.detail->>'rationale', ''))) > 0)::int as with_rationale
        from (${lastClosures}) l group by 1`,
    ),
    rows(
      db,
      sql<{ n: number }>`
        select count(distinct e.concern_id)::int as n from concern_events e
        where e.kind = 'reopened' and e.at >= ${start} and e.at < ${end}`,
    ),
    rows(
      db,
      sql<{ n: number }>`
        select count(*)::int as n from concerns c
        where c.submitted_at < ${end}
          and coalesce((
            select e.kind from concern_events e
            where e.concern_id = c.id and e.kind in ('closed', 'reopened') and e.at < ${end}
            order by e.at desc limit 1), 'open') <> 'closed'`,
    ),
  ]);
  const noFurtherAction = outcomes.find((row) => row.key === 'no_further_action');
  return {
    days: spread(timing[0]),
    withinTarget: num(timing[0]?.within),
    targetDays,
    byOutcome: countRows(outcomes),
    noFurtherAction: num(noFurtherAction?.count),
    noFurtherActionWithRationale: num(noFurtherAction?.with_rationale),
    reopened: num(reopened[0]?.n),
    openAtEnd: num(openAtEnd[0]?.n),
  };
}

async function referralFigures(
  db: Kysely<Schema>,
  period: ReportPeriod,
): Promise<ReportFigures['referrals']> {
  const found = await rows(
    db,
    sql<{ agency: string; outcome: string; count: number }>`
      select e.detail->>'agency' as agency,
        case when c.status = 'closed' then coalesce((
          select l.detail->>'outcome' from concern_events l
          where l.concern_id = c.id and l.kind = 'closed' order by l.at desc limit 1), 'other')
        else 'open' end as outcome,
        count(*)::int as count
      from concern_events e join concerns c on c.id = e.concern_id
      where e.kind = 'referred' and e.at >= ${period.start} and e.at < ${period.end}
      group by 1, 2`,
  );
  const byAgency = new Map<string, number>();
  for (const row of found) byAgency.set(row.agency, (byAgency.get(row.agency) ?? 0) + num(row.count));
  return {
    byAgency: [...byAgency].map(([key, count]) => ({ key, count })),
    byAgencyAndOutcome: found.map((row) => ({
      agency: row.agency,
      outcome: row.outcome,
      count: num(row.count),
    })),
  };
}

async function supportFigures(db: Kysely<Schema>, period: ReportPeriod): Promise<ReportFigures['support']> {
  const found = await rows(
    db,
    sql<{ closed: number; offered: number; taken_up: number; declined: number; not_known: number }>`
      select count(*)::int as closed,
        count(*) filter (where (l.detail->>'supportOffered') = 'true')::int as offered,
        count(*) filter (where l.detail->>'supportTakenUp' = 'yes')::int as taken_up,
        count(*) filter (where l.detail->>'supportTakenUp' = 'no')::int as declined,
        count(*) filter (where coalesce(l.detail->>'supportTakenUp', 'not_known') not in ('yes', 'no'))::int as not_known
      from (
        select distinct on (e.concern_id) e.detail from concern_events e
        where e.kind = 'closed' and e.at >= ${period.start} and e.at < ${period.end}
        order by e.concern_id, e.at desc) l`,
  );
  const row = found[0];
  return {
    closed: num(row?.closed),
    offered: num(row?.offered),
    takenUp: num(row?.taken_up),
    declined: num(row?.declined),
    notKnown: num(row?.not_known),
  };
}

async function announcementFigures(
  db: Kysely<Schema>,
  period: ReportPeriod,
): Promise<ReportFigures['announcements']> {
  const sentIn = sql`a.started_at >= ${period.start} and a.started_at < ${period.end}`;
  const [items, byDepartment] = await Promise.all([
    rows(
      db,
      sql<{
        id: string;
        title: string;
        kind: string;
        started_at: Date | string;
        ack_required: boolean;
        recipients: number;
        delivered: number;
        acknowledged: number;
        n: number;
        median: number | null;
        p90: number | null;
      }>`
        select a.id, a.title, a.kind, a.started_at, a.ack_required,
          count(d.user_aad_id) filter (where d.status <> 'cancelled')::int as recipients,
          count(d.user_aad_id) filter (where d.status in ('sent', 'recalled'))::int as delivered,
          count(d.acknowledged_at)::int as acknowledged,
          count(d.acknowledged_at)::int as n,
          percentile_cont(0.5) within group (order by extract(epoch from d.acknowledged_at - d.sent_at) / 3600)
            filter (where d.acknowledged_at is not null and d.sent_at is not null) as median,
          percentile_cont(0.9) within group (order by extract(epoch from d.acknowledged_at - d.sent_at) / 3600)
            filter (where d.acknowledged_at is not null and d.sent_at is not null) as p90
        from announcements a left join deliveries d on d.announcement_id = a.id
        where ${sentIn}
        group by a.id, a.title, a.kind, a.started_at, a.ack_required
        order by a.started_at`,
    ),
    rows(
      db,
      sql<{ department: string; delivered: number; acknowledged: number }>`
        select coalesce(nullif(d.department, ''), ${unknownDepartment}) as department,
          count(*) filter (where d.status in ('sent', 'recalled'))::int as delivered,
          count(d.acknowledged_at)::int as acknowledged
        from announcements a join deliveries d on d.announcement_id = a.id
        where ${sentIn} and a.ack_required
        group by 1`,
    ),
  ]);
  return {
    items: items.map((row) => ({
      id: row.id,
      title: row.title,
      kind: row.kind,
      sentAt: new Date(row.started_at),
      recipients: num(row.recipients),
      delivered: num(row.delivered),
      acknowledged: num(row.acknowledged),
      ackRequired: row.ack_required,
      hoursToAcknowledge: spread(row),
    })),
    byDepartment: byDepartment.map((row) => ({
      department: row.department,
      delivered: num(row.delivered),
      acknowledged: num(row.acknowledged),
    })),
  };
}

async function qaFigures(db: Kysely<Schema>, period: ReportPeriod): Promise<ReportFigures['qa']> {
  const { start, end } = period;
  const [outcomes, feedback, shared, topics] = await Promise.all([
    rows(
      db,
      sql<{ key: string; count: number }>`
        select outcome as key, count(*)::int as count from qa_outcomes
        where at >= ${start} and at < ${end} group by 1`,
    ),
    rows(
      db,
      sql<{ helpful: number; not_helpful: number }>`
        select count(*) filter (where helpful)::int as helpful, count(*) filter (where not helpful)::int as not_helpful
        from qa_feedback where at >= ${start} and at < ${end}`,
    ),
    rows(
      db,
      sql<{
        n: number;
      }>`select count(*)::int as n from qa_shared_questions where at >= ${start} and at < ${end}`,
    ),
    rows(
      db,
      sql<{ key: string; count: number }>`
        select topic as key, count(*)::int as count
        from qa_outcomes q cross join lateral unnest(q.topics) as topic
        where q.outcome = 'declined' and q.at >= ${start} and q.at < ${end}
        group by 1 order by 2 desc, 1 limit 10`,
    ),
  ]);
  const outcome = (key: string) => num(outcomes.find((row) => row.key === key)?.count);
  return {
    answered: outcome('answered'),
    declined: outcome('declined'),
    emergency: outcome('emergency'),
    helpful: num(feedback[0]?.helpful),
    notHelpful: num(feedback[0]?.not_helpful),
    sharedQuestions: num(shared[0]?.n),
    unansweredTopics: countRows(topics),
  };
}
