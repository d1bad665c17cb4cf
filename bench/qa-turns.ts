import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { messageActivity, type TestUser } from '../test/kit/activities.ts';
import { ConnectorStandIn } from '../test/kit/connector-stand-in.ts';
import { startBotProcess } from './bot-process.ts';
import { readQuestionSet } from './qa-eval/question-set.ts';
import { percentile } from './stats.ts';

const root = resolve(import.meta.dirname, '..');
const places = [
  'Northbridge',
  'Eastmoor',
  'Westfield',
  'Southport',
  'Kingsbury',
  'Ashdown',
  'Riverside',
  'Highcliffe',
];
const kinds = ['City', 'Borough', 'District', 'County'];

/** A variation of a sample-policy document: another council's name, shifted figures, rotated paragraphs. */
function vary(text: string, n: number): string {
  const place = `${places[n % places.length]} ${kinds[Math.floor(n / places.length) % kinds.length]}`;
  const paragraphs = text
    .replace(/Northbridge City/g, place)
    .replace(/\b(\d+)\b/g, (digits) => String(Number(digits) + (n % 5)))
    .split('\n\n');
  const head = paragraphs.slice(0, 2);
  const body = paragraphs.slice(2);
  const shift = body.length > 0 ? n % body.length : 0;
  return [...head, ...body.slice(shift), ...body.slice(0, shift)].join('\n\n');
}

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
  const sampleDir = join(root, 'knowledge/sample-policy');
  const samples = await Promise.all(
    (await readdir(sampleDir))
      .filter((file) => file.endsWith('.md'))
      .map(async (file) => ({ file, text: await readFile(join(sampleDir, file), 'utf8') })),
  );
  await mkdir(join(dir, 'policies'));
  for (let n = 0; n < options.documents; n += 1) {
    const sample = samples[n % samples.length];
    if (sample) await writeFile(join(dir, 'policies', `${n}-${sample.file}`), vary(sample.text, n));
  }
  const questions = (await readQuestionSet(join(root, 'bench/qa-questions/sample-policy.json'))).map(
    (q) => q.question,
  );

  const connector = await new ConnectorStandIn().start();
  const bot = await startBotProcess({ env: { KNOWLEDGE_DIR: join(dir, 'policies') } });
  const users: TestUser[] = Array.from({ length: options.concurrency }, (_, index) => ({
    aadObjectId: `qabench0-0000-4000-8000-${String(index).padStart(12, '0')}`,
    name: `Bench ${index}`,
  }));
  let next = 0;
  const post = async (user: TestUser) => {
    const text = questions[next++ % questions.length] ?? 'safeguarding training';
    const started = performance.now();
    const response = await fetch(`${bot.url}/api/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(messageActivity({ serviceUrl: connector.url, text, user })),
    });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`turn answered ${response.status}`);
    return performance.now() - started;
  };
  for (let round = 0; round < 5; round += 1) await Promise.all(users.map(post));
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
