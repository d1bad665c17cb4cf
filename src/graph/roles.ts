import type { Client } from '@microsoft/microsoft-graph-client';
import { z } from 'zod';
import type { Role } from '../shared/actor.ts';
import type { Clock } from '../shared/clock.ts';
import { AppError } from '../shared/errors.ts';

export type { Role };

export interface RoleDirectory {
  rolesOf(aadObjectId: string): Promise<ReadonlySet<Role>>;
  /** Entra object ids of everyone holding a role, e.g. every DSL to notify. */
  membersOf(role: Role): Promise<readonly string[]>;
}

/** Embedded default: roles listed in configuration (DSL_USERS, COORDINATOR_USERS). */
export function configRoleDirectory(lists: {
  dsl: readonly string[];
  coordinator: readonly string[];
}): RoleDirectory {
  const normalise = (ids: readonly string[]) => ids.map((id) => id.toLowerCase());
  const members: Record<Role, readonly string[]> = {
    dsl: normalise(lists.dsl),
    coordinator: normalise(lists.coordinator),
  };
  return {
    async rolesOf(aadObjectId) {
      const id = aadObjectId.toLowerCase();
      const roles = new Set<Role>();
      if (members.dsl.includes(id)) roles.add('dsl');
      if (members.coordinator.includes(id)) roles.add('coordinator');
      return roles;
    },
    async membersOf(role) {
      return members[role];
    },
  };
}

const memberPageSchema = z.object({
  value: z.array(z.object({ id: z.string() })),
  '@odata.nextLink': z.string().optional(),
});

/**
 * Production: roles are Entra ID group memberships (transitive, so nested groups count), read
 * through Microsoft Graph and cached for `ttlSeconds`. A failed refresh keeps serving the last
 * good list for one more period rather than locking DSLs out; with no list at all it fails closed.
 */
export function graphRoleDirectory(options: {
  client: Client;
  groups: Record<Role, string>;
  ttlSeconds: number;
  clock: Clock;
}): RoleDirectory {
  const cache = new Map<Role, { ids: Set<string>; expires: number; loading?: Promise<Set<string>> }>();

  async function fetchMembers(groupId: string): Promise<Set<string>> {
    const ids = new Set<string>();
    let page: unknown = await options.client
      .api(`/groups/${encodeURIComponent(groupId)}/transitiveMembers/microsoft.graph.user`)
      .select('id')
      .top(999)
      .get();
    for (;;) {
      const parsed = memberPageSchema.safeParse(page);
      if (!parsed.success)
        throw new AppError('GRAPH_FAILED', 'Graph returned an unexpected group member page');
      for (const member of parsed.data.value) ids.add(member.id.toLowerCase());
      const next = parsed.data['@odata.nextLink'];
      if (!next) return ids;
      page = await options.client.api(next).get();
    }
  }

  async function membersSet(role: Role): Promise<Set<string>> {
    const now = options.clock.now().getTime();
    const entry = cache.get(role);
    if (entry && entry.expires > now) return entry.ids;
    if (entry?.loading) return entry.loading;
    const loading = fetchMembers(options.groups[role]);
    cache.set(role, { ids: entry?.ids ?? new Set(), expires: entry?.expires ?? 0, loading });
    try {
      const ids = await loading;
      cache.set(role, { ids, expires: now + options.ttlSeconds * 1000 });
      return ids;
    } catch (error) {
      if (entry && entry.ids.size > 0) {
        cache.set(role, { ids: entry.ids, expires: now + options.ttlSeconds * 1000 });
        return entry.ids;
      }
      cache.delete(role);
      throw new AppError('GRAPH_FAILED', 'Could not read group membership from Microsoft Graph', {
        cause: error,
      });
    }
  }

  return {
    async rolesOf(aadObjectId) {
      const id = aadObjectId.toLowerCase();
      const roles = new Set<Role>();
      for (const role of ['dsl', 'coordinator'] as const) {
        if ((await membersSet(role)).has(id)) roles.add(role);
      }
      return roles;
    },
    async membersOf(role) {
      return [...(await membersSet(role))];
    },
  };
}
