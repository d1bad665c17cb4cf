import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ConnectorStandIn } from '../test/kit/connector-stand-in.ts';
import { startBotProcess } from './bot-process.ts';
import { generatePolicyCorpus } from './generate-policy-corpus.ts';
import { benchUsers, runMessageLoad } from './message-load.ts';
import { readQuestionSet } from './qa-eval/question-set.ts';
import { percentile } from './stats.ts';

const root = resolve(import.meta.dirname, '..');

/**
 * Policy Q&A turns through the real HTTP server and CloudAdapter with 1,000 policy documents
 * indexed: the bot runs as `npm start` runs it, with KNOWLEDGE_DIR pointed at generated documents.
 */
export async function benchQaTurns(options: {
  documents: number;
  concurrency: number;
  seconds: number;
}): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'sa-qa-bench-'));
  await mkdir(join(dir, 'policies'));
  for (const document of await generatePolicyCorpus(options.documents)) {
    await writeFile(join(dir, 'policies', document.file), document.text);
  }
  const questions = (await readQuestionSet(join(root, 'bench/qa-questions/sample-policy.json'))).map(
    (q) => q.question,
  );

  const connector = await new ConnectorStandIn().start();
  const bot = await startBotProcess({ env: { KNOWLEDGE_DIR: join(dir, 'policies') } });
  let next = 0;
  const { latencies, elapsedSeconds: elapsed } = await runMessageLoad({
    botUrl: bot.url,
    serviceUrl: connector.url,
    users: benchUsers('qabench0', options.concurrency),
    text: () => questions[next++ % questions.length] ?? 'safeguarding training',
    warmupRounds: 5,
    seconds: options.seconds,
  });
  console.log(
    `qa-turns: ${options.documents} documents indexed (bot ready in ${Math.round(bot.readyMs)} ms, RSS ${bot.rssMb} MB at ready, ` +
      `${bot.rssNowMb()} MB after); ${options.concurrency} concurrent askers, ${latencies.length} questions in ${elapsed.toFixed(1)} s = ` +
      `${Math.round(latencies.length / elapsed)} turns/s; latency p50 ${percentile(latencies, 50).toFixed(1)} ms, ` +
      `p99 ${percentile(latencies, 99).toFixed(1)} ms (target p99 < 25 ms)`,
  );
  await bot.stop();
  await connector.stop();
  await rm(dir, { recursive: true, force: true });
}
