import { z } from 'zod';

export const reportChartKinds = ['bar', 'horizontalBar', 'groupedBar', 'stackedBar', 'line'] as const;
export type ReportChartKind = (typeof reportChartKinds)[number];

/**
 * One cell of a report chart. A cell under the small-number threshold arrives already suppressed
 * as `value: null`: the real count never reaches the chart code, so it cannot leak into a picture,
 * an alt text or a card.
 */
export const reportChartPointSchema = z.object({
  x: z.string().min(1),
  series: z.string().min(1).optional(),
  value: z.number().finite().nonnegative().nullable(),
  /** What this suppressed cell reads as, when not the chart's usual label (e.g. 'hidden'). */
  hiddenLabel: z.string().min(1).max(20).optional(),
});
export type ReportChartPoint = z.infer<typeof reportChartPointSchema>;

/**
 * A chart of the quarterly report, described independently of how it is drawn (Teams' native
 * chart elements or a server-rendered PNG). Categories and series keep the order of `points`.
 */
export const reportChartSchema = z
  .object({
    /** Stable name, used as the card element id and in image URLs, e.g. 'concerns-by-month'. */
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
    kind: z.enum(reportChartKinds),
    title: z.string().min(1),
    xTitle: z.string().min(1).optional(),
    yTitle: z.string().min(1).optional(),
    points: z.array(reportChartPointSchema).min(1),
  })
  .superRefine((chart, context) => {
    const multiSeries = chart.kind === 'groupedBar' || chart.kind === 'stackedBar';
    const seen = new Set<string>();
    const withSeries = chart.points.filter((point) => point.series !== undefined).length;
    if (chart.kind === 'line' && withSeries > 0 && withSeries < chart.points.length)
      context.addIssue({
        code: 'custom',
        path: ['points'],
        message: 'line points need a series on all or none',
      });
    for (const [index, point] of chart.points.entries()) {
      if (multiSeries && point.series === undefined)
        context.addIssue({
          code: 'custom',
          path: ['points', index, 'series'],
          message: `${chart.kind} needs a series`,
        });
      if ((chart.kind === 'bar' || chart.kind === 'horizontalBar') && point.series !== undefined)
        context.addIssue({
          code: 'custom',
          path: ['points', index, 'series'],
          message: `${chart.kind} has one series`,
        });
      const key = JSON.stringify([point.x, point.series ?? null]);
      if (seen.has(key))
        context.addIssue({ code: 'custom', path: ['points', index], message: 'the same cell appears twice' });
      seen.add(key);
    }
  });
export type ReportChart = z.infer<typeof reportChartSchema>;

export interface ChartTextOptions {
  /** What a suppressed cell reads as; follows the upstream threshold. Default '<5'. */
  suppressedLabel?: string;
}

export const defaultSuppressedLabel = '<5';

/** Categories in first-seen order. */
export function chartCategories(chart: ReportChart): string[] {
  return [...new Set(chart.points.map((point) => point.x))];
}

/** Series names in first-seen order; empty for single-series charts. */
export function chartSeries(chart: ReportChart): string[] {
  return [...new Set(chart.points.flatMap((point) => (point.series === undefined ? [] : [point.series])))];
}

export function hasSuppressedCells(chart: ReportChart): boolean {
  return chart.points.some((point) => point.value === null);
}

const numberFormat = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 });

/** A cell as people read it: '1,234', '2.5', or the suppressed label. */
export function formatChartValue(value: number | null, options: ChartTextOptions = {}): string {
  return value === null ? (options.suppressedLabel ?? defaultSuppressedLabel) : numberFormat.format(value);
}

/**
 * One sentence describing the chart and every value in it, for the image's alt text; a suppressed
 * cell reads as the suppressed label, never as a number.
 */
export function chartAltText(input: ReportChart, options: ChartTextOptions = {}): string {
  const chart = reportChartSchema.parse(input);
  const series = chartSeries(chart);
  const kindName = {
    bar: 'bar chart',
    horizontalBar: 'bar chart',
    groupedBar: 'grouped bar chart',
    stackedBar: 'stacked bar chart',
    line: 'line chart',
  }[chart.kind];
  const axes = [chart.yTitle, chart.xTitle && `by ${chart.xTitle.toLowerCase()}`].filter(Boolean).join(' ');
  const heading = `${chart.title} (${kindName}${axes ? `, ${axes}` : ''})`;
  const cell = (point: ReportChart['points'][number]) =>
    formatChartValue(point.value, point.hiddenLabel ? { suppressedLabel: point.hiddenLabel } : options);
  const body =
    series.length === 0
      ? chart.points.map((point) => `${point.x} ${cell(point)}`).join(', ')
      : chartCategories(chart)
          .map((x) => {
            const values = chart.points
              .filter((point) => point.x === x)
              .map((point) => `${point.series} ${cell(point)}`)
              .join(', ');
            return `${x}: ${values}`;
          })
          .join('; ');
  return `${heading}: ${body}.`;
}
