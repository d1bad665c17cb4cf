import { writeFile } from 'node:fs/promises';

/**
 * The people the e2e run can act as. The Playground's own default users have object ids that are
 * not GUIDs (13 hex digits in the last group), which the bot's DSL_USERS / COORDINATOR_USERS
 * settings reject, so the run writes its own Playground configuration with these.
 */
export interface Persona {
  /** Bot Framework channel account id (`from.id`). */
  channelId: string;
  name: string;
  /** Entra object id (`from.aadObjectId`): what the bot keys roles on. */
  aadObjectId: string;
  email: string;
}

export const tenantId = 'e2e00000-0000-4000-8000-000000000001';

export const personas = {
  staff: {
    channelId: '29:e2e-staff',
    name: 'Sam Staff',
    aadObjectId: 'e2e00000-0000-4000-8000-000000000101',
    email: 'sam.staff@example.org',
  },
  dsl: {
    channelId: '29:e2e-dsl',
    name: 'Dana Lead',
    aadObjectId: 'e2e00000-0000-4000-8000-000000000102',
    email: 'dana.lead@example.org',
  },
  coordinator: {
    channelId: '29:e2e-coordinator',
    name: 'Cory Coordinator',
    aadObjectId: 'e2e00000-0000-4000-8000-000000000103',
    email: 'cory.coordinator@example.org',
  },
} as const satisfies Record<string, Persona>;

export type PersonaName = keyof typeof personas;

/** Environment for the bot so that each persona has its role (local mode reads roles from here). */
export function roleEnvironment(): Record<string, string> {
  return {
    DSL_USERS: personas.dsl.aadObjectId,
    COORDINATOR_USERS: personas.coordinator.aadObjectId,
  };
}

/** The Playground insists on exactly five other users; fillers make up the number. */
const fillerCount = 5;

function userYaml(persona: Persona, indent: string): string {
  const [givenName = persona.name, ...rest] = persona.name.split(' ');
  return [
    `id: ${JSON.stringify(persona.channelId)}`,
    `name: ${JSON.stringify(persona.name)}`,
    `userPrincipleName: ${JSON.stringify(persona.email)}`,
    `aadObjectId: ${JSON.stringify(persona.aadObjectId)}`,
    `givenName: ${JSON.stringify(givenName)}`,
    `surname: ${JSON.stringify(rest.join(' ') || givenName)}`,
    `email: ${JSON.stringify(persona.email)}`,
  ].join(`\n${indent}`);
}

/**
 * A Playground configuration (schema 0.1.1) in which `actAs` is the signed-in user. Each persona
 * gets its own personal chat id, so one Playground per persona can run against the same bot.
 */
export function playgroundConfigYaml(actAs: PersonaName): string {
  const current = personas[actAs];
  const others: Persona[] = Object.entries(personas)
    .filter(([name]) => name !== actAs)
    .map(([, persona]) => persona);
  for (let n = others.length; n < fillerCount; n += 1) {
    others.push({
      channelId: `29:e2e-filler-${n}`,
      name: `Filler User${n}`,
      aadObjectId: `e2e00000-0000-4000-8000-0000000002${String(n).padStart(2, '0')}`,
      email: `filler${n}@example.org`,
    });
  }
  return [
    'version: "0.1.1"',
    `tenantId: ${JSON.stringify(tenantId)}`,
    'bot:',
    '  id: "28:e2e00000-0000-4000-8000-000000000011"',
    '  name: Safeguarding Assistant',
    'currentUser:',
    `  ${userYaml(current, '  ')}`,
    'users:',
    ...others.map((persona) => `  - ${userYaml(persona, '    ')}`),
    'personalChat:',
    `  id: e2e-personal-${actAs}`,
    'groupChat:',
    '  id: e2e-group-chat',
    '  name: Safeguarding group chat',
    'team:',
    '  id: e2e-team',
    '  name: Safeguarding Team',
    '  aadGroupId: e2e00000-0000-4000-8000-000000000301',
    '  channels:',
    '    - id: e2e-channel-dsl',
    '      name: DSL Triage',
    '',
  ].join('\n');
}

export async function writePlaygroundConfig(path: string, actAs: PersonaName): Promise<void> {
  await writeFile(path, playgroundConfigYaml(actAs), 'utf8');
}
