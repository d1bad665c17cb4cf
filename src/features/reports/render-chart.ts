import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { initWasm, Resvg } from '@resvg/resvg-wasm';
import { parse as parseVega, View } from 'vega';
import { compile as compileVegaLite, type TopLevelSpec } from 'vega-lite';
import { AppError } from '../../shared/errors.ts';
import {
  type ChartTextOptions,
  chartCategories,
  chartSeries,
  defaultSuppressedLabel,
  formatChartValue,
  type ReportChart,
  reportChartSchema,
} from './chart-spec.ts';

export interface ChartRenderOptions extends ChartTextOptions {
  /** Width of the whole picture in CSS pixels; Teams cards are about 500 px wide. Default 520. */
  width?: number;
}

/**
 * Okabe & Ito's palette, distinguishable with the common colour-vision deficiencies; yellow comes
 * last because it is hard to see on white.
 */
const palette = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#000000', '#F0E442'];
const inkColour = '#242424';
const suppressedColour = '#5c5c5c';
const fontFamily = 'Inter';
const defaultWidth = 520;

/** One drawn cell. `label` is the only text a cell contributes: the figure, or '<5'. */
interface ChartRow {
  x: string;
  series: string;
  seriesIndex: number;
  value: number | null;
  label: string;
  suppressed: boolean;
}

/** The '<5' notes of one category of a stacked or line chart, drawn above its stack or baseline. */
interface SuppressedNote {
  x: string;
  top: number;
  text: string;
}

type LayeredSpec = Extract<TopLevelSpec, { layer: unknown }>;
type ChartLayer = Extract<LayeredSpec['layer'][number], { mark: unknown }>;
type ChartEncoding = NonNullable<ChartLayer['encoding']>;
type PositionDef = NonNullable<ChartEncoding['y']>;
type OffsetDef = NonNullable<ChartEncoding['xOffset']>;
type ColourDef = NonNullable<ChartEncoding['color']>;

/** What every kind of chart is drawn from. */
interface ChartParts {
  rows: ChartRow[];
  categories: string[];
  series: string[];
  suppressedLabel: string;
  /** The value scale and axis. */
  value: PositionDef;
  /** The series colours, in the order the series first appear. */
  colour: ColourDef;
}

/**
 * The Vega-Lite description of a report chart. Suppressed cells are drawn only as the suppressed
 * label at zero height (bars) or as a gap with the label at the baseline (lines), never as a bar
 * or point of any size, so the picture says "fewer than 5" and nothing more.
 */
export function chartVegaLiteSpec(input: ReportChart, options: ChartRenderOptions = {}): TopLevelSpec {
  const chart = reportChartSchema.parse(input);
  const suppressedLabel = options.suppressedLabel ?? defaultSuppressedLabel;
  const categories = chartCategories(chart);
  const series = chartSeries(chart);
  const rows: ChartRow[] = chart.points.map((point) => ({
    x: point.x,
    series: point.series ?? '',
    seriesIndex: point.series === undefined ? 0 : series.indexOf(point.series),
    value: point.value,
    label: formatChartValue(point.value, { suppressedLabel: point.hiddenLabel ?? suppressedLabel }),
    suppressed: point.value === null,
  }));
  const known = rows.flatMap((row) => (row.value === null ? [] : [row.value]));
  const integers = known.every((value) => Number.isInteger(value));
  const parts: ChartParts = {
    rows,
    categories,
    series,
    suppressedLabel,
    value: {
      field: 'value',
      type: 'quantitative',
      title: chart.yTitle ?? null,
      // With every cell suppressed there is no scale to show, only the labels.
      scale: known.length === 0 ? { domain: [0, 1] } : { domainMin: 0, nice: true },
      axis: known.length === 0 ? null : integers ? { tickMinStep: 1, format: ',d' } : {},
    },
    colour: {
      field: 'series',
      type: 'nominal',
      sort: series,
      scale: { domain: series, range: palette.slice(0, Math.max(series.length, 1)) },
      legend: { title: null },
    },
  };
  const horizontal = chart.kind === 'horizontalBar';
  const category: PositionDef = {
    field: 'x',
    type: 'nominal',
    sort: categories,
    title: chart.xTitle ?? null,
    axis: horizontal
      ? { labelLimit: 240 }
      : { labelAngle: categories.length > 6 ? -40 : 0, labelLimit: 110, labelPadding: 4 },
  };
  const layer =
    chart.kind === 'stackedBar'
      ? stackedBarLayers(parts)
      : chart.kind === 'line'
        ? lineLayers(parts)
        : barLayers(parts, { horizontal, grouped: chart.kind === 'groupedBar' });

  return {
    width: options.width ?? defaultWidth,
    height: horizontal ? Math.max(180, 70 + 26 * categories.length) : 300,
    autosize: { type: 'fit', contains: 'padding' },
    padding: { top: 8, right: 12, bottom: 8, left: 8 },
    background: 'white',
    title: {
      text: chart.title,
      anchor: 'start',
      fontSize: 15,
      fontWeight: 'bold',
      color: inkColour,
      offset: 12,
    },
    config: {
      font: fontFamily,
      aria: false,
      view: { stroke: null },
      axis: {
        labelFontSize: 11,
        titleFontSize: 11,
        titleFontWeight: 'normal',
        labelColor: '#404040',
        titleColor: '#404040',
        gridColor: '#e8e8e8',
        domainColor: '#8a8a8a',
        tickColor: '#8a8a8a',
      },
      axisBand: { grid: false, ticks: false },
      scale: { bandPaddingInner: 0.25 },
      legend: {
        orient: 'top',
        direction: 'horizontal',
        labelFontSize: 11,
        symbolType: 'square',
        labelColor: inkColour,
      },
    },
    data: { values: rows },
    encoding: horizontal ? { y: category } : { x: category },
    layer,
  };
}

const knownCells = { filter: '!datum.suppressed' };
const suppressedCells = { filter: 'datum.suppressed' };

/** Bars with their figure at the end; a suppressed cell is its label at zero, with no bar. */
function barLayers(parts: ChartParts, shape: { horizontal: boolean; grouped: boolean }): ChartLayer[] {
  const { horizontal, grouped } = shape;
  const along = (def: PositionDef): ChartEncoding => (horizontal ? { x: def } : { y: def });
  const offset: ChartEncoding = grouped
    ? horizontal
      ? { yOffset: seriesOffset(parts) }
      : { xOffset: seriesOffset(parts) }
    : {};
  const label = horizontal
    ? ({ type: 'text', align: 'left', baseline: 'middle', dx: 4 } as const)
    : ({ type: 'text', align: 'center', baseline: 'bottom', dy: -3 } as const);
  const fontSize = grouped ? 10 : 11;
  return [
    {
      transform: [knownCells],
      mark: { type: 'bar', color: palette[0], cornerRadiusEnd: 2 },
      encoding: { ...along(parts.value), ...offset, ...(grouped ? { color: parts.colour } : {}) },
    },
    {
      transform: [knownCells],
      mark: { ...label, fontSize, color: inkColour },
      encoding: { ...along(parts.value), ...offset, text: { field: 'label' } },
    },
    {
      transform: [suppressedCells],
      mark: { ...label, fontSize, fontStyle: 'italic', color: suppressedColour },
      encoding: { ...along({ datum: 0, type: 'quantitative' }), ...offset, text: { field: 'label' } },
    },
  ];
}

function seriesOffset(parts: ChartParts): OffsetDef {
  return { field: 'series', type: 'nominal', sort: parts.series };
}

/** Stacks of the known cells; the suppressed ones are named above their stack, e.g. "Adult <5". */
function stackedBarLayers(parts: ChartParts): ChartLayer[] {
  return [
    {
      transform: [knownCells],
      mark: { type: 'bar', stroke: 'white', strokeWidth: 0.5 },
      encoding: {
        y: { ...parts.value, stack: 'zero' },
        color: parts.colour,
        order: { field: 'seriesIndex', type: 'quantitative' },
      },
    },
    notesLayer(parts, 'stackTop'),
  ];
}

/**
 * Lines broken where a cell is suppressed (a line through the gap would suggest a value), points
 * shaped and lines dashed per series so they read without colour; suppressed cells are named at the
 * baseline.
 */
function lineLayers(parts: ChartParts): ChartLayer[] {
  const single = parts.series.length === 0;
  const onePalette = single ? { color: palette[0] } : {};
  const bySeries = (channel: 'strokeDash' | 'shape'): ChartEncoding =>
    single
      ? {}
      : {
          color: parts.colour,
          [channel]: { field: 'series', type: 'nominal', sort: parts.series, legend: { title: null } },
        };
  return [
    {
      mark: { type: 'line', strokeWidth: 2, invalid: 'break-paths-show-domains', ...onePalette },
      encoding: { y: parts.value, ...bySeries('strokeDash') },
    },
    {
      transform: [knownCells],
      mark: { type: 'point', filled: true, opacity: 1, size: 45, ...onePalette },
      encoding: { y: parts.value, ...bySeries('shape') },
    },
    ...(single
      ? [
          {
            transform: [knownCells],
            mark: { type: 'text', baseline: 'bottom', dy: -7, fontSize: 11, color: inkColour },
            encoding: { y: parts.value, text: { field: 'label' } },
          } satisfies ChartLayer,
        ]
      : []),
    notesLayer(parts, 'baseline'),
  ];
}

/** One italic note per category that has suppressed cells, one line per such cell. */
function notesLayer(parts: ChartParts, placement: 'stackTop' | 'baseline'): ChartLayer {
  const notes: SuppressedNote[] = parts.categories.flatMap((x) => {
    const inCategory = parts.rows.filter((row) => row.x === x);
    const hidden = inCategory.filter((row) => row.suppressed);
    if (hidden.length === 0) return [];
    const top = placement === 'stackTop' ? inCategory.reduce((sum, row) => sum + (row.value ?? 0), 0) : 0;
    const lines = hidden.map((row) =>
      row.series === '' ? parts.suppressedLabel : `${row.series} ${parts.suppressedLabel}`,
    );
    return [{ x, top, text: lines.join('\n') }];
  });
  return {
    data: { values: notes },
    mark: {
      type: 'text',
      baseline: 'bottom',
      dy: -4,
      fontSize: 10,
      fontStyle: 'italic',
      lineBreak: '\n',
      color: suppressedColour,
    },
    encoding: { y: { ...parts.value, field: 'top' }, text: { field: 'text' } },
  };
}

/**
 * Vega's logger, so nothing is printed: errors fail the render; warnings are dropped here because
 * the test compiles every kind of chart and requires none.
 */
class ChartLogger {
  readonly errors: string[] = [];
  #level = 1;
  level(level?: number): number | this {
    if (level === undefined) return this.#level;
    this.#level = level;
    return this;
  }
  error(...args: unknown[]): this {
    this.errors.push(args.map(String).join(' '));
    return this;
  }
  warn(): this {
    return this;
  }
  info(): this {
    return this;
  }
  debug(): this {
    return this;
  }
}

/** The chart as an SVG document, drawn by Vega-Lite and Vega (headless, no canvas). */
export async function renderChartSvg(chart: ReportChart, options: ChartRenderOptions = {}): Promise<string> {
  const logger = new ChartLogger();
  const spec = chartVegaLiteSpec(chart, options);
  const view = new View(parseVega(compileVegaLite(spec, { logger }).spec), { renderer: 'none', logger });
  try {
    const svg = await view.toSVG();
    if (logger.errors.length > 0)
      throw new AppError('INTERNAL', undefined, { cause: new Error(logger.errors.join('; ')) });
    return svg;
  } finally {
    view.finalize();
  }
}

const require = createRequire(import.meta.url);

interface PngRenderer {
  fontBuffers: Uint8Array[];
}

let pngRenderer: Promise<PngRenderer> | undefined;

/**
 * Loads resvg's WebAssembly and the fonts once per process; concurrent first calls share the one
 * promise, and a failed load is forgotten so the next call tries again.
 */
function loadPngRenderer(): Promise<PngRenderer> {
  pngRenderer ??= (async () => {
    const [wasm, regular, bold] = await Promise.all([
      readFile(require.resolve('@resvg/resvg-wasm/index_bg.wasm')),
      readFile(require.resolve('@expo-google-fonts/inter/400Regular/Inter_400Regular.ttf')),
      readFile(require.resolve('@expo-google-fonts/inter/700Bold/Inter_700Bold.ttf')),
    ]);
    await initWasm(wasm).catch((error: unknown) => {
      // resvg-wasm keeps its own once-per-process flag; a second copy of this module (a hot
      // reload, a test that resets modules) finds the WebAssembly already running, which is fine.
      if (!(error instanceof Error && error.message.startsWith('Already initialized'))) throw error;
    });
    return { fontBuffers: [regular, bold] };
  })();
  pngRenderer.catch(() => {
    pngRenderer = undefined;
  });
  return pngRenderer;
}

/** The chart as a PNG, for the Image fallback that every Adaptive Card host can show. */
export async function renderChartPng(
  chart: ReportChart,
  options: ChartRenderOptions = {},
): Promise<Uint8Array> {
  const [svg, renderer] = await Promise.all([renderChartSvg(chart, options), loadPngRenderer()]);
  const resvg = new Resvg(svg, {
    font: { fontBuffers: renderer.fontBuffers, defaultFontFamily: fontFamily, sansSerifFamily: fontFamily },
    fitTo: { mode: 'original' },
    // Bars and grid lines on whole pixels: sharper, and fewer anti-aliased edges to compress.
    shapeRendering: chart.kind === 'line' ? 2 : 1,
  });
  try {
    const image = resvg.render();
    try {
      return image.asPng();
    } finally {
      image.free();
    }
  } finally {
    resvg.free();
  }
}
