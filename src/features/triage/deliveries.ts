import type { Kysely } from 'kysely';
import type { Clock } from '../../shared/clock.ts';
import type { Logger } from '../../shared/logger.ts';
import type { Schema, TriageDeliveriesTable } from '../../storage/schema.ts';
import type { SendOutcome } from '../../teams/send-outcome.ts';

export interface DeliveryKey {
  subjectId: string;
  subjectKind: TriageDeliveriesTable['subject_kind'];
  /** An Entra object id, `channel`, or `email`. */
  recipient: string;
  round: string;
}

/** How claims are judged stale: a claim by another process older than the lease is in doubt. */
export interface ClaimPolicy {
  /** This process's id: a claim it holds is never taken over by itself. */
  processId: string;
  /**
   * How long another process's claim is respected. The embedded engine is one process by
   * construction (PGlite owns its folder), so there a claim by another process id is a dead
   * process's and is taken over at once.
   */
  leaseMs: number;
}

export type DeliveryResult =
  | { kind: 'sent'; activityId: string | undefined; conversationId: string | undefined }
  /** Settled before (sent, or recorded as undeliverable): nothing was done this time. */
  | { kind: 'settled'; state: TriageDeliveriesTable['state'] }
  /** Another live process is sending it now. */
  | { kind: 'busy' }
  | { kind: 'undeliverable'; outcome: 'recipientGone' | 'failed'; status: number | undefined }
  /** Throttled or a transient failure: the row is pending again, for the job's retry. */
  | { kind: 'retry'; outcome: string };

/**
 * Sends one card at most once: the row (the idempotency key) is inserted, claimed before the send
 * and marked after it. After a crash, a re-run skips every settled row and sends the rest. A row
 * whose send was in flight when its process died is sent again: for a safeguarding alert a
 * duplicate is better than a DSL who never hears of it.
 */
export async function deliverOnce(
  deps: { db: Kysely<Schema>; clock: Clock; logger: Logger; claims: ClaimPolicy },
  key: DeliveryKey,
  options: { tracks: boolean; cardVersion?: number },
  send: () => Promise<SendOutcome>,
): Promise<DeliveryResult> {
  const now = deps.clock.now();
  await deps.db
    .insertInto('triage_deliveries')
    .values({
      subject_id: key.subjectId,
      subject_kind: key.subjectKind,
      recipient: key.recipient,
      round: key.round,
      state: 'pending',
      tracks: options.tracks,
      claimed_by: null,
      claimed_at: null,
      conversation_id: null,
      activity_id: null,
      card_version: null,
      outcome: null,
      created_at: now,
      updated_at: now,
    })
    .onConflict((conflict) => conflict.columns(['subject_id', 'recipient', 'round']).doNothing())
    .execute();

  const staleBefore = new Date(now.getTime() - deps.claims.leaseMs);
  const claimed = await deps.db
    .updateTable('triage_deliveries')
    .set((eb) => ({
      state: 'sending',
      claimed_by: deps.claims.processId,
      claimed_at: now,
      attempts: eb('attempts', '+', 1),
      updated_at: now,
    }))
    .where('subject_id', '=', key.subjectId)
    .where('recipient', '=', key.recipient)
    .where('round', '=', key.round)
    .where((eb) =>
      eb.or([
        eb('state', '=', 'pending'),
        eb.and([
          eb('state', '=', 'sending'),
          eb('claimed_by', '<>', deps.claims.processId),
          eb('claimed_at', '<=', staleBefore),
        ]),
      ]),
    )
    .returning(['attempts'])
    .executeTakeFirst();
  if (!claimed) {
    const row = await deps.db
      .selectFrom('triage_deliveries')
      .select('state')
      .where('subject_id', '=', key.subjectId)
      .where('recipient', '=', key.recipient)
      .where('round', '=', key.round)
      .executeTakeFirstOrThrow();
    return row.state === 'sending' ? { kind: 'busy' } : { kind: 'settled', state: row.state };
  }

  let outcome: SendOutcome;
  try {
    outcome = await send();
  } catch (error) {
    await release(deps.db, key, 'error', deps.clock.now());
    throw error;
  }
  const at = deps.clock.now();
  const where = deps.db
    .updateTable('triage_deliveries')
    .where('subject_id', '=', key.subjectId)
    .where('recipient', '=', key.recipient)
    .where('round', '=', key.round);
  switch (outcome.kind) {
    case 'sent':
      await where
        .set({
          state: 'sent',
          conversation_id: outcome.conversationId,
          activity_id: outcome.activityId ?? null,
          card_version: options.cardVersion ?? null,
          outcome: 'sent',
          updated_at: at,
        })
        .execute();
      return { kind: 'sent', activityId: outcome.activityId, conversationId: outcome.conversationId };
    case 'recipientGone':
      await where
        .set({ state: 'gone', outcome: `recipientGone:${outcome.status}`, updated_at: at })
        .execute();
      return { kind: 'undeliverable', outcome: 'recipientGone', status: outcome.status };
    case 'failed':
      if (outcome.status === undefined || outcome.status >= 500) {
        await release(deps.db, key, 'failed', at);
        return { kind: 'retry', outcome: 'failed' };
      }
      await where.set({ state: 'failed', outcome: `failed:${outcome.status}`, updated_at: at }).execute();
      return { kind: 'undeliverable', outcome: 'failed', status: outcome.status };
    case 'throttled':
      await release(deps.db, key, 'throttled', at);
      return { kind: 'retry', outcome: 'throttled' };
  }
}

async function release(db: Kysely<Schema>, key: DeliveryKey, outcome: string, at: Date): Promise<void> {
  await db
    .updateTable('triage_deliveries')
    .set({ state: 'pending', claimed_by: null, claimed_at: null, outcome, updated_at: at })
    .where('subject_id', '=', key.subjectId)
    .where('recipient', '=', key.recipient)
    .where('round', '=', key.round)
    .execute();
}
