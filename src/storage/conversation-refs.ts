import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Schema } from './schema.ts';

/** The parts of a botbuilder ConversationReference we store and need to send proactively. */
export const storedReferenceSchema = z.object({
  activityId: z.string().optional(),
  bot: z.object({ id: z.string(), name: z.string().optional() }),
  channelId: z.string(),
  conversation: z.object({
    id: z.string(),
    conversationType: z.string().optional(),
    tenantId: z.string().optional(),
    isGroup: z.boolean().optional(),
    name: z.string().optional(),
  }),
  serviceUrl: z.string(),
  user: z.object({ id: z.string(), aadObjectId: z.string().optional() }).optional(),
  locale: z.string().optional(),
});

export type StoredReference = z.infer<typeof storedReferenceSchema>;

export interface ConversationRefs {
  save(reference: StoredReference, aadObjectId: string | undefined): Promise<void>;
  findPersonal(aadObjectId: string): Promise<StoredReference | undefined>;
  findConversation(conversationId: string): Promise<StoredReference | undefined>;
  forget(conversationId: string): Promise<void>;
  /**
   * Marks the conversation welcomed unless it was welcomed in the last `withinSeconds`; true when
   * this call claimed the welcome. Atomic, so the two activities of one install welcome once.
   */
  claimWelcome(conversationId: string, now: Date, withinSeconds: number): Promise<boolean>;
}

export function conversationRefs(db: Kysely<Schema>): ConversationRefs {
  const parse = (raw: unknown): StoredReference | undefined => {
    const result = storedReferenceSchema.safeParse(raw);
    return result.success ? result.data : undefined;
  };
  return {
    async save(reference, aadObjectId) {
      const conversationType = reference.conversation.conversationType ?? 'personal';
      const row = {
        conversation_id: reference.conversation.id,
        aad_object_id: conversationType === 'personal' ? (aadObjectId ?? null) : null,
        conversation_type: conversationType,
        tenant_id: reference.conversation.tenantId ?? null,
        service_url: reference.serviceUrl,
        reference: JSON.stringify(reference),
        updated_at: new Date(),
      };
      await db
        .insertInto('conversation_refs')
        .values(row)
        .onConflict((conflict) =>
          conflict.column('conversation_id').doUpdateSet({
            reference: row.reference,
            service_url: row.service_url,
            updated_at: row.updated_at,
            ...(row.aad_object_id ? { aad_object_id: row.aad_object_id } : {}),
          }),
        )
        .execute();
    },
    async findPersonal(aadObjectId) {
      const row = await db
        .selectFrom('conversation_refs')
        .select('reference')
        .where('aad_object_id', '=', aadObjectId)
        .where('conversation_type', '=', 'personal')
        .orderBy('updated_at', 'desc')
        .executeTakeFirst();
      return row ? parse(row.reference) : undefined;
    },
    async findConversation(conversationId) {
      const row = await db
        .selectFrom('conversation_refs')
        .select('reference')
        .where('conversation_id', '=', conversationId)
        .executeTakeFirst();
      return row ? parse(row.reference) : undefined;
    },
    async claimWelcome(conversationId, now, withinSeconds) {
      const cutoff = new Date(now.getTime() - withinSeconds * 1000);
      const claimed = await db
        .updateTable('conversation_refs')
        .set({ welcomed_at: now })
        .where('conversation_id', '=', conversationId)
        .where((eb) => eb.or([eb('welcomed_at', 'is', null), eb('welcomed_at', '<', cutoff)]))
        .executeTakeFirst();
      return Number(claimed.numUpdatedRows) === 1;
    },
    async forget(conversationId) {
      await db.deleteFrom('conversation_refs').where('conversation_id', '=', conversationId).execute();
    },
  };
}
