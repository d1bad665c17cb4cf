import type { ReportChart } from './chart-spec.ts';
import type { CountRow, ReportFigures, Spread } from './report-figures.ts';
import { type LabelKind, labelFor, monthLabel } from './report-labels.ts';
import type { ReportPeriod } from './report-period.ts';
import {
  type Cell,
  countCell,
  groupCells,
  hiddenText,
  rateCell,
  type SuppressionRule,
  statisticCell,
  suppressedText,
} from './suppress-small-numbers.ts';

/** A figure a DSL can drill into: the concerns behind it. Coordinators never get these. */
export type DrillDimension =
  | 'subject'
  | 'category'
  | 'urgency'
  | 'department'
  | 'month'
  | 'agency'
  | 'outcome';

export interface ReportRow {
  /** The code behind the row (a category code, a department name), for drill-downs and CSV. */
  key: string;
  label: string;
  cells: Cell[];
}

/** One table of the published report: what the card shows and what one CSV file holds. */
export interface ReportTable {
  id: string;
  title: string;
  /** Column headings; the first names the row labels. */
  columns: readonly string[];
  rows: ReportRow[];
  drill?: DrillDimension;
  /** Which cell is the row's headline figure (default the first). */
  figureColumn?: number;
  note?: string;
}

/** The report as it may be shown: every figure has been through small-number suppression. */
export interface PublishedReport {
  period: ReportPeriod;
  threshold: number;
  sentences: string[];
  headline: { label: string; cell: Cell }[];
  tables: ReportTable[];
  charts: ReportChart[];
}

const oneDecimal = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 });

function minutesText(minutes: number): string {
  if (minutes < 90) return `${Math.round(minutes)} min`;
  if (minutes < 48 * 60) return `${oneDecimal.format(minutes / 60)} h`;
  return `${oneDecimal.format(minutes / 1440)} days`;
}

function daysText(days: number): string {
  return `${oneDecimal.format(days)} days`;
}

function hoursText(hours: number): string {
  return hours < 48 ? `${oneDecimal.format(hours)} h` : `${oneDecimal.format(hours / 24)} days`;
}

function sortedByCount(rows: readonly CountRow[]): CountRow[] {
  return [...rows].sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
}

function groupTable(
  id: string,
  title: string,
  heading: string,
  kind: LabelKind,
  counts: readonly CountRow[],
  rule: SuppressionRule,
  drill?: DrillDimension,
): ReportTable {
  const sorted = sortedByCount(counts);
  const cells = groupCells(
    sorted.map((row) => row.count),
    rule,
  );
  return {
    id,
    title,
    columns: [heading, 'Concerns'],
    rows: sorted.map((row, index) => ({
      key: row.key,
      label: labelFor(kind, row.key),
      cells: [cells[index] ?? countCell(row.count, rule)],
    })),
    ...(drill ? { drill } : {}),
  };
}

/**
 * Suppresses a grid whose rows and columns both add up to published totals: every row and
 * column is a group, and secondary suppression is repeated until no row or column has a single
 * hidden cell that subtraction would reveal.
 */
export function suppressGrid(grid: readonly (readonly number[])[], rule: SuppressionRule): Cell[][] {
  const cells = grid.map((row) => row.map((count) => countCell(count, rule)));
  const hideSmallest = (positions: [number, number][]) => {
    const hidden = positions.filter(([r, c]) => cells[r]?.[c]?.value === null).length;
    if (hidden !== 1 || positions.length < 2) return false;
    let best: [number, number] | undefined;
    for (const [r, c] of positions) {
      const value = cells[r]?.[c]?.value;
      if (value === null || value === undefined) continue;
      const bestValue = best ? cells[best[0]]?.[best[1]]?.value : undefined;
      if (bestValue === undefined || bestValue === null || value < bestValue) best = [r, c];
    }
    if (!best) return false;
    const row = cells[best[0]];
    if (row) row[best[1]] = { value: null, text: hiddenText };
    return true;
  };
  const width = Math.max(0, ...grid.map((row) => row.length));
  for (let pass = 0, changed = true; changed && pass < 50; pass += 1) {
    changed = false;
    for (let r = 0; r < grid.length; r += 1)
      changed = hideSmallest(Array.from({ length: grid[r]?.length ?? 0 }, (_, c) => [r, c])) || changed;
    for (let c = 0; c < width; c += 1)
      changed = hideSmallest(grid.map((_, r) => [r, c] as [number, number])) || changed;
  }
  return cells;
}

/**
 * A two-way table whose row totals, column totals and grand total are published too: each row
 * and column is suppressed together with its total, since any cell of a line can be worked out
 * from its total and the rest. Returns the grid with a total column added to every row, and a
 * last row of column totals (the grand total last).
 */
export function suppressWithMargins(
  grid: readonly (readonly number[])[],
  width: number,
  rule: SuppressionRule,
): Cell[][] {
  const withTotals = grid.map((row) => [...row, row.reduce((sum, value) => sum + value, 0)]);
  const columnTotals = Array.from({ length: width + 1 }, (_, column) =>
    withTotals.reduce((sum, row) => sum + (row[column] ?? 0), 0),
  );
  return suppressGrid([...withTotals, columnTotals], rule);
}

function spreadCells(spread: Spread, rule: SuppressionRule, format: (value: number) => string): Cell[] {
  return [
    countCell(spread.count, rule),
    statisticCell(spread.median, spread.count, rule, format),
    statisticCell(spread.p90, spread.count, rule, format),
  ];
}

/** "fewer than 5" for a hidden count in a sentence; the count otherwise. */
function say(cell: Cell, rule: SuppressionRule): string {
  if (cell.text === hiddenText) return 'a hidden number of';
  return cell.value === null ? `fewer than ${rule.threshold}` : cell.text;
}

function chartOf(
  table: ReportTable,
  kind: ReportChart['kind'],
  title: string,
  options: { column?: number; limit?: number; yTitle?: string } = {},
): ReportChart {
  const column = options.column ?? 0;
  return {
    id: table.id,
    kind,
    title,
    ...(options.yTitle ? { yTitle: options.yTitle } : {}),
    points: table.rows.slice(0, options.limit ?? 12).map((row) => {
      const cell = row.cells[column];
      return {
        x: row.label,
        value: cell?.value ?? null,
        ...(cell?.text === hiddenText ? { hiddenLabel: hiddenText } : {}),
      };
    }),
  };
}

/**
 * Turns the figures into the report people see: tables, charts and sentences, all from
 * suppressed values, so no small number can reach a card, an image, its alt text or a CSV.
 */
export function publishReport(figures: ReportFigures, rule: SuppressionRule): PublishedReport {
  const { concerns, acknowledgement, closure, referrals, support, announcements, qa } = figures;
  const tables: ReportTable[] = [];

  const quarterCells = concerns.quarterTotals.map((row) => countCell(row.count, rule));
  const byQuarter: ReportTable = {
    id: 'concerns-by-quarter',
    title: 'Concerns this quarter and the four before',
    columns: ['Quarter', 'Concerns'],
    rows: concerns.quarterTotals.map((row, index) => ({
      key: row.key,
      label: figures.quarters[index]?.shortLabel ?? row.key,
      cells: [quarterCells[index] ?? countCell(row.count, rule)],
    })),
  };
  const monthCells = groupCells(
    concerns.byMonth.map((row) => row.count),
    rule,
  );
  const byMonth: ReportTable = {
    id: 'concerns-by-month',
    title: 'Concerns by month',
    columns: ['Month', 'Concerns'],
    rows: concerns.byMonth.map((row, index) => ({
      key: row.key,
      label: monthLabel(row.key),
      cells: [monthCells[index] ?? countCell(row.count, rule)],
    })),
    drill: 'month',
  };

  const previousCategory = new Map(concerns.previousByCategory.map((row) => [row.key, row.count]));
  const categories = sortedByCount(concerns.byCategory);
  const byCategory: ReportTable = {
    id: 'concerns-by-category',
    title: 'Concerns by category (a concern can have more than one)',
    columns: ['Category', 'This quarter', 'Last quarter'],
    rows: categories.map((row) => ({
      key: row.key,
      label: labelFor('category', row.key),
      cells: [countCell(row.count, rule), countCell(previousCategory.get(row.key) ?? 0, rule)],
    })),
    drill: 'category',
  };

  const subjects = ['child', 'adult', 'unsure'];
  const previousDepartment = new Map(concerns.previousByDepartment.map((row) => [row.key, row.count]));
  const departments = sortedByCount(concerns.byDepartment);
  // Departments by who, with the totals by department and by who published as well.
  const departmentGrid = suppressWithMargins(
    departments.map((department) =>
      subjects.map(
        (subject) =>
          concerns.byDepartmentAndSubject.find(
            (row) => row.department === department.key && row.subject === subject,
          )?.count ?? 0,
      ),
    ),
    subjects.length,
    rule,
  );
  const subjectTotals = departmentGrid.at(-1) ?? [];
  const bySubject: ReportTable = {
    id: 'concerns-by-group',
    title: 'Concerns by who they were about',
    columns: ['About', 'Concerns'],
    rows: subjects.map((subject, index) => ({
      key: subject,
      label: labelFor('subject', subject),
      cells: [subjectTotals[index] ?? countCell(0, rule)],
    })),
    drill: 'subject',
  };
  const byDepartment: ReportTable = {
    id: 'concerns-by-department',
    title: "Concerns by the reporter's department",
    columns: ['Department', 'Children', 'Adults at risk', 'Not sure', 'Total', 'Last quarter'],
    rows: departments.map((row, index) => ({
      key: row.key,
      label: row.key,
      cells: [
        ...(departmentGrid[index] ?? [countCell(row.count, rule)]),
        countCell(previousDepartment.get(row.key) ?? 0, rule),
      ],
    })),
    drill: 'department',
    figureColumn: 3,
    note: 'Departments come from Entra ID when the concern was submitted; "Unknown" when it did not say.',
  };
  const byUrgency = groupTable(
    'concerns-by-urgency',
    'Concerns by urgency',
    'Urgency',
    'urgency',
    concerns.byUrgency,
    rule,
    'urgency',
  );
  tables.push(byQuarter, byMonth, bySubject, byCategory, byDepartment, byUrgency);

  const acknowledgementTable: ReportTable = {
    id: 'time-to-acknowledge',
    title: 'Time to acknowledge, against the deadline for each urgency',
    columns: ['Urgency', 'Acknowledged', 'Median', '90th percentile', 'Within deadline'],
    rows: [
      ...acknowledgement.byUrgency.map((row) => ({
        key: row.urgency,
        label: labelFor('urgency', row.urgency),
        cells: [
          ...spreadCells(row.minutes, rule, minutesText),
          rateCell(row.withinDeadline, row.minutes.count, rule),
        ],
      })),
      {
        key: 'all',
        label: 'All',
        cells: [
          ...spreadCells(acknowledgement.minutes, rule, minutesText),
          rateCell(acknowledgement.withinDeadline, acknowledgement.minutes.count, rule),
        ],
      },
    ],
  };
  const overdue = countCell(acknowledgement.acknowledgedLate + acknowledgement.notAcknowledgedOverdue, rule);
  const closureTable: ReportTable = {
    id: 'time-to-close',
    title: 'Closures and time to close',
    columns: ['Measure', 'Value'],
    rows: [
      { key: 'closed', label: 'Closed this quarter', cells: [countCell(closure.days.count, rule)] },
      {
        key: 'median',
        label: 'Median time to close',
        cells: [statisticCell(closure.days.median, closure.days.count, rule, daysText)],
      },
      {
        key: 'p90',
        label: '90th percentile',
        cells: [statisticCell(closure.days.p90, closure.days.count, rule, daysText)],
      },
      {
        key: 'within-target',
        label: `Closed within ${closure.targetDays} days`,
        cells: [rateCell(closure.withinTarget, closure.days.count, rule)],
      },
      { key: 'reopened', label: 'Reopened this quarter', cells: [countCell(closure.reopened, rule)] },
      {
        key: 'open-at-end',
        label: 'Open at the end of the quarter',
        cells: [countCell(closure.openAtEnd, rule)],
      },
      {
        key: 'overdue',
        label: 'Acknowledged late, or not yet and overdue',
        cells: [overdue],
      },
    ],
  };
  const outcomes = groupTable(
    'closures-by-outcome',
    'Closures by outcome',
    'Outcome',
    'outcome',
    closure.byOutcome,
    rule,
    'outcome',
  );
  const nfa = countCell(closure.noFurtherAction, rule);
  if (closure.noFurtherAction > 0)
    outcomes.note = `No further action: ${say(nfa, rule)}, ${
      closure.noFurtherActionWithRationale === closure.noFurtherAction
        ? 'each with its rationale recorded'
        : `${say(countCell(closure.noFurtherAction - closure.noFurtherActionWithRationale, rule), rule)} without a recorded rationale`
    }.`;
  const decisions = groupTable(
    'decisions',
    'Decisions recorded',
    'Decision',
    'decision',
    figures.decisions,
    rule,
  );

  const agencies = sortedByCount(referrals.byAgency);
  const outcomeCodes = [
    'open',
    'no_further_action',
    'internal_support',
    'referred',
    'monitoring_ended',
    'other',
  ];
  const referralGrid = suppressWithMargins(
    agencies.map((agency) =>
      outcomeCodes.map(
        (outcome) =>
          referrals.byAgencyAndOutcome.find((row) => row.agency === agency.key && row.outcome === outcome)
            ?.count ?? 0,
      ),
    ),
    outcomeCodes.length,
    rule,
  );
  const referralTable: ReportTable = {
    id: 'referrals-by-agency',
    title: 'Referrals and escalations by agency, with where each concern stands now',
    columns: ['Agency', 'Referrals', ...outcomeCodes.map((code) => labelFor('outcome', code))],
    rows: agencies.map((row, index) => ({
      key: row.key,
      label: labelFor('agency', row.key),
      // The grid's last cell is the agency's total: shown first, as "Referrals".
      cells: [
        referralGrid[index]?.at(-1) ?? countCell(row.count, rule),
        ...(referralGrid[index]?.slice(0, -1) ?? []),
      ],
    })),
    drill: 'agency',
  };
  const supportCells = groupCells([support.takenUp, support.declined, support.notKnown], rule);
  const supportTable: ReportTable = {
    id: 'reporter-support',
    title: 'Support for the staff who raised concerns closed this quarter',
    columns: ['Measure', 'Concerns'],
    rows: [
      { key: 'offered', label: 'Support offered', cells: [countCell(support.offered, rule)] },
      { key: 'taken-up', label: 'Taken up', cells: [supportCells[0] ?? countCell(support.takenUp, rule)] },
      { key: 'declined', label: 'Declined', cells: [supportCells[1] ?? countCell(support.declined, rule)] },
      {
        key: 'not-known',
        label: 'Not recorded',
        cells: [supportCells[2] ?? countCell(support.notKnown, rule)],
      },
    ],
  };
  tables.push(acknowledgementTable, closureTable, outcomes, decisions, referralTable, supportTable);

  const announcementTable: ReportTable = {
    id: 'announcements',
    title: 'Announcements sent this quarter',
    columns: ['Announcement', 'Recipients', 'Delivered', 'Read', 'Read rate', 'Median time to read'],
    rows: announcements.items.map((item) => ({
      key: item.id,
      label: `${item.title} (${labelFor('announcementKind', item.kind)})`,
      cells: [
        countCell(item.recipients, rule),
        countCell(item.delivered, rule),
        item.ackRequired ? countCell(item.acknowledged, rule) : { value: null, text: 'not asked' },
        item.ackRequired
          ? rateCell(item.acknowledged, item.delivered, rule)
          : { value: null, text: 'not asked' },
        item.ackRequired
          ? statisticCell(item.hoursToAcknowledge.median, item.hoursToAcknowledge.count, rule, hoursText)
          : { value: null, text: 'not asked' },
      ],
    })),
  };
  const readByDepartment = [...announcements.byDepartment].sort(
    (a, b) => a.acknowledged / Math.max(1, a.delivered) - b.acknowledged / Math.max(1, b.delivered),
  );
  const announcementDepartments: ReportTable = {
    id: 'announcements-by-department',
    title: '"I\'ve read this" by department (announcements that asked for it)',
    columns: ['Department', 'Delivered', 'Read', 'Read rate'],
    rows: readByDepartment.map((row) => ({
      key: row.department,
      label: row.department,
      cells: [
        countCell(row.delivered, rule),
        countCell(row.acknowledged, rule),
        rateCell(row.acknowledged, row.delivered, rule),
      ],
    })),
  };
  const asked = qa.answered + qa.declined + qa.emergency;
  const qaCells = groupCells([qa.answered, qa.declined, qa.emergency], rule);
  const rated = qa.helpful + qa.notHelpful;
  const qaTable: ReportTable = {
    id: 'policy-questions',
    title: 'Policy questions',
    columns: ['Measure', 'Value'],
    rows: [
      { key: 'asked', label: 'Questions asked', cells: [countCell(asked, rule)] },
      {
        key: 'answered',
        label: 'Answered from the policy',
        cells: [qaCells[0] ?? countCell(qa.answered, rule)],
      },
      {
        key: 'declined',
        label: 'Not found in the policy',
        cells: [qaCells[1] ?? countCell(qa.declined, rule)],
      },
      {
        key: 'emergency',
        label: 'Shown the emergency card',
        cells: [qaCells[2] ?? countCell(qa.emergency, rule)],
      },
      { key: 'not-helpful', label: '"Not helpful" rate', cells: [rateCell(qa.notHelpful, rated, rule)] },
      {
        key: 'shared',
        label: 'Unanswered questions shared with the team',
        cells: [countCell(qa.sharedQuestions, rule)],
      },
    ],
  };
  const topics: ReportTable = {
    id: 'unanswered-topics',
    title: 'Most common topics of unanswered questions (topics only, never the questions)',
    columns: ['Topic', 'Questions'],
    rows: qa.unansweredTopics.map((row) => ({
      key: row.key,
      label: row.key,
      cells: [countCell(row.count, rule)],
    })),
  };
  tables.push(announcementTable, announcementDepartments, qaTable, topics);

  const total = countCell(concerns.total, rule);
  const charts: ReportChart[] = [
    chartOf(byQuarter, 'bar', 'Concerns per quarter', { yTitle: 'Concerns' }),
    chartOf(byCategory, 'horizontalBar', 'Concerns by category', { limit: 8 }),
    chartOf(byDepartment, 'horizontalBar', "Concerns by reporter's department", { column: 3, limit: 10 }),
  ];
  if (announcementDepartments.rows.length > 0)
    charts.push(
      chartOf(announcementDepartments, 'horizontalBar', 'Read rate by department (%)', {
        column: 2,
        limit: 10,
      }),
    );

  return {
    period: figures.period,
    threshold: rule.threshold,
    sentences: describeReport(
      figures,
      { byQuarter, byCategory, byDepartment, announcementDepartments },
      rule,
    ),
    headline: [
      { label: 'Concerns', cell: subjectTotals.at(-1) ?? total },
      {
        label: 'Children',
        cell: bySubject.rows.find((row) => row.key === 'child')?.cells[0] ?? countCell(0, rule),
      },
      {
        label: 'Adults at risk',
        cell: bySubject.rows.find((row) => row.key === 'adult')?.cells[0] ?? countCell(0, rule),
      },
      { label: 'Closed', cell: countCell(closure.days.count, rule) },
      { label: 'Overdue', cell: overdue },
    ],
    tables,
    charts,
  };
}

/** Sentences that read the published figures; a hidden figure is "fewer than 5", never a number. */
function describeReport(
  figures: ReportFigures,
  tables: {
    byQuarter: ReportTable;
    byCategory: ReportTable;
    byDepartment: ReportTable;
    announcementDepartments: ReportTable;
  },
  rule: SuppressionRule,
): string[] {
  const sentences: string[] = [];
  const quarters = tables.byQuarter.rows;
  const current = quarters.at(-1)?.cells[0];
  const previous = quarters.at(-2)?.cells[0];
  if (current && previous) {
    if (current.value !== null && previous.value !== null && previous.value > 0) {
      const change = Math.round(((current.value - previous.value) / previous.value) * 100);
      const direction = change > 0 ? `rose ${change}%` : change < 0 ? `fell ${-change}%` : 'were level';
      sentences.push(`Concerns ${direction} on last quarter (${current.text} against ${previous.text}).`);
    } else
      sentences.push(
        `There were ${say(current, rule)} concerns this quarter (${say(previous, rule)} last quarter).`,
      );
    const earlier = quarters.slice(0, -1).map((row) => row.cells[0]?.value);
    if (current.value !== null && earlier.every((value) => typeof value === 'number')) {
      const average = earlier.reduce<number>((sum, value) => sum + (value ?? 0), 0) / earlier.length;
      if (average > 0) {
        const against = Math.round(((current.value - average) / average) * 100);
        if (Math.abs(against) >= 10)
          sentences.push(
            `That is ${Math.abs(against)}% ${against > 0 ? 'above' : 'below'} the average of the four quarters before.`,
          );
      }
    }
  }
  const topCategory = tables.byCategory.rows.find((row) => row.cells[0]?.value !== null);
  const topDepartment = tables.byDepartment.rows.find(
    (row) => row.key !== 'Unknown' && row.cells[3]?.value !== null,
  );
  if (topCategory && topDepartment)
    sentences.push(
      `The most common category was ${topCategory.label.toLowerCase()} (${topCategory.cells[0]?.text}); ${topDepartment.label} raised the most concerns (${topDepartment.cells[3]?.text}).`,
    );
  const risers = tables.byCategory.rows
    .filter((row) => row.cells[0]?.value != null && row.cells[1]?.value != null)
    .map((row) => ({ row, rise: (row.cells[0]?.value ?? 0) - (row.cells[1]?.value ?? 0) }))
    .sort((a, b) => b.rise - a.rise);
  const riser = risers[0];
  const departmentCount = (department: string) =>
    figures.concerns.byDepartment.find((row) => row.key === department)?.count ?? 0;
  if (riser && riser.rise >= rule.threshold) {
    // Where it came from: the department whose concerns in that category rose most, named only
    // when both of its figures can be published (or the earlier one reads "fewer than 5").
    const source = figures.concerns.categoryByDepartment
      .filter((pair) => pair.category === riser.row.key && pair.department !== 'Unknown')
      .map((pair) => ({ ...pair, rise: pair.current - pair.previous }))
      .filter((pair) => pair.current >= rule.threshold && pair.rise >= rule.threshold)
      // Nor when subtracting it from a published total would leave a small number: the rest of
      // the department's concerns, or the rest of the category's.
      .filter(
        (pair) =>
          departmentCount(pair.department) - pair.current >= rule.threshold &&
          (riser.row.cells[0]?.value ?? 0) - pair.current >= rule.threshold,
      )
      .sort((a, b) => b.rise - a.rise || a.department.localeCompare(b.department))[0];
    const from = source
      ? `, mostly from ${source.department} (${countCell(source.current, rule).text}, up from ${say(countCell(source.previous, rule), rule)})`
      : '';
    sentences.push(
      `The biggest rise was in ${riser.row.label.toLowerCase()}: ${riser.rise} more than last quarter${from}.`,
    );
  }
  const quiet = tables.byDepartment.rows.filter(
    (row) => row.key !== 'Unknown' && row.cells[3]?.text === suppressedText(rule),
  ).length;
  if (quiet > 0)
    sentences.push(
      `${quiet === 1 ? 'One department' : 'Several departments'} raised fewer than ${rule.threshold}: worth checking for under-reporting.`,
    );
  const ack = figures.acknowledgement;
  const within = rateCell(ack.withinDeadline, ack.minutes.count, rule);
  const median = statisticCell(ack.minutes.median, ack.minutes.count, rule, minutesText);
  if (within.value !== null)
    sentences.push(
      `${within.text} were acknowledged within their deadline (median ${median.text}); ${say(
        countCell(ack.acknowledgedLate + ack.notAcknowledgedOverdue, rule),
        rule,
      )} were late or are overdue.`,
    );
  const closed = countCell(figures.closure.days.count, rule);
  const closeMedian = statisticCell(figures.closure.days.median, figures.closure.days.count, rule, daysText);
  sentences.push(
    closed.value === null
      ? `Fewer than ${rule.threshold} concerns were closed.`
      : `${closed.text} concerns were closed, in a median of ${closeMedian.text} (target ${figures.closure.targetDays} days).`,
  );
  const lowest = tables.announcementDepartments.rows.find((row) => row.cells[2]?.value !== null);
  const items = figures.announcements.items.filter((item) => item.ackRequired);
  const delivered = items.reduce((sum, item) => sum + item.delivered, 0);
  const read = rateCell(
    items.reduce((sum, item) => sum + item.acknowledged, 0),
    delivered,
    rule,
  );
  if (read.value !== null)
    sentences.push(
      `${read.text} of staff confirmed reading the announcements that asked${
        lowest ? `; lowest in ${lowest.label} (${lowest.cells[2]?.text})` : ''
      }.`,
    );
  return sentences;
}
