import { z } from 'zod';
import { defineJob } from '../../jobs/job-queue.ts';

/**
 * Sends an announcement: resolves its audience into delivery rows once, then claims and sends
 * them. Several may run for one announcement (after a restart, or on several instances): the
 * delivery rows, not the job, decide who gets a message, so extra jobs only share the work.
 * `version` ties a scheduled job to the version it was scheduled for: an edit makes it a no-op.
 */
export const sendAnnouncementJob = defineJob(
  'announcement.send',
  z.object({ announcementId: z.uuid(), version: z.number().int().min(1) }),
  { retryLimit: 20, retryDelaySeconds: 10, expireInSeconds: 6 * 60 * 60 },
);

/** Applies an edit (update) or a recall (delete) to every message already sent. */
export const fanOutChangeJob = defineJob(
  'announcement.fan-out',
  z.object({ announcementId: z.uuid(), action: z.enum(['update', 'delete']) }),
  { retryLimit: 20, retryDelaySeconds: 10, expireInSeconds: 6 * 60 * 60 },
);

/** Reminders to those who have not acknowledged, and the quarterly newsletter reminder; hourly. */
export const announcementSweepJob = defineJob('announcement.sweep', z.object({}), {
  retryLimit: 3,
  retryDelaySeconds: 60,
});
