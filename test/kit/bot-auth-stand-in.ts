import { createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in of the Bot Framework token issuer's OpenID metadata (openidconfiguration + JWKS),
 * with a signing key of its own, so the CloudAdapter's real JWT validation can be exercised
 * offline: tokens it signs validate; anything else must not.
 */
export class BotAuthStandIn {
  private server: Server | undefined;
  private readonly privateKey: KeyObject;
  private readonly jwk: Record<string, unknown>;
  readonly keyId = 'stand-in-key-1';

  constructor() {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.privateKey = privateKey;
    this.jwk = {
      ...publicKey.export({ format: 'jwk' }),
      kid: this.keyId,
      kty: 'RSA',
      use: 'sig',
      endorsements: ['msteams'],
    };
  }

  get metadataUrl(): string {
    return `${this.base}/v1/.well-known/openidconfiguration`;
  }

  private get base(): string {
    const address = this.server?.address() as AddressInfo | null;
    if (!address) throw new Error('auth stand-in not started');
    return `http://127.0.0.1:${address.port}`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const body =
        req.url === '/v1/.well-known/openidconfiguration'
          ? {
              issuer: 'https://api.botframework.com',
              jwks_uri: `${this.base}/v1/.well-known/keys`,
              id_token_signing_alg_values_supported: ['RS256'],
            }
          : req.url === '/v1/.well-known/keys'
            ? { keys: [this.jwk] }
            : undefined;
      res.writeHead(body ? 200 : 404, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body ?? {}));
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  /** A channel token as the Bot Connector would send it, signed with this stand-in's key. */
  signChannelToken(claims: { appId: string; serviceUrl: string; expiresInSeconds?: number }): string {
    const now = Math.floor(Date.now() / 1000);
    const header = { alg: 'RS256', typ: 'JWT', kid: this.keyId };
    const payload = {
      iss: 'https://api.botframework.com',
      aud: claims.appId,
      serviceurl: claims.serviceUrl,
      nbf: now - 60,
      iat: now - 60,
      exp: now + (claims.expiresInSeconds ?? 600),
    };
    const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url');
    const unsigned = `${encode(header)}.${encode(payload)}`;
    const signature = createSign('RSA-SHA256').update(unsigned).sign(this.privateKey).toString('base64url');
    return `${unsigned}.${signature}`;
  }
}
