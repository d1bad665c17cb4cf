import { isLocalMode } from '../../config.ts';
import type { Actor } from '../../shared/actor.ts';
import { hasRole } from '../../shared/actor.ts';
import type { FeatureContext } from '../feature.ts';
import type { PublishedReport } from './publish-report.ts';
import type { QuarterScheme } from './report-period.ts';
import type { SuppressionRule } from './suppress-small-numbers.ts';

/** What the reports feature is given by the composition root. */
export interface ReportDeps {
  context: FeatureContext;
  /** Where chart images are served from; undefined when charts cannot be offered as images. */
  publicBaseUrl(): string | undefined;
  rule: SuppressionRule;
  scheme: QuarterScheme;
  closeTargetDays: number;
  /** CSV files through Teams' file consent card, or into DATA_DIR/exports (local mode). */
  files: 'teams' | 'folder';
  /** Reports published in the last minute, by period. */
  recent: Map<string, { at: number; report: PublishedReport }>;
  /** The chart elements of each of those reports, drawn once. */
  charts: WeakMap<PublishedReport, Promise<ChartCardElement[]>>;
}

/** A chart as the report card carries it: Teams' chart element, or its picture. */
export interface ChartCardElement {
  element: { type: string };
}

/** Coordinators see aggregates; DSLs see aggregates and may drill into the concerns behind them. */
export function mayReadReports(actor: Actor): boolean {
  return hasRole(actor, 'coordinator') || hasRole(actor, 'dsl');
}

export function reportDepsFrom(context: FeatureContext, publicBaseUrl: () => string | undefined): ReportDeps {
  return {
    context,
    publicBaseUrl,
    rule: { threshold: context.config.REPORT_SMALL_NUMBER_THRESHOLD },
    scheme: context.config.REPORT_QUARTERS,
    closeTargetDays: context.config.REPORT_CLOSE_TARGET_DAYS,
    files: context.config.REPORT_FILES ?? (isLocalMode(context.config) ? 'folder' : 'teams'),
    recent: new Map(),
    charts: new WeakMap(),
  };
}
