import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as ACData from 'adaptivecards-templating';
import { z } from 'zod';

const cardsDir = join(dirname(fileURLToPath(import.meta.url)), '../../cards/');

/** The data each card template binds, checked before binding so a template never renders half-empty. */
export const cardSchemas = {
  welcome: z.object({
    title: z.string(),
    intro: z.string(),
    roleLine: z.string(),
    capabilities: z.array(z.object({ name: z.string(), description: z.string(), command: z.string() })),
    emergencyLine: z.string(),
  }),
  error: z.object({
    title: z.string(),
    message: z.string(),
    supportLine: z.string(),
    correlationId: z.string(),
  }),
} as const;

export type CardName = keyof typeof cardSchemas;
export type CardData<N extends CardName> = z.input<(typeof cardSchemas)[N]>;

/** An Adaptive Card as JSON, ready to attach. */
export type AdaptiveCardJson = { type: 'AdaptiveCard'; version: string; [key: string]: unknown };

const adaptiveCardSchema = z.looseObject({ type: z.literal('AdaptiveCard'), version: z.string() });

const templates = new Map<CardName, ACData.Template>();

function templateFor(name: CardName): ACData.Template {
  let template = templates.get(name);
  if (!template) {
    const json: unknown = JSON.parse(readFileSync(join(cardsDir, `${name}.json`), 'utf8'));
    template = new ACData.Template(json);
    templates.set(name, template);
  }
  return template;
}

export function renderCard<N extends CardName>(name: N, data: CardData<N>): AdaptiveCardJson {
  const bound = cardSchemas[name].parse(data);
  const expanded: unknown = templateFor(name).expand({ $root: bound });
  return adaptiveCardSchema.parse(expanded);
}

/**
 * Text typed by a user, made safe to show inside a TextBlock: Adaptive Card markdown would
 * otherwise turn it into links, emphasis or lists.
 */
export function asPlainText(text: string): string {
  return text.replace(/[\\`*_[\]()#+\-!<>|~]/g, (character) => `\\${character}`);
}

export const adaptiveCardContentType = 'application/vnd.microsoft.card.adaptive';
