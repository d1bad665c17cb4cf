import { messageActivity, type TestUser } from '../test/kit/activities.ts';
import { ConnectorStandIn } from '../test/kit/connector-stand-in.ts';
import { startBotProcess } from './bot-process.ts';
import { percentile } from './stats.ts';

/**
 * Turn throughput and latency through the real HTTP server and CloudAdapter: N concurrent
 * conversations each send "help" and wait for the HTTP response (which returns after the reply
 * reached the connector stand-in). The bot runs as its own process, as `npm start` runs it.
 */
export async function benchTurns(options: { concurrency: number; seconds: number }): Promise<void> {
  const connector = await new ConnectorStandIn().start();
  const bot = await startBotProcess();
  const users: TestUser[] = Array.from({ length: options.concurrency }, (_, index) => ({
    aadObjectId: `bench000-0000-4000-8000-${String(index).padStart(12, '0')}`,
    name: `Bench ${index}`,
  }));
  const post = async (user: TestUser) => {
    const started = performance.now();
    const response = await fetch(`${bot.url}/api/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(messageActivity({ serviceUrl: connector.url, text: 'help', user })),
    });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`turn answered ${response.status}`);
    return performance.now() - started;
  };
  // Warm up: JIT, connection pools, each conversation's reference stored.
  for (let round = 0; round < 20; round += 1) await Promise.all(users.map(post));
  connector.reset();

  const latencies: number[] = [];
  const deadline = performance.now() + options.seconds * 1000;
  const started = performance.now();
  await Promise.all(
    users.map(async (user) => {
      while (performance.now() < deadline) latencies.push(await post(user));
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const replies = connector.delivered('reply').length;
  console.log(
    `turns: ${options.concurrency} concurrent conversations, ${latencies.length} turns in ${elapsed.toFixed(1)} s = ` +
      `${Math.round(latencies.length / elapsed)} turns/s; latency p50 ${percentile(latencies, 50).toFixed(1)} ms, ` +
      `p99 ${percentile(latencies, 99).toFixed(1)} ms; replies at the connector ${replies}; bot RSS ${bot.rssNowMb()} MB ` +
      `(target >= 1,000 turns/s, p99 < 25 ms at 16)`,
  );
  await bot.stop();
  await connector.stop();
}
