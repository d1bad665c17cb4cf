import { type Actor, hasRole } from '../../shared/actor.ts';
import { AppError } from '../../shared/errors.ts';

/** Announcements are sent by safeguarding coordinators only; checked in every use-case. */
export function requireCoordinator(actor: Actor): void {
  if (!hasRole(actor, 'coordinator'))
    throw new AppError('ROLE_FORBIDDEN', 'Only safeguarding coordinators can compose or send announcements.');
}

/** Reach and acknowledgement figures are for coordinators and DSLs. */
export function requireCoordinatorOrDsl(actor: Actor): void {
  if (!hasRole(actor, 'coordinator') && !hasRole(actor, 'dsl'))
    throw new AppError(
      'ROLE_FORBIDDEN',
      'Only safeguarding coordinators and Designated Safeguarding Leads can see announcement reports.',
    );
}

export const sameUser = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
