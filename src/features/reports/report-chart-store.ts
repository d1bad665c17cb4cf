import { createHash, randomBytes } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { Schema } from '../../storage/schema.ts';

/** How long a chart image in a posted card stays available. */
const keepDays = 400;
const dayMs = 86_400_000;

/**
 * Stores a rendered chart and returns the unguessable id it is served under. The picture holds
 * suppressed aggregates only; the same picture asked for again gets the id it already has.
 */
export async function storeChartImage(db: Kysely<Schema>, png: Uint8Array, now: Date): Promise<string> {
  const digest = createHash('sha256').update(png).digest('base64url');
  const existing = await db
    .selectFrom('report_charts')
    .select(['id', 'png'])
    // starts_with, not LIKE: the base64url digest may contain '_', LIKE's single-character wildcard.
    .where(sql<boolean>`starts_with(id, ${digest.slice(0, 16)})`)
    .where('expires_at', '>', now)
    .execute();
  const same = existing.find((row) => Buffer.compare(Buffer.from(row.png), Buffer.from(png)) === 0);
  if (same) return same.id;
  // The digest prefix finds it again; the random part makes the address unguessable.
  const id = `${digest.slice(0, 16)}${randomBytes(16).toString('base64url')}`;
  await db
    .insertInto('report_charts')
    .values({ id, png, created_at: now, expires_at: new Date(now.getTime() + keepDays * dayMs) })
    .execute();
  return id;
}

export async function loadChartImage(
  db: Kysely<Schema>,
  id: string,
  now: Date,
): Promise<Uint8Array | undefined> {
  if (!/^[A-Za-z0-9_-]{20,80}$/.test(id)) return undefined;
  const row = await db
    .selectFrom('report_charts')
    .select('png')
    .where('id', '=', id)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return row ? new Uint8Array(row.png) : undefined;
}

export async function deleteExpiredChartImages(db: Kysely<Schema>, now: Date): Promise<number> {
  const deleted = await db.deleteFrom('report_charts').where('expires_at', '<=', now).executeTakeFirst();
  return Number(deleted.numDeletedRows);
}
