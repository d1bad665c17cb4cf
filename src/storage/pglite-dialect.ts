import type { PGlite, Transaction } from '@electric-sql/pglite';
import {
  CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryResult,
} from 'kysely';

/**
 * Kysely over PGlite. PGlite has one session: a BEGIN issued as a plain query would let every
 * concurrent request (and the job queue, which shares the instance) run inside our transaction.
 * So a Kysely transaction is mapped onto PGlite's own `transaction()`, which holds PGlite's
 * exclusive lock until commit or rollback; other queries wait for it.
 */
export function pgliteDialect(client: PGlite): Dialect {
  return {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new PgliteDriver(client),
    createIntrospector: (db: Kysely<unknown>) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  };
}

type Executor = Pick<PGlite, 'query'> | Pick<Transaction, 'query'>;

class PgliteConnection implements DatabaseConnection {
  private executor: Executor;
  private finish: ((outcome: 'commit' | 'rollback') => void) | undefined;
  private finished: Promise<void> | undefined;

  constructor(private readonly client: PGlite) {
    this.executor = client;
  }

  async begin(): Promise<void> {
    let ready!: (tx: Transaction) => void;
    const started = new Promise<Transaction>((resolve) => {
      ready = resolve;
    });
    this.finished = this.client.transaction(async (tx) => {
      ready(tx);
      const outcome = await new Promise<'commit' | 'rollback'>((resolve) => {
        this.finish = resolve;
      });
      if (outcome === 'rollback') await tx.rollback();
    });
    this.executor = await Promise.race([started, this.finished.then(() => this.client)]);
  }

  async end(outcome: 'commit' | 'rollback'): Promise<void> {
    const { finish, finished } = this;
    this.finish = undefined;
    this.finished = undefined;
    this.executor = this.client;
    finish?.(outcome);
    await finished;
  }

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const result = await this.executor.query<R>(compiledQuery.sql, [...compiledQuery.parameters]);
    const affected = result.affectedRows;
    return affected === undefined
      ? { rows: result.rows }
      : { rows: result.rows, numAffectedRows: BigInt(affected) };
  }

  // biome-ignore lint/correctness/useYield: PGlite cannot stream; the contract requires a generator.
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('PGlite does not support streaming queries');
  }
}

class PgliteDriver implements Driver {
  constructor(private readonly client: PGlite) {}

  async init(): Promise<void> {
    await this.client.waitReady;
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    return new PgliteConnection(this.client);
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    if (connection instanceof PgliteConnection) await connection.begin();
    else await connection.executeQuery(CompiledQuery.raw('begin'));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    if (connection instanceof PgliteConnection) await connection.end('commit');
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    if (connection instanceof PgliteConnection) await connection.end('rollback');
  }

  async releaseConnection(): Promise<void> {
    // One shared session: nothing to hand back.
  }

  async destroy(): Promise<void> {
    // The owner of the PGlite instance closes it (the job queue shares it).
  }
}
