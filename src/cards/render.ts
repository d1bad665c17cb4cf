import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const cardsDir = join(dirname(fileURLToPath(import.meta.url)), '../../cards/');

/** An Adaptive Card as JSON, ready to attach. */
export type AdaptiveCardJson = { type: 'AdaptiveCard'; version: string; [key: string]: unknown };

/** The one class we use from adaptivecards-templating. */
interface CardTemplateEngine {
  expand(context: { $root: unknown }): unknown;
}
type CardTemplateEngineConstructor = new (payload: unknown) => CardTemplateEngine;

/**
 * adaptivecards-templating's published typings import adaptivecards' TypeScript sources, which
 * do not compile under this project's strict ESM settings, so the module is loaded untyped and
 * checked here instead.
 */
const templating = z
  .object({ Template: z.custom<CardTemplateEngineConstructor>((value) => typeof value === 'function') })
  .parse(createRequire(import.meta.url)('adaptivecards-templating'));

const adaptiveCardSchema = z.looseObject({ type: z.literal('AdaptiveCard'), version: z.string() });

/**
 * A card template under cards/<name>.json, the schema of the data it binds, and sample data
 * (used by the render test and in the Adaptive Cards Designer). Data is checked before binding,
 * so a template never renders half-empty.
 */
export interface CardTemplate<Schema extends z.ZodType> {
  readonly name: string;
  readonly schema: Schema;
  readonly sample: z.input<Schema>;
  render(data: z.input<Schema>): AdaptiveCardJson;
  renderSample(): AdaptiveCardJson;
}

/** Any card template, for lists of cards whose data types differ. */
export interface SomeCardTemplate {
  readonly name: string;
  render(data: never): AdaptiveCardJson;
  renderSample(): AdaptiveCardJson;
}

export function defineCard<Schema extends z.ZodType>(
  name: string,
  schema: Schema,
  sample: z.input<Schema>,
): CardTemplate<Schema> {
  let template: CardTemplateEngine | undefined;
  const render = (data: z.input<Schema>): AdaptiveCardJson => {
    const bound = schema.parse(data);
    template ??= new templating.Template(JSON.parse(readFileSync(join(cardsDir, `${name}.json`), 'utf8')));
    const expanded: unknown = template.expand({ $root: bound });
    return adaptiveCardSchema.parse(expanded);
  };
  return { name, schema, sample, render, renderSample: () => render(sample) };
}

/**
 * Text typed by a user, made safe to show inside a TextBlock: Adaptive Card markdown would
 * otherwise turn it into links, emphasis or lists.
 */
export function asPlainText(text: string): string {
  return text.replace(/[\\`*_[\]()#+\-!<>|~]/g, (character) => `\\${character}`);
}

export const adaptiveCardContentType = 'application/vnd.microsoft.card.adaptive';
