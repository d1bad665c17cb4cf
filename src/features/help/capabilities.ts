import type { Role } from '../../shared/actor.ts';

/** A line on the welcome / help card. Each capability that is switched on contributes its own. */
export interface Capability {
  name: string;
  description: string;
  command: string;
  /** Shown only to users holding one of these roles; everyone when absent. */
  forRoles?: readonly Role[];
}

export const helpCapability: Capability = {
  name: 'Help',
  description: 'Shows this card again.',
  command: 'help',
};
