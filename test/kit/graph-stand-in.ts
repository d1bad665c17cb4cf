import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpsStandInServer } from './https-stand-in.ts';

/**
 * A loopback stand-in of the Microsoft Graph v1.0 endpoints the bot uses, speaking Graph's
 * wire format: OData pages with @odata.nextLink, Graph error bodies, bearer tokens required.
 */
export class GraphStandIn {
  readonly requests: Array<{
    method: string;
    path: string;
    query: string;
    authorization: string | undefined;
  }> = [];
  /** Group id -> member object ids. */
  readonly groups = new Map<string, string[]>();
  pageSize = 2;
  /** User object id -> profile, for `GET /v1.0/users/{id}`. */
  readonly users = new Map<
    string,
    { displayName: string; department?: string; userPrincipalName?: string }
  >();
  /** User object id -> the chat id of their 1:1 chat with the app, once it is installed for them. */
  readonly installedApps = new Map<string, { installationId: string; chatId: string }>();
  /** Users for whom installing the app fails with this status (e.g. 403: blocked by policy). */
  readonly installFailures = new Map<string, number>();
  /** Every `POST /v1.0/users/{id}/sendMail`, as sent. */
  readonly mails: Array<{ from: string; body: unknown }> = [];
  /** The next N requests answer with this status (e.g. 503). */
  private faults: Array<{ status: number; remaining: number }> = [];
  private readonly server = new HttpsStandInServer((req, res) => this.handle(req, res));
  readonly token = 'graph-stand-in-token';

  get url(): string {
    return this.server.url;
  }

  async start(): Promise<this> {
    await this.server.start();
    return this;
  }

  async stop(): Promise<void> {
    await this.server.stop();
  }

  failNext(status: number, times = 1): void {
    this.faults.push({ status, remaining: times });
  }

  /** Client credentials the token endpoint accepts. */
  readonly clientId = 'e2e00000-0000-4000-8000-000000000001';
  readonly clientSecret = 'stand-in-secret';
  readonly tenantId = '11111111-1111-4111-8111-111111111111';
  tokensIssued = 0;

  /** Entra ID's OpenID metadata and token endpoint (client credentials grant), as MSAL calls them. */
  private handleEntraId(method: string, url: URL, body: string, res: ServerResponse): boolean {
    const base = this.url.replace(/\/$/, '');
    const metadata = url.pathname.match(/^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/);
    if (metadata && method === 'GET') {
      const tenant = metadata[1] ?? '';
      json(res, 200, {
        token_endpoint: `${base}/${tenant}/oauth2/v2.0/token`,
        authorization_endpoint: `${base}/${tenant}/oauth2/v2.0/authorize`,
        end_session_endpoint: `${base}/${tenant}/oauth2/v2.0/logout`,
        issuer: `${base}/${tenant}/v2.0`,
        jwks_uri: `${base}/${tenant}/discovery/v2.0/keys`,
        response_types_supported: ['code', 'id_token', 'token'],
      });
      return true;
    }
    if (/^\/[^/]+\/oauth2\/v2\.0\/token$/.test(url.pathname) && method === 'POST') {
      const form = new URLSearchParams(body);
      if (
        form.get('grant_type') !== 'client_credentials' ||
        form.get('client_id') !== this.clientId ||
        form.get('client_secret') !== this.clientSecret
      ) {
        json(res, 401, {
          error: 'invalid_client',
          error_description: 'AADSTS7000215: Invalid client secret provided.',
        });
        return true;
      }
      this.tokensIssued += 1;
      json(res, 200, {
        token_type: 'Bearer',
        expires_in: 3599,
        ext_expires_in: 3599,
        access_token: this.token,
      });
      return true;
    }
    return false;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://graph');
    const body = await readBody(req);
    if (this.handleEntraId(req.method ?? 'GET', url, body, res)) return;
    this.requests.push({
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.search,
      authorization: req.headers.authorization,
    });
    if (req.headers.authorization !== `Bearer ${this.token}`) {
      graphError(res, 401, 'InvalidAuthenticationToken', 'Access token is empty or invalid.');
      return;
    }
    const fault = this.faults.find((candidate) => candidate.remaining > 0);
    if (fault) {
      fault.remaining -= 1;
      graphError(res, fault.status, 'serviceNotAvailable', 'Stand-in fault.');
      return;
    }
    const members = url.pathname.match(
      /^\/v1\.0\/groups\/([^/]+)\/transitiveMembers\/microsoft\.graph\.user$/,
    );
    if (members && req.method === 'GET') {
      const groupId = decodeURIComponent(members[1] ?? '');
      const ids = this.groups.get(groupId);
      if (!ids) {
        graphError(res, 404, 'Request_ResourceNotFound', `Resource '${groupId}' does not exist.`);
        return;
      }
      const skip = Number(url.searchParams.get('$skiptoken') ?? '0');
      const page = ids.slice(skip, skip + this.pageSize);
      const body: Record<string, unknown> = {
        '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#users(id)',
        value: page.map((id) => ({
          '@odata.type': '#microsoft.graph.user',
          id,
          ...(url.searchParams.get('$select')?.includes('department')
            ? { department: this.users.get(id)?.department ?? null }
            : {}),
        })),
      };
      if (skip + this.pageSize < ids.length) {
        const next = new URL(url.toString().replace('http://graph/', this.url));
        next.searchParams.set('$skiptoken', String(skip + this.pageSize));
        body['@odata.nextLink'] = next.toString();
      }
      json(res, 200, body);
      return;
    }
    const sendMail = url.pathname.match(/^\/v1\.0\/users\/([^/]+)\/sendMail$/);
    if (sendMail && req.method === 'POST') {
      this.mails.push({
        from: decodeURIComponent(sendMail[1] ?? ''),
        body: body ? JSON.parse(body) : undefined,
      });
      res.writeHead(202, { 'Content-Length': 0 });
      res.end();
      return;
    }
    const user = url.pathname.match(/^\/v1\.0\/users\/([^/]+)$/);
    if (user && req.method === 'GET') {
      const id = decodeURIComponent(user[1] ?? '');
      const profile = this.users.get(id);
      if (!profile) {
        graphError(res, 404, 'Request_ResourceNotFound', `Resource '${id}' does not exist.`);
        return;
      }
      json(res, 200, { id, ...profile });
      return;
    }
    if (this.handleAnnouncementRoutes(req.method ?? 'GET', url, res)) return;
    graphError(res, 404, 'UnknownRoute', 'The stand-in does not serve this path.');
  }

  /** All users (`GET /users`, paged) and the app install / chat lookup announcements use. */
  private handleAnnouncementRoutes(method: string, url: URL, res: ServerResponse): boolean {
    if (url.pathname === '/v1.0/users' && method === 'GET') {
      const ids = [...this.users.keys()];
      const skip = Number(url.searchParams.get('$skiptoken') ?? '0');
      const page = ids.slice(skip, skip + this.pageSize);
      const body: Record<string, unknown> = {
        '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#users(id,department)',
        value: page.map((id) => ({ id, department: this.users.get(id)?.department ?? null })),
      };
      if (skip + this.pageSize < ids.length) {
        const next = new URL(url.toString().replace('http://graph/', this.url));
        next.searchParams.set('$skiptoken', String(skip + this.pageSize));
        body['@odata.nextLink'] = next.toString();
      }
      json(res, 200, body);
      return true;
    }
    const installed = url.pathname.match(/^\/v1\.0\/users\/([^/]+)\/teamwork\/installedApps$/);
    if (installed) {
      const userId = decodeURIComponent(installed[1] ?? '');
      const failure = this.installFailures.get(userId);
      if (method === 'POST') {
        if (failure) {
          graphError(res, failure, 'Forbidden', 'App installation is blocked by policy.');
          return true;
        }
        if (this.installedApps.has(userId)) {
          graphError(res, 409, 'Conflict', 'App is already installed.');
          return true;
        }
        this.installedApps.set(userId, {
          installationId: `inst-${userId}`,
          chatId: `19:${userId}_graph@unq.gbl.spaces`,
        });
        res.writeHead(201, { 'Content-Length': 0 });
        res.end();
        return true;
      }
      if (method === 'GET') {
        const app = this.installedApps.get(userId);
        json(res, 200, {
          value: app
            ? [
                {
                  id: app.installationId,
                  teamsApp: { id: this.catalogAppId, displayName: 'Safeguarding Assistant' },
                },
              ]
            : [],
        });
        return true;
      }
    }
    const chat = url.pathname.match(/^\/v1\.0\/users\/([^/]+)\/teamwork\/installedApps\/([^/]+)\/chat$/);
    if (chat && method === 'GET') {
      const app = this.installedApps.get(decodeURIComponent(chat[1] ?? ''));
      if (!app || app.installationId !== decodeURIComponent(chat[2] ?? '')) {
        graphError(res, 404, 'NotFound', 'Installation not found.');
        return true;
      }
      json(res, 200, { id: app.chatId, chatType: 'oneOnOne' });
      return true;
    }
    return false;
  }

  /** The app's id in the organisation's catalogue, as announcements install it. */
  readonly catalogAppId = 'a7700000-0000-4000-8000-00000000ca7a';
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json;odata.metadata=minimal',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

function graphError(res: ServerResponse, status: number, code: string, message: string): void {
  json(res, status, {
    error: { code, message, innerError: { 'request-id': 'stand-in', date: new Date().toISOString() } },
  });
}
