import { z } from 'zod';
import { type AdaptiveCardJson, defineCard } from '../../cards/render.ts';
import type { Role } from '../../shared/actor.ts';
import type { Capability } from './capabilities.ts';

export const welcomeCardTemplate = defineCard(
  'welcome',
  z.object({
    title: z.string(),
    intro: z.string(),
    roleLine: z.string(),
    capabilities: z.array(z.object({ name: z.string(), description: z.string(), command: z.string() })),
    emergencyLine: z.string(),
  }),
  {
    title: 'Safeguarding Assistant',
    intro: 'I help council staff with safeguarding.',
    roleLine: 'You are signed in as a member of staff.',
    capabilities: [{ name: 'Help', description: 'Shows this card again.', command: 'help' }],
    emergencyLine: 'If someone is in immediate danger, call 999 now.',
  },
);

const roleLines: Record<'staff' | Role, string> = {
  staff: 'You are signed in as a member of staff.',
  dsl: 'You are a Designated Safeguarding Lead (DSL): concerns raised by staff come to you.',
  coordinator: 'You are a safeguarding coordinator: you can send announcements to staff.',
};

/** The welcome / help card, fitted to what this person's roles let them do. */
export function buildHelpCard(
  roles: ReadonlySet<Role>,
  capabilities: readonly Capability[],
): AdaptiveCardJson {
  const visible = capabilities.filter(
    (capability) => !capability.forRoles || capability.forRoles.some((role) => roles.has(role)),
  );
  const roleLine = [roleLines.staff, ...[...roles].map((role) => roleLines[role])]
    .slice(roles.size > 0 ? 1 : 0)
    .join(' ');
  return welcomeCardTemplate.render({
    title: 'Safeguarding Assistant',
    intro:
      'I help council staff with safeguarding: I answer questions from the safeguarding policy and help you pass a concern to the Designated Safeguarding Leads.',
    roleLine,
    capabilities: visible.map(({ name, description, command }) => ({ name, description, command })),
    emergencyLine: 'If someone is in immediate danger, call 999 now.',
  });
}

export const helpCardSummary = 'Safeguarding Assistant: what I can do';
