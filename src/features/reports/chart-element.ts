import { AppError } from '../../shared/errors.ts';
import {
  type ChartTextOptions,
  chartAltText,
  chartCategories,
  chartSeries,
  hasSuppressedCells,
  type ReportChart,
  reportChartSchema,
} from './chart-spec.ts';

/** The server-rendered picture of a chart; every Adaptive Card host can show it. */
export interface ChartImageElement {
  type: 'Image';
  id?: string;
  url: string;
  altText: string;
  /** Teams opens the picture full size when it is selected. */
  msTeams: { allowExpand: true };
}

interface BarChartValue {
  x: string;
  y: number;
}

interface ChartSeriesValues {
  legend: string;
  values: BarChartValue[];
}

/** Properties every Teams chart element shares, per Teams' Adaptive Card schema. */
interface TeamsChartBase {
  id: string;
  title: string;
  xAxisTitle?: string;
  yAxisTitle?: string;
  /** Shown by hosts that do not know Teams' chart elements (the Agents Playground, other clients). */
  fallback: ChartImageElement;
}

export type TeamsChartElement =
  | (TeamsChartBase & { type: 'Chart.VerticalBar'; showBarValues: boolean; data: BarChartValue[] })
  | (TeamsChartBase & { type: 'Chart.HorizontalBar'; data: BarChartValue[] })
  | (TeamsChartBase & {
      type: 'Chart.VerticalBar.Grouped';
      stacked: boolean;
      showBarValues: boolean;
      data: ChartSeriesValues[];
    })
  | (TeamsChartBase & { type: 'Chart.Line'; data: ChartSeriesValues[] });

export type ChartElement = TeamsChartElement | ChartImageElement;

/**
 * The Adaptive Card element for a report chart: Teams' own chart element with the PNG as its
 * fallback, or the PNG alone when any cell is suppressed. Teams' chart elements take only numbers
 * and show each bar's exact value on hover, so a "<5" cell could only be drawn as a made-up
 * number (0 reads as "none", anything else is invented); the picture labels it "<5" instead.
 */
export function chartElement(
  input: ReportChart,
  imageUrl: string,
  options: ChartTextOptions = {},
): ChartElement {
  const chart = reportChartSchema.parse(input);
  assertImageUrl(imageUrl);
  const image: ChartImageElement = {
    type: 'Image',
    url: imageUrl,
    altText: chartAltText(chart, options),
    msTeams: { allowExpand: true },
  };
  if (hasSuppressedCells(chart)) return { ...image, id: chart.id };

  const base: TeamsChartBase = {
    id: chart.id,
    title: chart.title,
    ...(chart.xTitle === undefined ? {} : { xAxisTitle: chart.xTitle }),
    ...(chart.yTitle === undefined ? {} : { yAxisTitle: chart.yTitle }),
    fallback: image,
  };
  const single = chart.points.flatMap((point) =>
    point.value === null ? [] : [{ x: point.x, y: point.value }],
  );
  switch (chart.kind) {
    case 'bar':
      return { type: 'Chart.VerticalBar', ...base, showBarValues: true, data: single };
    case 'horizontalBar':
      return { type: 'Chart.HorizontalBar', ...base, data: single };
    case 'groupedBar':
    case 'stackedBar':
      return {
        type: 'Chart.VerticalBar.Grouped',
        ...base,
        stacked: chart.kind === 'stackedBar',
        showBarValues: chart.kind === 'groupedBar',
        data: seriesValues(chart),
      };
    case 'line':
      return { type: 'Chart.Line', ...base, data: seriesValues(chart) };
  }
}

function seriesValues(chart: ReportChart): ChartSeriesValues[] {
  const series = chartSeries(chart);
  const categories = chartCategories(chart);
  const byCategory = (points: ReportChart['points']) =>
    categories.flatMap((x) =>
      points.flatMap((point) => (point.x === x && point.value !== null ? [{ x, y: point.value }] : [])),
    );
  if (series.length === 0) return [{ legend: chart.yTitle ?? chart.title, values: byCategory(chart.points) }];
  return series.map((legend) => ({
    legend,
    values: byCategory(chart.points.filter((point) => point.series === legend)),
  }));
}

/** Teams fetches card images itself, so only web addresses and inline PNGs make sense. */
function assertImageUrl(imageUrl: string): void {
  const protocol = URL.canParse(imageUrl) ? new URL(imageUrl).protocol : undefined;
  const inlinePng = imageUrl.startsWith('data:image/png;base64,');
  if (!(protocol === 'https:' || protocol === 'http:' || inlinePng))
    throw new AppError('INTERNAL', 'A chart image needs an http(s) or inline PNG address.');
}
