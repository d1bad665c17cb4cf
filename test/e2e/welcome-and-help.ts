import { setTimeout as sleep } from 'node:timers/promises';
import type { Locator } from 'playwright-core';
import { cardReplacedNotice } from './playground-page.ts';
import { check, type Scenario } from './scenario.ts';

const title = 'Safeguarding Assistant';
const showAgain = 'Show this again';
/** Both install events arrive within milliseconds; a duplicate welcome would show well within this. */
const duplicateWelcomeWindowMs = 3_000;

async function checkIsHelpCard(card: Locator, timeoutMs: number): Promise<void> {
  await card
    .getByRole('heading', { name: title, exact: true })
    .waitFor({ state: 'visible', timeout: timeoutMs });
  await card
    .getByRole('button', { name: showAgain, exact: true })
    .waitFor({ state: 'visible', timeout: timeoutMs });
}

/** A member of staff installs the app, asks for help and presses the card's button. */
export function welcomeAndHelpScenario(): Scenario {
  let helpCard: Locator | undefined;

  return {
    name: 'welcome and help (staff)',
    steps: [
      {
        name: 'the welcome card arrives after the Playground installs the app',
        run: async (context) => {
          const staff = await context.as('staff');
          const welcome = await staff.waitForCard(0, context.timeouts.botReply);
          await checkIsHelpCard(welcome, context.timeouts.ui);
          await context.screenshot('staff', 'e2e-welcome-card');
        },
      },
      {
        name: 'the install sends one welcome card, not one per install event',
        independent: true,
        run: async (context) => {
          const staff = await context.as('staff');
          // The Playground sends installationUpdate and conversationUpdate on install, as Teams does.
          await sleep(duplicateWelcomeWindowMs);
          const welcomes = await staff.cardCount();
          check(welcomes === 1, `expected 1 welcome card, found ${welcomes}`);
        },
      },
      {
        name: 'typing "help" gets the help card as a reply',
        run: async (context) => {
          const staff = await context.as('staff');
          const before = await staff.cardCount();
          await staff.sendMessage('help', context.timeouts.ui);
          helpCard = await staff.waitForCard(before, context.timeouts.botReply);
          await checkIsHelpCard(helpCard, context.timeouts.ui);
          await context.screenshot('staff', 'e2e-help-card');
        },
      },
      {
        name: '"Show this again" answers with a card in place of the help card',
        run: async (context) => {
          check(helpCard !== undefined, 'no help card from the previous step');
          const staff = await context.as('staff');
          const cardsBeforeInvoke = await staff.cardCount();
          await staff.clickCardButton(helpCard, showAgain, context.timeouts.ui);
          // The Playground shows this notice only when the invoke answered with a card, which it puts
          // in place of the old one; a message or an error answer gets a different notice. The help
          // card comes back identical, so the renderer may keep the same DOM: the notice is the proof.
          const notice = staff.invokeNotice(helpCard);
          await notice.waitFor({ state: 'visible', timeout: context.timeouts.botReply });
          const noticeText = (await notice.innerText()).trim();
          check(
            noticeText === cardReplacedNotice,
            `expected the notice "${cardReplacedNotice}" (the invoke returned a card), got "${noticeText}"`,
          );
          await checkIsHelpCard(helpCard, context.timeouts.ui);
          const after = await staff.cardCount();
          check(
            after === cardsBeforeInvoke,
            `the invoke should replace the card, not add one: ${cardsBeforeInvoke} cards before, ${after} after`,
          );
          await context.screenshot('staff', 'e2e-show-again');
        },
      },
    ],
  };
}
