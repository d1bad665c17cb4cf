import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

/**
 * Teams' published limits for bots: per conversation 7 messages a second, 8 per 2 s,
 * 60 per 30 s and 1,800 an hour; per app per tenant 50 requests a second (we default lower
 * to leave room for replies). Waits until every window has room, so callers never see a 429
 * caused by us. Memory-backed: with several instances, give each its share of the tenant limit.
 */
export interface SendRateLimiter {
  acquire(conversationId: string): Promise<void>;
}

export function teamsRateLimiter(options: {
  tenantPerSecond: number;
  sleep?: (ms: number) => Promise<void>;
}): SendRateLimiter {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const perConversation = [
    new RateLimiterMemory({ points: 7, duration: 1 }),
    new RateLimiterMemory({ points: 8, duration: 2 }),
    new RateLimiterMemory({ points: 60, duration: 30 }),
    new RateLimiterMemory({ points: 1800, duration: 3600 }),
  ];
  const tenant = new RateLimiterMemory({ points: Math.floor(options.tenantPerSecond), duration: 1 });

  async function take(limiter: RateLimiterMemory, key: string): Promise<void> {
    for (;;) {
      try {
        await limiter.consume(key);
        return;
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
        await sleep(Math.max(1, rejection.msBeforeNext));
      }
    }
  }

  return {
    async acquire(conversationId) {
      for (const limiter of perConversation) await take(limiter, conversationId);
      await take(tenant, 'tenant');
    },
  };
}

/**
 * The same limits, with the tenant share paced rather than windowed: each send reserves the next
 * slot 1/rate apart (a generic cell rate algorithm with no burst), so no one-second window,
 * however it is aligned, ever holds more than the rate. A fixed window lets a burst at the end of
 * one second meet the burst at the start of the next, which a sliding window upstream answers
 * with 429. Reservations are taken in call order, so waiting callers need no polling.
 */
export function pacedTeamsRateLimiter(options: {
  tenantPerSecond: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}): SendRateLimiter {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const now = options.now ?? (() => performance.now());
  const perConversation = teamsRateLimiter({ tenantPerSecond: Number.MAX_SAFE_INTEGER, sleep });
  const intervalMs = 1000 / options.tenantPerSecond;
  let nextSlot = 0;
  return {
    async acquire(conversationId) {
      await perConversation.acquire(conversationId);
      const at = now();
      const slot = Math.max(at, nextSlot);
      nextSlot = slot + intervalMs;
      if (slot - at >= 1) await sleep(slot - at);
    },
  };
}
