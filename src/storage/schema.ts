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
  /** DSL triage (0005): who acknowledged it and who holds it now. */
  acknowledged_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  acknowledged_by: ColumnType<string | null, string | null | undefined, string | null>;
  assigned_to: ColumnType<string | null, string | null | undefined, string | null>;
  closed_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** When every DSL card of the first alert was settled (sent, or recorded as undeliverable). */
  alerted_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** The acknowledgement deadline for its urgency, and the escalation ladder's progress. */
  ack_due_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  escalation_step: ColumnType<number, number | undefined, number>;
  next_escalation_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** The reporter's department when they submitted (0007), from the directory; null when not known. */
  reporter_department: ColumnType<string | null, string | null | undefined, string | null>;
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
  /** Thesaurus topics the question touched (0007): never its text. */
  topics: ColumnType<string[], string[] | undefined, string[]>;
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

/** "Talk to a DSL": a request for a conversation, not a concern. */
export interface ConsultationsTable {
  id: string;
  requester_aad_id: string;
  requester_tenant_id: string | null;
  /** Optional, typed by the requester; shown to DSLs only. */
  topic: string | null;
  status: 'open' | 'taken';
  taken_by: string | null;
  taken_at: Timestamp | null;
  version: number;
  created_at: Timestamp;
  due_at: Timestamp;
  escalation_step: ColumnType<number, number | undefined, number>;
  next_escalation_at: Timestamp | null;
}

/**
 * One row per card the triage feature sends (a DSL's alert, the channel's, a reminder, a status
 * card to a reporter): claimed before sending and marked after, so a fan-out resumes without
 * messaging anyone twice, and every card of a concern can be updated in place.
 */
export interface TriageDeliveriesTable {
  subject_id: string;
  subject_kind: 'concern' | 'draft' | 'consultation';
  /** An Entra object id, or `channel` for the DSL team channel. */
  recipient: string;
  /** Which send this is: `alert`, `reminder-1`, `status-closed`... */
  round: string;
  state: 'pending' | 'sending' | 'sent' | 'gone' | 'failed';
  /** Whether the card is kept in step with its subject after every action. */
  tracks: boolean;
  claimed_by: string | null;
  claimed_at: Timestamp | null;
  conversation_id: string | null;
  activity_id: string | null;
  /** The subject's version the card shows. */
  card_version: number | null;
  outcome: string | null;
  attempts: ColumnType<number, number | undefined, number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface AnnouncementsTable {
  id: string;
  author_aad_id: string;
  author_tenant_id: string | null;
  /** The author's 1:1 chat, where previews, progress and reminders go. */
  author_conversation_id: string | null;
  kind: 'newsletter' | 'procedure' | 'general';
  title: string;
  /** Summary, body, link, what changed, effective date, policy document: parsed with zod when read. */
  content: ColumnType<unknown, string, string>;
  /** Who receives it (everyone / groups / DSLs / champions): parsed with zod when read. */
  audience: ColumnType<unknown, string, string>;
  ack_required: boolean;
  status: 'draft' | 'awaiting_approval' | 'scheduled' | 'sending' | 'sent' | 'cancelled' | 'recalled';
  send_at: Timestamp | null;
  approved_by: string | null;
  /** Bumped by every edit, so a card shows which version it carries. */
  version: number;
  recipients_total: number | null;
  /** The author's control card: becomes the live progress card, then the summary. */
  control_conversation_id: string | null;
  control_activity_id: string | null;
  progress_refreshed_at: Timestamp | null;
  document_published_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  started_at: Timestamp | null;
  completed_at: Timestamp | null;
  reminders_claimed_at: Timestamp | null;
}

export interface DeliveriesTable {
  announcement_id: string;
  user_aad_id: string;
  /** Order of sending, fixed when the audience is resolved. */
  seq: number;
  tenant_id: string | null;
  department: string | null;
  status:
    | 'pending'
    | 'claimed'
    | 'sending'
    | 'sent'
    | 'gone'
    | 'failed'
    | 'cancelled'
    | 'uncertain'
    | 'recalled';
  attempts: Generated<number>;
  last_outcome: string | null;
  last_status: number | null;
  not_before: Timestamp | null;
  claimed_by: string | null;
  claimed_until: Timestamp | null;
  /** A 404 has already triggered one re-lookup / reinstall: the next one is permanent. */
  relooked: Generated<boolean>;
  conversation_id: string | null;
  activity_id: string | null;
  sent_at: Timestamp | null;
  acknowledged_at: Timestamp | null;
  reminded_at: Timestamp | null;
  /** The announcement version this person's message was last updated to. */
  updated_version: number | null;
}

export interface NewsletterRemindersTable {
  due_on: string;
  reminded_at: Timestamp;
}

/** A rendered report chart, served by its unguessable id until it expires: aggregates only. */
export interface ReportChartsTable {
  id: string;
  png: Uint8Array;
  created_at: Timestamp;
  expires_at: Timestamp;
}

/** One row per scheduled quarterly report and recipient: claimed before sending, so it goes once. */
export interface ScheduledReportsTable {
  period: string;
  recipient: string;
  sent_at: Timestamp | null;
  claimed_at: Timestamp;
}

export interface Schema {
  report_charts: ReportChartsTable;
  scheduled_reports: ScheduledReportsTable;
  announcements: AnnouncementsTable;
  deliveries: DeliveriesTable;
  newsletter_reminders: NewsletterRemindersTable;
  consultations: ConsultationsTable;
  triage_deliveries: TriageDeliveriesTable;
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
