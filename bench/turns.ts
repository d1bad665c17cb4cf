import { ConnectorStandIn } from '../test/kit/connector-stand-in.ts';
import { startBotProcess } from './bot-process.ts';
import { benchUsers, runMessageLoad } from './message-load.ts';
import { percentile } from './stats.ts';

/**
 * Turn throughput and latency through the real HTTP server and CloudAdapter: N concurrent
 * conversations each send "help" and wait for the HTTP response (which returns after the reply
 * reached the connector stand-in). The bot runs as its own process, as `npm start` runs it.
 */
export async function benchTurns(options: { concurrency: number; seconds: number }): Promise<void> {
  const connector = await new ConnectorStandIn().start();
  const bot = await startBotProcess();
  const { latencies, elapsedSeconds } = await runMessageLoad({
    botUrl: bot.url,
    serviceUrl: connector.url,
    users: benchUsers('bench000', options.concurrency),
    text: () => 'help',
    warmupRounds: 20,
    seconds: options.seconds,
    afterWarmup: () => connector.reset(),
  });
  const replies = connector.delivered('reply').length;
  console.log(
    `turns: ${options.concurrency} concurrent conversations, ${latencies.length} turns in ${elapsedSeconds.toFixed(1)} s = ` +
      `${Math.round(latencies.length / elapsedSeconds)} turns/s; latency p50 ${percentile(latencies, 50).toFixed(1)} ms, ` +
      `p99 ${percentile(latencies, 99).toFixed(1)} ms; replies at the connector ${replies}; bot RSS ${bot.rssNowMb()} MB ` +
      `(target >= 1,000 turns/s, p99 < 25 ms at 16)`,
  );
  await bot.stop();
  await connector.stop();
}
