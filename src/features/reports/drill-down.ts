import { type Expression, type SqlBool, sql } from 'kysely';
import { z } from 'zod';
import type { AdaptiveCardJson } from '../../cards/render.ts';
import type { Actor } from '../../shared/actor.ts';
import { hasRole } from '../../shared/actor.ts';
import { ukDayLabel } from '../../shared/uk-time.ts';
import { appendConcernEvent } from '../../storage/concern-events.ts';
import { dslStatusLabels, urgencyLabels } from '../triage/render-triage-card.ts';
import { mayHandle } from '../triage/triage-store.ts';
import type { DrillDimension } from './publish-report.ts';
import { reportDrillCardTemplate } from './report-cards.ts';
import type { ReportDeps } from './report-deps.ts';
import { type LabelKind, labelFor, monthLabel } from './report-labels.ts';
import type { ReportPeriod } from './report-period.ts';

const dimensions = ['subject', 'category', 'urgency', 'department', 'month', 'agency', 'outcome'] as const;

/** "category:neglect": the figure a DSL chose; anything else is refused before a query is built. */
export const figureSchema = z
  .string()
  .max(300)
  .transform((value, context) => {
    const split = value.indexOf(':');
    const dimension = dimensions.find((candidate) => candidate === value.slice(0, split));
    const key = value.slice(split + 1);
    if (split < 1 || !dimension || key.length === 0 || key.length > 200) {
      context.addIssue({ code: 'custom', message: 'not a report figure' });
      return z.NEVER;
    }
    return { dimension, key };
  });

export type Figure = z.output<typeof figureSchema>;

/** Shown at most; the rest are counted, and only those shown are recorded as listed. */
const listLimit = 50;

const sectionOf: Record<DrillDimension, string> = {
  subject: 'concerns',
  category: 'concerns',
  urgency: 'concerns',
  department: 'concerns',
  month: 'concerns',
  agency: 'outcomes',
  outcome: 'outcomes',
};

const figureNames: Record<DrillDimension, { title: string; label: LabelKind | 'month' | 'department' }> = {
  subject: { title: 'Concerns about', label: 'subject' },
  category: { title: 'Concerns in the category', label: 'category' },
  urgency: { title: 'Concerns by urgency', label: 'urgency' },
  department: { title: 'Concerns from', label: 'department' },
  month: { title: 'Concerns submitted in', label: 'month' },
  agency: { title: 'Concerns referred to', label: 'agency' },
  outcome: { title: 'Concerns closed as', label: 'outcome' },
};

function figureTitle(figure: Figure): string {
  const name = figureNames[figure.dimension];
  const value =
    name.label === 'month'
      ? monthLabel(figure.key)
      : name.label === 'department'
        ? figure.key
        : labelFor(name.label, figure.key);
  return `${name.title}: ${value}`;
}

function condition(figure: Figure, period: ReportPeriod): Expression<SqlBool> {
  const submitted = sql<SqlBool>`c.submitted_at >= ${period.start} and c.submitted_at < ${period.end}`;
  switch (figure.dimension) {
    case 'subject':
      return sql`${submitted} and c.subject_type = ${figure.key}`;
    case 'category':
      return sql`${submitted} and ${figure.key} = any(c.categories)`;
    case 'urgency':
      return sql`${submitted} and c.urgency = ${figure.key}`;
    case 'department':
      return sql`${submitted} and coalesce(nullif(c.reporter_department, ''), 'Unknown') = ${figure.key}`;
    case 'month':
      return sql`${submitted} and to_char(c.submitted_at at time zone 'Europe/London', 'YYYY-MM') = ${figure.key}`;
    case 'agency':
      return sql`exists (select 1 from concern_events e where e.concern_id = c.id and e.kind = 'referred'
        and e.at >= ${period.start} and e.at < ${period.end} and e.detail->>'agency' = ${figure.key})`;
    case 'outcome':
      return sql`(select l.detail->>'outcome' from concern_events l where l.concern_id = c.id and l.kind = 'closed'
        and l.at >= ${period.start} and l.at < ${period.end} order by l.at desc limit 1) = ${figure.key}`;
  }
}

export type DrillResult = { kind: 'refused' } | { kind: 'listed'; card: AdaptiveCardJson; listed: number };

/**
 * The concerns behind a figure, for a DSL. Each concern listed gets a `listed_in_report` entry
 * in its chronology; a concern the DSL may not handle (one that names them, or a concern about
 * staff routed to the lead and deputy) is left out, as everywhere else in triage.
 */
export async function drillIntoFigure(
  deps: ReportDeps,
  actor: Actor,
  period: ReportPeriod,
  figure: Figure,
): Promise<DrillResult> {
  const { context } = deps;
  if (!hasRole(actor, 'dsl')) return { kind: 'refused' };
  const candidates = await context.db
    .selectFrom('concerns as c')
    // What the list shows and what mayHandle needs: never the concern's details.
    .select([
      'c.id',
      'c.reference',
      'c.urgency',
      'c.status',
      'c.submitted_at',
      'c.about_staff',
      'c.named_staff_aad_id',
      'c.assigned_to',
    ])
    .where(condition(figure, period))
    .orderBy('c.submitted_at')
    .execute();
  const visible = [];
  for (const concern of candidates)
    if (await mayHandle({ roles: context.roles, config: context.config }, actor.aadObjectId, concern))
      visible.push(concern);
  const shown = visible.slice(0, listLimit);
  const now = context.clock.now();
  await context.db.transaction().execute(async (trx) => {
    for (const concern of shown)
      await appendConcernEvent(trx, {
        concernId: concern.id,
        at: now,
        actorAadId: actor.aadObjectId,
        kind: 'listed_in_report',
        detail: { period: period.key, dimension: figure.dimension, key: figure.key },
      });
  });
  await context.audit('REPORT_DRILLDOWN', actor, `${period.key}:${figure.dimension}`);
  const card = reportDrillCardTemplate.render({
    periodKey: period.key,
    periodLabel: period.label,
    section: sectionOf[figure.dimension],
    figure: figureTitle(figure),
    summaryLine:
      visible.length === 0
        ? 'No concerns that you can see are behind this figure.'
        : `${visible.length} concern${visible.length === 1 ? '' : 's'}${
            visible.length > shown.length ? `; the first ${shown.length} are shown` : ''
          }. Listing them is recorded in each concern’s chronology.`,
    concerns: shown.map((concern) => ({
      concernId: concern.id,
      reference: concern.reference,
      urgency: urgencyLabels[concern.urgency].short,
      status: dslStatusLabels[concern.status],
      submitted: `Submitted ${ukDayLabel(new Date(concern.submitted_at))}`,
    })),
  });
  return { kind: 'listed', card, listed: shown.length };
}
