import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpsStandInServer } from './https-stand-in.ts';

/**
 * OneDrive's upload session, as Teams hands one to a bot when someone accepts a file consent
 * card: a pre-authorised https URL that takes the bytes with PUT and a Content-Range header, and
 * answers 201 with the new driveItem once the last byte is in.
 */
export class OneDriveUploadStandIn {
  private readonly server = new HttpsStandInServer((req, res) => this.handle(req, res));
  /** Completed uploads by session id. */
  readonly files = new Map<string, Buffer>();
  readonly requests: { method: string; path: string; contentRange: string | undefined }[] = [];

  get url(): string {
    return this.server.url;
  }

  /** A new upload session's URL, as `uploadInfo.uploadUrl`. */
  session(id: string): string {
    return `${this.url}up/${id}`;
  }

  async start(): Promise<this> {
    await this.server.start();
    return this;
  }

  async stop(): Promise<void> {
    await this.server.stop();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(Buffer.from(chunk));
    const body = Buffer.concat(chunks);
    const path = new URL(req.url ?? '/', 'https://upload').pathname;
    const contentRange = req.headers['content-range'];
    this.requests.push({ method: req.method ?? 'GET', path, contentRange });
    const session = /^\/up\/([\w-]+)$/.exec(path)?.[1];
    const range = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(contentRange ?? '');
    if (req.method !== 'PUT' || !session || !range) {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ error: { code: 'invalidRequest', message: 'Expected PUT with Content-Range.' } }),
      );
      return;
    }
    const [from, to, total] = [Number(range[1]), Number(range[2]), Number(range[3])];
    if (from !== 0 || to !== total - 1 || body.byteLength !== total) {
      res.writeHead(416, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ error: { code: 'invalidRange', message: 'The range does not match the body.' } }),
      );
      return;
    }
    this.files.set(session, body);
    res.writeHead(201, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ id: `item-${session}`, name: `${session}.zip`, size: total }));
  }
}
