import type { Locator } from 'playwright-core';
import type { PersonaName } from './personas.ts';
import type { PlaygroundPage } from './playground-page.ts';

export interface Timeouts {
  /** A click, a fill, an element that is already on its way. */
  ui: number;
  /** From a person's action to the bot's card on screen (includes a job-queue hop). */
  botReply: number;
}

export interface StepContext {
  /** The Playground signed in as `persona`: started and opened on first use, then reused. */
  as(persona: PersonaName): Promise<PlaygroundPage>;
  /**
   * Saves a screenshot of the persona's page as test-results/<name>.png and returns its path; of
   * one element only (all of it, even where it is taller than the window) when `of` is given.
   */
  screenshot(persona: PersonaName, name: string, of?: Locator): Promise<string>;
  timeouts: Timeouts;
}

export interface Step {
  /** Reads as a sentence in the report: "the help card shows its title and button". */
  name: string;
  run(context: StepContext): Promise<void>;
  /** Overrides the runner's per-step limit. */
  timeoutMs?: number;
  /** Later steps do not depend on this one: its failure does not skip them. */
  independent?: boolean;
}

/**
 * Steps that run in order and share what earlier steps found (through the closure that builds
 * them). After a failed step the rest of its scenario is skipped (they would only fail for the
 * same reason) unless the step is marked independent. Scenarios share one bot and one Playground per persona.
 */
export interface Scenario {
  name: string;
  steps: readonly Step[];
}

/** Fails a step with a message that says what was expected. */
export function check(condition: boolean, message: string): asserts condition {
  if (!condition) throw new Error(message);
}
