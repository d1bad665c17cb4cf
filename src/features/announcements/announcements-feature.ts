import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { AppInstaller, AudienceDirectory } from '../../graph/audiences.ts';
import type { Feature, FeatureContext } from '../feature.ts';
import type { AnnouncementDeps } from './announcement-deps.ts';
import { announcementSweepJob, fanOutChangeJob, sendAnnouncementJob } from './announcement-jobs.ts';
import { announcementCommands, announcementVerbs } from './announcement-routes.ts';
import { fanOutChange } from './change-sent-announcement.ts';
import { deliverAnnouncement, recoverStaleClaims } from './deliver-announcement.ts';
import { sweepAnnouncementsWorker } from './sweep-announcements.ts';

export interface AnnouncementOptions {
  directory?: AudienceDirectory | undefined;
  installer?: AppInstaller | undefined;
  /** The policy Q&A's re-index, called after a procedure change stores a new policy document. */
  reindexKnowledge?: (() => Promise<void>) | undefined;
  defaultServiceUrl: string;
}

/**
 * Announcements: coordinators compose, preview, and send or schedule the quarterly newsletter and
 * procedure changes to staff; delivery is a durable, rate-limited job over one row per recipient;
 * staff confirm reading; coordinators and DSLs see reach and acknowledgement.
 */
export function announcementsFeature(context: FeatureContext, options: AnnouncementOptions): Feature {
  let stopping = false;
  const deps: AnnouncementDeps = {
    context,
    directory: options.directory,
    installer: options.installer,
    reindexKnowledge: options.reindexKnowledge,
    defaultServiceUrl: options.defaultServiceUrl,
    workerId: randomUUID(),
    stopping: () => stopping,
    progress: new Map(),
    refreshing: new Map(),
  };
  return {
    name: 'announcements',
    capabilities: [
      {
        name: 'Announcements',
        description:
          'Send the quarterly newsletter or a procedure change to staff, see who has read it, and recall or edit it.',
        command: 'new announcement',
        forRoles: ['coordinator'],
      },
      {
        name: 'Announcement reports',
        description:
          'Reach and "I\'ve read this" figures for recent announcements, by department, with a CSV export.',
        command: 'announcements',
        forRoles: ['coordinator', 'dsl'],
      },
    ],
    commands: announcementCommands(deps),
    verbs: announcementVerbs(deps),
    async start() {
      await context.jobs.register(sendAnnouncementJob, fanOutChangeJob, announcementSweepJob);
      // The embedded database has one process: every claim left from before is from a dead worker.
      await recoverStaleClaims(deps, { everyOtherWorker: !context.config.DATABASE_URL });
      await context.jobs.work(sendAnnouncementJob, deliverAnnouncement(deps), { concurrency: 2 });
      await context.jobs.work(fanOutChangeJob, fanOutChange(deps), { concurrency: 1 });
      await context.jobs.work(announcementSweepJob, sweepAnnouncementsWorker(deps), { concurrency: 1 });
      await resumeInterrupted(deps);
      await context.jobs.send(announcementSweepJob, {});
    },
    async stop() {
      stopping = true;
    },
  };
}

/**
 * After a crash the send job may sit `active` until pg-boss expires it: sending resumes now
 * instead, with a fresh job per unfinished announcement (the delivery rows stop duplicates).
 */
async function resumeInterrupted(deps: AnnouncementDeps): Promise<void> {
  const { context } = deps;
  const sending = await context.db
    .selectFrom('announcements')
    .select(['id', 'version'])
    .where('status', '=', 'sending')
    .execute();
  for (const row of sending)
    await context.jobs.send(sendAnnouncementJob, { announcementId: row.id, version: row.version });
  const unfinished = await context.db
    .selectFrom('announcements as a')
    .select(['a.id', 'a.status'])
    .where('a.status', 'in', ['sent', 'recalled'])
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('deliveries as d')
          .select(sql`1`.as('one'))
          .whereRef('d.announcement_id', '=', 'a.id')
          .where('d.status', '=', 'sent')
          .where('d.activity_id', 'is not', null)
          .where((eb) =>
            eb.or([
              eb('a.status', '=', 'recalled'),
              eb('d.updated_version', 'is', null),
              eb('d.updated_version', '<', eb.ref('a.version')),
            ]),
          ),
      ),
    )
    .execute();
  for (const row of unfinished)
    await context.jobs.send(fanOutChangeJob, {
      announcementId: row.id,
      action: row.status === 'recalled' ? 'delete' : 'update',
    });
  if (sending.length + unfinished.length > 0)
    context.logger.info(
      { code: 'ANNOUNCEMENTS_RESUMED', sending: sending.length, changes: unfinished.length },
      'unfinished announcements resumed',
    );
}
