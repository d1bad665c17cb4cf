import type { AdaptiveCardJson } from '../cards/render.ts';

/**
 * How a feature answers in the conversation it was asked in. Features get this, never a
 * TurnContext, so they stay testable and free of the Bot Framework SDK.
 */
export interface Reply {
  text(text: string): Promise<void>;
  /** `summary` is the notification / preview text: it must never carry personal detail. */
  card(card: AdaptiveCardJson, summary: string): Promise<string | undefined>;
  updateCard(activityId: string, card: AdaptiveCardJson, summary: string): Promise<void>;
}

/** What a card action answers: for Action.Execute the card that replaces the clicked one. */
export interface ActionResult {
  card?: AdaptiveCardJson;
  /** Shown as a toast-like message when no card is returned. */
  message?: string;
}

/** Where a card action came from: the message holding the card, so a flow can update it later. */
export interface ActionSource {
  /** Activity id of the message whose card was clicked (the invoke's replyToId), when Teams sends it. */
  cardActivityId: string | undefined;
}
