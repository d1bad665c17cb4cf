import {
  type Activity,
  ActivityTypes,
  type CloudAdapter,
  type ConversationParameters,
  type ConversationReference,
} from 'botbuilder';
import type { ConnectorClient } from 'botframework-connector';
import type { Logger } from '../shared/logger.ts';
import type { ConversationRefs, StoredReference } from '../storage/conversation-refs.ts';
import type { SendRateLimiter } from './rate-limiter.ts';
import { describeSendError, isRecipientGone, isTransient, type SendOutcome } from './send-outcome.ts';

export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const defaultRetryPolicy: RetryPolicy = { maxAttempts: 4, baseDelayMs: 500, maxDelayMs: 30_000 };

/** An outbound message: text and/or attachments; never a TurnContext. */
export type OutboundActivity = Partial<Activity>;

export interface SendOptions {
  /**
   * Runs after the rate limiter grants an attempt and just before the message is written, for
   * every attempt: a broadcast marks its delivery row here ("still pending?"). Throwing stops the
   * send; the error is thrown from the send call unchanged.
   */
  beforeAttempt?: () => Promise<void>;
  /**
   * Runs when an attempt failed with a status worth retrying, before the wait: 429 and 412 mean
   * Teams refused the message, so a broadcast can mark it as not delivered while it waits.
   */
  beforeRetry?: (status: number | undefined) => Promise<void>;
}

export interface TeamsSender {
  /** To a stored conversation (1:1, channel or group chat). */
  sendToConversation(
    reference: StoredReference,
    activity: OutboundActivity,
    sendOptions?: SendOptions,
  ): Promise<SendOutcome>;
  /** To a person in 1:1: their stored chat, or a new one created through the connector. */
  sendToUser(
    user: { aadObjectId: string; tenantId: string | undefined },
    activity: OutboundActivity,
    sendOptions?: SendOptions,
  ): Promise<SendOutcome>;
  updateActivity(
    reference: StoredReference,
    activityId: string,
    activity: OutboundActivity,
  ): Promise<SendOutcome>;
  deleteActivity(reference: StoredReference, activityId: string): Promise<SendOutcome>;
}

/**
 * Proactive sends through the CloudAdapter: awaited, rate-limited to Teams' limits, retried
 * with backoff and jitter that honours Retry-After, and ending in a closed set of outcomes.
 */
export function createTeamsSender(options: {
  adapter: CloudAdapter;
  appId: string;
  refs: ConversationRefs;
  limiter: SendRateLimiter;
  logger: Logger;
  /** Where to create conversations when the tenant has no stored reference yet. */
  defaultServiceUrl: string;
  retry?: RetryPolicy;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}): TeamsSender {
  const retry = options.retry ?? defaultRetryPolicy;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const random = options.random ?? Math.random;

  async function attempt(
    conversationId: string,
    operation: (
      beforeWrite?: () => Promise<void>,
    ) => Promise<{ activityId: string | undefined; conversationId: string }>,
    beforeAttempt?: () => Promise<void>,
    beforeRetry?: (status: number | undefined) => Promise<void>,
  ): Promise<SendOutcome> {
    let lastRetryAfter = 0;
    for (let attemptNumber = 1; attemptNumber <= retry.maxAttempts; attemptNumber += 1) {
      await options.limiter.acquire(conversationId);
      try {
        const result = await operation(beforeAttempt);
        return { kind: 'sent', ...result };
      } catch (error) {
        if (error instanceof StoppedBeforeSend) throw error.reason;
        const { status, retryAfterMs } = describeSendError(error);
        if (isRecipientGone(status) && status !== undefined) return { kind: 'recipientGone', status };
        if (!isTransient(status)) {
          options.logger.warn({ code: 'SEND_FAILED', status }, 'send failed permanently');
          return { kind: 'failed', status };
        }
        const backoff = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (attemptNumber - 1));
        // Full jitter spreads retries from many workers; Retry-After is a floor, never shortened.
        const delay = Math.max(retryAfterMs ?? 0, Math.round(backoff * (0.5 + random() / 2)));
        lastRetryAfter = delay;
        if (attemptNumber < retry.maxAttempts) {
          await beforeRetry?.(status);
          await sleep(delay);
        } else if (status === 429 || status === 412) return { kind: 'throttled', retryAfterMs: delay };
        else {
          options.logger.warn(
            { code: 'SEND_FAILED', status, attempts: attemptNumber },
            'send failed after retries',
          );
          return { kind: 'failed', status };
        }
      }
    }
    return { kind: 'throttled', retryAfterMs: lastRetryAfter };
  }

  /**
   * Runs `logic` in a proactive turn. Errors are carried out of the turn by hand: the adapter
   * would otherwise hand them to onTurnError, and the sender would never see the status.
   */
  async function continueWith<T>(
    reference: StoredReference,
    logic: (send: ContextLike) => Promise<T>,
  ): Promise<T> {
    let outcome: { ok: true; value: T } | { ok: false; error: unknown } | undefined;
    await options.adapter.continueConversationAsync(
      options.appId,
      toConversationReference(reference),
      async (context) => {
        try {
          const value = await logic({
            connectorClient: () => {
              const client = context.turnState.get<ConnectorClient | undefined>(
                options.adapter.ConnectorClientKey,
              );
              if (!client) throw new Error('no connector client on the proactive turn');
              removeBuiltInRetry(client);
              return client;
            },
            updateActivity: (update) => context.updateActivity(update),
            deleteActivity: (id) => context.deleteActivity(id),
          });
          outcome = { ok: true, value };
        } catch (error) {
          outcome = { ok: false, error };
        }
      },
    );
    if (!outcome) throw new Error('proactive turn produced no result');
    if (!outcome.ok) throw outcome.error;
    return outcome.value;
  }

  const sender: TeamsSender = {
    sendToConversation(reference, activity, sendOptions) {
      return attempt(
        reference.conversation.id,
        (beforeWrite) =>
          continueWith(reference, async (context) => {
            const client = context.connectorClient();
            // As late as possible, so a crash between the guard and the write is as unlikely as it can be.
            if (beforeWrite) {
              try {
                await beforeWrite();
              } catch (error) {
                throw new StoppedBeforeSend(error);
              }
            }
            // Straight to the conversation: TurnContext.sendActivity would make it a reply to the
            // continuation activity, which in a channel opens a thread under a message that does not exist.
            const response = await client.conversations.sendToConversation(reference.conversation.id, {
              type: ActivityTypes.Message,
              ...activity,
              from: reference.bot,
              conversation: {
                id: reference.conversation.id,
                isGroup: reference.conversation.isGroup ?? false,
                conversationType: reference.conversation.conversationType ?? 'personal',
                name: '',
              },
              channelId: reference.channelId,
              serviceUrl: reference.serviceUrl,
            } as Activity);
            return { activityId: response?.id, conversationId: reference.conversation.id };
          }),
        sendOptions?.beforeAttempt,
        sendOptions?.beforeRetry,
      );
    },

    async sendToUser(user, activity, sendOptions) {
      const stored = await options.refs.findPersonal(user.aadObjectId);
      if (stored) {
        const outcome = await sender.sendToConversation(stored, activity, sendOptions);
        // The user may have removed the app: forget the chat and try a fresh one once.
        if (outcome.kind !== 'recipientGone') return outcome;
        await options.refs.forget(stored.conversation.id);
      }
      return createAndSend(user, activity, sendOptions);
    },

    updateActivity(reference, activityId, activity) {
      return attempt(reference.conversation.id, () =>
        continueWith(reference, async (context) => {
          await context.updateActivity({ type: ActivityTypes.Message, ...activity, id: activityId });
          return { activityId, conversationId: reference.conversation.id };
        }),
      );
    },

    deleteActivity(reference, activityId) {
      return attempt(reference.conversation.id, () =>
        continueWith(reference, async (context) => {
          await context.deleteActivity(activityId);
          return { activityId, conversationId: reference.conversation.id };
        }),
      );
    },
  };

  async function createAndSend(
    user: { aadObjectId: string; tenantId: string | undefined },
    activity: OutboundActivity,
    sendOptions?: SendOptions,
  ): Promise<SendOutcome> {
    const serviceUrl = options.defaultServiceUrl;
    const parameters: ConversationParameters = {
      isGroup: false,
      bot: { id: options.appId, name: 'Safeguarding Assistant' },
      members: [{ id: user.aadObjectId, name: '' }],
      tenantId: user.tenantId ?? '',
      channelData: user.tenantId ? { tenant: { id: user.tenantId } } : {},
      activity: undefined as unknown as Activity,
    };
    let created: StoredReference | undefined;
    const creation = await attempt(`create:${user.aadObjectId}`, async () => {
      await options.adapter.createConversationAsync(
        options.appId,
        'msteams',
        serviceUrl,
        '',
        parameters,
        async (context) => {
          created = {
            bot: { id: options.appId || 'bot' },
            channelId: 'msteams',
            serviceUrl,
            conversation: {
              id: context.activity.conversation.id,
              conversationType: 'personal',
              ...(user.tenantId ? { tenantId: user.tenantId } : {}),
            },
            user: { id: user.aadObjectId, aadObjectId: user.aadObjectId },
          };
        },
      );
      if (!created) throw new Error('createConversation returned no conversation');
      return { activityId: undefined, conversationId: created.conversation.id };
    });
    if (creation.kind !== 'sent' || !created) return creation;
    await options.refs.save(created, user.aadObjectId);
    return sender.sendToConversation(created, activity, sendOptions);
  }

  return sender;
}

function toConversationReference(stored: StoredReference): Partial<ConversationReference> {
  const { user, bot, conversation, ...rest } = stored;
  return {
    ...rest,
    bot: { id: bot.id, name: bot.name ?? '' },
    conversation: {
      ...conversation,
      isGroup: conversation.isGroup ?? false,
      name: conversation.name ?? '',
      conversationType: conversation.conversationType ?? 'personal',
    },
    ...(user
      ? { user: { id: user.id, name: '', ...(user.aadObjectId ? { aadObjectId: user.aadObjectId } : {}) } }
      : {}),
  };
}

/**
 * The connector client's pipeline retries on its own (Azure core's defaultRetryPolicy), which
 * would hide 429s and Retry-After from the sender and multiply every retry. The sender is the one
 * place that retries proactive sends, so the built-in policy is taken out of its clients.
 */
function removeBuiltInRetry(client: ConnectorClient): void {
  const inner: unknown = Reflect.get(client, 'client');
  const pipeline: unknown = inner && typeof inner === 'object' ? Reflect.get(inner, 'pipeline') : undefined;
  if (
    pipeline &&
    typeof pipeline === 'object' &&
    'removePolicy' in pipeline &&
    typeof pipeline.removePolicy === 'function'
  ) {
    pipeline.removePolicy({ name: 'defaultRetryPolicy' });
  }
}

type ContextLike = {
  connectorClient(): ConnectorClient;
  updateActivity(activity: Partial<Activity>): Promise<unknown>;
  deleteActivity(id: string): Promise<void>;
};

/** Carries an error thrown by `beforeAttempt` out of the proactive turn, unclassified. */
class StoppedBeforeSend extends Error {
  constructor(readonly reason: unknown) {
    super('stopped before send');
  }
}
