import type { Kysely } from 'kysely';
import type { CommandRoute, VerbRoute } from '../bot/verb-table.ts';
import type { Config } from '../config.ts';
import type { RoleDirectory } from '../graph/roles.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import type { Actor } from '../shared/actor.ts';
import type { Clock } from '../shared/clock.ts';
import type { Logger } from '../shared/logger.ts';
import type { FileConsentAnswer, Reply } from '../shared/reply.ts';
import type { ConversationRefs } from '../storage/conversation-refs.ts';
import type { Schema } from '../storage/schema.ts';
import type { TeamsSender } from '../teams/teams-sender.ts';
import type { Capability } from './help/capabilities.ts';

/** What every capability is given by the composition root: small interfaces, no TurnContext. */
export interface FeatureContext {
  config: Config;
  db: Kysely<Schema>;
  jobs: JobQueue;
  sender: TeamsSender;
  roles: RoleDirectory;
  refs: ConversationRefs;
  clock: Clock;
  logger: Logger;
  /** Records a refused or notable action by code (never content). */
  audit(code: string, actor: Pick<Actor, 'aadObjectId'> | undefined, subject?: string): Promise<void>;
}

/** A capability as the bot sees it: what it adds to help, which commands and verbs it answers. */
export interface Feature {
  name: string;
  capabilities?: readonly Capability[];
  commands?: readonly CommandRoute[];
  verbs?: readonly VerbRoute[];
  /**
   * Free text that no command claimed. Features are asked in order; the first that returns true
   * has answered.
   */
  handleText?(actor: Actor, text: string, reply: Reply): Promise<boolean>;
  /**
   * Someone answered a file consent card this feature sent. Features are asked in order; the
   * first that returns true has handled it (the card's context says whose it is).
   */
  handleFileConsent?(actor: Actor, answer: FileConsentAnswer, reply: Reply): Promise<boolean>;
  /** Registers job workers and timers; called once after every feature is built. */
  start?(): Promise<void>;
  /** Writes now what the feature writes behind its replies (stop() does it too). */
  flush?(): Promise<void>;
  stop?(): Promise<void>;
}
