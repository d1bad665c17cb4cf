import { type SectionId, sectionIds } from './concern-schema.ts';

/** The six steps of the flow: five sections, then the review with Submit. */
export const stepIds = [...sectionIds, 'review'] as const;
export type StepId = (typeof stepIds)[number];

/** Where a draft is: its step, and whether it came from the review's Edit (Next then returns there). */
export interface FlowState {
  step: StepId;
  editing: boolean;
}

export type FlowEvent =
  | { type: 'next' }
  | { type: 'back' }
  | { type: 'edit'; section: SectionId }
  | { type: 'submit' };

export type Transition = { ok: true; state: FlowState } | { ok: false; reason: 'not-allowed' | 'incomplete' };

export const initialFlowState: FlowState = { step: 'danger', editing: false };

export function isStepId(value: string): value is StepId {
  return (stepIds as readonly string[]).includes(value);
}

/** "Step 3 of 6". */
export function progressLine(step: StepId): string {
  return `Step ${stepIds.indexOf(step) + 1} of ${stepIds.length}`;
}

/**
 * The flow as a pure function. `isComplete` says which sections' stored answers would pass Next,
 * after the answers sent with this event are saved. The review is only ever reached with every
 * section complete: otherwise the first incomplete section is shown instead.
 */
export function transition(
  state: FlowState,
  event: FlowEvent,
  isComplete: (section: SectionId) => boolean,
): Transition {
  const firstIncomplete = sectionIds.find((section) => !isComplete(section));
  const toReview = (): FlowState =>
    firstIncomplete ? { step: firstIncomplete, editing: state.editing } : { step: 'review', editing: false };
  const index = stepIds.indexOf(state.step);

  switch (event.type) {
    case 'next': {
      if (state.step === 'review') return { ok: false, reason: 'not-allowed' };
      if (state.editing) return { ok: true, state: toReview() };
      const following = stepIds[index + 1] ?? 'review';
      return { ok: true, state: following === 'review' ? toReview() : { step: following, editing: false } };
    }
    case 'back': {
      if (state.editing) return { ok: true, state: toReview() };
      const previous = stepIds[index - 1];
      return previous
        ? { ok: true, state: { step: previous, editing: false } }
        : { ok: false, reason: 'not-allowed' };
    }
    case 'edit':
      return state.step === 'review'
        ? { ok: true, state: { step: event.section, editing: true } }
        : { ok: false, reason: 'not-allowed' };
    case 'submit':
      if (state.step !== 'review') return { ok: false, reason: 'not-allowed' };
      return firstIncomplete ? { ok: false, reason: 'incomplete' } : { ok: true, state };
  }
}
