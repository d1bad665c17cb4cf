import { z } from 'zod';
import { type CommandRoute, verbRoute } from '../../bot/verb-table.ts';
import { verbs } from '../../cards/verbs.ts';
import type { Capability } from './capabilities.ts';
import { buildHelpCard, helpCardSummary } from './show-help.ts';

// A lone "?" reads as '' once trailing punctuation is dropped (commandText).
const helpWords = new Set(['help', 'hi', 'hello', 'start', 'menu', '', 'what can you do']);

export function helpCommand(capabilities: () => readonly Capability[]): CommandRoute {
  return {
    name: 'help',
    matches: (text) => helpWords.has(text),
    async handle(actor, _text, reply) {
      await reply.card(buildHelpCard(actor.roles, capabilities()), helpCardSummary);
    },
  };
}

export function helpVerb(capabilities: () => readonly Capability[]) {
  return verbRoute({
    verb: verbs.showHelp,
    schema: z.object({}).loose(),
    async handle(actor) {
      return { card: buildHelpCard(actor.roles, capabilities()) };
    },
  });
}
