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

export interface ConcernReferenceCountersTable {
  year: number;
  last: number;
}

export interface ConcernDraftsTable {
  id: string;
  owner_aad_id: string;
  owner_tenant_id: string | null;
  /** The flow step the draft is on (raise-concern's state machine), or `submitted`. */
  step: string;
  /** The answers so far, parsed with zod when read. */
  data: ColumnType<unknown, string, string>;
  version: number;
  /** The message holding the flow card, so it can be replaced when the flow moves on. */
  card_activity_id: string | null;
  card_conversation_id: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** When the owner was told the draft is about to be deleted; cleared when it is saved again. */
  reminded_at: Timestamp | null;
  submitted_concern_id: string | null;
}

export interface ConcernsTable {
  id: string;
  /** Human-friendly, unique, sequential per UK calendar year: SG-2026-00042. */
  reference: string;
  reporter_aad_id: string;
  reporter_tenant_id: string | null;
  subject_type: 'child' | 'adult' | 'unsure';
  urgency: 'immediate' | 'urgent' | 'standard';
  categories: string[];
  /** About a member of staff or a DSL: the allegations route. */
  about_staff: boolean;
  /** A DSL the concern names, so triage never sends it to them. */
  named_staff_aad_id: string | null;
  status: 'submitted' | 'acknowledged' | 'in_progress' | 'escalated' | 'awaiting_information' | 'closed';
  /** Optimistic concurrency: every change is `where version = expected`, then version + 1. */
  version: number;
  /** The answers, parsed with zod when read. */
  details: ColumnType<unknown, string, string>;
  submitted_at: Timestamp;
  updated_at: Timestamp;
  /** Idempotency: one concern per draft. */
  draft_id: string;
}

export interface ConcernEventsTable {
  id: Generated<string>;
  concern_id: string;
  at: Timestamp;
  actor_aad_id: string;
  kind: string;
  /** A summary: codes and ids, no free text unless it is the record itself. */
  detail: ColumnType<unknown, string, string>;
  prev_hash: string | null;
  hash: string;
}

export interface QaOutcomesTable {
  id: Generated<string>;
  at: Timestamp;
  outcome: 'answered' | 'declined' | 'emergency';
  reason: string | null;
  doc_title: string | null;
  section: string | null;
  confidence: number | null;
}

export interface QaFeedbackTable {
  id: Generated<string>;
  at: Timestamp;
  chunk_id: string;
  doc_title: string;
  section: string;
  helpful: boolean;
}

export interface QaSharedQuestionsTable {
  id: Generated<string>;
  at: Timestamp;
  question: string;
}

export interface Schema {
  qa_outcomes: QaOutcomesTable;
  qa_feedback: QaFeedbackTable;
  qa_shared_questions: QaSharedQuestionsTable;
  conversation_refs: ConversationRefsTable;
  audit_log: AuditLogTable;
  concern_reference_counters: ConcernReferenceCountersTable;
  concern_drafts: ConcernDraftsTable;
  concerns: ConcernsTable;
  concern_events: ConcernEventsTable;
}
