import type { Locator, Page } from 'playwright-core';

/** What the Playground shows under a card when an Action.Execute invoke returned a new card. */
export const cardReplacedNotice = 'Your response was sent to the app';

/** What it shows when the invoke failed or got no usable answer. */
export const invokeFailedNotice = 'Unable to reach app. Please try again.';

/** The tallest window an element screenshot may ask for. */
const maxScreenshotHeight = 4_000;

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

  /**
   * Picks `option` of the Input.ChoiceSet labelled `label` (expanded style). A single choice is a
   * radio group named by the label; a multi-select is a run of checkboxes whose names are the
   * label followed by the option's title, so `option` may be the start of a long title.
   */
  async chooseOption(card: Locator, label: string, option: string, timeoutMs: number): Promise<void> {
    const radio = card
      .getByRole('radiogroup', { name: startsWith(label) })
      .getByRole('radio', { name: option, exact: true });
    const checkbox = card.getByRole('checkbox', { name: startsWith(`${label} ${option}`) });
    await radio
      .or(checkbox)
      .check({ timeout: timeoutMs })
      .catch((error: unknown) => {
        throw new Error(`could not choose "${option}" under "${label}": ${firstLine(error)}`, {
          cause: error,
        });
      });
  }

  /** Ticks the Input.Toggle labelled `label` (a checkbox named by its label and then its title). */
  async tick(card: Locator, label: string, timeoutMs: number): Promise<void> {
    await card
      .getByRole('checkbox', { name: startsWith(label) })
      .check({ timeout: timeoutMs })
      .catch((error: unknown) => {
        throw new Error(`could not tick "${label}": ${firstLine(error)}`, { cause: error });
      });
  }

  /**
   * Picks a day in the Input.Date labelled `label` as a person does: opens its calendar and presses
   * the day. The calendar opens on the current month, so `day` must be in the current month.
   */
  async pickDate(card: Locator, label: string, day: Date, timeoutMs: number): Promise<void> {
    const input = card.getByRole('combobox', { name: startsWith(label) });
    await input.click({ timeout: timeoutMs });
    const calendar = this.page.getByRole('dialog', { name: 'Calendar', exact: true });
    await calendar.waitFor({ state: 'visible', timeout: timeoutMs });
    // Fluent's calendar names each day "24, November, 2026".
    const name = `${day.getDate()}, ${day.toLocaleString('en-US', { month: 'long' })}, ${day.getFullYear()}`;
    await calendar.getByRole('button', { name, exact: true }).click({ timeout: timeoutMs });
    await calendar.waitFor({ state: 'hidden', timeout: timeoutMs });
    await this.page.waitForFunction(
      (element) => element instanceof HTMLInputElement && element.value !== '',
      await input.elementHandle({ timeout: timeoutMs }),
      { timeout: timeoutMs },
    );
  }

  /**
   * Everything a person could read on the page: the visible text and what is typed in any input
   * (innerText leaves out the values of inputs and text areas).
   */
  async readableText(): Promise<string> {
    return this.page.evaluate(() => {
      const values = [...document.querySelectorAll('input, textarea')].map((element) =>
        element instanceof HTMLInputElement || element instanceof HTMLTextAreaElement ? element.value : '',
      );
      return [document.body.innerText, ...values].join('\n');
    });
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

  /**
   * A screenshot of one element, all of it. The chat scrolls inside its own pane, so an element
   * taller than that pane would come out cut off under the Playground's header: the window is
   * made tall enough for the moment it takes.
   */
  async screenshotOf(element: Locator, path: string, timeoutMs: number): Promise<void> {
    const viewport = this.page.viewportSize();
    const box = await element.boundingBox({ timeout: timeoutMs });
    // The header above the chat and the compose box below it take about 300 px.
    const needed = Math.min(Math.ceil((box?.height ?? 0) + 400), maxScreenshotHeight);
    if (!viewport || needed <= viewport.height) {
      await element.screenshot({ path, timeout: timeoutMs });
      return;
    }
    await this.page.setViewportSize({ width: viewport.width, height: needed });
    try {
      await element.screenshot({ path, timeout: timeoutMs });
    } finally {
      await this.page.setViewportSize(viewport);
    }
  }
}

/** An accessible name that starts with `text` (the renderer may append more ids to a label). */
export function startsWith(text: string): RegExp {
  return new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`);
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}
