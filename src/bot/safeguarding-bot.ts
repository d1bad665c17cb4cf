import {
  ActivityHandler,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  CardFactory,
  type ConversationReference,
  type InvokeResponse,
  TurnContext,
} from 'botbuilder';
import { z } from 'zod';
import { type AdaptiveCardJson, adaptiveCardContentType } from '../cards/render.ts';
import type { RoleDirectory } from '../graph/roles.ts';
import type { Actor } from '../shared/actor.ts';
import { AppError, errorCodeOf } from '../shared/errors.ts';
import { newCorrelationId } from '../shared/ids.ts';
import type { Logger } from '../shared/logger.ts';
import type { ActionResult, ActionSource, FileConsentAnswer, Reply } from '../shared/reply.ts';
import type { ConversationRefs, StoredReference } from '../storage/conversation-refs.ts';
import { maxMessageTextBytes } from './activity-envelope.ts';
import { errorCard, politeCard } from './error-card.ts';
import { type CommandRoute, commandText, type VerbRoute } from './verb-table.ts';

export interface BotDependencies {
  roles: RoleDirectory;
  refs: ConversationRefs;
  commands: readonly CommandRoute[];
  /** What an unrecognised message gets. */
  fallback: (actor: Actor, text: string, reply: Reply) => Promise<void>;
  verbs: ReadonlyMap<string, VerbRoute>;
  /** A file consent card was answered (accept with an upload session, or decline). */
  fileConsent: (actor: Actor, answer: FileConsentAnswer, reply: Reply) => Promise<void>;
  /** Called when the app is installed for a person or a team (the welcome). */
  onInstalled: (actor: Actor) => Promise<void>;
  audit: (code: string, actor: Actor | undefined, subject?: string) => Promise<void>;
  logger: Logger;
}

const channelDataSchema = z.looseObject({ tenant: z.object({ id: z.string() }).optional() });

const submitValueSchema = z.looseObject({ verb: z.string().min(1).max(100) });

const fileConsentSchema = z.object({
  type: z.literal('fileUpload').optional(),
  action: z.enum(['accept', 'decline']),
  context: z.unknown(),
  uploadInfo: z
    .object({
      name: z.string().min(1).max(300),
      uploadUrl: z.url({ protocol: /^https$/ }),
      contentUrl: z.url({ protocol: /^https$/ }),
      uniqueId: z.string().min(1).max(200),
      fileType: z.string().max(20),
    })
    .optional(),
});

/**
 * The Teams activity handler: turns activities into calls on features, and nothing more.
 * Every turn: who is acting (from.aadObjectId, roles from the directory), the conversation
 * reference kept for proactive messages, and a route by command text or card verb.
 */
export class SafeguardingBot extends ActivityHandler {
  /** Conversations whose reference is already stored since start-up: saves a write per turn. */
  private readonly knownConversations = new Set<string>();

  constructor(private readonly deps: BotDependencies) {
    super();

    this.onMessage(async (context, next) => {
      await this.handleMessage(context);
      await next();
    });

    this.onMembersAdded(async (context, next) => {
      const botId = context.activity.recipient?.id;
      const botAdded = (context.activity.membersAdded ?? []).some((member) => member.id === botId);
      if (botAdded) await this.handleInstalled(context);
      await next();
    });

    this.onInstallationUpdateAdd(async (context, next) => {
      await this.handleInstalled(context);
      await next();
    });
  }

  private async actorOf(context: TurnContext): Promise<Actor | undefined> {
    const activity = context.activity;
    const aadObjectId = activity.from?.aadObjectId;
    if (!aadObjectId) return undefined;
    const conversationType = activity.conversation.conversationType;
    return {
      aadObjectId,
      tenantId:
        channelDataSchema.safeParse(activity.channelData).data?.tenant?.id ?? activity.conversation.tenantId,
      roles: await this.deps.roles.rolesOf(aadObjectId),
      conversationId: activity.conversation.id,
      conversationType:
        conversationType === 'channel'
          ? 'channel'
          : conversationType === 'groupChat'
            ? 'groupChat'
            : 'personal',
    };
  }

  private async rememberConversation(context: TurnContext, force = false): Promise<void> {
    const conversationId = context.activity.conversation.id;
    if (!force && this.knownConversations.has(conversationId)) return;
    const reference = TurnContext.getConversationReference(context.activity);
    await this.deps.refs.save(toStoredReference(reference), context.activity.from?.aadObjectId);
    this.knownConversations.add(conversationId);
  }

  private async handleInstalled(context: TurnContext): Promise<void> {
    await this.rememberConversation(context, true);
    const actor = await this.actorOf(context);
    if (actor) await this.deps.onInstalled(actor);
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    const reply = replyFor(context);
    const actor = await this.actorOf(context);
    if (!actor) {
      await reply.card(
        politeCard(
          'I could not tell who you are',
          'Please use Safeguarding Assistant from Microsoft Teams while signed in to your council account.',
        ),
        'Safeguarding Assistant',
      );
      return;
    }
    await this.rememberConversation(context);

    const rawText = context.activity.text ?? '';
    if (Buffer.byteLength(rawText, 'utf8') > maxMessageTextBytes) {
      this.deps.logger.info({ code: 'ACTIVITY_TOO_LARGE' }, 'message too long');
      await reply.card(
        politeCard(
          'That message is too long',
          'Please keep a message under about 28,000 characters. To record a concern in detail, type "raise a concern".',
        ),
        'Message too long',
      );
      return;
    }

    const submitted = submitValueSchema.safeParse(context.activity.value);
    if (submitted.success && rawText.trim() === '') {
      const result = await this.runVerb(actor, submitted.data.verb, submitted.data, reply, {
        cardActivityId: context.activity.replyToId,
      });
      if (result.card) await reply.card(result.card, 'Safeguarding Assistant');
      else if (result.message) await reply.text(result.message);
      return;
    }

    const text = (TurnContext.removeRecipientMention(context.activity) ?? rawText).trim();
    const asCommand = commandText(text);
    const command = this.deps.commands.find((route) => route.matches(asCommand));
    if (command) await command.handle(actor, text, reply);
    else await this.deps.fallback(actor, text, reply);
  }

  protected override async onAdaptiveCardInvoke(
    context: TurnContext,
    invokeValue: AdaptiveCardInvokeValue,
  ): Promise<AdaptiveCardInvokeResponse> {
    const actor = await this.actorOf(context);
    const reply = replyFor(context);
    if (!actor)
      return cardResponse(
        politeCard('I could not tell who you are', 'Please use Safeguarding Assistant from Microsoft Teams.'),
      );
    await this.rememberConversation(context);
    const verb = typeof invokeValue?.action?.verb === 'string' ? invokeValue.action.verb : '';
    const result = await this.runVerb(actor, verb, invokeValue?.action?.data ?? {}, reply, {
      cardActivityId: context.activity.replyToId,
    });
    return cardResponse(result.card ?? politeCard('Done', result.message ?? 'Done.'));
  }

  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    if (context.activity.name !== 'fileConsent/invoke') return super.onInvokeActivity(context);
    const actor = await this.actorOf(context);
    const answer = fileConsentSchema.safeParse(context.activity.value);
    if (!actor || !answer.success || (answer.data.action === 'accept' && !answer.data.uploadInfo)) {
      this.deps.logger.warn({ code: 'FILE_CONSENT_INVALID' }, 'file consent answer refused');
      await this.deps.audit('FILE_CONSENT_INVALID', actor);
      return { status: 400 };
    }
    await this.rememberConversation(context);
    try {
      await this.deps.fileConsent(actor, answer.data, replyFor(context));
    } catch (error) {
      const correlationId = newCorrelationId();
      this.deps.logger.error(
        { code: errorCodeOf(error), correlationId, err: safeError(error) },
        'file consent failed',
      );
      await replyFor(context).card(
        errorCard(errorCodeOf(error), 'The file could not be sent. Nothing was shared.', correlationId),
        'Safeguarding Assistant',
      );
    }
    return { status: 200 };
  }

  private async runVerb(
    actor: Actor,
    verb: string,
    data: unknown,
    reply: Reply,
    source: ActionSource,
  ): Promise<ActionResult> {
    const route = this.deps.verbs.get(verb);
    if (!route) {
      this.deps.logger.warn({ code: 'VERB_UNKNOWN' }, 'unknown card verb');
      await this.deps.audit('VERB_UNKNOWN', actor);
      return {
        card: errorCard(
          'VERB_UNKNOWN',
          'This button is not recognised. It may be from an older version of the card.',
          '',
        ),
      };
    }
    try {
      const result = await route.run(actor, data, reply, source);
      if (result === 'invalid') {
        this.deps.logger.warn({ code: 'VERB_DATA_INVALID', verb }, 'card data invalid');
        await this.deps.audit('VERB_DATA_INVALID', actor, verb);
        return {
          card: errorCard(
            'VERB_DATA_INVALID',
            'That card sent something I could not accept. Nothing was changed.',
            '',
          ),
        };
      }
      return result;
    } catch (error) {
      if (error instanceof AppError && error.code === 'ROLE_FORBIDDEN') {
        this.deps.logger.warn({ code: error.code, verb }, 'role check refused an action');
        await this.deps.audit(error.code, actor, verb);
        return { card: errorCard(error.code, error.publicMessage, '') };
      }
      const correlationId = newCorrelationId();
      this.deps.logger.error(
        { code: errorCodeOf(error), correlationId, verb, err: safeError(error) },
        'card action failed',
      );
      return {
        card: errorCard(errorCodeOf(error), 'Something went wrong and nothing was changed.', correlationId),
      };
    }
  }
}

function cardResponse(card: AdaptiveCardJson): AdaptiveCardInvokeResponse {
  return { statusCode: 200, type: adaptiveCardContentType, value: card };
}

/**
 * Error type and stack only: messages of third-party errors may quote request content. The type
 * is under `type`, not `name`, because the logger redacts every `name` field (people's names).
 */
export function safeError(error: unknown): { type: string; stack?: string } {
  if (error instanceof Error)
    return {
      type: error.name,
      ...(error.stack ? { stack: error.stack.split('\n').slice(1, 6).join('\n') } : {}),
    };
  return { type: typeof error };
}

export function replyFor(context: TurnContext): Reply {
  return {
    async text(text) {
      await context.sendActivity({ type: 'message', text });
    },
    async card(card, summary) {
      const response = await context.sendActivity({
        type: 'message',
        summary,
        attachments: [CardFactory.adaptiveCard(card)],
      });
      return response?.id;
    },
    async updateCard(activityId, card, summary) {
      await context.updateActivity({
        id: activityId,
        type: 'message',
        summary,
        attachments: [CardFactory.adaptiveCard(card)],
      });
    },
    async attachment(attachment, summary) {
      await context.sendActivity({ type: 'message', summary, attachments: [attachment] });
    },
  };
}

export function toStoredReference(reference: Partial<ConversationReference>): StoredReference {
  // No activityId: a proactive message is a new post, not a reply to whatever was said last.
  return {
    bot: { id: reference.bot?.id ?? 'bot', ...(reference.bot?.name ? { name: reference.bot.name } : {}) },
    channelId: reference.channelId ?? 'msteams',
    conversation: {
      id: reference.conversation?.id ?? '',
      ...(reference.conversation?.conversationType
        ? { conversationType: reference.conversation.conversationType }
        : {}),
      ...(reference.conversation?.tenantId ? { tenantId: reference.conversation.tenantId } : {}),
      ...(reference.conversation?.isGroup !== undefined ? { isGroup: reference.conversation.isGroup } : {}),
    },
    serviceUrl: reference.serviceUrl ?? '',
    ...(reference.user
      ? {
          user: {
            id: reference.user.id,
            ...(reference.user.aadObjectId ? { aadObjectId: reference.user.aadObjectId } : {}),
          },
        }
      : {}),
    ...(reference.locale ? { locale: reference.locale } : {}),
  };
}
