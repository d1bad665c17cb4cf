import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../src/storage/database.ts';
import { executeActivity, messageActivity, type TestUser, testTenantId } from '../test/kit/activities.ts';
import { press } from '../test/kit/card-actions.ts';
import { cardsIn } from '../test/kit/cards.ts';
import { invokeCard } from '../test/kit/concern-driver.ts';
import { type ConnectorCall, ConnectorStandIn, teamsLimits } from '../test/kit/connector-stand-in.ts';
import { type BotProcess, startBotProcess } from './bot-process.ts';

const coordinator: TestUser = {
  aadObjectId: 'cccccccc-0000-4000-8000-00000000bec0',
  name: 'Bench Coordinator',
};
const recipientId = (index: number) => `bbbbbbbb-0000-4000-8000-${String(index).padStart(12, '0')}`;
const conversationOf = (aadObjectId: string) => `a:bench-${aadObjectId}`;

/**
 * Broadcast to N recipients through the connector stand-in enforcing Teams' limits (per
 * conversation, and per tenant at `perSecond`), with the bot as its own process. Recipients are
 * seeded with stored conversation references, so no Graph is needed. With `killHalfway`, the bot
 * is SIGKILLed once half have been delivered and started again on the same data folder.
 */
async function broadcastOnce(options: { recipients: number; perSecond: number; killHalfway: boolean }) {
  const connector = await new ConnectorStandIn().start();
  connector.enforceLimits({
    perConversation: teamsLimits.perConversation,
    perTenantPerSecond: options.perSecond,
  });
  const dataDir = await mkdtemp(join(tmpdir(), 'sa-broadcast-'));
  const recipients = [
    ...Array.from({ length: options.recipients }, (_, index) => recipientId(index)),
    coordinator.aadObjectId,
  ];
  await seedReferences(join(dataDir, 'db'), connector.url, recipients);
  const env = {
    LOG_LEVEL: 'warn',
    TENANT_SEND_PER_SECOND: String(options.perSecond),
    COORDINATOR_USERS: coordinator.aadObjectId,
    ANNOUNCEMENT_SEND_CONCURRENCY: '32',
  };
  let bot: BotProcess = await startBotProcess({ env, dataDir });
  const isDelivery = (call: ConnectorCall) =>
    call.kind === 'send' &&
    call.status < 300 &&
    String(call.activity?.summary ?? '').startsWith('Safeguarding announcement');
  const post = async (activity: unknown) => {
    const response = await fetch(`${bot.url}/api/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(activity),
    });
    const text = await response.text();
    return text ? JSON.parse(text) : undefined;
  };
  await post(
    messageActivity({
      serviceUrl: connector.url,
      user: coordinator,
      text: 'new announcement',
      conversationId: conversationOf(coordinator.aadObjectId),
    }),
  );
  const composeCall = connector.calls.find(
    (call) => call.kind === 'reply' && cardsIn(call.activity).length > 0,
  );
  const preview = press(cardsIn(composeCall?.activity)[0], 'announcement.preview', {
    kind: 'general',
    title: 'Bench broadcast',
    body: 'Ten thousand copies of this, each exactly once.',
    audience: 'everyone',
    when: 'now',
  });
  const review = invokeCard(
    await post(
      executeActivity({
        serviceUrl: connector.url,
        user: coordinator,
        verb: preview.verb,
        data: preview.data,
        conversationId: conversationOf(coordinator.aadObjectId),
      }),
    ),
  );
  const send = press(review, 'announcement.send');
  // The preview went to the coordinator as a delivery-like message: only count what follows.
  const previewCalls = connector.calls.length;
  const started = performance.now();
  const startedWall = Date.now();
  await post(
    executeActivity({
      serviceUrl: connector.url,
      user: coordinator,
      verb: send.verb,
      data: send.data,
      conversationId: conversationOf(coordinator.aadObjectId),
    }),
  );

  const delivered = () => connector.calls.slice(previewCalls).filter(isDelivery);
  let restartMs = 0;
  if (options.killHalfway) {
    await waitUntil(() => delivered().length >= recipients.length / 2, 120_000);
    await bot.stop('SIGKILL');
    const restartedAt = performance.now();
    bot = await startBotProcess({ env, dataDir });
    restartMs = performance.now() - restartedAt;
  }
  const unique = () => new Set(delivered().map((call) => call.conversationId)).size;
  await waitUntil(
    () => unique() >= recipients.length,
    180_000,
    15_000,
    () => delivered().length,
  );
  const totalMs = performance.now() - started;
  const firstMs = Math.min(...delivered().map((call) => call.at)) - startedWall;
  // Give anything still in flight (a duplicate would be one) a moment to arrive.
  await new Promise((resolve) => setTimeout(resolve, 1000));
  await bot.stop('SIGTERM');

  const perRecipient = new Map<string, number>();
  for (const call of delivered())
    perRecipient.set(call.conversationId, (perRecipient.get(call.conversationId) ?? 0) + 1);
  const lost = recipients.filter((id) => !perRecipient.has(conversationOf(id))).length;
  const duplicated = [...perRecipient.values()].filter((count) => count > 1).length;
  const database = await openDatabase({ kind: 'pglite', dataDir: join(dataDir, 'db') });
  const uncertain = await database.db
    .selectFrom('deliveries')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('status', '=', 'uncertain')
    .executeTakeFirstOrThrow();
  await database.close();
  await connector.stop();
  await rm(dataDir, { recursive: true, force: true });
  return {
    recipients: recipients.length,
    totalMs,
    firstMs,
    restartMs,
    idealMs: (recipients.length / options.perSecond) * 1000,
    lost,
    duplicated,
    throttled: connector.throttled,
    uncertain: Number(uncertain.count),
  };
}

async function seedReferences(dbDir: string, serviceUrl: string, users: readonly string[]): Promise<void> {
  const database = await openDatabase({ kind: 'pglite', dataDir: dbDir });
  for (let start = 0; start < users.length; start += 1000) {
    await database.db
      .insertInto('conversation_refs')
      .values(
        users.slice(start, start + 1000).map((aadObjectId) => ({
          conversation_id: conversationOf(aadObjectId),
          aad_object_id: aadObjectId,
          conversation_type: 'personal',
          tenant_id: testTenantId,
          service_url: serviceUrl,
          reference: JSON.stringify({
            bot: { id: '28:safeguarding-assistant' },
            channelId: 'msteams',
            serviceUrl,
            conversation: {
              id: conversationOf(aadObjectId),
              conversationType: 'personal',
              tenantId: testTenantId,
            },
            user: { id: `29:${aadObjectId}`, aadObjectId },
          }),
          updated_at: new Date(),
        })),
      )
      .execute();
  }
  await database.close();
}

async function waitUntil(
  condition: () => boolean,
  timeoutMs: number,
  stallMs = Number.POSITIVE_INFINITY,
  progress: () => number = () => 0,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = progress();
  let lastChange = Date.now();
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('broadcast bench timed out');
    const now = progress();
    if (now !== last) {
      last = now;
      lastChange = Date.now();
    } else if (Date.now() - lastChange > stallMs) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export async function benchBroadcast(options: { recipients: number; perSecond: number }): Promise<void> {
  for (const killHalfway of [false, true]) {
    const result = await broadcastOnce({ ...options, killHalfway });
    const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
    console.log(
      `broadcast${killHalfway ? ' (SIGKILL halfway, restart)' : ''}: ${result.recipients.toLocaleString('en-GB')} recipients, ` +
        `tenant limit ${options.perSecond}/s: total ${seconds(result.totalMs)}, ideal ${seconds(result.idealMs)}, ` +
        `ratio ${(result.totalMs / result.idealMs).toFixed(3)} (first message after ${seconds(result.firstMs)})` +
        (killHalfway ? ` (restart took ${seconds(result.restartMs)})` : '') +
        `; lost ${result.lost}, duplicated ${result.duplicated}, 429s received ${result.throttled}, ` +
        `delivery unknown ${result.uncertain} (target: within 10% of ideal, 0 lost, 0 duplicated)`,
    );
  }
}
