import type { Client } from '@microsoft/microsoft-graph-client';
import { z } from 'zod';
import { AppError } from '../shared/errors.ts';

/** A person an announcement goes to: their Entra object id and, when Graph knows it, department. */
export interface Recipient {
  aadObjectId: string;
  department: string | undefined;
}

/** Who is in an audience, read from Microsoft Graph. */
export interface AudienceDirectory {
  /** Transitive user members of an Entra group; AppError GROUP_NOT_FOUND when Graph answers 404. */
  groupMembers(groupId: string): Promise<Recipient[]>;
  /** Every enabled member account in the tenant (guests excluded). */
  allUsers(): Promise<Recipient[]>;
  /** Throws GROUP_NOT_FOUND when the group does not exist. */
  checkGroup(groupId: string): Promise<void>;
}

/** Installs the bot for a person and finds their 1:1 chat with it, as Company Communicator does. */
export interface AppInstaller {
  /** The id of the person's 1:1 chat with the app (`19:…`), installing the app first if needed. */
  installAndFindChat(aadObjectId: string): Promise<string>;
}

const userPageSchema = z.object({
  value: z.array(z.object({ id: z.string(), department: z.string().nullish() })),
  '@odata.nextLink': z.string().optional(),
});

const installationsSchema = z.object({
  value: z.array(z.object({ id: z.string(), teamsApp: z.object({ id: z.string() }).nullish() })),
});

const chatSchema = z.object({ id: z.string().min(1) });

const graphErrorSchema = z.object({ statusCode: z.number() });

export function graphStatusOf(error: unknown): number | undefined {
  return graphErrorSchema.safeParse(error).data?.statusCode;
}

async function readAllPages(client: Client, first: unknown): Promise<Recipient[]> {
  const recipients: Recipient[] = [];
  let page = first;
  for (;;) {
    const parsed = userPageSchema.safeParse(page);
    if (!parsed.success) throw new AppError('GRAPH_FAILED', 'Graph returned an unexpected page of users');
    for (const user of parsed.data.value) {
      recipients.push({ aadObjectId: user.id.toLowerCase(), department: user.department ?? undefined });
    }
    const next = parsed.data['@odata.nextLink'];
    if (!next) return recipients;
    page = await client.api(next).get();
  }
}

export function graphAudienceDirectory(client: Client): AudienceDirectory {
  async function members(groupId: string, select: string): Promise<unknown> {
    try {
      return await client
        .api(`/groups/${encodeURIComponent(groupId)}/transitiveMembers/microsoft.graph.user`)
        .select(select)
        .top(999)
        .get();
    } catch (error) {
      if (graphStatusOf(error) === 404) {
        throw new AppError('GROUP_NOT_FOUND', `The group ${groupId} was not found in Microsoft Graph.`, {
          cause: error,
        });
      }
      throw new AppError('GRAPH_FAILED', 'Could not read group members from Microsoft Graph', {
        cause: error,
      });
    }
  }
  return {
    async groupMembers(groupId) {
      return readAllPages(client, await members(groupId, 'id,department'));
    },
    async checkGroup(groupId) {
      await members(groupId, 'id');
    },
    async allUsers() {
      try {
        const first = await client
          .api('/users')
          .select('id,department')
          .filter("accountEnabled eq true and userType eq 'Member'")
          .top(999)
          .get();
        return await readAllPages(client, first);
      } catch (error) {
        if (error instanceof AppError) throw error;
        throw new AppError('GRAPH_FAILED', 'Could not read users from Microsoft Graph', { cause: error });
      }
    },
  };
}

/**
 * Proactive install (Graph `TeamsAppInstallation.ReadWriteForUser.All`): POST the app to the
 * person's installed apps (409 = already there), find the installation, then its chat.
 */
export function graphAppInstaller(client: Client, catalogAppId: string): AppInstaller {
  return {
    async installAndFindChat(aadObjectId) {
      const user = encodeURIComponent(aadObjectId);
      try {
        await client.api(`/users/${user}/teamwork/installedApps`).post({
          'teamsApp@odata.bind': `https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/${catalogAppId}`,
        });
      } catch (error) {
        if (graphStatusOf(error) !== 409) {
          throw new AppError('GRAPH_FAILED', 'Could not install the app for a user through Graph', {
            cause: error,
          });
        }
      }
      try {
        const installations = installationsSchema.parse(
          await client
            .api(`/users/${user}/teamwork/installedApps`)
            .expand('teamsApp')
            .filter(`teamsApp/id eq '${catalogAppId}'`)
            .get(),
        );
        const installation = installations.value.find((entry) => entry.teamsApp?.id === catalogAppId);
        if (!installation) throw new Error('installation not listed');
        const chat = chatSchema.parse(
          await client
            .api(`/users/${user}/teamwork/installedApps/${encodeURIComponent(installation.id)}/chat`)
            .get(),
        );
        return chat.id;
      } catch (error) {
        throw new AppError('GRAPH_FAILED', 'Could not find the chat with the app through Graph', {
          cause: error,
        });
      }
    },
  };
}
