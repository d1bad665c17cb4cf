// @vitest-environment happy-dom
import * as AdaptiveCards from 'adaptivecards';
import { describe, expect, it } from 'vitest';
import { type ChartElement, chartElement } from './chart-element.ts';
import type { ReportChart, ReportChartKind } from './chart-spec.ts';

const imageUrl = 'https://bot.example/reports/2026-q2/concerns-by-month.png';

/** Parses and renders a card holding the element with the real Adaptive Cards SDK. */
function renderWithSdk(element: ChartElement): { rendered: HTMLElement | undefined; problems: string[] } {
  const card = new AdaptiveCards.AdaptiveCard();
  const context = new AdaptiveCards.SerializationContext();
  card.parse({ type: 'AdaptiveCard', version: '1.5', body: [element] }, context);
  const problems: string[] = [];
  for (let index = 0; index < context.eventCount; index += 1)
    problems.push(context.getEventAt(index).message);
  for (const event of card.validateProperties().validationEvents) problems.push(event.message);
  return { rendered: card.render(), problems };
}

/** Every number and string in a JSON value, however deep. */
function leaves(node: unknown): (string | number)[] {
  if (typeof node === 'string' || typeof node === 'number') return [node];
  if (Array.isArray(node)) return node.flatMap(leaves);
  if (node && typeof node === 'object') return Object.values(node).flatMap(leaves);
  return [];
}

function chartOf(kind: ReportChartKind, values: (number | null)[]): ReportChart {
  const months = ['Apr 2026', 'May 2026', 'Jun 2026'];
  const twoSeries = kind === 'groupedBar' || kind === 'stackedBar' || kind === 'line';
  return {
    id: 'concerns-by-month',
    kind,
    title: 'Concerns by month',
    xTitle: 'Month',
    yTitle: 'Concerns',
    points: twoSeries
      ? months.flatMap((x, index) => [
          { x, series: 'Child', value: values[index] ?? null },
          { x, series: 'Adult', value: (values[index] ?? 0) + 10 },
        ])
      : months.map((x, index) => ({ x, value: values[index] ?? null })),
  };
}

describe('chart card element', () => {
  const natives: [ReportChartKind, string][] = [
    ['bar', 'Chart.VerticalBar'],
    ['horizontalBar', 'Chart.HorizontalBar'],
    ['groupedBar', 'Chart.VerticalBar.Grouped'],
    ['stackedBar', 'Chart.VerticalBar.Grouped'],
    ['line', 'Chart.Line'],
  ];
  for (const [kind, type] of natives) {
    it(`${kind} with every figure known is Teams' ${type}, with the picture as its fallback`, () => {
      const element = chartElement(chartOf(kind, [12, 7, 20]), imageUrl);
      expect(element.type).toBe(type);
      if (element.type === 'Image') throw new Error('expected a native chart');
      expect(element).toMatchObject({
        id: 'concerns-by-month',
        title: 'Concerns by month',
        xAxisTitle: 'Month',
      });
      expect(element.fallback).toEqual({
        type: 'Image',
        url: imageUrl,
        altText: expect.stringContaining('Apr 2026'),
        msTeams: { allowExpand: true },
      });
    });
  }

  it('a vertical bar chart carries its figures in order', () => {
    const element = chartElement(chartOf('bar', [12, 7, 20]), imageUrl);
    expect(element).toMatchObject({
      type: 'Chart.VerticalBar',
      showBarValues: true,
      data: [
        { x: 'Apr 2026', y: 12 },
        { x: 'May 2026', y: 7 },
        { x: 'Jun 2026', y: 20 },
      ],
    });
  });

  it('a stacked chart is a grouped vertical bar chart with stacked set, one data series per series', () => {
    const element = chartElement(chartOf('stackedBar', [12, 7, 20]), imageUrl);
    expect(element).toMatchObject({
      type: 'Chart.VerticalBar.Grouped',
      stacked: true,
      data: [
        {
          legend: 'Child',
          values: [
            { x: 'Apr 2026', y: 12 },
            { x: 'May 2026', y: 7 },
            { x: 'Jun 2026', y: 20 },
          ],
        },
        {
          legend: 'Adult',
          values: [
            { x: 'Apr 2026', y: 22 },
            { x: 'May 2026', y: 17 },
            { x: 'Jun 2026', y: 30 },
          ],
        },
      ],
    });
  });

  for (const [kind] of natives) {
    it(`${kind} with a suppressed cell is the picture alone, reading "<5", and its real count is nowhere`, () => {
      const chart = chartOf(kind, [12, null, 20]);
      // A careless caller might leave the raw count beside the suppressed value.
      const careless = {
        ...chart,
        points: chart.points.map((point) => (point.value === null ? { ...point, count: 3 } : point)),
      };
      const element = chartElement(careless, imageUrl);
      expect(element.type).toBe('Image');
      if (element.type !== 'Image') throw new Error('expected the picture');
      expect(element.id).toBe('concerns-by-month');
      expect(element.altText).toContain('May 2026');
      expect(element.altText).toContain('<5');
      const json = leaves(element);
      expect(json).not.toContain(3);
      expect(json.filter((leaf) => typeof leaf === 'string' && /(^|[^\d])3(?!\d)/.test(leaf))).toEqual([]);
    });
  }

  it('the suppressed label follows the threshold set upstream', () => {
    const element = chartElement(chartOf('bar', [12, null, 20]), imageUrl, { suppressedLabel: '<10' });
    expect(element.type === 'Image' && element.altText).toContain('May 2026 <10');
  });

  it('the real Adaptive Cards renderer, which has no chart elements, shows the picture with its alt text', () => {
    for (const [kind, type] of natives) {
      const element = chartElement(chartOf(kind, [12, 7, 20]), imageUrl);
      const { rendered, problems } = renderWithSdk(element);
      // The only notice is the one that says the fallback was used.
      expect(problems).toEqual([`Unknown element type "${type}". Fallback will be used if present.`]);
      const image = rendered?.querySelector('img');
      expect(image?.getAttribute('src')).toBe(imageUrl);
      expect(image?.getAttribute('alt')).toContain('Concerns by month');
    }
  });

  it('the picture alone renders in the real Adaptive Cards renderer without any notice', () => {
    const element = chartElement(chartOf('groupedBar', [12, null, 20]), imageUrl);
    const { rendered, problems } = renderWithSdk(element);
    expect(problems).toEqual([]);
    expect(rendered?.querySelector('img')?.getAttribute('alt')).toContain('May 2026: Child <5, Adult 10');
  });

  it('an image address that Teams cannot fetch is refused', () => {
    const chart = chartOf('bar', [12, 7, 20]);
    expect(() => chartElement(chart, 'file:///tmp/chart.png')).toThrow(/http\(s\) or inline PNG/);
    expect(() => chartElement(chart, 'not a url')).toThrow();
    expect(chartElement(chart, 'data:image/png;base64,iVBORw0KGgo=').type).toBe('Chart.VerticalBar');
  });
});
