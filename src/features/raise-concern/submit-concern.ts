import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { JobQueue } from '../../jobs/job-queue.ts';
import type { Actor } from '../../shared/actor.ts';
import type { Clock } from '../../shared/clock.ts';
import { appendConcernEvent } from '../../storage/concern-events.ts';
import type { Schema } from '../../storage/schema.ts';
import { type Draft, type FlowCardLocation, findDraft, saveDraft } from './concern-drafts.ts';
import { notifyDslsJob, replaceFlowCardJob } from './concern-jobs.ts';
import { takeNextReference } from './concern-reference.ts';
import {
  concernDetailsSchema,
  isSectionComplete,
  type SectionId,
  sectionIds,
  type Urgency,
  ukDate,
  urgencyOf,
} from './concern-schema.ts';

export interface SubmittedConcern {
  id: string;
  reference: string;
  urgency: Urgency;
  submittedAt: Date;
}

export type SubmitOutcome =
  | { kind: 'submitted'; concern: SubmittedConcern }
  /** A second click, or a retry after a lost response: the concern made the first time. */
  | { kind: 'already-submitted'; concernId: string }
  | { kind: 'gone' }
  | { kind: 'not-owner' }
  | { kind: 'not-on-review'; draft: Draft }
  | { kind: 'incomplete'; draft: Draft; section: SectionId };

/**
 * Submits a draft as a concern, in one transaction: the reference, the concern (version 1), its
 * first chronology entry, the draft marked submitted with its answers removed, and the jobs that
 * tell the DSLs and replace the flow card. Either all of it is stored or none of it is.
 * The draft row is locked first, so a double click waits for the first and then finds it done.
 */
export async function submitConcern(
  deps: { db: Kysely<Schema>; jobs: JobQueue; clock: Clock },
  actor: Pick<Actor, 'aadObjectId' | 'tenantId'>,
  draftId: string,
  card: FlowCardLocation | undefined,
): Promise<SubmitOutcome> {
  return deps.db.transaction().execute(async (trx): Promise<SubmitOutcome> => {
    const found = await findDraft(trx, draftId, { lock: true });
    if (!found) {
      const existing = await trx
        .selectFrom('concerns')
        .select('id')
        .where('draft_id', '=', draftId)
        .where('reporter_aad_id', '=', actor.aadObjectId)
        .executeTakeFirst();
      return existing ? { kind: 'already-submitted', concernId: existing.id } : { kind: 'gone' };
    }
    if (found.row.owner_aad_id !== actor.aadObjectId) return { kind: 'not-owner' };
    if (found.row.submitted_concern_id)
      return { kind: 'already-submitted', concernId: found.row.submitted_concern_id };
    const draft = found.draft;
    if (!draft) return { kind: 'gone' };
    if (draft.step !== 'review') return { kind: 'not-on-review', draft };

    const now = deps.clock.now();
    const today = ukDate(now).day;
    const incomplete = sectionIds.find(
      (section) => !isSectionComplete(section, draft.data.answers, { today }),
    );
    const details = concernDetailsSchema.safeParse(draft.data.answers);
    if (incomplete || !details.success) return { kind: 'incomplete', draft, section: incomplete ?? 'danger' };

    const urgency = urgencyOf(details.data.danger) ?? 'standard';
    const reference = await takeNextReference(trx, now);
    const concernId = randomUUID();
    await trx
      .insertInto('concerns')
      .values({
        id: concernId,
        reference,
        reporter_aad_id: actor.aadObjectId,
        reporter_tenant_id: actor.tenantId ?? null,
        subject_type: details.data.subject.subjectType,
        urgency,
        categories: details.data.categories.categories,
        about_staff: details.data.actions.aboutStaff !== 'no',
        // Picked with Teams' people picker; triage never sends the concern to this person.
        named_staff_aad_id:
          details.data.actions.aboutStaff !== 'no' && details.data.actions.namedStaff
            ? details.data.actions.namedStaff.toLowerCase()
            : null,
        status: 'submitted',
        version: 1,
        details: JSON.stringify(details.data),
        submitted_at: now,
        updated_at: now,
        draft_id: draft.id,
      })
      .execute();
    await appendConcernEvent(trx, {
      concernId,
      at: now,
      actorAadId: actor.aadObjectId,
      kind: 'submitted',
      detail: {
        reference,
        draftId: draft.id,
        urgency,
        subjectType: details.data.subject.subjectType,
        categories: details.data.categories.categories,
        aboutStaff: details.data.actions.aboutStaff,
      },
    });
    const saved = await saveDraft(
      trx,
      draft,
      {
        step: 'submitted',
        // The concern holds the answers now; the draft keeps only what idempotency needs.
        data: { answers: {}, editing: false },
        card,
        submittedConcernId: concernId,
      },
      now,
    );
    if (saved === 'conflict') throw new Error('locked draft changed during submission');
    await deps.jobs.send(notifyDslsJob, { concernId }, { transaction: trx });
    const flowCard =
      card ??
      (draft.cardActivityId && draft.cardConversationId
        ? {
            activityId: draft.cardActivityId,
            conversationId: draft.cardConversationId,
          }
        : undefined);
    if (flowCard) {
      await deps.jobs.send(
        replaceFlowCardJob,
        { concernId, conversationId: flowCard.conversationId, activityId: flowCard.activityId },
        { transaction: trx },
      );
    }
    return { kind: 'submitted', concern: { id: concernId, reference, urgency, submittedAt: now } };
  });
}
