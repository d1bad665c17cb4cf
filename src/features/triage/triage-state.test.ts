import { describe, expect, it } from 'vitest';
import { type ConcernStatus, type TriageAction, transition } from './triage-state.ts';

const table: Array<[ConcernStatus, TriageAction, ConcernStatus | string, boolean?]> = [
  ['submitted', 'acknowledge', 'acknowledged', true],
  ['acknowledged', 'acknowledge', 'already-acknowledged'],
  ['submitted', 'assign', 'in_progress', true],
  ['acknowledged', 'assign', 'in_progress', false],
  ['escalated', 'assign', 'escalated', false],
  ['submitted', 'note', 'acknowledged', true],
  ['in_progress', 'note', 'in_progress', false],
  ['in_progress', 'request-info', 'awaiting_information', false],
  ['awaiting_information', 'information-received', 'in_progress', false],
  ['in_progress', 'information-received', 'not-awaiting'],
  ['acknowledged', 'decision', 'in_progress', false],
  ['in_progress', 'refer', 'escalated', false],
  ['escalated', 'close', 'closed', false],
  ['submitted', 'close', 'closed', true],
  ['closed', 'note', 'closed'],
  ['closed', 'close', 'closed'],
  ['closed', 'reopen', 'in_progress', false],
  ['in_progress', 'reopen', 'not-closed'],
];

describe('the triage state machine', () => {
  for (const [from, action, to, acknowledges] of table) {
    it(`${action} on a ${from} concern gives ${to}`, () => {
      const result = transition(from, action);
      if (result.ok) expect([result.status, result.acknowledges]).toEqual([to, acknowledges]);
      else expect(result.reason).toBe(to);
    });
  }
});
