import type { Client } from '@microsoft/microsoft-graph-client';
import { z } from 'zod';
import type { Clock } from '../shared/clock.ts';

/** What a DSL card shows of a person: their name, department and sign-in name, when Graph knows. */
export interface Person {
  displayName: string;
  department: string | undefined;
  userPrincipalName: string | undefined;
}

export interface PeopleDirectory {
  /** Undefined when the directory is not configured or does not answer: cards fall back to the id. */
  find(aadObjectId: string): Promise<Person | undefined>;
}

/** The embedded default has no directory: names are not known. */
export const noPeopleDirectory: PeopleDirectory = { find: async () => undefined };

const userSchema = z.object({
  displayName: z.string().nullish(),
  department: z.string().nullish(),
  userPrincipalName: z.string().nullish(),
});

/** Names and departments from Microsoft Graph (User.Read.All), cached; a failure is a miss, not an error. */
export function graphPeopleDirectory(options: {
  client: Client;
  clock: Clock;
  ttlSeconds: number;
}): PeopleDirectory {
  const cache = new Map<string, { person: Person | undefined; expires: number }>();
  return {
    async find(aadObjectId) {
      const now = options.clock.now().getTime();
      const cached = cache.get(aadObjectId);
      if (cached && cached.expires > now) return cached.person;
      let person: Person | undefined;
      try {
        const raw: unknown = await options.client
          .api(`/users/${encodeURIComponent(aadObjectId)}`)
          .select(['displayName', 'department', 'userPrincipalName'])
          .get();
        const parsed = userSchema.safeParse(raw);
        person =
          parsed.success && parsed.data.displayName
            ? {
                displayName: parsed.data.displayName,
                department: parsed.data.department ?? undefined,
                userPrincipalName: parsed.data.userPrincipalName ?? undefined,
              }
            : undefined;
      } catch {
        // A person Graph cannot read is shown by id: the card still goes out.
        person = undefined;
      }
      cache.set(aadObjectId, { person, expires: now + options.ttlSeconds * 1000 });
      return person;
    },
  };
}
