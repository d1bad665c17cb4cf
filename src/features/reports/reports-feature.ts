import type { Feature, FeatureContext } from '../feature.ts';
import { workingTimeFrom } from '../triage/working-hours.ts';
import { deleteExpiredChartImages, loadChartImage } from './report-chart-store.ts';
import { reportDepsFrom } from './report-deps.ts';
import { reportCommands, reportVerbs } from './report-routes.ts';
import { quarterlyReportSweepJob, quarterlyReportSweepWorker } from './send-quarterly-report.ts';
import { answerReportFileConsent } from './send-report-files.ts';

export interface ReportsFeature extends Feature {
  /** The chart picture for GET /report-charts/:id.png; undefined when unknown or expired. */
  chartImage(id: string): Promise<Uint8Array | undefined>;
}

/**
 * The quarterly safeguarding report: figures over concerns, triage, announcements and Q&A, with
 * small numbers suppressed, as cards with charts and as CSV; DSLs can drill into a figure, and
 * coordinators get the report for the quarter just ended on the first working day of the next.
 */
export function reportsFeature(
  context: FeatureContext,
  options: { publicBaseUrl: () => string | undefined },
): ReportsFeature {
  const deps = reportDepsFrom(context, options.publicBaseUrl);
  const working = workingTimeFrom(context.config);
  const sweep = quarterlyReportSweepWorker(deps, working);
  return {
    name: 'reports',
    capabilities: [
      {
        name: 'Quarterly report',
        description:
          'Concerns, response times, outcomes, announcements and policy questions for a quarter, with charts and CSV files. Type "report" or "report 2026 Q3".',
        command: 'report',
        forRoles: ['coordinator', 'dsl'],
      },
    ],
    commands: reportCommands(deps),
    verbs: reportVerbs(deps),
    handleFileConsent: (actor, answer, reply) => answerReportFileConsent(deps, actor, answer, reply),
    chartImage: (id) => loadChartImage(context.db, id, context.clock.now()),
    async start() {
      await context.jobs.register(quarterlyReportSweepJob);
      await context.jobs.work(
        quarterlyReportSweepJob,
        async () => {
          await deleteExpiredChartImages(context.db, context.clock.now());
          await sweep();
        },
        { concurrency: 1 },
      );
      await context.jobs.send(quarterlyReportSweepJob, {});
    },
  };
}
