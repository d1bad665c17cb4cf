import { resolve } from 'node:path';
import { ClientSecretCredential } from '@azure/identity';
import type { Client } from '@microsoft/microsoft-graph-client';
import type { GuardPolicy } from './bot/activity-envelope.ts';
import { createAdapter } from './bot/create-adapter.ts';
import { SafeguardingBot } from './bot/safeguarding-bot.ts';
import { buildVerbTable } from './bot/verb-table.ts';
import { verbs } from './cards/verbs.ts';
import { type Config, isLocalMode } from './config.ts';
import { announcementsFeature } from './features/announcements/announcements-feature.ts';
import type { Feature, FeatureContext } from './features/feature.ts';
import { helpCapability } from './features/help/capabilities.ts';
import { helpFeature } from './features/help/help-feature.ts';
import { welcomeJob } from './features/help/send-welcome.ts';
import {
  type KnowledgeBase,
  type KnowledgeStats,
  loadKnowledgeBase,
} from './features/policy-qa/knowledge-base.ts';
import type { SkippedFile } from './features/policy-qa/knowledge-types.ts';
import { policyQaFeature } from './features/policy-qa/policy-qa-feature.ts';
import { raiseConcernFeature } from './features/raise-concern/raise-concern-feature.ts';
import { reportsFeature } from './features/reports/reports-feature.ts';
import { triageFeature } from './features/triage/triage-feature.ts';
import { graphAppInstaller, graphAudienceDirectory } from './graph/audiences.ts';
import { createGraphClient } from './graph/graph-client.ts';
import { graphPeopleDirectory, noPeopleDirectory } from './graph/people.ts';
import { configRoleDirectory, graphRoleDirectory, type RoleDirectory } from './graph/roles.ts';
import { graphMailer, noMailer } from './graph/send-mail.ts';
import { JobQueue } from './jobs/job-queue.ts';
import { createServer } from './server.ts';
import { type Clock, systemClock } from './shared/clock.ts';
import { AppError } from './shared/errors.ts';
import type { Logger } from './shared/logger.ts';
import { conversationRefs } from './storage/conversation-refs.ts';
import { type Database, openDatabase } from './storage/database.ts';
import { startEmbeddedMaintenance } from './storage/maintenance.ts';
import { pacedTeamsRateLimiter } from './teams/rate-limiter.ts';
import { createTeamsSender, type RetryPolicy, type TeamsSender } from './teams/teams-sender.ts';

export interface AppOverrides {
  /** An already open database (tests restore one from a snapshot). */
  database?: Database;
  clock?: Clock;
  /** A Graph client (tests point one at the local Graph stand-in). */
  graphClient?: Client;
  /** Where proactive 1:1 chats are created when no reference is stored. */
  defaultServiceUrl?: string;
  retry?: RetryPolicy;
  /** Replaces the policy Q&A re-index that announcements call after storing a policy document. */
  reindexKnowledge?: () => Promise<void>;
}

export interface RunningApp {
  url: string;
  port: number;
  database: Database;
  jobs: JobQueue;
  sender: TeamsSender;
  roles: RoleDirectory;
  /** Writes what features write behind their replies (the Q&A outcome rows) now, e.g. before reading them. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Builds every object from a parsed Config and starts listening. main.ts calls it with the
 * environment's Config; tests call it with their own and a few overrides.
 */
export async function startApp(
  config: Config,
  logger: Logger,
  overrides: AppOverrides = {},
): Promise<RunningApp> {
  const clock = overrides.clock ?? systemClock;
  const database =
    overrides.database ??
    (await openDatabase(
      config.DATABASE_URL
        ? { kind: 'postgres', url: config.DATABASE_URL }
        : { kind: 'pglite', dataDir: resolve(config.DATA_DIR, 'db') },
      {
        onIdleConnectionError: (error) =>
          logger.warn(
            { code: 'DATABASE_UNAVAILABLE', err: error.name },
            'an idle database connection failed; it will be replaced',
          ),
      },
    ));
  const jobs = await JobQueue.start(database, logger);
  const refs = conversationRefs(database.db);
  const graph = buildGraphClient(config, overrides.graphClient);
  const roles = buildRoleDirectory(config, clock, graph);

  const adapter = createAdapter(config, logger);
  const sender = createTeamsSender({
    adapter,
    appId: config.MicrosoftAppId ?? '',
    refs,
    limiter: pacedTeamsRateLimiter({ tenantPerSecond: config.TENANT_SEND_PER_SECOND }),
    logger,
    defaultServiceUrl: overrides.defaultServiceUrl ?? 'https://smba.trafficmanager.net/uk/',
    ...(overrides.retry ? { retry: overrides.retry } : {}),
  });

  const knowledge = await openKnowledge(resolve(config.KNOWLEDGE_DIR), logger);

  const audit = async (code: string, actor: { aadObjectId: string } | undefined, subject?: string) => {
    await database.db
      .insertInto('audit_log')
      .values({ at: clock.now(), actor_aad_id: actor?.aadObjectId ?? null, code, subject: subject ?? null })
      .execute();
  };
  const context: FeatureContext = {
    config,
    db: database.db,
    jobs,
    sender,
    roles,
    refs,
    clock,
    logger,
    audit,
  };

  // Every capability, in the order they are offered free text. Help is last: it answers anything.
  const features: Feature[] = [];
  const capabilities = () => [...features.flatMap((feature) => feature.capabilities ?? []), helpCapability];
  features.push(raiseConcernFeature(context));
  features.push(
    triageFeature(context, {
      people: graph
        ? graphPeopleDirectory({ client: graph, clock, ttlSeconds: config.ROLE_CACHE_SECONDS })
        : noPeopleDirectory,
      mailer:
        graph && config.ESCALATION_MAIL_FROM && config.ESCALATION_MAIL_TO.length > 0
          ? graphMailer({
              client: graph,
              from: config.ESCALATION_MAIL_FROM,
              to: config.ESCALATION_MAIL_TO,
            })
          : noMailer,
      embedded: database.engine === 'pglite',
    }),
  );
  features.push(
    announcementsFeature(context, {
      directory: graph ? graphAudienceDirectory(graph) : undefined,
      installer:
        graph && config.TEAMS_APP_CATALOG_ID
          ? graphAppInstaller(graph, config.TEAMS_APP_CATALOG_ID)
          : undefined,
      reindexKnowledge:
        overrides.reindexKnowledge ??
        (async () => {
          await knowledge.kb.reindex();
        }),
      defaultServiceUrl: overrides.defaultServiceUrl ?? 'https://smba.trafficmanager.net/uk/',
    }),
  );
  // Chart images are served by this bot: its public address, or in local mode where it listens.
  let listeningUrl: string | undefined;
  const reports = reportsFeature(context, {
    publicBaseUrl: () => config.PUBLIC_BASE_URL ?? (isLocalMode(config) ? listeningUrl : undefined),
  });
  features.push(reports);
  features.push(policyQaFeature(context, { kb: knowledge.kb, dslVerb: () => dslVerb }));
  features.push(helpFeature(context, capabilities));
  // "Talk to a DSL" is offered on Q&A cards only when a feature answers that verb.
  const registeredVerbs = new Set(
    features.flatMap((feature) => (feature.verbs ?? []).map((route) => route.verb)),
  );
  const dslVerb = registeredVerbs.has(verbs.talkToDsl) ? verbs.talkToDsl : '';

  const bot = new SafeguardingBot({
    roles,
    refs,
    commands: features.flatMap((feature) => feature.commands ?? []),
    fallback: async (actor, text, reply) => {
      for (const feature of features) {
        if (feature.handleText && (await feature.handleText(actor, text, reply))) return;
      }
    },
    verbs: buildVerbTable(features.flatMap((feature) => feature.verbs ?? [])),
    fileConsent: async (actor, answer, reply) => {
      for (const feature of features) {
        if (feature.handleFileConsent && (await feature.handleFileConsent(actor, answer, reply))) return;
      }
      await reply.text('That file is no longer available. Ask for it again.');
    },
    onInstalled: async (actor) => {
      if (!(await refs.claimWelcome(actor.conversationId, clock.now(), 60))) return;
      await jobs.send(
        welcomeJob,
        { conversationId: actor.conversationId, aadObjectId: actor.aadObjectId },
        { singletonKey: `welcome:${actor.conversationId}` },
      );
    },
    audit,
    logger,
  });

  for (const feature of features) await feature.start?.();
  await startEmbeddedMaintenance(database, jobs, logger);

  const guard: GuardPolicy = {
    allowedTenantIds: config.ALLOWED_TENANT_IDS,
    allowedChannels: isLocalMode(config) ? ['msteams', 'emulator', 'webchat'] : ['msteams'],
  };
  const server = createServer({
    adapter,
    bot,
    guard,
    logger,
    isReady: () => database.ping(),
    chartImage: (id) => reports.chartImage(id),
  });
  await new Promise<void>((resolveListen) => server.listen(config.PORT, config.HOST, resolveListen));
  const address = server.address();
  const port = address.port;
  listeningUrl = `http://${config.HOST === '0.0.0.0' || config.HOST === '::' ? 'localhost' : config.HOST}:${port}`;

  let closing: Promise<void> | undefined;
  return {
    url: `http://${config.HOST}:${port}`,
    port,
    database,
    jobs,
    sender,
    roles,
    async flush() {
      for (const feature of features) await feature.flush?.();
    },
    close() {
      closing ??= (async () => {
        // Stop taking turns, let in-flight turns finish, then stop workers and the database.
        await new Promise<void>((resolveClose) => server.close(() => resolveClose()));
        const deadline = Date.now() + 10_000;
        while (server.inFlight() > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
        knowledge.stopWatching();
        for (const feature of features) await feature.stop?.();
        await jobs.stop();
        await database.close();
      })();
      return closing;
    },
  };
}

/** Loads the policy documents (a missing folder stops start-up) and re-indexes when they change. */
async function openKnowledge(
  dir: string,
  logger: Logger,
): Promise<{ kb: KnowledgeBase; stopWatching: () => void }> {
  const report = (stats: KnowledgeStats, skipped: readonly SkippedFile[]) => {
    for (const file of skipped) {
      logger.warn(
        { code: 'KNOWLEDGE_FILE_SKIPPED', file: file.file, reason: file.reason },
        'policy document skipped',
      );
    }
    logger.info({ documents: stats.documents, chunks: stats.chunks }, 'policy documents indexed');
  };
  const { kb, skipped } = await loadKnowledgeBase({ dir, logger });
  report(kb.stats(), skipped);
  const stopWatching = kb.watch({ onReindexed: (result) => report(result.stats, result.skipped) });
  return { kb, stopWatching };
}

/**
 * One Microsoft Graph client for the app (roles, audiences, app install, names, escalation
 * mail), on the bot's own credential; tests pass a client pointed at the Graph stand-in.
 * Undefined without credentials: the embedded default needs no Azure account.
 */
function buildGraphClient(config: Config, override: Client | undefined): Client | undefined {
  if (override) return override;
  if (!config.MicrosoftAppId || !config.MicrosoftAppPassword) return undefined;
  return createGraphClient({
    credential: new ClientSecretCredential(
      config.MicrosoftAppTenantId ?? 'organizations',
      config.MicrosoftAppId,
      config.MicrosoftAppPassword,
      {
        authorityHost: config.GRAPH_AUTHORITY_HOST,
        // Instance discovery only knows Microsoft's own clouds.
        disableInstanceDiscovery:
          new URL(config.GRAPH_AUTHORITY_HOST).hostname !== 'login.microsoftonline.com',
      },
    ),
    baseUrl: config.GRAPH_BASE_URL,
  });
}

function buildRoleDirectory(config: Config, clock: Clock, graph: Client | undefined): RoleDirectory {
  if (config.DSL_GROUP_ID && config.COORDINATOR_GROUP_ID) {
    if (!graph)
      throw new AppError(
        'CONFIG_INVALID',
        'DSL_GROUP_ID and COORDINATOR_GROUP_ID need MicrosoftAppId and MicrosoftAppPassword to read Microsoft Graph',
      );
    return graphRoleDirectory({
      client: graph,
      groups: { dsl: config.DSL_GROUP_ID, coordinator: config.COORDINATOR_GROUP_ID },
      ttlSeconds: config.ROLE_CACHE_SECONDS,
      clock,
    });
  }
  return configRoleDirectory({ dsl: config.DSL_USERS, coordinator: config.COORDINATOR_USERS });
}
