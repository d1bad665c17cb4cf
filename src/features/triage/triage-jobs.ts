import { z } from 'zod';
import { defineJob } from '../../jobs/job-queue.ts';

/**
 * Runs every escalation step that is due by the clock. Queued with `startAfter` at each due time
 * (durable: it survives restarts); the handler compares due times with the app's clock, so a
 * test can move a fake clock and queue one to drive the ladder.
 */
export const escalateJob = defineJob('triage.escalate', z.object({ subjectId: z.uuid().optional() }), {
  retryLimit: 10,
  retryDelaySeconds: 5,
});

/** Brings every stored card of a concern up to date: the backstop when an in-place update failed. */
export const refreshCardsJob = defineJob('triage.refresh-cards', z.object({ concernId: z.uuid() }), {
  retryLimit: 10,
  retryDelaySeconds: 5,
});

/** Status (acknowledged, closed) to the reporter; queued in the transaction that changes it. */
export const tellReporterJob = defineJob(
  'triage.tell-reporter',
  z.object({ concernId: z.uuid(), status: z.enum(['acknowledged', 'closed']), version: z.number().int() }),
  { retryLimit: 10, retryDelaySeconds: 5 },
);

/** A DSL's question to the reporter, as a card they can answer. */
export const sendInfoRequestJob = defineJob(
  'triage.send-info-request',
  z.object({ concernId: z.uuid(), requestId: z.uuid() }),
  { retryLimit: 10, retryDelaySeconds: 5 },
);

/** A "talk to a DSL" request to every DSL. */
export const notifyConsultationJob = defineJob(
  'triage.notify-consultation',
  z.object({ consultationId: z.uuid() }),
  { retryLimit: 10, retryDelaySeconds: 2 },
);

/** Tells the requester which DSL took their consultation, and updates the other DSLs' cards. */
export const consultationTakenJob = defineJob(
  'triage.consultation-taken',
  z.object({ consultationId: z.uuid() }),
  { retryLimit: 10, retryDelaySeconds: 5 },
);

export const triageJobs = [
  escalateJob,
  refreshCardsJob,
  tellReporterJob,
  sendInfoRequestJob,
  notifyConsultationJob,
  consultationTakenJob,
] as const;
