import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeReportFixture } from '../../../test/kit/report-fixture.ts';
import { describePostgresSkip, testEngines } from '../../../test/kit/test-database.ts';
import type { Database } from '../../storage/database.ts';
import { collectReportFigures, type ReportFigures } from './report-figures.ts';
import { quarterOf } from './report-period.ts';

const skipped = describePostgresSkip();
if (skipped) it.skip(skipped, () => undefined);

const byKey = (rows: readonly { key: string; count: number }[]) =>
  Object.fromEntries([...rows].sort((a, b) => a.key.localeCompare(b.key)).map((row) => [row.key, row.count]));

for (const engine of testEngines()) {
  describe(`report figures for January-March 2026 on ${engine.name} (worked out by hand from test/kit/report-fixture.ts)`, () => {
    let database: Database;
    let dispose: () => Promise<void>;
    let figures: ReportFigures;
    beforeAll(async () => {
      ({ database, dispose } = await engine.open());
      await writeReportFixture(database.db);
      figures = await collectReportFigures(database.db, quarterOf(2026, 1, 'financial'), {
        scheme: 'financial',
        now: new Date('2026-11-24T10:00:00Z'),
        closeTargetDays: 28,
      });
    });
    afterAll(async () => {
      await dispose();
    });

    it('counts concerns by the UK quarter they were submitted in: 23:30 BST on 31 March is in, 00:30 on 1 April is not', () => {
      expect(figures.concerns.total).toBe(5);
      expect(figures.concerns.byMonth).toEqual([
        { key: '2026-01', count: 2 },
        { key: '2026-02', count: 2 },
        { key: '2026-03', count: 1 },
      ]);
      expect(byKey(figures.concerns.bySubject)).toEqual({ adult: 2, child: 3 });
      expect(byKey(figures.concerns.byUrgency)).toEqual({ immediate: 1, standard: 2, urgent: 2 });
      expect(byKey(figures.concerns.byCategory)).toEqual({ emotional: 1, financial: 2, neglect: 3 });
      expect(byKey(figures.concerns.byDepartment)).toEqual({
        Housing: 3,
        'Revenues and Benefits': 1,
        Unknown: 1,
      });
    });

    it('compares with the four quarters before, and with last quarter by category and department', () => {
      expect(figures.concerns.quarterTotals).toEqual([
        { key: '2025-Q1', count: 0 },
        { key: '2025-Q2', count: 0 },
        { key: '2025-Q3', count: 0 },
        { key: '2025-Q4', count: 1 },
        { key: '2026-Q1', count: 5 },
      ]);
      expect(byKey(figures.concerns.previousByCategory)).toEqual({ physical: 1 });
      expect(byKey(figures.concerns.previousByDepartment)).toEqual({ Housing: 1 });
      const pairs = figures.concerns.categoryByDepartment
        .map((pair) => `${pair.category}/${pair.department}: ${pair.current} from ${pair.previous}`)
        .sort();
      expect(pairs).toEqual([
        'emotional/Housing: 1 from 0',
        'financial/Revenues and Benefits: 1 from 0',
        'financial/Unknown: 1 from 0',
        'neglect/Housing: 3 from 0',
        'physical/Housing: 0 from 1',
      ]);
    });

    it('times acknowledgement against each concern’s deadline: median and 90th percentile, late and overdue', () => {
      // Acknowledged after 3, 10, 60 and 200 minutes; G never, and its deadline has passed.
      expect(figures.acknowledgement.minutes.count).toBe(4);
      expect(figures.acknowledgement.minutes.median).toBeCloseTo(35, 6);
      expect(figures.acknowledgement.minutes.p90).toBeCloseTo(158, 6);
      expect(figures.acknowledgement.withinDeadline).toBe(3);
      expect(figures.acknowledgement.acknowledgedLate).toBe(1);
      expect(figures.acknowledgement.notAcknowledgedOverdue).toBe(1);
    });

    it('counts closures by the chronology: a reopened concern counts once, by its last closure', () => {
      // Last closures in the quarter: A 10 days, F 16 days (submitted in December), B 30 days, E 31 days.
      expect(figures.closure.days.count).toBe(4);
      expect(figures.closure.days.median).toBeCloseTo(23, 6);
      expect(figures.closure.days.p90).toBeCloseTo(30.7, 6);
      expect(figures.closure.withinTarget).toBe(2);
      expect(byKey(figures.closure.byOutcome)).toEqual({
        internal_support: 1,
        no_further_action: 2,
        referred: 1,
      });
      expect(figures.closure.noFurtherAction).toBe(2);
      expect(figures.closure.noFurtherActionWithRationale).toBe(2);
      expect(figures.closure.reopened).toBe(1);
      // C and G are open at the end of March; D came after it.
      expect(figures.closure.openAtEnd).toBe(2);
    });

    it('counts decisions, referrals with where each concern stands now, and support for reporters', () => {
      expect(byKey(figures.decisions)).toEqual({ no_further_action: 1 });
      expect(figures.referrals.byAgency).toEqual([{ key: 'mash', count: 1 }]);
      expect(figures.referrals.byAgencyAndOutcome).toEqual([
        { agency: 'mash', outcome: 'referred', count: 1 },
      ]);
      expect(figures.support).toEqual({ closed: 4, offered: 4, takenUp: 1, declined: 1, notKnown: 2 });
    });

    it('reads announcement reach and "I’ve read this" by department, and the Q&A outcomes', () => {
      expect(figures.announcements.items).toHaveLength(1);
      expect(figures.announcements.items[0]).toMatchObject({
        title: 'Spring newsletter',
        recipients: 4,
        delivered: 3,
        acknowledged: 2,
        hoursToAcknowledge: { count: 2, median: 3 },
      });
      expect(
        figures.announcements.byDepartment.sort((a, b) => a.department.localeCompare(b.department)),
      ).toEqual([
        { department: 'Housing', delivered: 3, acknowledged: 2 },
        { department: 'Libraries', delivered: 0, acknowledged: 0 },
      ]);
      expect(figures.qa).toEqual({
        answered: 3,
        declined: 2,
        emergency: 1,
        helpful: 2,
        notHelpful: 1,
        sharedQuestions: 1,
        unansweredTopics: [
          { key: 'LADO', count: 2 },
          { key: 'DBS', count: 1 },
        ],
      });
    });
  });
}
