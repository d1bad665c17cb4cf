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
    /** Concerns by category and reporter's department, this quarter and last: where a change came from. */
    categoryByDepartment: { category: string; department: string; current: number; previous: number }[];
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
  const previous = shiftQuarter(period, 1, options.scheme);
  const quarters = [4, 3, 2, 1, 0].map((back) => shiftQuarter(period, back, options.scheme));
  // Independent queries: PostgreSQL runs them on separate connections; PGlite queues them.
  const [
    counts,
    twoQuarters,
    quarterTotals,
    acknowledgement,
    closing,
    decisions,
    referrals,
    announcements,
    qa,
  ] = await Promise.all([
    concernCounts(db, period),
    categoryAndDepartmentCounts(db, previous, period),
    quarterTotalCounts(db, quarters),
    acknowledgementFigures(db, period, options.now),
    closureFigures(db, period, options.closeTargetDays),
    rows(
      db,
      sql<{ key: string; count: number }>`
          select e.detail->>'decision' as key, count(*)::int as count from concern_events e
          where e.kind = 'decision_recorded' and e.at >= ${period.start} and e.at < ${period.end} group by 1`,
    ),
    referralFigures(db, period),
    announcementFigures(db, period),
    qaFigures(db, period),
  ]);
  const byDepartment = new Map<string, number>();
  for (const row of counts.byDepartmentAndSubject)
    byDepartment.set(row.department, (byDepartment.get(row.department) ?? 0) + row.count);
  return {
    period,
    quarters,
    concerns: {
      total: counts.total,
      aboutStaff: counts.aboutStaff,
      byMonth: period.months.map((month) => ({ key: month, count: counts.byMonth.get(month) ?? 0 })),
      bySubject: counts.bySubject,
      byCategory: twoQuarters.current.categories,
      byUrgency: counts.byUrgency,
      byDepartment: [...byDepartment].map(([key, count]) => ({ key, count })),
      byDepartmentAndSubject: counts.byDepartmentAndSubject,
      quarterTotals: quarters.map((quarter, index) => ({
        key: quarter.key,
        count: quarterTotals[index] ?? 0,
      })),
      previousByCategory: twoQuarters.previous.categories,
      previousByDepartment: twoQuarters.previous.departments,
      categoryByDepartment: twoQuarters.categoryByDepartment,
    },
    acknowledgement,
    ...closing,
    decisions: countRows(decisions),
    referrals,
    announcements,
    qa,
  };
}

/**
 * Every count over the quarter's concerns in one scan: grouping sets give the total, and the
 * counts by who, urgency, department-and-who and month (UK), told apart by grouping().
 */
async function concernCounts(db: Kysely<Schema>, period: ReportPeriod) {
  const found = await rows(
    db,
    sql<{
      set: number;
      subject: string | null;
      urgency: string | null;
      department: string | null;
      month: string | null;
      count: number;
      about_staff: number;
    }>`
      select grouping(c.subject_type, c.urgency, d.department, m.month) as set,
        c.subject_type as subject, c.urgency, d.department, m.month,
        count(*)::int as count, count(*) filter (where c.about_staff)::int as about_staff
      from concerns c
        cross join lateral (select coalesce(nullif(c.reporter_department, ''), ${unknownDepartment}) as department) d
        cross join lateral (select to_char(c.submitted_at at time zone 'Europe/London', 'YYYY-MM') as month) m
      where c.submitted_at >= ${period.start} and c.submitted_at < ${period.end}
      group by grouping sets ((), (c.subject_type), (c.urgency), (d.department, c.subject_type), (m.month))`,
  );
  // grouping() sets a bit for each column NOT grouped: subject 8, urgency 4, department 2, month 1.
  const of = (set: number) => found.filter((row) => num(row.set) === set);
  const total = of(15)[0];
  return {
    total: num(total?.count),
    aboutStaff: num(total?.about_staff),
    bySubject: of(7).map((row) => ({ key: String(row.subject), count: num(row.count) })),
    byUrgency: of(11).map((row) => ({ key: String(row.urgency), count: num(row.count) })),
    byDepartmentAndSubject: of(5).map((row) => ({
      department: String(row.department),
      subject: String(row.subject),
      count: num(row.count),
    })),
    byMonth: new Map(of(14).map((row) => [String(row.month), num(row.count)])),
  };
}

/** Categories and departments for this quarter and the last, in one scan of the two. */
async function categoryAndDepartmentCounts(db: Kysely<Schema>, previous: ReportPeriod, period: ReportPeriod) {
  const [pairs, departments] = await Promise.all([
    rows(
      db,
      sql<{ current: boolean; category: string; department: string; count: number }>`
        select c.submitted_at >= ${period.start} as current, category,
          coalesce(nullif(c.reporter_department, ''), ${unknownDepartment}) as department, count(*)::int as count
        from concerns c cross join lateral unnest(c.categories) as category
        where c.submitted_at >= ${previous.start} and c.submitted_at < ${period.end}
        group by 1, 2, 3`,
    ),
    rows(
      db,
      sql<{ key: string; count: number }>`
        select coalesce(nullif(c.reporter_department, ''), ${unknownDepartment}) as key, count(*)::int as count
        from concerns c where c.submitted_at >= ${previous.start} and c.submitted_at < ${previous.end}
        group by 1`,
    ),
  ]);
  const byCategory = (current: boolean) => {
    const totals = new Map<string, number>();
    for (const row of pairs)
      if (row.current === current) totals.set(row.category, (totals.get(row.category) ?? 0) + num(row.count));
    return [...totals].map(([key, count]) => ({ key, count }));
  };
  const changes = new Map<
    string,
    { category: string; department: string; current: number; previous: number }
  >();
  for (const row of pairs) {
    const key = `${row.category}\u0000${row.department}`;
    const entry = changes.get(key) ?? {
      category: row.category,
      department: row.department,
      current: 0,
      previous: 0,
    };
    if (row.current) entry.current += num(row.count);
    else entry.previous += num(row.count);
    changes.set(key, entry);
  }
  return {
    current: { categories: byCategory(true) },
    previous: { categories: byCategory(false), departments: countRows(departments) },
    categoryByDepartment: [...changes.values()],
  };
}

/** Concerns per quarter for the trend, in one range scan. */
async function quarterTotalCounts(db: Kysely<Schema>, quarters: readonly ReportPeriod[]): Promise<number[]> {
  const first = quarters[0];
  const last = quarters.at(-1);
  if (!first || !last) return [];
  const found = await rows(
    db,
    sql<Record<string, number>>`
      select ${sql.join(
        quarters.map(
          (quarter, index) =>
            sql`count(*) filter (where c.submitted_at >= ${quarter.start} and c.submitted_at < ${quarter.end})::int as ${sql.ref(`q${index}`)}`,
        ),
      )}
      from concerns c where c.submitted_at >= ${first.start} and c.submitted_at < ${last.end}`,
  );
  return quarters.map((_, index) => num(found[0]?.[`q${index}`]));
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
): Promise<{ closure: ReportFigures['closure']; support: ReportFigures['support'] }> {
  const { start, end } = period;
  const [closures, reopened, openAtEnd] = await Promise.all([
    rows(
      db,
      // Each concern's last closure in the quarter, once: timings, outcomes and support together.
      sql<{
        outcome: string | null;
        n: number;
        median: number | null;
        p90: number | null;
        within: number;
        with_rationale: number;
        offered: number;
        taken_up: number;
        declined: number;
      }>`
        select l.detail->>'outcome' as outcome, count(*)::int as n,
          percentile_cont(0.5) within group (order by extract(epoch from l.at - c.submitted_at) / 86400) as median,
          percentile_cont(0.9) within group (order by extract(epoch from l.at - c.submitted_at) / 86400) as p90,
          count(*) filter (where l.at - c.submitted_at <= make_interval(days => ${targetDays}::int))::int as within,
          count(*) filter (where length(trim(coalesce(l.detail->>'rationale', ''))) > 0)::int as with_rationale,
          count(*) filter (where (l.detail->>'supportOffered') = 'true')::int as offered,
          count(*) filter (where l.detail->>'supportTakenUp' = 'yes')::int as taken_up,
          count(*) filter (where l.detail->>'supportTakenUp' = 'no')::int as declined
        from (
          select distinct on (e.concern_id) e.concern_id, e.at, e.detail
          from concern_events e
          where e.kind = 'closed' and e.at >= ${start} and e.at < ${end}
          order by e.concern_id, e.at desc) l
        join concerns c on c.id = l.concern_id
        group by grouping sets ((), (l.detail->>'outcome'))`,
    ),
    rows(
      db,
      sql<{ n: number }>`
        select count(distinct e.concern_id)::int as n from concern_events e
        where e.kind = 'reopened' and e.at >= ${start} and e.at < ${end}`,
    ),
    rows(
      db,
      // Open at the end = submitted by then, less those closed by then. A concern never reopened
      // was closed once, at closed_at; only the few ever reopened need their chronology read.
      sql<{ n: number }>`
        with reopened as (select distinct e.concern_id from concern_events e where e.kind = 'reopened')
        select ((select count(*) from concerns c where c.submitted_at < ${end})
          - (select count(*) from concerns c
              where c.closed_at < ${end} and c.id not in (select concern_id from reopened))
          - (select count(*) from (
              select distinct on (e.concern_id) e.kind from concern_events e
              where e.concern_id in (select concern_id from reopened)
                and e.kind in ('closed', 'reopened') and e.at < ${end}
              order by e.concern_id, e.at desc) l
            where l.kind = 'closed'))::int as n`,
    ),
  ]);
  const all = closures.find((row) => row.outcome === null);
  const byOutcome = closures.filter((row) => row.outcome !== null);
  const noFurtherAction = byOutcome.find((row) => row.outcome === 'no_further_action');
  const closed = num(all?.n);
  return {
    closure: {
      days: spread(all),
      withinTarget: num(all?.within),
      targetDays,
      byOutcome: byOutcome.map((row) => ({ key: String(row.outcome), count: num(row.n) })),
      noFurtherAction: num(noFurtherAction?.n),
      noFurtherActionWithRationale: num(noFurtherAction?.with_rationale),
      reopened: num(reopened[0]?.n),
      openAtEnd: num(openAtEnd[0]?.n),
    },
    support: {
      closed,
      offered: num(all?.offered),
      takenUp: num(all?.taken_up),
      declined: num(all?.declined),
      notKnown: closed - num(all?.taken_up) - num(all?.declined),
    },
  };
}

async function referralFigures(
  db: Kysely<Schema>,
  period: ReportPeriod,
): Promise<ReportFigures['referrals']> {
  const found = await rows(
    db,
    // A closed concern's outcome is on its closure at closed_at (the index on concern and time).
    sql<{ agency: string; outcome: string; count: number }>`
      select e.detail->>'agency' as agency,
        case when c.status = 'closed' then coalesce(l.detail->>'outcome', 'other') else 'open' end as outcome,
        count(*)::int as count
      from concern_events e
        join concerns c on c.id = e.concern_id
        left join concern_events l on l.concern_id = c.id and l.kind = 'closed' and l.at = c.closed_at
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
