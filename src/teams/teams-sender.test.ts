import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConnectorStandIn } from '../../test/kit/connector-stand-in.ts';
import { openTestDatabase } from '../../test/kit/test-database.ts';
import { createAdapter } from '../bot/create-adapter.ts';
import { loadConfig } from '../config.ts';
import { createLogger } from '../shared/logger.ts';
import { conversationRefs } from '../storage/conversation-refs.ts';
import type { Database } from '../storage/database.ts';
import { teamsRateLimiter } from './rate-limiter.ts';
import { createTeamsSender, type TeamsSender } from './teams-sender.ts';

const connector = new ConnectorStandIn();
let database: Database;
let sender: TeamsSender;
const slept: number[] = [];

function reference(conversationId: string) {
  return {
    bot: { id: '28:bot' },
    channelId: 'msteams',
    serviceUrl: connector.url,
    conversation: { id: conversationId, conversationType: 'personal', tenantId: 't1' },
    user: { id: '29:user', aadObjectId: 'user-1' },
  };
}

beforeAll(async () => {
  await connector.start();
  database = await openTestDatabase();
  const loaded = loadConfig({});
  if (!loaded.ok) throw new Error('config');
  const logger = createLogger({ level: 'silent' });
  sender = createTeamsSender({
    adapter: createAdapter(loaded.config, logger),
    appId: '',
    refs: conversationRefs(database.db),
    limiter: teamsRateLimiter({ tenantPerSecond: 50 }),
    logger,
    defaultServiceUrl: connector.url,
    retry: { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1000 },
    sleep: async (ms) => {
      slept.push(ms);
    },
    random: () => 1,
  });
});
afterAll(async () => {
  await connector.stop();
  await database.close();
});
beforeEach(() => {
  connector.reset();
  slept.length = 0;
});

const message = { text: 'New safeguarding concern SG-2026-00042, urgent' };

describe('proactive sends through the real CloudAdapter', () => {
  it('posts a new message to the conversation (not a reply) and returns its id', async () => {
    const outcome = await sender.sendToConversation(reference('a:c1'), message);
    expect(outcome).toMatchObject({ kind: 'sent', conversationId: 'a:c1' });
    expect(outcome.kind === 'sent' && outcome.activityId).toBeTruthy();
    expect(connector.calls.map((call) => call.kind)).toEqual(['send']);
  });

  it('on 429 waits at least Retry-After, then delivers', async () => {
    connector.fail({ status: 429, retryAfterSeconds: 3, times: 1 });
    const outcome = await sender.sendToConversation(reference('a:c2'), message);
    expect(outcome.kind).toBe('sent');
    expect(slept).toEqual([3000]);
    expect(connector.calls.map((call) => call.status)).toEqual([429, 200]);
  });

  it('on 502/503/504 retries with exponential backoff', async () => {
    connector.fail({ status: 503, times: 2 });
    const outcome = await sender.sendToConversation(reference('a:c3'), message);
    expect(outcome.kind).toBe('sent');
    expect(slept).toEqual([100, 200]);
  });

  it('returns throttled when 429 persists beyond the retry budget', async () => {
    connector.fail({ status: 429, retryAfterSeconds: 1 });
    const outcome = await sender.sendToConversation(reference('a:c4'), message);
    expect(outcome).toEqual({ kind: 'throttled', retryAfterMs: 1000 });
    expect(connector.calls).toHaveLength(4);
  });

  it('403 (app blocked) and 404 (conversation gone) end as recipientGone without retrying', async () => {
    connector.fail({ status: 403, code: 'MessageWritesBlocked', times: 1 });
    expect(await sender.sendToConversation(reference('a:c5'), message)).toEqual({
      kind: 'recipientGone',
      status: 403,
    });
    connector.fail({ status: 404, code: 'ConversationNotFound', times: 1 });
    expect(await sender.sendToConversation(reference('a:c6'), message)).toEqual({
      kind: 'recipientGone',
      status: 404,
    });
    expect(connector.calls).toHaveLength(2);
    expect(slept).toEqual([]);
  });

  it('a 400 fails at once: retrying a bad request cannot help', async () => {
    connector.fail({ status: 400, times: 1 });
    expect(await sender.sendToConversation(reference('a:c7'), message)).toEqual({
      kind: 'failed',
      status: 400,
    });
  });

  it('to a user with no stored chat: creates the 1:1 conversation, stores it, then sends', async () => {
    const outcome = await sender.sendToUser({ aadObjectId: 'new-user-1', tenantId: 't1' }, message);
    expect(outcome.kind).toBe('sent');
    expect(connector.calls.map((call) => call.kind)).toEqual(['createConversation', 'send']);
    const created = connector.calls[0];
    expect(created?.parameters).toMatchObject({
      isGroup: false,
      members: [{ id: 'new-user-1' }],
      tenantId: 't1',
    });
    const stored = await conversationRefs(database.db).findPersonal('new-user-1');
    expect(stored?.conversation.id).toBe(created?.conversationId);
    connector.reset();
    await sender.sendToUser({ aadObjectId: 'new-user-1', tenantId: 't1' }, message);
    expect(connector.calls.map((call) => call.kind)).toEqual(['send']);
  });

  it('when the stored chat is gone (404), forgets it and creates a new one once', async () => {
    await conversationRefs(database.db).save(reference('a:stale'), 'user-stale');
    connector.fail({ status: 404, times: 1, match: (call) => call.conversationId === 'a:stale' });
    const outcome = await sender.sendToUser({ aadObjectId: 'user-stale', tenantId: 't1' }, message);
    expect(outcome.kind).toBe('sent');
    expect(connector.calls.map((call) => call.kind)).toEqual(['send', 'createConversation', 'send']);
    expect(await conversationRefs(database.db).findConversation('a:stale')).toBeUndefined();
  });

  it('updates and deletes a sent activity', async () => {
    const sent = await sender.sendToConversation(reference('a:c8'), message);
    if (sent.kind !== 'sent' || !sent.activityId) throw new Error('not sent');
    expect((await sender.updateActivity(reference('a:c8'), sent.activityId, { text: 'Updated' })).kind).toBe(
      'sent',
    );
    expect((await sender.deleteActivity(reference('a:c8'), sent.activityId)).kind).toBe('sent');
    expect(connector.calls.map((call) => [call.kind, call.activityId])).toEqual([
      ['send', undefined],
      ['update', sent.activityId],
      ['delete', sent.activityId],
    ]);
  });
});
