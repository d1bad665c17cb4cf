import {
  executeActivity,
  messageActivity,
  personalConversationId,
  staffUser,
  type TestUser,
} from './activities.ts';
import { press } from './card-actions.ts';
import { cardsIn } from './cards.ts';
import type { ConnectorStandIn } from './connector-stand-in.ts';

interface Target {
  post(activity: unknown): Promise<{ status: number; body: unknown }>;
  connector: ConnectorStandIn;
}

/** The Adaptive Card an invoke answered with (the card that replaces the clicked one). */
export function invokeCard(body: unknown): unknown {
  return typeof body === 'object' && body !== null && 'value' in body ? body.value : undefined;
}

/**
 * A person in their 1:1 chat with the bot: types messages, and fills in and presses the card in
 * front of them, as the Teams client does (the invoke names the message holding the card).
 */
export class ChatUser {
  /** The card on screen and the message that holds it. */
  card: unknown;
  messageId: string | undefined;

  constructor(
    private readonly target: Target,
    readonly user: TestUser = staffUser,
  ) {}

  /** Types a message; the bot's reply (a new message) becomes the card on screen. */
  async say(text: string): Promise<{ status: number; card: unknown; summary: unknown }> {
    const before = this.target.connector.calls.length;
    const response = await this.target.post(
      messageActivity({ serviceUrl: this.target.connector.url, user: this.user, text }),
    );
    // Only this person's chat: background jobs may be sending cards to others at the same time.
    const reply = this.target.connector.calls
      .slice(before)
      .find(
        (call) =>
          (call.kind === 'reply' || call.kind === 'send') &&
          call.conversationId === personalConversationId(this.user) &&
          cardsIn(call.activity).length > 0,
      );
    if (reply) {
      this.card = cardsIn(reply.activity)[0];
      this.messageId = reply.responseId;
    }
    return {
      status: response.status,
      card: reply ? this.card : undefined,
      summary: reply?.activity?.summary,
    };
  }

  /** Fills in `entries` and presses the button with this verb; the answer replaces the card. */
  async press(
    verb: string,
    entries: Record<string, string> = {},
    where: Record<string, unknown> = {},
  ): Promise<{ status: number; card: unknown }> {
    const action = press(this.card, verb, entries, where);
    return this.invoke(action.verb, action.data);
  }

  /** Sends an invoke with exactly this data, as a crafted request would. */
  async invoke(verb: string, data: Record<string, unknown>): Promise<{ status: number; card: unknown }> {
    const response = await this.target.post(
      executeActivity({
        serviceUrl: this.target.connector.url,
        user: this.user,
        verb,
        data,
        ...(this.messageId ? { replyToId: this.messageId } : {}),
      }),
    );
    const card = invokeCard(response.body);
    if (response.status === 200 && card) this.card = card;
    return { status: response.status, card };
  }

  /** Shows a card from another message (a reminder, a list) as the one on screen. */
  lookAt(card: unknown, messageId: string | undefined): void {
    this.card = card;
    this.messageId = messageId;
  }
}
