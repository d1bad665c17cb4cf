import { z } from 'zod';
import { type CommandRoute, commandText, type VerbRoute, verbRoute } from '../../bot/verb-table.ts';
import { verbs } from '../../cards/verbs.ts';
import type { Actor } from '../../shared/actor.ts';
import type { ActionResult, Reply } from '../../shared/reply.ts';
import { sendCardPrivately } from '../../teams/send-privately.ts';
import { drillIntoFigure, figureSchema } from './drill-down.ts';
import { writeReportCsvFolder } from './export-report-csv.ts';
import { reportFilesCardTemplate } from './report-cards.ts';
import { mayReadReports, type ReportDeps } from './report-deps.ts';
import { type PeriodRequest, parsePeriodRequest, type ReportPeriod } from './report-period.ts';
import { offerReportFiles } from './send-report-files.ts';
import { buildPublishedReport, buildReportCard, buildSectionCard, reportSectionIds } from './show-report.ts';

const commandPattern =
  /^(?:the |quarterly |safeguarding |the quarterly |show (?:me )?(?:the )?)*reports?( csv| as csv| in csv)?(?: for)?(?: (.*))?$/;

/** "report", "report 2026 Q3", "report csv last quarter"; anything else is not ours ("report bullying"). */
function readCommand(
  text: string,
  now: Date,
  deps: ReportDeps,
): { csv: boolean; request: PeriodRequest } | undefined {
  const match = commandPattern.exec(commandText(text));
  if (!match) return undefined;
  const rest = match[2] ?? '';
  const request = parsePeriodRequest(rest, now, deps.scheme);
  // Words after "report" that are not a period are someone reporting something: raise-concern's.
  if (!request.ok && !/\d|quarter|q[1-4]/.test(rest)) return undefined;
  return { csv: Boolean(match[1]), request };
}

const periodKeySchema = z.string().regex(/^\d{4}-Q[1-4]$/);

function periodFromKey(key: string, deps: ReportDeps): PeriodRequest {
  return parsePeriodRequest(key, deps.context.clock.now(), deps.scheme);
}

const refusalText = 'The quarterly report is for safeguarding coordinators and safeguarding leads.';

async function refuse(deps: ReportDeps, actor: Actor, what: string): Promise<ActionResult> {
  deps.context.logger.warn({ code: 'ROLE_FORBIDDEN', what }, 'report refused');
  await deps.context.audit('ROLE_FORBIDDEN', actor, what);
  return { message: refusalText };
}

async function csvResult(
  deps: ReportDeps,
  period: ReportPeriod,
  actor: Actor,
  reply: Reply,
): Promise<ActionResult> {
  const threshold = deps.rule.threshold;
  if (deps.files === 'teams') {
    if (actor.conversationType !== 'personal')
      return { message: 'Teams sends files in a 1:1 chat only: ask me for "report csv" in our chat.' };
    await offerReportFiles(deps, period, reply);
    return {
      card: reportFilesCardTemplate.render({
        periodKey: period.key,
        periodLabel: period.label,
        title: 'CSV files on their way',
        message: `Teams will ask you where to save safeguarding-report-${period.key}.zip: one CSV file per table, the same figures as the cards (counts under ${threshold} are shown as <${threshold}).`,
        folder: '',
        files: [],
      }),
    };
  }
  const report = await buildPublishedReport(deps, period);
  const written = await writeReportCsvFolder(deps.context.config.DATA_DIR, report, deps.context.clock.now());
  await deps.context.audit('REPORT_EXPORTED', actor, period.key);
  return {
    card: reportFilesCardTemplate.render({
      periodKey: period.key,
      periodLabel: period.label,
      title: 'CSV files written',
      message: `One file per table, the same figures as the cards (counts under ${threshold} are shown as <${threshold}). They are in this folder on the bot's computer:`,
      folder: written.folder,
      files: written.files.map((name) => ({ name })),
    }),
  };
}

export function reportCommands(deps: ReportDeps): CommandRoute[] {
  return [
    {
      name: 'report',
      matches: (text) => readCommand(text, deps.context.clock.now(), deps) !== undefined,
      async handle(actor: Actor, text: string, reply: Reply) {
        const command = readCommand(text, deps.context.clock.now(), deps);
        if (!command) return;
        if (!mayReadReports(actor)) {
          const refused = await refuse(deps, actor, verbs.reportShow);
          // Someone typing "report" may well mean a concern: point them to it.
          await reply.text(
            `${refused.message ?? refusalText} To report a safeguarding concern, type "raise a concern".`,
          );
          return;
        }
        if (!command.request.ok) {
          await reply.text(command.request.problem);
          return;
        }
        const { period } = command.request;
        // The report and its drill-downs stay in the person's 1:1 chat, never in a channel.
        if (actor.conversationType !== 'personal') {
          const delivery = await sendCardPrivately(
            deps.context.sender,
            actor,
            reply,
            await buildReportCard(deps, period, actor),
            `Safeguarding Assistant: quarterly report, ${period.shortLabel}`,
          );
          await reply.text(
            delivery.kind === 'sent'
              ? 'I have sent the quarterly report to your 1:1 chat with Safeguarding Assistant.'
              : 'I could not open a 1:1 chat with you: open one with Safeguarding Assistant and ask there.',
          );
          if (delivery.kind === 'sent') await deps.context.audit('REPORT_VIEWED', actor, period.key);
          return;
        }
        if (command.csv) {
          const result = await csvResult(deps, period, actor, reply);
          // In Teams the consent card is the answer; in local mode the card says where the files are.
          if (result.card && deps.files === 'folder')
            await reply.card(result.card, 'Safeguarding Assistant: quarterly report CSV files');
          return;
        }
        await reply.text(`Working out the figures for ${period.label}…`);
        await reply.card(
          await buildReportCard(deps, period, actor),
          `Safeguarding Assistant: quarterly report, ${period.shortLabel}`,
        );
        await deps.context.audit('REPORT_VIEWED', actor, period.key);
      },
    },
  ];
}

export function reportVerbs(deps: ReportDeps): VerbRoute[] {
  const withPeriod = async (
    actor: Actor,
    key: string,
    what: string,
    show: (period: ReportPeriod) => Promise<ActionResult>,
  ): Promise<ActionResult> => {
    if (!mayReadReports(actor)) return refuse(deps, actor, what);
    if (actor.conversationType !== 'personal')
      return {
        message:
          'The quarterly report opens in your 1:1 chat with Safeguarding Assistant: type "report" there.',
      };
    const request = periodFromKey(key, deps);
    if (!request.ok) return { message: request.problem };
    return show(request.period);
  };
  return [
    verbRoute({
      verb: verbs.reportShow,
      schema: z.object({ period: periodKeySchema }),
      handle: (actor, data) =>
        withPeriod(actor, data.period, verbs.reportShow, async (period) => {
          await deps.context.audit('REPORT_VIEWED', actor, period.key);
          return { card: await buildReportCard(deps, period, actor) };
        }),
    }),
    verbRoute({
      verb: verbs.reportSection,
      schema: z.object({ period: periodKeySchema, section: z.enum(reportSectionIds) }),
      handle: (actor, data) =>
        withPeriod(actor, data.period, verbs.reportSection, async (period) => ({
          card: await buildSectionCard(deps, period, data.section, actor),
        })),
    }),
    verbRoute({
      verb: verbs.reportCsv,
      schema: z.object({ period: periodKeySchema }),
      handle: (actor, data, reply) =>
        withPeriod(actor, data.period, verbs.reportCsv, (period) => csvResult(deps, period, actor, reply)),
    }),
    verbRoute({
      verb: verbs.reportDrill,
      schema: z.object({ period: periodKeySchema, figure: figureSchema }),
      handle: (actor, data) =>
        withPeriod(actor, data.period, verbs.reportDrill, async (period) => {
          const result = await drillIntoFigure(deps, actor, period, data.figure);
          if (result.kind === 'refused') {
            // Coordinators see aggregates only: a crafted drill-down is refused and recorded.
            deps.context.logger.warn({ code: 'REPORT_DRILLDOWN_REFUSED' }, 'report drill-down refused');
            await deps.context.audit(
              'REPORT_DRILLDOWN_REFUSED',
              actor,
              `${period.key}:${data.figure.dimension}`,
            );
            return {
              message: 'Only safeguarding leads can see the concerns behind a figure. Nothing was shown.',
            };
          }
          return { card: result.card };
        }),
    }),
  ];
}
