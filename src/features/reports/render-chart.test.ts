import { compile } from 'vega-lite';
import { describe, expect, it, vi } from 'vitest';
import type { ReportChart, ReportChartKind } from './chart-spec.ts';
import { chartAltText } from './chart-spec.ts';
import { chartVegaLiteSpec, renderChartPng, renderChartSvg } from './render-chart.ts';

/** The text a person sees in an SVG: every <text> element's content, entities decoded. */
function svgTexts(svg: string): string[] {
  return [...svg.matchAll(/<text\b[^>]*>([\s\S]*?)<\/text>/g)].map((match) =>
    (match[1] ?? '')
      .replace(/<tspan\b[^>]*>/g, '')
      .replace(/<\/tspan>/g, '\n')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&#39;|&apos;/g, "'")
      .replace(/&amp;/g, '&')
      .trim(),
  );
}

/** Whether a number appears in text as a figure of its own (3 is in "3" and "3 cases", not in "30"). */
function mentionsFigure(text: string, figure: number): boolean {
  return new RegExp(`(^|[^\\d.,])${figure}(?![\\d.,]*\\d)`).test(text);
}

/** Stands in for the report queries: counts under the threshold leave them as null. */
function suppress(
  raw: { x: string; series?: string; count: number }[],
  threshold = 5,
): { x: string; series?: string; value: number | null; count: number }[] {
  // The raw count stays on the object, as a careless caller might leave it: the chart code must
  // read only `value`.
  return raw.map((cell) => ({ ...cell, value: cell.count < threshold ? null : cell.count }));
}

const byDepartment: ReportChart = {
  id: 'concerns-by-department',
  kind: 'horizontalBar',
  title: 'Concerns by department',
  xTitle: 'Department',
  yTitle: 'Concerns',
  points: suppress([
    { x: 'Housing', count: 27 },
    { x: 'Libraries', count: 3 },
    { x: "Children's Services", count: 12 },
    { x: 'Parks & Leisure', count: 40 },
  ]),
};

function chartOf(kind: ReportChartKind): ReportChart {
  const months = ['Apr 2026', 'May 2026', 'Jun 2026'];
  const twoSeries = kind === 'groupedBar' || kind === 'stackedBar' || kind === 'line';
  return {
    id: `sample-${kind.toLowerCase()}`,
    kind,
    title: `Sample ${kind}`,
    yTitle: 'Concerns',
    points: suppress(
      twoSeries
        ? months.flatMap((x, index) => [
            { x, series: 'Child', count: [12, 3, 20][index] ?? 0 },
            { x, series: 'Adult', count: [17, 22, 1][index] ?? 0 },
          ])
        : months.map((x, index) => ({ x, count: [12, 3, 20][index] ?? 0 })),
    ),
  };
}

const kinds: ReportChartKind[] = ['bar', 'horizontalBar', 'groupedBar', 'stackedBar', 'line'];

describe('report chart rendering', () => {
  it('the SVG carries the title, the axis titles, every category and every known figure', async () => {
    const texts = svgTexts(await renderChartSvg(byDepartment));
    expect(texts).toContain('Concerns by department');
    expect(texts).toContain('Department');
    expect(texts).toContain('Concerns');
    for (const label of ['Housing', 'Libraries', "Children's Services", 'Parks & Leisure', '27', '12', '40'])
      expect(texts).toContain(label);
  });

  for (const kind of kinds) {
    it(`${kind}: a suppressed cell reads "<5" and its real count appears nowhere`, async () => {
      const chart = chartOf(kind);
      const texts = svgTexts(await renderChartSvg(chart));
      const alt = chartAltText(chart);
      expect(texts.join('\n')).toContain('<5');
      expect(alt).toContain('<5');
      for (const hidden of [3, 1]) {
        expect(texts.filter((text) => mentionsFigure(text, hidden))).toEqual([]);
        expect(mentionsFigure(alt, hidden)).toBe(false);
      }
    });
  }

  it('the leak check is live: a figure that is not suppressed is found', async () => {
    const shown = { ...chartOf('bar'), points: suppress([{ x: 'Apr 2026', count: 3 }], 2) };
    expect(svgTexts(await renderChartSvg(shown)).some((text) => mentionsFigure(text, 3))).toBe(true);
    expect(mentionsFigure(chartAltText(shown), 3)).toBe(true);
  });

  it('the Vega-Lite description compiles without warnings for every kind', () => {
    for (const kind of kinds) {
      const warnings: unknown[] = [];
      const logger = {
        level: () => logger,
        warn: (...args: unknown[]) => {
          warnings.push(args);
          return logger;
        },
        error: (...args: unknown[]) => {
          warnings.push(args);
          return logger;
        },
        info: () => logger,
        debug: () => logger,
      };
      compile(chartVegaLiteSpec(chartOf(kind)), { logger });
      expect(warnings, kind).toEqual([]);
    }
  });

  it('the suppressed label follows the threshold set upstream', async () => {
    const chart: ReportChart = {
      id: 'by-urgency',
      kind: 'bar',
      title: 'By urgency',
      points: suppress(
        [
          { x: 'Immediate', count: 7 },
          { x: 'Routine', count: 31 },
        ],
        10,
      ),
    };
    expect(svgTexts(await renderChartSvg(chart, { suppressedLabel: '<10' }))).toContain('<10');
    expect(chartAltText(chart, { suppressedLabel: '<10' })).toBe(
      'By urgency (bar chart): Immediate <10, Routine 31.',
    );
  });

  it('a chart whose every cell is suppressed still renders, with only the labels', async () => {
    const chart: ReportChart = {
      id: 'tiny',
      kind: 'bar',
      title: 'A quiet quarter',
      points: suppress([
        { x: 'Apr', count: 1 },
        { x: 'May', count: 4 },
      ]),
    };
    const texts = svgTexts(await renderChartSvg(chart));
    expect(texts.filter((text) => text === '<5')).toHaveLength(2);
    expect(texts.some((text) => mentionsFigure(text, 1) || mentionsFigure(text, 4))).toBe(false);
  });

  it('the alt text is one sentence listing every value, series by category', () => {
    expect(chartAltText(chartOf('groupedBar'))).toBe(
      'Sample groupedBar (grouped bar chart, Concerns): Apr 2026: Child 12, Adult 17; ' +
        'May 2026: Child <5, Adult 22; Jun 2026: Child 20, Adult <5.',
    );
    expect(chartAltText(byDepartment)).toBe(
      'Concerns by department (bar chart, Concerns by department): Housing 27, Libraries <5, ' +
        "Children's Services 12, Parks & Leisure 40.",
    );
  });

  it('a PNG is a PNG about 520 px wide, small enough for a card', async () => {
    const png = await renderChartPng(chartOf('groupedBar'));
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const header = new DataView(png.buffer, png.byteOffset, png.byteLength);
    expect(new TextDecoder().decode(png.subarray(12, 16))).toBe('IHDR');
    expect(header.getUint32(16)).toBe(520);
    expect(header.getUint32(20)).toBe(300);
    expect(png.byteLength).toBeLessThan(25_000);
  });

  it('the PNG draws its text with the shipped font (a different title gives a different picture)', async () => {
    const chart = chartOf('bar');
    const [a, b] = await Promise.all([
      renderChartPng(chart),
      renderChartPng({ ...chart, title: 'Another title entirely' }),
    ]);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false);
  });

  it('PNGs rendered concurrently (the WebAssembly starting once) are all whole and distinct', async () => {
    const pngs = await Promise.all(kinds.map((kind) => renderChartPng(chartOf(kind))));
    for (const png of pngs) {
      expect(png[1]).toBe(0x50);
      expect(new TextDecoder().decode(png.subarray(png.byteLength - 8, png.byteLength - 4))).toBe('IEND');
    }
    expect(new Set(pngs.map((png) => Buffer.from(png).toString('base64'))).size).toBe(kinds.length);
  });

  it('a fresh copy of the module (as after a hot reload) renders while the WebAssembly is already running', async () => {
    await renderChartPng(chartOf('bar'));
    vi.resetModules();
    const fresh = await import('./render-chart.ts');
    const png = await fresh.renderChartPng(chartOf('line'));
    expect(png.byteLength).toBeGreaterThan(1_000);
  });

  it('a chart that breaks the schema is refused', async () => {
    const noSeries: ReportChart = {
      id: 'bad',
      kind: 'groupedBar',
      title: 'Bad',
      points: [{ x: 'A', value: 1 }],
    };
    await expect(renderChartSvg(noSeries)).rejects.toThrow(/needs a series/);
    const negative: ReportChart = { id: 'bad', kind: 'bar', title: 'Bad', points: [{ x: 'A', value: -1 }] };
    expect(() => chartAltText(negative)).toThrow();
  });
});
