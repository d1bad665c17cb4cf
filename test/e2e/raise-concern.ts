import { relative } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Locator } from 'playwright-core';
import { cardReplacedNotice, invokeFailedNotice, type PlaygroundPage } from './playground-page.ts';
import { check, type Scenario, type Step, type StepContext } from './scenario.ts';

/** The flow's six steps, as their cards head them (cards/concern-*.json). */
const stepHeadings = [
  'Raise a concern',
  'About whom',
  'What kind of concern',
  'What happened',
  'What has been done and who knows',
  'Check and submit',
] as const;
const stepCount = stepHeadings.length;

/** What the bot puts on a step card it sends back because an answer was refused. */
const answersRefusedNotice =
  /Some answers need another look|Some answers are missing|Please confirm the declaration/;
const referencePattern = /SG-\d{4}-\d{5}/;
/** What the bot answers a concern's owner after Submit, and on "my concerns" (statusLabels.submitted). */
const submittedStatus = 'Submitted: waiting for a safeguarding lead';
/** Long enough for the bot's own update of the flow message (and its queued retry) to land. */
const settleAfterSubmitMs = 1_500;

function progressPattern(step: number): RegExp {
  return new RegExp(`^Step ${step} of ${stepCount}\\b`);
}

/**
 * A member of staff raises a concern about a child from start to finish in their 1:1 chat:
 * "raise a concern", the six step cards filled in and pressed as a person would, the receipt in
 * place of the form, and the reference in "my concerns". What they typed must leave the chat.
 */
export function raiseConcernScenario(): Scenario {
  // A token in every detail typed, so that finding it anywhere on the page cannot be a coincidence.
  const token = `e2e${Date.now().toString(36)}`;
  const typed = {
    name: `Robin Testchild ${token}`,
    age: 'about 9',
    location: `Flat 4, Example Road (${token})`,
    account: `Robin said they had had no breakfast or lunch today and felt dizzy in class (${token}).`,
    where: `School library (${token})`,
  };
  const categories = ['Neglect', 'Emotional abuse'];

  let flowCardIndex: number | undefined;
  let reference: string | undefined;

  async function flowCard(context: StepContext): Promise<{ staff: PlaygroundPage; card: Locator }> {
    check(flowCardIndex !== undefined, 'no concern form from the first step');
    const staff = await context.as('staff');
    return { staff, card: staff.cards().nth(flowCardIndex) };
  }

  /** Waits until `card` is step `step`, or fails saying what the bot answered instead. */
  async function expectStep(
    staff: PlaygroundPage,
    card: Locator,
    step: number,
    timeoutMs: number,
  ): Promise<void> {
    const arrived = card.getByText(progressPattern(step));
    const refused = card.getByText(answersRefusedNotice);
    const failed = staff.messageOf(card).getByText(invokeFailedNotice, { exact: true });
    try {
      await arrived.or(refused).or(failed).first().waitFor({ state: 'visible', timeout: timeoutMs });
    } catch (error) {
      const shown = await card.innerText({ timeout: 1_000 }).catch(() => '(no card)');
      throw new Error(
        `expected step ${step} of ${stepCount}, still showing: ${shown.slice(0, 200).replaceAll('\n', ' | ')}`,
        { cause: error },
      );
    }
    if (!(await arrived.isVisible())) {
      const reason = (await failed.isVisible())
        ? `the Playground says "${invokeFailedNotice}"`
        : `the bot refused the answers: ${(await card.innerText()).replaceAll('\n', ' | ').slice(0, 400)}`;
      throw new Error(`expected step ${step} of ${stepCount}, but ${reason}`);
    }
    const heading = stepHeadings[step - 1] ?? '';
    await card
      .getByRole('heading', { name: heading, exact: true })
      .waitFor({ state: 'visible', timeout: timeoutMs });
  }

  /**
   * Saves the form as filled in for step `step` (e2e-concern-step-<step>.png), presses `button`
   * and waits for step `step + 1`.
   */
  async function pressAndExpect(context: StepContext, step: number, button: string): Promise<void> {
    const { staff, card } = await flowCard(context);
    await context.screenshot('staff', `e2e-concern-step-${step}`, staff.messageOf(card));
    await staff.clickCardButton(card, button, context.timeouts.ui);
    await expectStep(staff, card, step + 1, context.timeouts.botReply);
  }

  /** A step that, when it fails, also saves the whole form (the window may show only part of it). */
  function formStep(name: string, run: (context: StepContext) => Promise<void>): Step {
    const slug = name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 40);
    return {
      name,
      run: async (context) => {
        try {
          await run(context);
        } catch (error) {
          if (flowCardIndex !== undefined) {
            const { staff, card } = await flowCard(context);
            await context
              .screenshot('staff', `e2e-failure-concern-${slug}`, staff.messageOf(card))
              .then((path) => console.log(`      form screenshot: ${relative(process.cwd(), path)}`))
              .catch(() => undefined);
          }
          throw error;
        }
      },
    };
  }

  return {
    name: 'raise a concern (staff)',
    steps: [
      formStep('typing "raise a concern" starts the form at step 1 of 6', async (context) => {
        const staff = await context.as('staff');
        const before = await staff.cardCount();
        await staff.sendMessage('raise a concern', context.timeouts.ui);
        const card = await staff.waitForCard(before, context.timeouts.botReply);
        flowCardIndex = before;
        await expectStep(staff, card, 1, context.timeouts.ui);
      }),
      formStep('step 1: no one in immediate danger, standard urgency; Next shows step 2', async (context) => {
        const { staff, card } = await flowCard(context);
        const { ui } = context.timeouts;
        await staff.chooseOption(card, 'Is anyone in immediate danger right now?', 'No', ui);
        await staff.chooseOption(
          card,
          'If not, how soon does a Designated Safeguarding Lead need to look at this?',
          'Standard: within one working day',
          ui,
        );
        await pressAndExpect(context, 1, 'Next');
      }),
      formStep('step 2: a child, a made-up name and an age; Next shows step 3', async (context) => {
        const { staff, card } = await flowCard(context);
        const { ui } = context.timeouts;
        await staff.chooseOption(card, 'Who is the concern about? (required)', 'A child (under 18)', ui);
        await staff.fillInput(card, 'Their name (required)', typed.name, ui);
        await staff.fillInput(card, 'Their age (an estimate is fine)', typed.age, ui);
        await staff.fillInput(
          card,
          'Their address, or where they can be found (required)',
          typed.location,
          ui,
        );
        await staff.chooseOption(card, 'Are they known to council services? (required)', 'I do not know', ui);
        await pressAndExpect(context, 2, 'Next');
      }),
      formStep(`step 3: ticks ${categories.join(' and ')}; Next shows step 4`, async (context) => {
        const { staff, card } = await flowCard(context);
        for (const category of categories) {
          await staff.chooseOption(
            card,
            'Choose every kind that fits (required)',
            category,
            context.timeouts.ui,
          );
        }
        await pressAndExpect(context, 3, 'Next');
      }),
      formStep('step 4: a short factual account, today, and where; Next shows step 5', async (context) => {
        const { staff, card } = await flowCard(context);
        const { ui } = context.timeouts;
        await staff.fillInput(card, 'What you saw, heard or were told (required)', typed.account, ui);
        await staff.pickDate(card, 'When it happened or was disclosed (required)', new Date(), ui);
        await staff.fillInput(card, 'Where it happened (required)', typed.where, ui);
        await pressAndExpect(context, 4, 'Next');
      }),
      formStep(
        'step 5: told my manager, consent not asked, not about staff; Next shows the review',
        async (context) => {
          const { staff, card } = await flowCard(context);
          const { ui } = context.timeouts;
          await staff.chooseOption(card, 'What has been done so far? (required)', 'I told my manager', ui);
          await staff.chooseOption(
            card,
            'Did the person agree to their information being shared? (required)',
            'Not asked',
            ui,
          );
          await staff.chooseOption(
            card,
            'Is the concern about a member of staff, a volunteer or a DSL? (required)',
            'No',
            ui,
          );
          await pressAndExpect(context, 5, 'Next');
          // The review shows what was typed: so its absence after Submit is a real check.
          for (const detail of [typed.name, typed.account, typed.where]) {
            await card.getByText(detail).first().waitFor({ state: 'visible', timeout: ui });
          }
        },
      ),
      formStep('review: the declaration ticked, Submit replaces the form with a receipt', async (context) => {
        const { staff, card } = await flowCard(context);
        const { ui, botReply } = context.timeouts;
        const cardsBefore = await staff.cardCount();
        await staff.tick(card, 'Declaration (required)', ui);
        await context.screenshot('staff', 'e2e-concern-step-6', staff.messageOf(card));
        await staff.clickCardButton(card, 'Submit to the safeguarding leads', ui);
        const receiptHeading = card.getByRole('heading', { name: 'Concern submitted', exact: true });
        const failed = staff.messageOf(card).getByText(invokeFailedNotice, { exact: true });
        await receiptHeading.or(failed).first().waitFor({ state: 'visible', timeout: botReply });
        check(!(await failed.isVisible()), `Submit failed: the Playground says "${invokeFailedNotice}"`);
        // The invoke's answer puts the receipt in place with the usual notice, but the bot then
        // also updates the message itself, and the Playground redraws it without the notice: so the
        // notice is checked only while it is there, and the card count proves the replacement.
        const notice = staff.invokeNotice(card);
        const noticeText = (await notice.isVisible())
          ? (await notice.innerText({ timeout: ui }).catch(() => cardReplacedNotice)).trim()
          : cardReplacedNotice;
        check(
          noticeText === cardReplacedNotice,
          `expected the notice "${cardReplacedNotice}" (the invoke returned a card), got "${noticeText}"`,
        );
        const text = await card.innerText({ timeout: ui });
        const found = referencePattern.exec(text);
        check(found !== null, `the receipt shows no reference like SG-2026-00042: ${text.slice(0, 300)}`);
        reference = found[0];
        check(text.includes(submittedStatus), `the receipt does not show the status "${submittedStatus}"`);
        check(!/Step \d of \d/.test(text), 'the receipt still shows a step line: the form was not replaced');
        const cardsAfter = await staff.cardCount();
        check(
          cardsAfter === cardsBefore,
          `Submit should replace the form, not add a card: ${cardsBefore} cards before, ${cardsAfter} after`,
        );
        console.log(`      (reference ${reference})`);
        await context.screenshot('staff', 'e2e-concern-receipt');
      }),
      formStep('nothing typed into the form is left anywhere in the chat', async (context) => {
        const { staff, card } = await flowCard(context);
        // The bot also updates the stored message (and queues a retry): the receipt must survive both.
        await sleep(settleAfterSubmitMs);
        await card
          .getByRole('heading', { name: 'Concern submitted', exact: true })
          .waitFor({ state: 'visible', timeout: context.timeouts.ui });
        const page = await staff.readableText();
        for (const [field, value] of Object.entries(typed)) {
          check(!page.includes(value), `the ${field} typed into the form ("${value}") is still on the page`);
        }
        check(!page.includes(token), `a detail typed into the form (marked "${token}") is still on the page`);
      }),
      {
        name: 'typing "my concerns" lists the reference with its status',
        run: async (context) => {
          check(reference !== undefined, 'no reference from the receipt');
          const staff = await context.as('staff');
          const { ui, botReply } = context.timeouts;
          const before = await staff.cardCount();
          await staff.sendMessage('my concerns', ui);
          const list = await staff.waitForCard(before, botReply);
          await list.getByRole('heading', { name: 'My concerns', exact: true }).waitFor({ timeout: ui });
          // Each concern is one ColumnSet (reference, date, status), which the Playground draws as
          // the nearest container around the reference that holds three text blocks.
          const row = list
            .getByText(reference, { exact: true })
            .locator(
              'xpath=ancestor::*[contains(concat(" ", @class, " "), " ac-container ")]' +
                '[count(.//*[contains(concat(" ", @class, " "), " ac-textBlock ")]) >= 3][1]',
            );
          await row.waitFor({ state: 'visible', timeout: ui });
          const rowText = (await row.innerText()).replaceAll('\n', ' | ');
          check(
            rowText.includes(submittedStatus),
            `the row of ${reference} should show "${submittedStatus}", shows: ${rowText}`,
          );
          const listText = await list.innerText();
          check(!listText.includes('Not sent yet'), 'the submitted form is still listed as not sent');
          check(!listText.includes(token), 'the list shows a detail typed into the form');
          await context.screenshot('staff', 'e2e-my-concerns');
        },
      },
    ],
  };
}
