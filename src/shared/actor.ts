/** Extra roles on top of "staff", which every user of an allowed tenant has. */
export type Role = 'dsl' | 'coordinator';

/**
 * Who is acting, as the bot knows them. The identity is always the activity's
 * `from.aadObjectId` (Entra object id), never a display name or anything the user typed.
 */
export interface Actor {
  aadObjectId: string;
  tenantId: string | undefined;
  roles: ReadonlySet<Role>;
  conversationId: string;
  conversationType: 'personal' | 'channel' | 'groupChat';
}

export function hasRole(actor: Actor, role: Role): boolean {
  return actor.roles.has(role);
}
