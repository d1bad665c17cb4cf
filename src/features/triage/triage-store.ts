import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Config } from '../../config.ts';
import type { RoleDirectory } from '../../graph/roles.ts';
import type { Clock } from '../../shared/clock.ts';
import {
  appendConcernEvent,
  type JsonValue,
  readConcernEvents,
  type StoredConcernEvent,
} from '../../storage/concern-events.ts';
import type { ConcernsTable, Schema } from '../../storage/schema.ts';
import { type TriageAction, transition } from './triage-state.ts';

export type ConcernRow = Selectable<ConcernsTable>;
type Db = Kysely<Schema> | Transaction<Schema>;

export async function findConcern(db: Db, concernId: string): Promise<ConcernRow | undefined> {
  return db.selectFrom('concerns').selectAll().where('id', '=', concernId).executeTakeFirst();
}

export async function findConcernByReference(db: Db, reference: string): Promise<ConcernRow | undefined> {
  return db
    .selectFrom('concerns')
    .selectAll()
    .where('reference', '=', reference.toUpperCase())
    .executeTakeFirst();
}

const same = (a: string | null | undefined, b: string | null | undefined) =>
  !!a && !!b && a.toLowerCase() === b.toLowerCase();

/**
 * The lead DSL then the deputy: LEAD_DSL_USERS when set, otherwise the first DSL in the directory
 * (with Entra groups that order is arbitrary, so production should set LEAD_DSL_USERS).
 */
export function leadsOf(config: Pick<Config, 'LEAD_DSL_USERS'>, dsls: readonly string[]): string[] {
  if (config.LEAD_DSL_USERS.length > 0) return config.LEAD_DSL_USERS.map((id) => id.toLowerCase());
  return dsls.slice(0, 1).map((id) => id.toLowerCase());
}

/**
 * Who gets a concern's cards. A concern about a member of staff follows the allegations route:
 * the lead DSL and deputy only (Working Together 2023, ch. 2; KCSIE part four). A DSL named by a
 * concern never receives it, whatever their role. If that leaves nobody, every other DSL gets it.
 */
export function recipientsOf(
  concern: Pick<ConcernRow, 'about_staff' | 'named_staff_aad_id'>,
  dsls: readonly string[],
  leads: readonly string[],
): string[] {
  const notNamed = (id: string) => !same(id, concern.named_staff_aad_id);
  const everyone = [...new Set(dsls.map((id) => id.toLowerCase()))].filter(notNamed);
  if (!concern.about_staff) return everyone;
  const routed = leads.filter(notNamed);
  return routed.length > 0 ? routed : everyone;
}

/** Whether this DSL may see and work this concern (the role itself is checked before). */
export async function mayHandle(
  deps: { roles: RoleDirectory; config: Pick<Config, 'LEAD_DSL_USERS'> },
  aadObjectId: string,
  concern: Pick<ConcernRow, 'about_staff' | 'named_staff_aad_id' | 'assigned_to'>,
): Promise<boolean> {
  if (same(aadObjectId, concern.named_staff_aad_id)) return false;
  if (!concern.about_staff) return true;
  if (same(aadObjectId, concern.assigned_to)) return true;
  const dsls = await deps.roles.membersOf('dsl');
  return recipientsOf(concern, dsls, leadsOf(deps.config, dsls)).some((id) => same(id, aadObjectId));
}

export type ActionOutcome =
  | { kind: 'done'; concern: ConcernRow; acknowledged: boolean }
  | { kind: 'conflict'; concern: ConcernRow; changes: StoredConcernEvent[] }
  | { kind: 'refused'; concern: ConcernRow; reason: string }
  | { kind: 'not-found' };

export interface ActionRequest {
  concernId: string;
  /** The version on the card that was clicked; undefined for actions that are not on a card. */
  expectedVersion: number | undefined;
  actorAadId: string;
  action: TriageAction;
  /** The chronology entry: its kind and detail (the version is added). */
  event: { kind: string; detail: { [key: string]: JsonValue } };
  /** Extra column changes, e.g. the assignee. */
  changes?: Partial<Pick<ConcernRow, 'assigned_to'>>;
  /** Runs inside the transaction after the change (e.g. queue a job that must exist with it). */
  within?: (trx: Transaction<Schema>, concern: ConcernRow) => Promise<void>;
}

/**
 * One triage action in one transaction: the concern row is locked, the version on the card must
 * still be the current one (optimistic concurrency: two DSLs acting on the same card cannot both
 * win), the state machine must allow it, then the row changes, version + 1, and the chronology
 * gets its entries. The loser gets the concern as it is now and the entries it did not see.
 */
export async function applyAction(
  deps: { db: Kysely<Schema>; clock: Clock },
  request: ActionRequest,
): Promise<ActionOutcome> {
  return deps.db.transaction().execute(async (trx): Promise<ActionOutcome> => {
    const concern = await trx
      .selectFrom('concerns')
      .selectAll()
      .where('id', '=', request.concernId)
      .forUpdate()
      .executeTakeFirst();
    if (!concern) return { kind: 'not-found' };
    if (request.expectedVersion !== undefined && request.expectedVersion !== concern.version) {
      const events = await readConcernEvents(trx, concern.id);
      const changes = events.filter((event) => {
        const version = event.detail.version;
        return typeof version === 'number' && version > (request.expectedVersion ?? 0);
      });
      return { kind: 'conflict', concern, changes };
    }
    const moved = transition(concern.status, request.action);
    if (!moved.ok) return { kind: 'refused', concern, reason: moved.reason };
    const now = deps.clock.now();
    const version = concern.version + 1;
    const updated = await trx
      .updateTable('concerns')
      .set({
        status: moved.status,
        version,
        updated_at: now,
        ...(moved.acknowledges
          ? { acknowledged_at: now, acknowledged_by: request.actorAadId, next_escalation_at: null }
          : {}),
        ...(moved.status === 'closed' ? { closed_at: now } : {}),
        ...(request.action === 'reopen' ? { closed_at: null } : {}),
        ...request.changes,
      })
      .where('id', '=', concern.id)
      .where('version', '=', concern.version)
      .returningAll()
      .executeTakeFirstOrThrow();
    if (moved.acknowledges && request.action !== 'acknowledge') {
      await appendConcernEvent(trx, {
        concernId: concern.id,
        at: now,
        actorAadId: request.actorAadId,
        kind: 'acknowledged',
        detail: { version, implicitBy: request.event.kind },
      });
    }
    await appendConcernEvent(trx, {
      concernId: concern.id,
      at: now,
      actorAadId: request.actorAadId,
      kind: request.event.kind,
      detail: { ...request.event.detail, version, status: moved.status },
    });
    await request.within?.(trx, updated);
    return { kind: 'done', concern: updated, acknowledged: moved.acknowledges };
  });
}

/** A chronology entry that changes nothing (a view, a refused attempt, an escalation step). */
export async function recordEvent(
  db: Kysely<Schema>,
  event: {
    concernId: string;
    at: Date;
    actorAadId: string;
    kind: string;
    detail: { [key: string]: JsonValue };
  },
): Promise<void> {
  await db.transaction().execute((trx) => appendConcernEvent(trx, event));
}
