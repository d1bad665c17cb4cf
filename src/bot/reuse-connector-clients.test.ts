import {
  type Activity,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type TurnContext,
} from 'botbuilder';
import {
  type AuthenticateRequestResult,
  BotFrameworkAuthentication,
  ClaimsIdentity,
  type ConnectorClient,
  ConnectorFactory,
  type UserTokenClient,
} from 'botframework-connector';
import { describe, expect, it } from 'vitest';
import { maxReusedClients, ReusingBotFrameworkAuthentication } from './reuse-connector-clients.ts';

function activityFrom(serviceUrl: string): Activity {
  return {
    type: 'message',
    id: `activity-${Math.random()}`,
    text: 'help',
    channelId: 'msteams',
    serviceUrl,
    from: { id: '29:user', name: 'User' },
    recipient: { id: '28:bot', name: 'Bot' },
    conversation: { id: 'a:conversation', isGroup: false, conversationType: 'personal', name: '' },
  } as Activity;
}

/** The clients a real CloudAdapter (no app id: local mode) hands each turn. */
async function clientsOfTurns(adapter: CloudAdapter, serviceUrls: string[]) {
  const clients: { connector: unknown; tokens: unknown }[] = [];
  for (const serviceUrl of serviceUrls)
    await adapter.processActivityDirect('', activityFrom(serviceUrl), async (context: TurnContext) => {
      clients.push({
        connector: context.turnState.get(adapter.ConnectorClientKey),
        tokens: context.turnState.get(adapter.UserTokenClientKey),
      });
    });
  return clients;
}

describe('connector clients reused across turns', () => {
  it('gives every turn from one service URL the same clients, and another service URL its own', async () => {
    const adapter = new CloudAdapter(
      new ReusingBotFrameworkAuthentication(new ConfigurationBotFrameworkAuthentication({})),
    );
    const [first, second, other] = await clientsOfTurns(adapter, [
      'https://smba.example/emea/',
      'https://smba.example/emea/',
      'https://smba.example/amer/',
    ]);
    expect(first?.connector).toBeDefined();
    expect(second?.connector).toBe(first?.connector);
    expect(second?.tokens).toBe(first?.tokens);
    expect(other?.connector).not.toBe(first?.connector);
  });

  it('builds new clients for every turn without it (what it saves)', async () => {
    const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
    const [first, second] = await clientsOfTurns(adapter, [
      'https://smba.example/emea/',
      'https://smba.example/emea/',
    ]);
    expect(second?.connector).not.toBe(first?.connector);
  });
});

/** An authentication whose factory counts what it builds and fails when told to. */
class CountingAuthentication extends BotFrameworkAuthentication {
  built = 0;
  failNext = false;

  async authenticateRequest(): Promise<AuthenticateRequestResult> {
    const claimsIdentity = new ClaimsIdentity([], true);
    return { audience: 'aud', claimsIdentity, connectorFactory: this.createConnectorFactory() };
  }

  async authenticateStreamingRequest(): Promise<AuthenticateRequestResult> {
    return this.authenticateRequest();
  }

  createConnectorFactory(): ConnectorFactory {
    const counting = this;
    return new (class extends ConnectorFactory {
      async create(serviceUrl: string): Promise<ConnectorClient> {
        if (counting.failNext) {
          counting.failNext = false;
          throw new Error('token endpoint down');
        }
        counting.built++;
        return { serviceUrl } as unknown as ConnectorClient;
      }
    })();
  }

  async createUserTokenClient(): Promise<UserTokenClient> {
    return {} as UserTokenClient;
  }
}

describe('the reuse cache', () => {
  const claims = new ClaimsIdentity([], true);

  it('forgets a client whose creation failed, so the next turn tries again', async () => {
    const inner = new CountingAuthentication();
    const reusing = new ReusingBotFrameworkAuthentication(inner);
    inner.failNext = true;
    await expect(reusing.createConnectorFactory(claims).create('https://a.example/')).rejects.toThrow(
      'token endpoint down',
    );
    const client = await reusing.createConnectorFactory(claims).create('https://a.example/');
    expect(client).toEqual({ serviceUrl: 'https://a.example/' });
    expect(await reusing.createConnectorFactory(claims).create('https://a.example/')).toBe(client);
    expect(inner.built).toBe(1);
  });

  it(`keeps at most ${maxReusedClients} clients, dropping the oldest`, async () => {
    const inner = new CountingAuthentication();
    const reusing = new ReusingBotFrameworkAuthentication(inner);
    const factory = reusing.createConnectorFactory(claims);
    for (let i = 0; i <= maxReusedClients; i++) await factory.create(`https://s${i}.example/`);
    expect(inner.built).toBe(maxReusedClients + 1);
    await factory.create(`https://s${maxReusedClients}.example/`);
    expect(inner.built).toBe(maxReusedClients + 1);
    await factory.create('https://s0.example/');
    expect(inner.built).toBe(maxReusedClients + 2);
  });
});
