import type { ConcernsTable } from '../../storage/schema.ts';

export type ConcernStatus = ConcernsTable['status'];

/** What a DSL can do to a concern from its card. */
export type TriageAction =
  | 'acknowledge'
  | 'assign'
  | 'note'
  | 'request-info'
  | 'information-received'
  | 'decision'
  | 'refer'
  | 'close'
  | 'reopen';

export type Transition =
  | { ok: true; status: ConcernStatus; acknowledges: boolean }
  | { ok: false; reason: 'closed' | 'not-closed' | 'already-acknowledged' | 'not-awaiting' };

/**
 * The triage state machine: submitted -> acknowledged -> in_progress -> escalated |
 * awaiting_information -> closed, and closed -> in_progress on reopen. Any change a DSL makes to
 * a concern nobody has acknowledged also counts as acknowledging it (and stops the escalation ladder).
 */
export function transition(status: ConcernStatus, action: TriageAction): Transition {
  const open = status !== 'closed';
  const acknowledges = status === 'submitted';
  const working: ConcernStatus = status === 'submitted' || status === 'acknowledged' ? 'in_progress' : status;
  switch (action) {
    case 'acknowledge':
      if (!open) return { ok: false, reason: 'closed' };
      if (!acknowledges) return { ok: false, reason: 'already-acknowledged' };
      return { ok: true, status: 'acknowledged', acknowledges };
    case 'assign':
    case 'decision':
      if (!open) return { ok: false, reason: 'closed' };
      return { ok: true, status: working, acknowledges };
    case 'note':
      if (!open) return { ok: false, reason: 'closed' };
      return { ok: true, status: acknowledges ? 'acknowledged' : status, acknowledges };
    case 'request-info':
      if (!open) return { ok: false, reason: 'closed' };
      return { ok: true, status: 'awaiting_information', acknowledges };
    case 'information-received':
      if (status !== 'awaiting_information') return { ok: false, reason: 'not-awaiting' };
      return { ok: true, status: 'in_progress', acknowledges: false };
    case 'refer':
      if (!open) return { ok: false, reason: 'closed' };
      return { ok: true, status: 'escalated', acknowledges };
    case 'close':
      if (!open) return { ok: false, reason: 'closed' };
      return { ok: true, status: 'closed', acknowledges };
    case 'reopen':
      if (open) return { ok: false, reason: 'not-closed' };
      return { ok: true, status: 'in_progress', acknowledges: false };
  }
}
