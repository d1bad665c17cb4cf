import { createHash } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { z } from 'zod';
import type { Schema } from './schema.ts';

/** A JSON value as stored in an event's detail. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** What happened to a concern: raise-concern writes `submitted`; triage adds `viewed`, `acknowledged`... */
export interface ConcernEventInput {
  concernId: string;
  at: Date;
  actorAadId: string;
  kind: string;
  /** A summary: codes and ids, no free text unless it is the record itself. */
  detail: { [key: string]: JsonValue };
}

export interface StoredConcernEvent extends ConcernEventInput {
  id: string;
  prevHash: string | null;
  hash: string;
}

/** JSON with object keys sorted at every depth and no whitespace: one text per value. */
export function canonicalJson(value: JsonValue): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).sort();
    return `{${keys
      .filter((key) => value[key] !== undefined)
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key] as JsonValue)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** sha256 hex over the canonical JSON of the event and the hash of the one before it. */
export function hashConcernEvent(event: ConcernEventInput & { prevHash: string | null }): string {
  const body = canonicalJson({
    concernId: event.concernId,
    at: event.at.toISOString(),
    actorAadId: event.actorAadId,
    kind: event.kind,
    detail: event.detail,
    prevHash: event.prevHash,
  });
  return createHash('sha256').update(body, 'utf8').digest('hex');
}

/**
 * Appends one event to a concern's chronology, chained to the one before it. Call inside the
 * transaction that makes the change the event records: the concern row is locked first, so two
 * appends to one concern never read the same predecessor (and the database refuses a fork anyway).
 */
export async function appendConcernEvent(
  trx: Transaction<Schema>,
  event: ConcernEventInput,
): Promise<{ id: string; hash: string }> {
  await trx
    .selectFrom('concerns')
    .select('id')
    .where('id', '=', event.concernId)
    .forUpdate()
    .executeTakeFirstOrThrow();
  const last = await trx
    .selectFrom('concern_events')
    .select('hash')
    .where('concern_id', '=', event.concernId)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  const prevHash = last?.hash ?? null;
  const hash = hashConcernEvent({ ...event, prevHash });
  const row = await trx
    .insertInto('concern_events')
    .values({
      concern_id: event.concernId,
      at: event.at,
      actor_aad_id: event.actorAadId,
      kind: event.kind,
      detail: JSON.stringify(event.detail),
      prev_hash: prevHash,
      hash,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: String(row.id), hash };
}

const jsonValueSchema: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([
    z.string(),
    z.number(),
    z.boolean(),
    z.null(),
    z.array(jsonValueSchema),
    z.record(z.string(), jsonValueSchema),
  ]),
);

const eventRowSchema = z.object({
  id: z.union([z.string(), z.number(), z.bigint()]).transform(String),
  concern_id: z.string(),
  at: z.date(),
  actor_aad_id: z.string(),
  kind: z.string(),
  detail: z.record(z.string(), jsonValueSchema),
  prev_hash: z.string().nullable(),
  hash: z.string(),
});

/** A concern's chronology, oldest first, each row checked with zod. */
export async function readConcernEvents(
  db: Kysely<Schema> | Transaction<Schema>,
  concernId: string,
): Promise<StoredConcernEvent[]> {
  const rows = await db
    .selectFrom('concern_events')
    .selectAll()
    .where('concern_id', '=', concernId)
    .orderBy('id', 'asc')
    .execute();
  return rows.map((raw) => {
    const row = eventRowSchema.parse(raw);
    return {
      id: row.id,
      concernId: row.concern_id,
      at: row.at,
      actorAadId: row.actor_aad_id,
      kind: row.kind,
      detail: row.detail,
      prevHash: row.prev_hash,
      hash: row.hash,
    };
  });
}

export type ChronologyVerdict =
  | { ok: true; events: number }
  | { ok: false; brokenAtEventId: string; reason: 'hash-mismatch' | 'chain-broken' };

/** Recomputes every hash of a concern's chronology: any edit, deletion or reordering shows. */
export async function verifyConcernChronology(
  db: Kysely<Schema> | Transaction<Schema>,
  concernId: string,
): Promise<ChronologyVerdict> {
  const events = await readConcernEvents(db, concernId);
  let prevHash: string | null = null;
  for (const event of events) {
    if (event.prevHash !== prevHash) return { ok: false, brokenAtEventId: event.id, reason: 'chain-broken' };
    if (hashConcernEvent(event) !== event.hash)
      return { ok: false, brokenAtEventId: event.id, reason: 'hash-mismatch' };
    prevHash = event.hash;
  }
  return { ok: true, events: events.length };
}
