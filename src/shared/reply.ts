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
  /** Any other attachment (a Teams file consent card, a file info card). */
  attachment(attachment: OutboundAttachment, summary: string): Promise<void>;
}

export interface OutboundAttachment {
  contentType: string;
  name?: string;
  contentUrl?: string;
  content?: unknown;
}

/**
 * What Teams sends when someone answers a file consent card (fileConsent/invoke): for an accept,
 * where the bot may upload the file (a OneDrive upload session in the person's OneDrive).
 */
export interface FileConsentAnswer {
  action: 'accept' | 'decline';
  context: unknown;
  uploadInfo?: { name: string; uploadUrl: string; contentUrl: string; uniqueId: string; fileType: string };
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
