import { type AppOverrides, type RunningApp, startApp } from '../../src/app.ts';
import { type Config, loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/shared/logger.ts';
import { coordinatorUser, dslUser } from './activities.ts';
import { ConnectorStandIn } from './connector-stand-in.ts';
import { openTestDatabase } from './test-database.ts';

export interface TestApp {
  app: RunningApp;
  connector: ConnectorStandIn;
  config: Config;
  /** POSTs an activity to /api/messages; returns the HTTP status and parsed body. */
  post(activity: unknown, headers?: Record<string, string>): Promise<{ status: number; body: unknown }>;
  postRaw(body: string, headers?: Record<string, string>): Promise<{ status: number; body: unknown }>;
  close(): Promise<void>;
}

/** The real server, CloudAdapter and database, talking to a connector stand-in on loopback. */
export async function createTestApp(
  options: { env?: Record<string, string>; overrides?: AppOverrides; connector?: ConnectorStandIn } = {},
): Promise<TestApp> {
  const connector = options.connector ?? (await new ConnectorStandIn().start());
  const loaded = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    LOG_LEVEL: 'silent',
    DSL_USERS: dslUser.aadObjectId,
    COORDINATOR_USERS: coordinatorUser.aadObjectId,
    ...options.env,
  });
  if (!loaded.ok) throw new Error(`test config invalid: ${loaded.problems.join('; ')}`);
  const database = options.overrides?.database ?? (await openTestDatabase());
  const app = await startApp(loaded.config, createLogger({ level: 'silent' }), {
    defaultServiceUrl: connector.url,
    retry: { maxAttempts: 4, baseDelayMs: 20, maxDelayMs: 200 },
    ...options.overrides,
    database,
  });
  const postRaw = async (body: string, headers: Record<string, string> = {}) => {
    const response = await fetch(`${app.url}/api/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers },
      body,
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = text;
    }
    return { status: response.status, body: parsed };
  };
  return {
    app,
    connector,
    config: loaded.config,
    post: (activity, headers) => postRaw(JSON.stringify(activity), headers),
    postRaw,
    async close() {
      await app.close();
      if (!options.connector) await connector.stop();
    },
  };
}
