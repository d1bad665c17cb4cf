import type { Kysely } from 'kysely';
import { verifyConcernChronology } from '../../storage/concern-events.ts';
import type { Schema } from '../../storage/schema.ts';

export interface ChronologyReport {
  concerns: number;
  events: number;
  /** Each concern whose chain does not verify, with the first entry that breaks it. */
  broken: Array<{ concernId: string; reference: string; brokenAtEventId: string; reason: string }>;
}

/** Recomputes every concern's hash chain: any edited, deleted or reordered entry shows. */
export async function verifyAllChronologies(db: Kysely<Schema>): Promise<ChronologyReport> {
  const concerns = await db.selectFrom('concerns').select(['id', 'reference']).orderBy('reference').execute();
  const report: ChronologyReport = { concerns: concerns.length, events: 0, broken: [] };
  for (const concern of concerns) {
    const verdict = await verifyConcernChronology(db, concern.id);
    if (verdict.ok) report.events += verdict.events;
    else
      report.broken.push({
        concernId: concern.id,
        reference: concern.reference,
        brokenAtEventId: verdict.brokenAtEventId,
        reason: verdict.reason,
      });
  }
  return report;
}
