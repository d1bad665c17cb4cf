import type { z } from 'zod';
import type { Actor } from '../shared/actor.ts';
import type { ActionResult, ActionSource, Reply } from '../shared/reply.ts';

/** A card action with its data checked: the verb is shared with the card JSON. */
export interface VerbRoute {
  verb: string;
  /** Parses the raw action data with the route's schema; `invalid` when it does not match. */
  run(actor: Actor, rawData: unknown, reply: Reply, source: ActionSource): Promise<ActionResult | 'invalid'>;
}

export function verbRoute<T>(definition: {
  verb: string;
  schema: z.ZodType<T>;
  handle(actor: Actor, data: T, reply: Reply, source: ActionSource): Promise<ActionResult>;
}): VerbRoute {
  return {
    verb: definition.verb,
    async run(actor, rawData, reply, source) {
      const parsed = definition.schema.safeParse(rawData);
      if (!parsed.success) return 'invalid';
      return definition.handle(actor, parsed.data, reply, source);
    },
  };
}

/**
 * What a command route matches against: lower case, one space between words, no trailing
 * punctuation ("My concerns?" -> "my concerns").
 */
export function commandText(text: string): string {
  return text
    .toLowerCase()
    .replace(/[.!?\s]+$/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** A typed text command ("help", "my concerns"). The first route whose `matches` holds wins. */
export interface CommandRoute {
  name: string;
  /** Given the message as commandText() reads it. */
  matches(text: string): boolean;
  handle(actor: Actor, text: string, reply: Reply): Promise<void>;
}

export function buildVerbTable(routes: readonly VerbRoute[]): ReadonlyMap<string, VerbRoute> {
  const table = new Map<string, VerbRoute>();
  for (const route of routes) {
    if (table.has(route.verb)) throw new Error(`verb ${route.verb} is registered twice`);
    table.set(route.verb, route);
  }
  return table;
}
