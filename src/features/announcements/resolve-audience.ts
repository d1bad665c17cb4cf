import type { Kysely } from 'kysely';
import type { Config } from '../../config.ts';
import type { AudienceDirectory, Recipient } from '../../graph/audiences.ts';
import type { RoleDirectory } from '../../graph/roles.ts';
import { AppError } from '../../shared/errors.ts';
import type { Schema } from '../../storage/schema.ts';
import type { Audience } from './announcement-schema.ts';

export interface AudienceSources {
  config: Config;
  db: Kysely<Schema>;
  roles: RoleDirectory;
  /** Graph, when the app has credentials for it; without it "everyone" is everyone who has the app. */
  directory: AudienceDirectory | undefined;
}

/**
 * Refuses an audience that cannot be resolved, before anything is stored or sent: a group that
 * does not exist, groups without Graph, champions nobody configured.
 */
export async function checkAudience(
  sources: AudienceSources,
  audience: Audience,
): Promise<string | undefined> {
  if (audience.kind === 'groups') {
    if (!sources.directory)
      return 'Sending to Entra ID groups needs Microsoft Graph, which is not set up for this bot. Choose another audience.';
    for (const groupId of audience.groupIds) {
      try {
        await sources.directory.checkGroup(groupId);
      } catch (error) {
        if (error instanceof AppError && error.code === 'GROUP_NOT_FOUND')
          return `The group ${groupId} was not found in Entra ID. Check the id (Entra admin centre, Groups, Object ID).`;
        throw error;
      }
    }
  }
  if (
    audience.kind === 'champions' &&
    !sources.config.CHAMPIONS_GROUP_ID &&
    sources.config.CHAMPION_USERS.length === 0
  )
    return 'No safeguarding champions are configured (CHAMPIONS_GROUP_ID or CHAMPION_USERS). Choose another audience.';
  return undefined;
}

/** Everyone the announcement goes to, each once, by lower-case Entra object id. */
export async function resolveAudience(sources: AudienceSources, audience: Audience): Promise<Recipient[]> {
  const found = new Map<string, Recipient>();
  const add = (recipients: readonly Recipient[]) => {
    for (const recipient of recipients) {
      const id = recipient.aadObjectId.toLowerCase();
      if (!found.has(id)) found.set(id, { aadObjectId: id, department: recipient.department });
    }
  };
  const ids = (list: readonly string[]) => list.map((id) => ({ aadObjectId: id, department: undefined }));
  switch (audience.kind) {
    case 'everyone':
      if (sources.directory) add(await sources.directory.allUsers());
      else add(ids(await everyoneWithTheApp(sources.db)));
      break;
    case 'groups':
      if (!sources.directory) throw new AppError('GRAPH_FAILED', 'Groups need Microsoft Graph');
      for (const groupId of audience.groupIds) add(await sources.directory.groupMembers(groupId));
      break;
    case 'dsls':
      add(ids(await sources.roles.membersOf('dsl')));
      break;
    case 'champions':
      if (sources.config.CHAMPIONS_GROUP_ID && sources.directory)
        add(await sources.directory.groupMembers(sources.config.CHAMPIONS_GROUP_ID));
      add(ids(sources.config.CHAMPION_USERS));
      break;
  }
  return [...found.values()];
}

/** Embedded default without Graph: the people who have a 1:1 chat with the bot. */
async function everyoneWithTheApp(db: Kysely<Schema>): Promise<string[]> {
  const rows = await db
    .selectFrom('conversation_refs')
    .select('aad_object_id')
    .distinct()
    .where('conversation_type', '=', 'personal')
    .where('aad_object_id', 'is not', null)
    .execute();
  return rows.flatMap((row) => (row.aad_object_id ? [row.aad_object_id] : []));
}
