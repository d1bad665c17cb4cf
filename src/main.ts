import { startApp } from './app.ts';
import { loadConfig } from './config.ts';
import { isAppError } from './shared/errors.ts';
import { createLogger } from './shared/logger.ts';

// The composition root: the only place that reads the environment.
const loaded = loadConfig(process.env);
if (!loaded.ok) {
  process.stderr.write(`Safeguarding Assistant cannot start: the configuration is invalid.\n`);
  for (const problem of loaded.problems) process.stderr.write(`  - ${problem}\n`);
  process.stderr.write('See the configuration table in README.md.\n');
  process.exit(1);
}
const config = loaded.config;
const logger = createLogger({ level: config.LOG_LEVEL });
const started = performance.now();
let app: Awaited<ReturnType<typeof startApp>>;
try {
  app = await startApp(config, logger);
} catch (error) {
  // A coded error is a configuration or environment problem the operator can fix: say which.
  const message = isAppError(error)
    ? `${error.code}: ${error.publicMessage}`
    : 'an unexpected error (see the log line above)';
  if (!isAppError(error))
    logger.fatal(
      { code: 'INTERNAL', err: error instanceof Error ? error.name : 'unknown' },
      'start-up failed',
    );
  process.stderr.write(`Safeguarding Assistant cannot start: ${message}\n`);
  process.exit(1);
}
logger.info(
  {
    url: `${app.url}/api/messages`,
    database: app.database.engine,
    auth: config.MicrosoftAppId ? 'on' : 'off (local mode)',
    readyMs: Math.round(performance.now() - started),
    rssMb: Math.round(process.memoryUsage().rss / 1e6),
  },
  'Safeguarding Assistant is ready',
);

let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error(
          { code: 'INTERNAL', err: error instanceof Error ? error.name : 'unknown' },
          'shutdown failed',
        );
        process.exit(1);
      },
    );
  });
}
