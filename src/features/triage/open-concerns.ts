import type { AdaptiveCardJson } from '../../cards/render.ts';
import type { Actor } from '../../shared/actor.ts';
import { dslStatusLabels, urgencyLabels } from './render-triage-card.ts';
import { openListCardTemplate } from './triage-cards.ts';
import type { TriageDeps } from './triage-deps.ts';
import { mayHandle } from './triage-store.ts';

const urgencyRank = { immediate: 0, urgent: 1, standard: 2 } as const;

function ageText(from: Date, now: Date): string {
  const minutes = Math.max(0, Math.round((now.getTime() - from.getTime()) / 60_000));
  if (minutes < 60) return `${minutes} minute${minutes === 1 ? '' : 's'}`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} hour${hours === 1 ? '' : 's'}`;
  return `${Math.round(hours / 24)} days`;
}

/**
 * "open concerns" for a DSL: every open concern they may see, overdue (not acknowledged by its
 * deadline) first, then by urgency, then oldest first. Reference, urgency, status and age only.
 */
export async function buildOpenConcernsCard(deps: TriageDeps, actor: Actor): Promise<AdaptiveCardJson> {
  const now = deps.clock.now();
  const rows = await deps.db
    .selectFrom('concerns')
    .selectAll()
    .where('status', '<>', 'closed')
    .orderBy('submitted_at', 'asc')
    .limit(500)
    .execute();
  const visible = [];
  for (const row of rows) if (await mayHandle(deps, actor.aadObjectId, row)) visible.push(row);
  const overdue = (row: (typeof rows)[number]) =>
    row.status === 'submitted' && row.ack_due_at !== null && new Date(row.ack_due_at) <= now;
  visible.sort(
    (a, b) =>
      Number(overdue(b)) - Number(overdue(a)) ||
      urgencyRank[a.urgency] - urgencyRank[b.urgency] ||
      new Date(a.submitted_at).getTime() - new Date(b.submitted_at).getTime(),
  );
  const shown = visible.slice(0, 50);
  const overdueCount = visible.filter(overdue).length;
  return openListCardTemplate.render({
    summaryLine:
      visible.length === 0
        ? 'There are no open concerns.'
        : `${visible.length} open concern${visible.length === 1 ? '' : 's'}${
            overdueCount > 0 ? `, ${overdueCount} overdue` : ''
          }: overdue first, then by urgency and age.${visible.length > shown.length ? ` Showing the first ${shown.length}.` : ''}`,
    concerns: shown.map((row) => ({
      concernId: row.id,
      reference: row.reference,
      urgency: urgencyLabels[row.urgency].short,
      status: dslStatusLabels[row.status],
      age: `${overdue(row) ? 'OVERDUE: ' : ''}raised ${ageText(new Date(row.submitted_at), now)} ago`,
      ageColor: overdue(row) ? 'Attention' : 'Default',
    })),
  });
}
