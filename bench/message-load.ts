import { messageActivity, type TestUser } from '../test/kit/activities.ts';

/** Users for N concurrent conversations, each with a stable Entra-style object id. */
export function benchUsers(prefix: string, count: number): TestUser[] {
  return Array.from({ length: count }, (_, index) => ({
    aadObjectId: `${prefix}-0000-4000-8000-${String(index).padStart(12, '0')}`,
    name: `Bench ${index}`,
  }));
}

/**
 * Posts messages over HTTP from every user at once, each waiting for its answer before the next,
 * warming up first; returns every latency (ms) and the measured seconds.
 */
export async function runMessageLoad(options: {
  botUrl: string;
  serviceUrl: string;
  users: readonly TestUser[];
  text: () => string;
  warmupRounds: number;
  seconds: number;
  afterWarmup?: () => void;
}): Promise<{ latencies: number[]; elapsedSeconds: number }> {
  const post = async (user: TestUser) => {
    const started = performance.now();
    const response = await fetch(`${options.botUrl}/api/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(messageActivity({ serviceUrl: options.serviceUrl, text: options.text(), user })),
    });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`turn answered ${response.status}`);
    return performance.now() - started;
  };
  // Warm up: JIT, connection pools, each conversation's reference stored.
  for (let round = 0; round < options.warmupRounds; round += 1) await Promise.all(options.users.map(post));
  options.afterWarmup?.();
  const latencies: number[] = [];
  const deadline = performance.now() + options.seconds * 1000;
  const started = performance.now();
  await Promise.all(
    options.users.map(async (user) => {
      while (performance.now() < deadline) latencies.push(await post(user));
    }),
  );
  return { latencies, elapsedSeconds: (performance.now() - started) / 1000 };
}
