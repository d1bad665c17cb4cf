import { type Kysely, sql } from 'kysely';

/**
 * Policy Q&A figures for the quarterly report: whether each question was answered or declined,
 * and "was this helpful?" answers. No question text, and no user id, is kept here; a question's
 * text is stored only when its author chose to share it (qa_shared_questions).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table qa_outcomes (
      id bigserial primary key,
      at timestamptz not null,
      outcome text not null check (outcome in ('answered', 'declined', 'emergency')),
      reason text,
      doc_title text,
      section text,
      confidence real
    )`.execute(db);
  await sql`create index qa_outcomes_at on qa_outcomes (at)`.execute(db);
  await sql`
    create table qa_feedback (
      id bigserial primary key,
      at timestamptz not null,
      chunk_id text not null,
      doc_title text not null,
      section text not null,
      helpful boolean not null
    )`.execute(db);
  await sql`create index qa_feedback_at on qa_feedback (at)`.execute(db);
  await sql`
    create table qa_shared_questions (
      id bigserial primary key,
      at timestamptz not null,
      question text not null
    )`.execute(db);
}
