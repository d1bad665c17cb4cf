import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

export interface ConversationRefsTable {
  conversation_id: string;
  /** The Entra object id of the user, for 1:1 chats; null for channels and group chats. */
  aad_object_id: string | null;
  conversation_type: string;
  tenant_id: string | null;
  service_url: string;
  /** A botbuilder ConversationReference, parsed with zod when read. */
  reference: ColumnType<unknown, string, string>;
  updated_at: Timestamp;
  welcomed_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface AuditLogTable {
  id: Generated<string>;
  at: Timestamp;
  actor_aad_id: string | null;
  /** A code such as ROLE_FORBIDDEN or TENANT_NOT_ALLOWED: never user content. */
  code: string;
  subject: string | null;
}

export interface Schema {
  conversation_refs: ConversationRefsTable;
  audit_log: AuditLogTable;
}
