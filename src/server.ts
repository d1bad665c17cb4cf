import type { CloudAdapter } from 'botbuilder';
import restify from 'restify';
import { checkActivityEnvelope, type GuardPolicy } from './bot/activity-envelope.ts';
import type { SafeguardingBot } from './bot/safeguarding-bot.ts';
import type { Logger } from './shared/logger.ts';

export interface ServerDependencies {
  adapter: CloudAdapter;
  bot: SafeguardingBot;
  guard: GuardPolicy;
  logger: Logger;
  isReady: () => Promise<boolean>;
  /** A quarterly report chart picture by its unguessable id: suppressed aggregates, no case data. */
  chartImage?: (id: string) => Promise<Uint8Array | undefined>;
}

/** A whole activity is small; a 28 KB message plus its envelope fits well within this. */
const maxBodyBytes = 256 * 1024;

/** restify routes only: the Bot Framework endpoint and health checks. No business logic. */
export function createServer(deps: ServerDependencies): restify.Server & { inFlight(): number } {
  const server = restify.createServer({ name: 'safeguarding-assistant', handleUncaughtExceptions: false });
  let inFlight = 0;
  server.use(
    restify.plugins.bodyParser({ maxBodySize: maxBodyBytes, mapParams: false, rejectUnknown: true }),
  );

  server.post('/api/messages', async (req, res) => {
    const verdict = checkActivityEnvelope(req.body, deps.guard);
    if (!verdict.ok) {
      deps.logger.warn({ code: verdict.code, status: verdict.status }, 'activity refused');
      res.send(verdict.status, { error: { code: verdict.code } });
      return;
    }
    inFlight += 1;
    try {
      await deps.adapter.process(req, res, (context) => deps.bot.run(context));
    } finally {
      inFlight -= 1;
    }
  });

  server.get('/healthz', async (_req, res) => {
    res.send(200, { status: 'ok' });
  });

  server.get('/readyz', async (_req, res) => {
    const ready = await deps.isReady();
    res.send(ready ? 200 : 503, { status: ready ? 'ready' : 'not ready' });
  });

  server.get('/report-charts/:file', async (req, res) => {
    const match = /^([A-Za-z0-9_-]{20,80})\.png$/.exec(String(req.params.file ?? ''));
    const png = match?.[1] && deps.chartImage ? await deps.chartImage(match[1]) : undefined;
    if (!png) {
      res.send(404, { error: { code: 'NOT_FOUND' } });
      return;
    }
    res.writeHead(200, {
      'Content-Type': 'image/png',
      'Content-Length': png.byteLength,
      'Cache-Control': 'private, max-age=86400',
      'X-Content-Type-Options': 'nosniff',
    });
    res.end(Buffer.from(png));
  });

  server.on('restifyError', (req, _res, error: { statusCode?: number }, callback) => {
    const status = error.statusCode ?? 500;
    // A probe of a wrong method or path (the Playground checks the endpoint this way) is not a warning.
    const level = status === 404 || status === 405 ? 'debug' : 'warn';
    deps.logger[level](
      { code: status >= 500 ? 'INTERNAL' : 'ACTIVITY_INVALID', status, route: req.getPath() },
      'request refused',
    );
    callback();
  });

  return Object.assign(server, { inFlight: () => inFlight });
}
