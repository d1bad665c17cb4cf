import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { testEngines } from '../../../test/kit/test-database.ts';
import { loadConfig } from '../../config.ts';
import type { RoleDirectory } from '../../graph/roles.ts';
import type { JobQueue } from '../../jobs/job-queue.ts';
import { createLogger } from '../../shared/logger.ts';
import { conversationRefs } from '../../storage/conversation-refs.ts';
import type { Database } from '../../storage/database.ts';
import type { SendOptions, TeamsSender } from '../../teams/teams-sender.ts';
import type { AnnouncementDeps } from './announcement-deps.ts';
import { loadAnnouncement } from './announcement-store.ts';
import { sendPending } from './deliver-announcement.ts';

/** A sender that records who it sent to, after running the "still pending?" guard as the real one does. */
function recordingSender(sent: string[]): TeamsSender {
  const send = async (conversationId: string, options?: SendOptions) => {
    await options?.beforeAttempt?.();
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 3));
    // Deliveries carry the guard; the coordinator's progress card does not.
    if (options?.beforeAttempt) sent.push(conversationId);
    return { kind: 'sent' as const, activityId: randomUUID(), conversationId };
  };
  return {
    sendToConversation: (reference, _activity, options) => send(reference.conversation.id, options),
    sendToUser: (user, _activity, options) => send(`new:${user.aadObjectId}`, options),
    updateActivity: async () => ({ kind: 'sent', activityId: undefined, conversationId: '' }),
    deleteActivity: async () => ({ kind: 'sent', activityId: undefined, conversationId: '' }),
  };
}

async function seed(database: Database, recipients: number): Promise<string> {
  const id = randomUUID();
  const now = new Date();
  await database.db
    .insertInto('announcements')
    .values({
      id,
      author_aad_id: 'author',
      author_tenant_id: null,
      author_conversation_id: null,
      kind: 'general',
      title: 'Split the work',
      content: JSON.stringify({ summary: '', body: 'Body', link: '', whatChanged: '', effectiveDate: '' }),
      audience: JSON.stringify({ kind: 'everyone', groupIds: [] }),
      ack_required: false,
      status: 'sending',
      version: 1,
      recipients_total: recipients,
      created_at: now,
      updated_at: now,
      started_at: now,
      // A control card "already shown", so progress refreshes stay out of this test.
      control_conversation_id: 'none',
      control_activity_id: 'none',
    })
    .execute();
  const refs = conversationRefs(database.db);
  const users = Array.from({ length: recipients }, (_, index) => `user-${index}`);
  for (const user of users.slice(0, recipients / 2))
    await refs.save(
      {
        bot: { id: 'bot' },
        channelId: 'msteams',
        serviceUrl: 'https://example.invalid/',
        conversation: { id: `a:${user}`, conversationType: 'personal' },
      },
      user,
    );
  await database.db
    .insertInto('deliveries')
    .values(
      users.map((user, seq) => ({ announcement_id: id, user_aad_id: user, seq, status: 'pending' as const })),
    )
    .execute();
  return id;
}

describe.each(testEngines())('two workers on one database ($name)', (engine) => {
  it('split one announcement between them: every recipient exactly once', async () => {
    const { database, dispose } = await engine.open();
    try {
      const id = await seed(database, 200);
      const loaded = loadConfig({ ANNOUNCEMENT_SEND_CONCURRENCY: '8', ANNOUNCEMENT_PROGRESS_SECONDS: '60' });
      if (!loaded.ok) throw new Error('config');
      const sent: string[] = [];
      const worker = (workerId: string): AnnouncementDeps => ({
        context: {
          config: loaded.config,
          db: database.db,
          jobs: undefined as unknown as JobQueue,
          sender: recordingSender(sent),
          roles: undefined as unknown as RoleDirectory,
          refs: conversationRefs(database.db),
          clock: { now: () => new Date() },
          logger: createLogger({ level: 'silent' }),
          audit: async () => undefined,
        },
        directory: undefined,
        installer: undefined,
        reindexKnowledge: undefined,
        defaultServiceUrl: 'https://example.invalid/',
        workerId,
        stopping: () => false,
        refreshing: new Map(),
        progress: new Map([[id, { lastRefresh: Date.now() + 3_600_000, first: { at: 0, done: 0 } }]]),
      });
      const announcement = await loadAnnouncement(database.db, id);
      if (!announcement) throw new Error('not seeded');
      await Promise.all([
        sendPending(worker('one'), { ...announcement }),
        sendPending(worker('two'), { ...announcement }),
      ]);
      expect(sent).toHaveLength(200);
      expect(new Set(sent).size).toBe(200);
      const rows = await database.db
        .selectFrom('deliveries')
        .select('status')
        .where('announcement_id', '=', id)
        .execute();
      expect(rows.every((row) => row.status === 'sent')).toBe(true);
      expect((await loadAnnouncement(database.db, id))?.status).toBe('sent');
    } finally {
      await dispose();
    }
  });
});
