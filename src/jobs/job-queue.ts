import { type Kysely, sql, type Transaction } from 'kysely';
import { fromKysely, fromPglite, PgBoss } from 'pg-boss';
import type { z } from 'zod';
import { errorCodeOf } from '../shared/errors.ts';
import type { Logger } from '../shared/logger.ts';
import type { Database } from '../storage/database.ts';
import type { Schema } from '../storage/schema.ts';

/** A named durable job with the schema its payload must match when it is worked. */
export interface JobDefinition<T> {
  readonly name: string;
  readonly schema: z.ZodType<T>;
  readonly retryLimit?: number;
  readonly retryDelaySeconds?: number;
  readonly expireInSeconds?: number;
}

export function defineJob<T>(
  name: string,
  schema: z.ZodType<T>,
  options: Omit<JobDefinition<T>, 'name' | 'schema'> = {},
): JobDefinition<T> {
  return { name, schema, ...options };
}

type QueueSettings = Omit<JobDefinition<unknown>, 'schema'>;

export interface SendJobOptions {
  /** Run no earlier than this time. */
  startAfter?: Date;
  /**
   * pg-boss's key for throttling and singleton queue policies. On the standard policy used here it
   * does not deduplicate: callers that need exactly-once claim it in their own table first.
   */
  singletonKey?: string;
  /** Enqueue inside this transaction, so the job exists only if the transaction commits. */
  transaction?: Transaction<Schema> | Kysely<Schema>;
}

export interface JobContext {
  id: string;
}

export type JobHandler<T> = (data: T, job: JobContext) => Promise<void>;

/**
 * The durable job queue (pg-boss 12) on the same database as everything else: PGlite embedded,
 * PostgreSQL in production. Jobs survive a crash; any instance may work any job.
 */
export class JobQueue {
  private readonly created = new Set<string>();

  private constructor(
    private readonly boss: PgBoss,
    private readonly db: Kysely<Schema>,
    private readonly logger: Logger,
  ) {}

  static async start(database: Database, logger: Logger): Promise<JobQueue> {
    const boss = database.pglite
      ? new PgBoss({ db: fromPglite(database.pglite), backend: 'pglite', useListenNotify: true })
      : new PgBoss({ connectionString: database.postgresUrl, useListenNotify: true, max: 5 });
    boss.on('error', (error: unknown) => logger.error({ code: errorCodeOf(error) }, 'job queue error'));
    await boss.start();
    return new JobQueue(boss, database.db, logger);
  }

  private async ensureQueue(definition: QueueSettings): Promise<void> {
    if (this.created.has(definition.name)) return;
    await this.boss.createQueue(definition.name, {
      retryLimit: definition.retryLimit ?? 5,
      retryDelay: definition.retryDelaySeconds ?? 5,
      retryBackoff: true,
      expireInSeconds: definition.expireInSeconds ?? 15 * 60,
      notify: true,
    });
    this.created.add(definition.name);
  }

  /**
   * Creates the queues up front. Required before sending inside a transaction: on the embedded
   * engine, creating a queue from within one would wait on the transaction it is part of.
   */
  async register(...definitions: readonly QueueSettings[]): Promise<void> {
    for (const definition of definitions) await this.ensureQueue(definition);
  }

  async send<T>(definition: JobDefinition<T>, data: T, options: SendJobOptions = {}): Promise<string | null> {
    if (options.transaction && !this.created.has(definition.name)) {
      throw new Error(`queue ${definition.name} must be registered before sending in a transaction`);
    }
    await this.ensureQueue(definition);
    const payload = definition.schema.parse(data);
    if (typeof payload !== 'object' || payload === null) throw new TypeError('job payload must be an object');
    return this.boss.send(definition.name, payload, {
      ...(options.startAfter ? { startAfter: options.startAfter } : {}),
      ...(options.singletonKey ? { singletonKey: options.singletonKey } : {}),
      ...(options.transaction ? { db: fromKysely(options.transaction.getExecutor()) } : {}),
    });
  }

  async work<T>(
    definition: JobDefinition<T>,
    handler: JobHandler<T>,
    options: {
      concurrency?: number;
      pollingIntervalSeconds?: number;
      /**
       * A job a person is waiting on (a DSL alert): poll every half second even while notify is
       * on, so a missed notification costs at most that, not the 5 s backstop.
       */
      urgent?: boolean;
    } = {},
  ): Promise<void> {
    await this.ensureQueue(definition);
    await this.boss.work<object>(
      definition.name,
      {
        localConcurrency: options.concurrency ?? 2,
        pollingIntervalSeconds: options.urgent ? 0.5 : (options.pollingIntervalSeconds ?? 1),
        notifyPollingIntervalSeconds: options.urgent ? 0.5 : 5,
      },
      async ([job]) => {
        if (!job) return;
        const parsed = definition.schema.safeParse(job.data);
        if (!parsed.success) {
          // A payload that no longer matches its schema can never succeed: fail it without retrying forever.
          this.logger.error(
            { job: definition.name, jobId: job.id, code: 'VERB_DATA_INVALID' },
            'job payload invalid',
          );
          throw new Error(`job ${definition.name} payload invalid`);
        }
        try {
          await handler(parsed.data, { id: job.id });
        } catch (error) {
          // pg-boss retries it; say so, with the code only, so a stuck job is visible in the logs.
          this.logger.warn(
            { job: definition.name, jobId: job.id, code: errorCodeOf(error) },
            'job failed; it will be retried',
          );
          throw error;
        }
      },
    );
  }

  /** How many jobs of a kind wait or run: for readiness checks and tests. */
  async pendingCount(definition: JobDefinition<unknown>): Promise<number> {
    const result = await sql<{ count: number }>`
      select count(*)::int as count from pgboss.job
      where name = ${definition.name} and state in ('created', 'retry', 'active')`.execute(this.db);
    return result.rows[0]?.count ?? 0;
  }

  async stop(): Promise<void> {
    await this.boss.stop({ graceful: true, close: true, timeout: 10_000 });
  }
}
