import type { AdaptiveCardJson } from '../../cards/render.ts';
import type { Actor } from '../../shared/actor.ts';
import { hasRole } from '../../shared/actor.ts';
import { ukDayLabel } from '../../shared/uk-time.ts';
import { chartElement } from './chart-element.ts';
import { type PublishedReport, publishReport, type ReportTable } from './publish-report.ts';
import { reportCardTemplate, reportSectionCardTemplate } from './report-cards.ts';
import { storeChartImage } from './report-chart-store.ts';
import type { ChartCardElement, ReportDeps } from './report-deps.ts';
import { collectReportFigures } from './report-figures.ts';
import { quarterContaining, type ReportPeriod, shiftQuarter } from './report-period.ts';
import { hiddenText, suppressedText } from './suppress-small-numbers.ts';

/** The report's sections: each a card of its own, so no card outgrows Teams' 28 KB limit. */
export const reportSections = [
  {
    id: 'concerns',
    title: 'Concerns',
    tables: [
      'concerns-by-quarter',
      'concerns-by-month',
      'concerns-by-group',
      'concerns-by-category',
      'concerns-by-department',
      'concerns-by-urgency',
    ],
  },
  { id: 'response', title: 'Response times', tables: ['time-to-acknowledge', 'time-to-close'] },
  {
    id: 'outcomes',
    title: 'Decisions and outcomes',
    tables: ['closures-by-outcome', 'decisions', 'referrals-by-agency', 'reporter-support'],
  },
  { id: 'announcements', title: 'Announcements', tables: ['announcements', 'announcements-by-department'] },
  { id: 'questions', title: 'Policy questions', tables: ['policy-questions', 'unanswered-topics'] },
] as const;

export type ReportSectionId = (typeof reportSections)[number]['id'];

export const reportSectionIds = reportSections.map((section) => section.id) as [
  ReportSectionId,
  ...ReportSectionId[],
];

/** Opening the sections one after another reuses the figures for this long. */
const reuseMs = 60_000;

/**
 * Figures and published tables for a quarter: the one path every card, CSV and job takes. A
 * report asked for again within a minute (the sections, the CSV) is reused, not recounted.
 */
export async function buildPublishedReport(deps: ReportDeps, period: ReportPeriod): Promise<PublishedReport> {
  const now = deps.context.clock.now().getTime();
  const cached = deps.recent.get(period.key);
  if (cached && now - cached.at >= 0 && now - cached.at < reuseMs) return cached.report;
  const figures = await collectReportFigures(deps.context.db, period, {
    scheme: deps.scheme,
    now: deps.context.clock.now(),
    closeTargetDays: deps.closeTargetDays,
  });
  const report = publishReport(figures, deps.rule);
  for (const [key, entry] of deps.recent) if (now - entry.at >= reuseMs) deps.recent.delete(key);
  deps.recent.set(period.key, { at: now, report });
  return report;
}

function caption(deps: ReportDeps, report: PublishedReport, actor: Actor | undefined): string {
  const now = deps.context.clock.now();
  const partial =
    report.period.end.getTime() > now.getTime() ? ' The quarter is not over: figures so far.' : '';
  const who =
    actor && hasRole(actor, 'dsl')
      ? ' As a safeguarding lead you can see the concerns behind a figure in each section.'
      : ' Aggregates only: no case is named.';
  return `Produced ${ukDayLabel(now)}.${partial} Figures under ${report.threshold} are shown as ${suppressedText(
    deps.rule,
  )}, and a figure that would give one away by subtraction as "${hiddenText}", so that nobody can be identified.${who}`;
}

/** The last eight quarters up to now, newest first, for the "another quarter" choice. */
function periodChoices(deps: ReportDeps): { title: string; value: string }[] {
  const current = quarterContaining(deps.context.clock.now(), deps.scheme);
  return Array.from({ length: 8 }, (_, back) => {
    const period = shiftQuarter(current, back, deps.scheme);
    return { title: back === 0 ? `${period.label}, so far` : period.label, value: period.key };
  });
}

/**
 * Renders each chart once per published report, stores the picture, and returns its card
 * element: going back to the report from a section reuses them instead of drawing them again.
 */
function chartElements(deps: ReportDeps, report: PublishedReport): Promise<ChartCardElement[]> {
  const known = deps.charts.get(report);
  if (known) return known;
  const made = renderChartElements(deps, report);
  deps.charts.set(report, made);
  made.catch(() => deps.charts.delete(report));
  return made;
}

async function renderChartElements(deps: ReportDeps, report: PublishedReport): Promise<ChartCardElement[]> {
  const base = deps.publicBaseUrl();
  if (!base) return [];
  const suppressedLabel = suppressedText(deps.rule);
  // Vega and the PNG renderer load on the first report, not at start-up (about 0.4 s).
  const { renderChartPng } = await import('./render-chart.ts');
  const elements = [];
  for (const chart of report.charts) {
    if (chart.points.length === 0) continue;
    const png = await renderChartPng(chart, { suppressedLabel });
    const id = await storeChartImage(deps.context.db, png, deps.context.clock.now());
    const url = new URL(`report-charts/${id}.png`, base.endsWith('/') ? base : `${base}/`).toString();
    elements.push({ element: chartElement(chart, url, { suppressedLabel }) });
  }
  return elements;
}

/** The main report card for a quarter. The caller has checked the role. */
export async function buildReportCard(
  deps: ReportDeps,
  period: ReportPeriod,
  actor: Actor | undefined,
): Promise<AdaptiveCardJson> {
  const report = await buildPublishedReport(deps, period);
  return reportCardTemplate.render({
    periodKey: period.key,
    periodLabel: period.label,
    previousPeriodKey: shiftQuarter(period, 1, deps.scheme).key,
    caption: caption(deps, report, actor),
    headline: report.headline.map((item) => ({ label: item.label, value: item.cell.text })),
    sentences: report.sentences.map((text) => ({ text })),
    charts: await chartElements(deps, report),
    sections: reportSections.map((section) => ({ id: section.id, title: section.title })),
    periodChoices: periodChoices(deps),
  });
}

function tableData(table: ReportTable) {
  const width = (index: number) => (index === 0 ? 3 : table.columns.length > 4 ? 1 : 2);
  return {
    title: table.title,
    note: table.rows.length === 0 ? 'Nothing to show for this quarter.' : (table.note ?? ''),
    columns: table.columns.map((_, index) => ({ width: width(index) })),
    rows: [
      { cells: table.columns.map((text) => ({ text, weight: 'Bolder' as const })) },
      ...table.rows.map((row) => ({
        cells: [
          { text: row.label, weight: 'Default' as const },
          ...row.cells.map((cell) => ({ text: cell.text, weight: 'Default' as const })),
        ],
      })),
    ],
  };
}

/** Drill choices are offered to DSLs only, and only for figures that stand for concerns. */
function drillChoices(tables: readonly ReportTable[]): { title: string; value: string }[] {
  return tables.flatMap((table) =>
    table.drill
      ? table.rows.map((row) => ({
          title: `${table.title}: ${row.label} (${row.cells[table.figureColumn ?? 0]?.text ?? ''})`.slice(
            0,
            200,
          ),
          value: `${table.drill}:${row.key}`,
        }))
      : [],
  );
}

/** One section of the report as a card. The caller has checked the role. */
export async function buildSectionCard(
  deps: ReportDeps,
  period: ReportPeriod,
  sectionId: ReportSectionId,
  actor: Actor,
): Promise<AdaptiveCardJson> {
  const report = await buildPublishedReport(deps, period);
  const section = reportSections.find((candidate) => candidate.id === sectionId) ?? reportSections[0];
  const wanted: readonly string[] = section.tables;
  const tables = report.tables.filter((table) => wanted.includes(table.id));
  return reportSectionCardTemplate.render({
    periodKey: period.key,
    periodLabel: period.label,
    title: section.title,
    caption: caption(deps, report, actor),
    tables: tables.map(tableData),
    drillChoices: hasRole(actor, 'dsl') ? drillChoices(tables) : [],
  });
}
