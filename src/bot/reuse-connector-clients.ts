import type { Activity } from 'botbuilder';
import {
  type AuthenticateRequestResult,
  BotFrameworkAuthentication,
  type BotFrameworkClient,
  type ClaimsIdentity,
  type ConnectorClient,
  ConnectorFactory,
  JwtTokenValidation,
  type UserTokenClient,
} from 'botframework-connector';

/**
 * At most this many clients of each kind are kept (the oldest goes first). A bot talks to a handful
 * of service URLs (one per Teams region); the bound keeps a flood of made-up service URLs, possible
 * only in local mode where requests are not authenticated, from growing the cache.
 */
export const maxReusedClients = 32;

/**
 * The CloudAdapter's authentication, except that the connector and user-token clients are built once
 * per app id, service URL and audience and then reused, instead of for every turn. Each client builds
 * an HTTP pipeline of a dozen policies; under load that was about a third of what a turn kept alive
 * past a young-generation collection (V8's sampling heap profiler on the bot), and those collections
 * set the turn's p99. A client holds no state of any one turn: the activity, conversation and
 * credentials' token cache are per request or shared anyway, so reusing it is what a proactive send
 * does for every recipient.
 */
export class ReusingBotFrameworkAuthentication extends BotFrameworkAuthentication {
  private readonly connectors = new BoundedCache<ConnectorClient>(maxReusedClients);
  private readonly tokenClients = new BoundedCache<UserTokenClient>(maxReusedClients);

  constructor(private readonly inner: BotFrameworkAuthentication) {
    super();
  }

  async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    return this.reusing(await this.inner.authenticateRequest(activity, authHeader));
  }

  async authenticateStreamingRequest(
    authHeader: string,
    channelIdHeader: string,
  ): Promise<AuthenticateRequestResult> {
    return this.reusing(await this.inner.authenticateStreamingRequest(authHeader, channelIdHeader));
  }

  createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return this.reusingFactory(this.inner.createConnectorFactory(claimsIdentity), claimsIdentity);
  }

  createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return this.tokenClients.get(appIdOf(claimsIdentity), () =>
      this.inner.createUserTokenClient(claimsIdentity),
    );
  }

  override createBotFrameworkClient(): BotFrameworkClient {
    return this.inner.createBotFrameworkClient();
  }

  override getOriginatingAudience(): string {
    return this.inner.getOriginatingAudience();
  }

  override authenticateChannelRequest(authHeader: string): Promise<ClaimsIdentity> {
    return this.inner.authenticateChannelRequest(authHeader);
  }

  private reusing(result: AuthenticateRequestResult): AuthenticateRequestResult {
    const { connectorFactory } = result;
    return connectorFactory
      ? { ...result, connectorFactory: this.reusingFactory(connectorFactory, result.claimsIdentity) }
      : result;
  }

  private reusingFactory(factory: ConnectorFactory, claimsIdentity: ClaimsIdentity): ConnectorFactory {
    const connectors = this.connectors;
    const appId = appIdOf(claimsIdentity);
    return new (class extends ConnectorFactory {
      create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
        return connectors.get(JSON.stringify([appId, serviceUrl, audience ?? null]), () =>
          factory.create(serviceUrl, audience),
        );
      }
    })();
  }
}

function appIdOf(claimsIdentity: ClaimsIdentity): string {
  return JwtTokenValidation.getAppIdFromClaims(claimsIdentity.claims) ?? '';
}

/** Promises by key, oldest evicted first; a rejected one is forgotten so the next call tries again. */
class BoundedCache<T> {
  private readonly entries = new Map<string, Promise<T>>();

  constructor(private readonly limit: number) {}

  get(key: string, create: () => Promise<T>): Promise<T> {
    const known = this.entries.get(key);
    if (known) return known;
    const created = create();
    this.entries.set(key, created);
    created.catch(() => {
      if (this.entries.get(key) === created) this.entries.delete(key);
    });
    if (this.entries.size > this.limit) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    return created;
  }
}
