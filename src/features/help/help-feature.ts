import type { Feature, FeatureContext } from '../feature.ts';
import type { Capability } from './capabilities.ts';
import { helpCommand, helpVerb } from './help-routes.ts';
import { sendWelcome, welcomeJob } from './send-welcome.ts';
import { buildHelpCard, helpCardSummary } from './show-help.ts';

/** Welcome on install, `help`, and the honest answer to anything no other capability claims. */
export function helpFeature(context: FeatureContext, capabilities: () => readonly Capability[]): Feature {
  return {
    name: 'help',
    commands: [helpCommand(capabilities)],
    verbs: [helpVerb(capabilities)],
    async handleText(actor, _text, reply) {
      await reply.card(buildHelpCard(actor.roles, capabilities()), helpCardSummary);
      return true;
    },
    async start() {
      await context.jobs.work(
        welcomeJob,
        sendWelcome({
          refs: context.refs,
          roles: context.roles,
          sender: context.sender,
          capabilities,
          logger: context.logger,
        }),
      );
    },
  };
}
