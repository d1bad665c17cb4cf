import { type AdaptiveCardJson, adaptiveCardContentType } from '../cards/render.ts';
import type { OutboundActivity } from './teams-sender.ts';

/** A message carrying one Adaptive Card; `summary` is the notification text (no personal detail). */
export function cardActivity(card: AdaptiveCardJson, summary: string): OutboundActivity {
  return { type: 'message', summary, attachments: [{ contentType: adaptiveCardContentType, content: card }] };
}
