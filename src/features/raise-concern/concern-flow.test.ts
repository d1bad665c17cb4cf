import { describe, expect, it } from 'vitest';
import {
  type FlowEvent,
  type FlowState,
  initialFlowState,
  progressLine,
  transition,
} from './concern-flow.ts';
import type { SectionId } from './concern-schema.ts';

const allComplete = (_section: SectionId) => true;
const completeUpTo =
  (...done: SectionId[]) =>
  (section: SectionId) =>
    done.includes(section);

function run(state: FlowState, events: FlowEvent[], isComplete = allComplete): FlowState {
  return events.reduce((current, event) => {
    const result = transition(current, event, isComplete);
    if (!result.ok) throw new Error(`${event.type} refused at ${current.step}: ${result.reason}`);
    return result.state;
  }, state);
}

describe('the raise-a-concern flow as a state machine', () => {
  it('Next walks the six steps in order, ending at the review', () => {
    const steps: string[] = [];
    let state = initialFlowState;
    for (let count = 0; count < 5; count += 1) {
      state = run(state, [{ type: 'next' }]);
      steps.push(state.step);
    }
    expect(steps).toEqual(['subject', 'categories', 'account', 'actions', 'review']);
  });

  it('Next on the review is refused: only Submit leaves it', () => {
    expect(transition({ step: 'review', editing: false }, { type: 'next' }, allComplete)).toEqual({
      ok: false,
      reason: 'not-allowed',
    });
  });

  it('Back goes to the previous step, and is refused on the first', () => {
    expect(run({ step: 'account', editing: false }, [{ type: 'back' }]).step).toBe('categories');
    expect(run({ step: 'review', editing: false }, [{ type: 'back' }]).step).toBe('actions');
    expect(transition(initialFlowState, { type: 'back' }, allComplete).ok).toBe(false);
  });

  it('Edit from the review opens that section, and Next returns straight to the review', () => {
    const editing = run({ step: 'review', editing: false }, [{ type: 'edit', section: 'subject' }]);
    expect(editing).toEqual({ step: 'subject', editing: true });
    expect(run(editing, [{ type: 'next' }])).toEqual({ step: 'review', editing: false });
  });

  it('Back while editing also returns to the review', () => {
    expect(run({ step: 'account', editing: true }, [{ type: 'back' }])).toEqual({
      step: 'review',
      editing: false,
    });
  });

  it('an edit that makes a later section incomplete (child to adult) leads to that section, not the review', () => {
    const state = run(
      { step: 'subject', editing: true },
      [{ type: 'next' }],
      completeUpTo('danger', 'subject', 'account', 'actions'),
    );
    expect(state).toEqual({ step: 'categories', editing: true });
  });

  it('Edit is refused anywhere but the review', () => {
    expect(
      transition({ step: 'account', editing: false }, { type: 'edit', section: 'danger' }, allComplete).ok,
    ).toBe(false);
  });

  it('the review is never reached with an incomplete section', () => {
    const state = run(
      { step: 'actions', editing: false },
      [{ type: 'next' }],
      completeUpTo('danger', 'actions'),
    );
    expect(state.step).toBe('subject');
  });

  it('Submit is allowed only on the review with everything complete', () => {
    expect(transition({ step: 'review', editing: false }, { type: 'submit' }, allComplete).ok).toBe(true);
    expect(transition({ step: 'actions', editing: false }, { type: 'submit' }, allComplete)).toEqual({
      ok: false,
      reason: 'not-allowed',
    });
    expect(
      transition({ step: 'review', editing: false }, { type: 'submit' }, completeUpTo('danger')),
    ).toEqual({
      ok: false,
      reason: 'incomplete',
    });
  });

  it('says where the user is as "Step n of 6"', () => {
    expect(progressLine('danger')).toBe('Step 1 of 6');
    expect(progressLine('categories')).toBe('Step 3 of 6');
    expect(progressLine('review')).toBe('Step 6 of 6');
  });
});
