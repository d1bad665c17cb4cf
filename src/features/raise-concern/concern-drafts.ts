import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable, Transaction } from 'kysely';
import { z } from 'zod';
import type { ConcernDraftsTable, Schema } from '../../storage/schema.ts';
import { type FlowState, initialFlowState, isStepId, type StepId } from './concern-flow.ts';
import { type DraftAnswers, draftAnswersSchema } from './concern-schema.ts';

/** What a draft stores beside its step: the answers so far and whether the review's Edit opened it. */
export const draftDataSchema = z.object({
  answers: draftAnswersSchema,
  editing: z.boolean(),
  /** When `concern.alert-immediate` was queued, so it is queued once per draft. */
  immediateAlertedAt: z.string().optional(),
});
export type DraftData = z.infer<typeof draftDataSchema>;

export interface Draft {
  id: string;
  ownerAadId: string;
  ownerTenantId: string | undefined;
  /** A flow step, or `submitted`. */
  step: StepId | 'submitted';
  data: DraftData;
  version: number;
  cardActivityId: string | undefined;
  cardConversationId: string | undefined;
  createdAt: Date;
  updatedAt: Date;
  submittedConcernId: string | undefined;
}

export function flowStateOf(draft: Draft): FlowState {
  return draft.step === 'submitted' ? initialFlowState : { step: draft.step, editing: draft.data.editing };
}

type Db = Kysely<Schema> | Transaction<Schema>;

/** A stored draft row, checked with zod; a row that no longer parses is treated as unreadable. */
export function parseDraftRow(row: Selectable<ConcernDraftsTable>): Draft | undefined {
  const data = draftDataSchema.safeParse(row.data);
  const step = row.step === 'submitted' || isStepId(row.step) ? row.step : undefined;
  if (!data.success || !step) return undefined;
  return {
    id: row.id,
    ownerAadId: row.owner_aad_id,
    ownerTenantId: row.owner_tenant_id ?? undefined,
    step,
    data: data.data,
    version: row.version,
    cardActivityId: row.card_activity_id ?? undefined,
    cardConversationId: row.card_conversation_id ?? undefined,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
    submittedConcernId: row.submitted_concern_id ?? undefined,
  };
}

export async function createDraft(
  db: Db,
  owner: { aadObjectId: string; tenantId: string | undefined },
  now: Date,
): Promise<Draft> {
  const data: DraftData = { answers: {}, editing: false };
  const row = await db
    .insertInto('concern_drafts')
    .values({
      id: randomUUID(),
      owner_aad_id: owner.aadObjectId,
      owner_tenant_id: owner.tenantId ?? null,
      step: initialFlowState.step,
      data: JSON.stringify(data),
      version: 1,
      card_activity_id: null,
      card_conversation_id: null,
      created_at: now,
      updated_at: now,
      reminded_at: null,
      submitted_concern_id: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const draft = parseDraftRow(row);
  if (!draft) throw new Error('a new draft did not read back');
  return draft;
}

export async function findDraft(db: Db, draftId: string, options: { lock?: boolean } = {}) {
  let query = db.selectFrom('concern_drafts').selectAll().where('id', '=', draftId);
  if (options.lock) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  return row ? { row, draft: parseDraftRow(row) } : undefined;
}

/** The owner's drafts not yet submitted, most recently saved first. */
export async function openDraftsOf(db: Db, ownerAadId: string): Promise<Draft[]> {
  const rows = await db
    .selectFrom('concern_drafts')
    .selectAll()
    .where('owner_aad_id', '=', ownerAadId)
    .where('submitted_concern_id', 'is', null)
    .orderBy('updated_at', 'desc')
    .limit(10)
    .execute();
  return rows.flatMap((row) => parseDraftRow(row) ?? []);
}

/**
 * Saves a draft if nobody saved it since it was read (`version`); the version goes up by one.
 * Saving clears the expiry reminder: the draft's age counts from its last save.
 */
export async function saveDraft(
  db: Db,
  draft: Draft,
  changes: {
    step: StepId | 'submitted';
    data: DraftData;
    card?: FlowCardLocation | undefined;
    submittedConcernId?: string;
  },
  now: Date,
): Promise<Draft | 'conflict'> {
  const row = await db
    .updateTable('concern_drafts')
    .set({
      step: changes.step,
      data: JSON.stringify(changes.data),
      version: draft.version + 1,
      updated_at: now,
      reminded_at: null,
      ...(changes.card
        ? { card_activity_id: changes.card.activityId, card_conversation_id: changes.card.conversationId }
        : {}),
      ...(changes.submittedConcernId !== undefined
        ? { submitted_concern_id: changes.submittedConcernId }
        : {}),
    })
    .where('id', '=', draft.id)
    .where('version', '=', draft.version)
    .returningAll()
    .executeTakeFirst();
  if (!row) return 'conflict';
  return parseDraftRow(row) ?? 'conflict';
}

/** Which message holds the flow card: recorded without a version change (it is not an answer). */
export interface FlowCardLocation {
  activityId: string;
  conversationId: string;
}

export async function setFlowCard(db: Db, draftId: string, card: FlowCardLocation): Promise<void> {
  await db
    .updateTable('concern_drafts')
    .set({ card_activity_id: card.activityId, card_conversation_id: card.conversationId })
    .where('id', '=', draftId)
    .execute();
}

export async function deleteDraft(db: Db, draftId: string): Promise<void> {
  await db.deleteFrom('concern_drafts').where('id', '=', draftId).execute();
}

export type { DraftAnswers };
