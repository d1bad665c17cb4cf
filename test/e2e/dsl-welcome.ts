import { personas } from './personas.ts';
import type { Scenario } from './scenario.ts';

/**
 * Roles reach the bot end to end: the DSL persona's object id is in DSL_USERS (see personas.ts),
 * and the welcome card in their own Playground says what they are.
 */
export function dslWelcomeScenario(): Scenario {
  return {
    name: `welcome for a DSL (${personas.dsl.name})`,
    steps: [
      {
        name: 'the welcome card tells a DSL that concerns come to them',
        run: async (context) => {
          const dsl = await context.as('dsl');
          const welcome = await dsl.waitForCard(0, context.timeouts.botReply);
          await welcome
            .getByText(/you are a designated safeguarding lead/i)
            .waitFor({ state: 'visible', timeout: context.timeouts.ui });
          await context.screenshot('dsl', 'e2e-dsl-welcome-card');
        },
      },
    ],
  };
}
