import { z } from 'zod';
import { defineJob } from '../../jobs/job-queue.ts';

/**
 * Queued in the transaction that submits a concern, so it exists exactly when the concern does.
 * DSL triage works it (posts the triage card to every on-duty DSL).
 */
export const notifyDslsJob = defineJob('concern.notify-dsls', z.object({ concernId: z.uuid() }), {
  retryLimit: 10,
  retryDelaySeconds: 2,
});

/**
 * Queued the moment a reporter answers Yes to immediate danger at step 1, before the concern is
 * complete: DSL triage alerts the DSLs with what the draft holds so far.
 */
export const alertImmediateJob = defineJob('concern.alert-immediate', z.object({ draftId: z.uuid() }), {
  retryLimit: 10,
  retryDelaySeconds: 1,
});

/**
 * Replaces the flow card in the reporter's chat with the receipt. Queued with the submission, so
 * the detail leaves the chat even if the process dies before it answers the Submit click.
 */
export const replaceFlowCardJob = defineJob(
  'concern.replace-flow-card',
  z.object({ concernId: z.uuid(), conversationId: z.string().min(1), activityId: z.string().min(1) }),
  { retryLimit: 8, retryDelaySeconds: 5 },
);

/** Reminds owners of drafts about to expire and deletes expired drafts; it queues its own next run. */
export const sweepDraftsJob = defineJob('concern.sweep-drafts', z.object({}), {
  retryLimit: 3,
  retryDelaySeconds: 60,
});
