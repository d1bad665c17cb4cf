import { benchBroadcast } from './broadcast.ts';
import { benchDslAlert } from './dsl-alert.ts';
import { benchQaTurns } from './qa-turns.ts';
import { benchReport } from './report.ts';
import { benchStartup } from './startup.ts';
import { benchTurns } from './turns.ts';

// Prints figures; never fails on them. Each bench starts its own processes and cleans up.
const only = process.argv[2];
const benches: Record<string, () => Promise<void>> = {
  startup: benchStartup,
  turns: () => benchTurns({ concurrency: 16, seconds: 10 }),
  'qa-turns': async () => {
    await benchQaTurns({ documents: 1000, concurrency: 1, seconds: 10 });
    await benchQaTurns({ documents: 1000, concurrency: 4, seconds: 10 });
  },
  'dsl-alert': benchDslAlert,
  broadcast: () => benchBroadcast({ recipients: 10_000, perSecond: 500 }),
  report: () => benchReport({ concerns: 100_000, runs: 5 }),
};
for (const [name, run] of Object.entries(benches)) {
  if (only && only !== name) continue;
  await run();
}
