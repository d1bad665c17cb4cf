import type { Locator, Page } from 'playwright-core';

/** What the Playground shows under a card when an Action.Execute invoke returned a new card. */
export const cardReplacedNotice = 'Your response was sent to the app';

/** What it shows when the invoke failed or got no usable answer. */
export const invokeFailedNotice = 'Unable to reach app. Please try again.';

/**
 * The Agents Playground as a person sees it. Its DOM is not documented; these selectors lean on
 * ARIA roles and labels it sets for accessibility, and on the `ac-*` classes of the official
 * Adaptive Cards renderer (`ac-adaptiveCard` is the root of every rendered card). The one
 * exception is `fai-OutputCard`, Fluent UI AI's stable (unhashed) class for a bot message.
 */
export class PlaygroundPage {
  constructor(
    readonly page: Page,
    readonly url: string,
  ) {}

  /** Loading the page connects it, and the Playground then installs the app in the personal chat. */
  async open(timeoutMs: number): Promise<void> {
    await this.page.goto(this.url, { timeout: timeoutMs });
    const personalChat = this.page.getByRole('treeitem', { name: 'Personal Chat' });
    await personalChat.waitFor({ state: 'visible', timeout: timeoutMs });
    await personalChat.click({ timeout: timeoutMs });
  }

  /** Every rendered Adaptive Card in the open conversation, oldest first. */
  cards(): Locator {
    return this.page.locator('.ac-adaptiveCard');
  }

  cardCount(): Promise<number> {
    return this.cards().count();
  }

  lastCard(): Locator {
    return this.cards().last();
  }

  /** The card at `index` (0-based, oldest first), once it has rendered. */
  async waitForCard(index: number, timeoutMs: number): Promise<Locator> {
    const card = this.cards().nth(index);
    await card.waitFor({ state: 'visible', timeout: timeoutMs });
    return card;
  }

  /** The compose box: the only text box on the page (a Lexical contenteditable). */
  composeBox(): Locator {
    return this.page.getByRole('textbox');
  }

  async sendMessage(text: string, timeoutMs: number): Promise<void> {
    const compose = this.composeBox();
    await compose.click({ timeout: timeoutMs });
    await compose.fill(text, { timeout: timeoutMs });
    await this.page.getByRole('button', { name: 'Send Message', exact: true }).click({ timeout: timeoutMs });
    // The box empties once the Playground has taken the message.
    await this.page.waitForFunction(
      () => (document.querySelector('[role="textbox"]')?.textContent ?? '') === '',
      undefined,
      { timeout: timeoutMs },
    );
  }

  cardButton(card: Locator, title: string): Locator {
    return card.getByRole('button', { name: title, exact: true });
  }

  async clickCardButton(card: Locator, title: string, timeoutMs: number): Promise<void> {
    await this.cardButton(card, title).click({ timeout: timeoutMs });
  }

  /** Adaptive Card inputs carry their `label` as the accessible name. */
  async fillInput(card: Locator, label: string, value: string, timeoutMs: number): Promise<void> {
    await card.getByLabel(label, { exact: true }).fill(value, { timeout: timeoutMs });
  }

  /** The bot message (card, invoke notice, progress bar) that holds `card`. */
  messageOf(card: Locator): Locator {
    return card.locator('xpath=ancestor::*[contains(concat(" ", @class, " "), " fai-OutputCard ")][1]');
  }

  /** The notice the Playground shows under a card after an Action.Execute. */
  invokeNotice(card: Locator): Locator {
    return this.messageOf(card).getByLabel('Display Invoked Message', { exact: true });
  }

  async screenshot(path: string): Promise<void> {
    await this.page.screenshot({ path, fullPage: false });
  }
}
