import { sql, type Transaction } from 'kysely';
import type { Schema } from '../../storage/schema.ts';
import { ukDate } from './concern-schema.ts';

/** `SG-2026-00042`: the year, then the number within that year, at least five digits. */
export function formatReference(year: number, sequence: number): string {
  return `SG-${year}-${String(sequence).padStart(5, '0')}`;
}

/**
 * Takes the next reference of the UK calendar year the concern is submitted in. The counter row
 * is updated inside the submitting transaction: its row lock orders concurrent submissions, and a
 * submission that rolls back gives its number back, so references have no gaps.
 */
export async function takeNextReference(trx: Transaction<Schema>, at: Date): Promise<string> {
  const { year } = ukDate(at);
  const row = await trx
    .insertInto('concern_reference_counters')
    .values({ year, last: 1 })
    .onConflict((conflict) =>
      conflict.column('year').doUpdateSet({ last: sql<number>`concern_reference_counters.last + 1` }),
    )
    .returning('last')
    .executeTakeFirstOrThrow();
  return formatReference(year, row.last);
}
