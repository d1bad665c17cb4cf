import { describe, expect, it } from 'vitest';
import { publishReport, suppressGrid } from './publish-report.ts';
import type { ReportFigures } from './report-figures.ts';
import { quarterOf, shiftQuarter } from './report-period.ts';

const period = quarterOf(2026, 3, 'financial');
const spread = (count: number, median: number, p90: number) => ({ count, median, p90 });

function figures(): ReportFigures {
  return {
    period,
    quarters: [4, 3, 2, 1, 0].map((back) => shiftQuarter(period, back, 'financial')),
    concerns: {
      total: 52,
      aboutStaff: 2,
      byMonth: [
        { key: '2026-07', count: 20 },
        { key: '2026-08', count: 14 },
        { key: '2026-09', count: 18 },
      ],
      bySubject: [
        { key: 'child', count: 30 },
        { key: 'adult', count: 19 },
        { key: 'unsure', count: 3 },
      ],
      byCategory: [
        { key: 'neglect', count: 21 },
        { key: 'financial', count: 9 },
        { key: 'modern_slavery', count: 2 },
      ],
      byUrgency: [
        { key: 'standard', count: 40 },
        { key: 'urgent', count: 10 },
        { key: 'immediate', count: 2 },
      ],
      byDepartment: [
        { key: 'Housing', count: 30 },
        { key: 'Libraries', count: 2 },
        { key: 'Revenues and Benefits', count: 20 },
      ],
      byDepartmentAndSubject: [
        { department: 'Housing', subject: 'child', count: 20 },
        { department: 'Housing', subject: 'adult', count: 10 },
        { department: 'Libraries', subject: 'child', count: 2 },
        { department: 'Revenues and Benefits', subject: 'child', count: 8 },
        { department: 'Revenues and Benefits', subject: 'adult', count: 9 },
        { department: 'Revenues and Benefits', subject: 'unsure', count: 3 },
      ],
      quarterTotals: [
        { key: '2025-Q3', count: 30 },
        { key: '2025-Q4', count: 32 },
        { key: '2026-Q1', count: 35 },
        { key: '2026-Q2', count: 40 },
        { key: '2026-Q3', count: 52 },
      ],
      previousByCategory: [
        { key: 'neglect', count: 12 },
        { key: 'financial', count: 9 },
      ],
      previousByDepartment: [{ key: 'Housing', count: 22 }],
      categoryByDepartment: [
        { category: 'neglect', department: 'Housing', current: 15, previous: 4 },
        { category: 'neglect', department: 'Revenues and Benefits', current: 6, previous: 8 },
        { category: 'financial', department: 'Revenues and Benefits', current: 9, previous: 9 },
      ],
    },
    acknowledgement: {
      minutes: spread(50, 14, 70),
      withinDeadline: 45,
      acknowledgedLate: 4,
      notAcknowledgedOverdue: 0,
      byUrgency: [{ urgency: 'immediate', minutes: spread(2, 3, 4), withinDeadline: 2 }],
    },
    closure: {
      days: spread(41, 9, 30),
      withinTarget: 38,
      targetDays: 28,
      byOutcome: [
        { key: 'no_further_action', count: 12 },
        { key: 'referred', count: 29 },
      ],
      noFurtherAction: 12,
      noFurtherActionWithRationale: 12,
      reopened: 1,
      openAtEnd: 11,
    },
    decisions: [{ key: 'refer', count: 29 }],
    referrals: {
      byAgency: [{ key: 'mash', count: 29 }],
      byAgencyAndOutcome: [
        { agency: 'mash', outcome: 'referred', count: 26 },
        { agency: 'mash', outcome: 'open', count: 3 },
      ],
    },
    support: { closed: 40, offered: 40, takenUp: 6, declined: 30, notKnown: 4 },
    announcements: { items: [], byDepartment: [] },
    qa: {
      answered: 80,
      declined: 12,
      emergency: 1,
      helpful: 20,
      notHelpful: 3,
      sharedQuestions: 2,
      unansweredTopics: [],
    },
  };
}

describe('publishing the report', () => {
  const report = publishReport(figures(), { threshold: 5 });
  const table = (id: string) => report.tables.find((candidate) => candidate.id === id);

  it('reads the figures in sentences: the change, the average, the top category and department', () => {
    expect(report.sentences).toContain('Concerns rose 30% on last quarter (52 against 40).');
    expect(report.sentences).toContain('That is 52% above the average of the four quarters before.');
    expect(report.sentences).toContain(
      'The most common category was neglect (21); Housing raised the most concerns (30).',
    );
    expect(report.sentences).toContain(
      'The biggest rise was in neglect: 9 more than last quarter, mostly from Housing (15, up from fewer than 5).',
    );
    expect(report.sentences).toContain(
      'One department raised fewer than 5: worth checking for under-reporting.',
    );
    expect(report.sentences).toContain(
      '90% were acknowledged within their deadline (median 14 min); fewer than 5 were late or are overdue.',
    );
  });

  it('does not say where a rise came from when subtracting it from a published total leaves a small number', () => {
    const base = figures();
    const narrow = publishReport(
      {
        ...base,
        concerns: {
          ...base.concerns,
          categoryByDepartment: [{ category: 'neglect', department: 'Housing', current: 17, previous: 4 }],
        },
      },
      { threshold: 5 },
    );
    // 21 neglect concerns, 17 of them Housing's: the other 4 could be worked out.
    expect(narrow.sentences).toContain('The biggest rise was in neglect: 9 more than last quarter.');
  });

  it('hides small cells, and a second cell where subtraction would reveal the first', () => {
    // 3 is under 5, and with the total published 19 would give it away: 19 is hidden, not "<5".
    expect(table('concerns-by-group')?.rows.map((row) => row.cells[0]?.text)).toEqual(['30', 'hidden', '<5']);
    expect(table('concerns-by-urgency')?.rows.map((row) => row.cells[0]?.text)).toEqual([
      '40',
      'hidden',
      '<5',
    ]);
    expect(table('reporter-support')?.rows.map((row) => row.cells[0]?.text)).toEqual([
      '40',
      'hidden',
      '30',
      '<5',
    ]);
    expect(table('time-to-acknowledge')?.rows[0]?.cells.map((cell) => cell.text)).toEqual([
      '<5',
      '<5 cases',
      '<5 cases',
      '<5 cases',
    ]);
  });

  it('suppresses a grid by rows and columns until no hidden cell can be worked out', () => {
    const cells = suppressGrid(
      [
        [20, 10, 0],
        [2, 0, 0],
        [8, 9, 3],
      ],
      { threshold: 5 },
    );
    const texts = cells.map((row) => row.map((cell) => cell.text));
    for (const line of [...texts, ...[0, 1, 2].map((column) => texts.map((row) => row[column]))])
      expect(line.filter((text) => text === '<5' || text === 'hidden').length).not.toBe(1);
  });

  it('never leaves one hidden figure in a department row or a column that its published total would give away', () => {
    const departments =
      table('concerns-by-department')?.rows.map((row) => row.cells.slice(0, 4).map((cell) => cell.text)) ??
      [];
    const totals = [
      ...(table('concerns-by-group')?.rows.map((row) => row.cells[0]?.text) ?? []),
      report.headline.find((item) => item.label === 'Concerns')?.cell.text,
    ];
    const hidden = (text: string | undefined) => text === '<5' || text === 'hidden';
    const lines = [
      ...departments,
      totals,
      ...[0, 1, 2, 3].map((column) => [...departments.map((row) => row[column]), totals[column]]),
    ];
    for (const line of lines) expect(line.filter(hidden).length, JSON.stringify(line)).not.toBe(1);
    expect(totals).toEqual(['30', 'hidden', '<5', '52']);
  });

  it('puts only suppressed values in charts', () => {
    for (const chart of report.charts)
      for (const point of chart.points) expect(point.value === null || point.value >= 5).toBe(true);
  });
});
