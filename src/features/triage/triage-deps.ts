import type { PeopleDirectory } from '../../graph/people.ts';
import type { Mailer } from '../../graph/send-mail.ts';
import type { Actor } from '../../shared/actor.ts';
import type { ActionResult } from '../../shared/reply.ts';
import type { FeatureContext } from '../feature.ts';
import type { ClaimPolicy } from './deliveries.ts';
import { restrictedCard } from './triage-cards.ts';
import { findConcern, recordEvent } from './triage-store.ts';
import type { WorkingTime } from './working-hours.ts';

/** What triage is given beyond the common feature context. */
export interface TriageDeps extends FeatureContext {
  people: PeopleDirectory;
  mailer: Mailer;
  claims: ClaimPolicy;
  working: WorkingTime;
  /** Arms an in-process timer for a due escalation step (the durable job is the backstop). */
  armEscalation(at: Date): void;
}

/**
 * Someone without access (not a DSL, the DSL a concern names, a crafted invoke): the restricted
 * card, an audit row, and an entry in the concern's chronology when there is a concern.
 */
export async function refuseAccess(
  deps: TriageDeps,
  actor: Pick<Actor, 'aadObjectId'>,
  what: string,
  concernId?: string,
): Promise<ActionResult> {
  deps.logger.warn({ code: 'ROLE_FORBIDDEN', what }, 'triage access refused');
  await deps.audit('TRIAGE_RESTRICTED', actor, what);
  const concern = concernId ? await findConcern(deps.db, concernId) : undefined;
  if (concern) {
    await recordEvent(deps.db, {
      concernId: concern.id,
      at: deps.clock.now(),
      actorAadId: actor.aadObjectId,
      kind: 'access_refused',
      detail: { what },
    });
  }
  return { card: restrictedCard() };
}
