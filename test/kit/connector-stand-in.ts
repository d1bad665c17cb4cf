import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback stand-in of the Bot Connector service (the REST API Teams exposes to bots, v3).
 * It records every call the bot makes and can answer with faults on demand, as the real
 * service does: 429 with Retry-After, 403, 404, 5xx.
 */
export type ConnectorCallKind = 'createConversation' | 'send' | 'reply' | 'update' | 'delete' | 'getMember';

export interface ConnectorCall {
  kind: ConnectorCallKind;
  conversationId: string;
  activityId: string | undefined;
  /** The activity body as the bot sent it (absent for delete / getMember). */
  activity: Record<string, unknown> | undefined;
  /** For createConversation: the parameters the bot sent. */
  parameters: Record<string, unknown> | undefined;
  authorization: string | undefined;
  status: number;
  at: number;
  /** The id the stand-in gave the new activity (send, reply, createConversation). */
  responseId?: string;
}

export interface Fault {
  status: number;
  retryAfterSeconds?: number;
  /** Error code in the body, e.g. MessageWritesBlocked or ConversationNotFound. */
  code?: string;
  /** How many calls the fault answers before it is used up. */
  times?: number;
  /** Which calls it answers: by default every call. */
  match?: (call: { kind: ConnectorCallKind; conversationId: string }) => boolean;
}

/** Teams' published limits for bots, as the stand-in enforces them when asked to. */
export interface RateLimits {
  /** Per conversation: at most `limit` calls in any `windowMs` (Teams: 7/1 s, 8/2 s, 60/30 s, 1,800/h). */
  perConversation: Array<{ limit: number; windowMs: number }>;
  /** Per app per tenant, in any one second (Teams: 50). */
  perTenantPerSecond: number;
}

export const teamsLimits: RateLimits = {
  perConversation: [
    { limit: 7, windowMs: 1000 },
    { limit: 8, windowMs: 2000 },
    { limit: 60, windowMs: 30_000 },
    { limit: 1800, windowMs: 3_600_000 },
  ],
  perTenantPerSecond: 50,
};

export class ConnectorStandIn {
  readonly calls: ConnectorCall[] = [];
  /** Sliding windows of accepted calls, when limits are enforced. */
  private limits: RateLimits | undefined;
  private readonly tenantWindow: number[] = [];
  private readonly conversationWindows = new Map<string, number[]>();
  /** How many calls the enforced limits answered with 429. */
  throttled = 0;
  private readonly faults: Array<Fault & { remaining: number }> = [];
  private server: Server | undefined;
  private waiters: Array<() => void> = [];
  /** Delay before answering, to imitate network time. */
  latencyMs = 0;
  /**
   * Calls this matches are recorded and then left unanswered until `releaseHeld()` or `stop()`:
   * the bot is caught mid-call, e.g. to kill its process at a known point.
   */
  hold: ((call: ConnectorCall) => boolean) | undefined;
  private held: Array<() => void> = [];

  get url(): string {
    const address = this.server?.address() as AddressInfo | null;
    if (!address) throw new Error('connector stand-in not started');
    return `http://127.0.0.1:${address.port}/`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      void this.handle(req, res);
    });
    this.server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return this;
  }

  releaseHeld(): void {
    const held = this.held;
    this.held = [];
    for (const release of held) release();
  }

  async stop(): Promise<void> {
    this.releaseHeld();
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    this.server = undefined;
  }

  /**
   * Answers 429 with Retry-After (whole seconds, as Teams sends it) whenever a call would exceed
   * these limits over a sliding window; `undefined` turns enforcement off.
   */
  enforceLimits(limits: RateLimits | undefined = teamsLimits): void {
    this.limits = limits;
    this.tenantWindow.length = 0;
    this.conversationWindows.clear();
    this.throttled = 0;
  }

  /** Milliseconds until the call fits every window, or 0 when it fits now (then it is counted). */
  private admit(conversationId: string, now: number): number {
    const limits = this.limits;
    if (!limits) return 0;
    const prune = (window: number[], spanMs: number) => {
      let stale = 0;
      while (stale < window.length && (window[stale] ?? 0) <= now - spanMs) stale += 1;
      if (stale > 0) window.splice(0, stale);
    };
    prune(this.tenantWindow, 1000);
    let waitMs = 0;
    if (this.tenantWindow.length >= limits.perTenantPerSecond)
      waitMs = Math.max(waitMs, (this.tenantWindow[0] ?? now) + 1000 - now);
    let conversation = this.conversationWindows.get(conversationId);
    if (!conversation) {
      conversation = [];
      this.conversationWindows.set(conversationId, conversation);
    }
    const longest = Math.max(...limits.perConversation.map((limit) => limit.windowMs));
    prune(conversation, longest);
    for (const { limit, windowMs } of limits.perConversation) {
      const inWindow = conversation.filter((at) => at > now - windowMs);
      if (inWindow.length >= limit)
        waitMs = Math.max(waitMs, (inWindow[inWindow.length - limit] ?? now) + windowMs - now);
    }
    if (waitMs > 0) return waitMs;
    this.tenantWindow.push(now);
    conversation.push(now);
    return 0;
  }

  fail(fault: Fault): void {
    this.faults.push({ ...fault, remaining: fault.times ?? Number.POSITIVE_INFINITY });
  }

  clearFaults(): void {
    this.faults.length = 0;
  }

  reset(): void {
    this.calls.length = 0;
    this.clearFaults();
  }

  /** Successful calls of a kind, in order. */
  delivered(kind?: ConnectorCallKind): ConnectorCall[] {
    return this.calls.filter((call) => call.status < 300 && (kind === undefined || call.kind === kind));
  }

  /** Waits until the predicate holds over the recorded calls, or fails after `timeoutMs`. */
  async waitFor(
    predicate: (calls: ConnectorCall[]) => boolean,
    timeoutMs = 10_000,
  ): Promise<ConnectorCall[]> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.calls)) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        throw new Error(
          `connector stand-in: condition not met in ${timeoutMs} ms (${this.calls.length} calls recorded)`,
        );
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(remaining, 200));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.calls;
  }

  private notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    const route = routeOf(req.method ?? 'GET', parts);
    if (!route) {
      respond(res, 404, { error: { code: 'NotFound', message: 'no such route in the connector stand-in' } });
      return;
    }
    const conversationId = route.kind === 'createConversation' ? `a:${randomUUID()}` : (parts[2] ?? '');
    const limitedMs = route.kind === 'getMember' ? 0 : this.admit(conversationId, performance.now());
    const fault: Fault | undefined =
      limitedMs > 0
        ? {
            status: 429,
            retryAfterSeconds: Math.max(1, Math.ceil(limitedMs / 1000)),
            code: 'TooManyRequests',
          }
        : this.takeFault(route.kind, conversationId);
    if (limitedMs > 0) this.throttled += 1;
    const call: ConnectorCall = {
      kind: route.kind,
      conversationId,
      activityId: route.activityId,
      activity: route.kind === 'createConversation' ? asRecord(asRecord(body)?.activity) : asRecord(body),
      parameters: route.kind === 'createConversation' ? asRecord(body) : undefined,
      authorization: req.headers.authorization,
      status: fault?.status ?? 200,
      at: Date.now(),
    };
    this.calls.push(call);
    this.notify();
    if (this.hold?.(call)) await new Promise<void>((resolve) => this.held.push(resolve));
    if (fault) {
      const headers: Record<string, string> = {};
      if (fault.retryAfterSeconds !== undefined) headers['Retry-After'] = String(fault.retryAfterSeconds);
      respond(
        res,
        fault.status,
        { error: { code: fault.code ?? `Status${fault.status}`, message: 'stand-in fault' } },
        headers,
      );
      return;
    }
    switch (route.kind) {
      case 'createConversation':
        call.responseId = randomUUID();
        respond(res, 201, { id: conversationId, activityId: call.responseId });
        return;
      case 'send':
      case 'reply':
        call.responseId = randomUUID();
        respond(res, 201, { id: call.responseId });
        return;
      case 'update':
        respond(res, 200, { id: route.activityId });
        return;
      case 'delete':
        respond(res, 200, {});
        return;
      case 'getMember':
        respond(res, 200, { id: parts[4], aadObjectId: parts[4], name: 'Member' });
        return;
    }
  }

  private takeFault(kind: ConnectorCallKind, conversationId: string): Fault | undefined {
    const index = this.faults.findIndex(
      (fault) => fault.remaining > 0 && (fault.match === undefined || fault.match({ kind, conversationId })),
    );
    if (index < 0) return undefined;
    const fault = this.faults[index];
    if (!fault) return undefined;
    fault.remaining -= 1;
    return fault;
  }
}

function routeOf(
  method: string,
  parts: string[],
): { kind: ConnectorCallKind; activityId?: string } | undefined {
  if (parts[0] !== 'v3' || parts[1] !== 'conversations') return undefined;
  if (parts.length === 2 && method === 'POST') return { kind: 'createConversation' };
  if (parts.length === 4 && parts[3] === 'activities' && method === 'POST') return { kind: 'send' };
  if (parts.length === 5 && parts[3] === 'activities') {
    const activityId = parts[4];
    if (method === 'POST') return { kind: 'reply', ...(activityId ? { activityId } : {}) };
    if (method === 'PUT') return { kind: 'update', ...(activityId ? { activityId } : {}) };
    if (method === 'DELETE') return { kind: 'delete', ...(activityId ? { activityId } : {}) };
  }
  if (parts.length === 5 && parts[3] === 'members' && method === 'GET') return { kind: 'getMember' };
  return undefined;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  if (chunks.length === 0) return undefined;
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return undefined;
  }
}

function respond(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}
