import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBotProcess } from './bot-process.ts';

/** Start-up time and memory of `npm start` on the embedded defaults: first start, then a restart. */
export async function benchStartup(): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'sa-startup-'));
  const first = await startBotProcess({ dataDir, env: { LOG_LEVEL: 'info' } });
  await first.stop();
  const again = await startBotProcess({ dataDir, env: { LOG_LEVEL: 'info' } });
  const settledRss = again.rssNowMb();
  await again.stop();
  console.log(
    `startup: first start (new data folder) ready in ${Math.round(first.readyMs)} ms, RSS ${first.rssMb} MB; ` +
      `restart ready in ${Math.round(again.readyMs)} ms, RSS ${settledRss} MB (target: restart-to-ready < 2,000 ms)`,
  );
  await rm(dataDir, { recursive: true, force: true });
}
