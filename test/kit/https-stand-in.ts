import { readFileSync } from 'node:fs';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';

/**
 * A loopback https server for stand-ins of Microsoft's cloud services, whose clients refuse
 * plain http. The certificate is trusted by test processes through NODE_EXTRA_CA_CERTS
 * (vitest.config.ts).
 */
export class HttpsStandInServer {
  private server: Server | undefined;

  constructor(private readonly handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>) {}

  get url(): string {
    const address = this.server?.address() as AddressInfo | null;
    if (!address) throw new Error('stand-in not started');
    return `https://127.0.0.1:${address.port}/`;
  }

  async start(): Promise<void> {
    const tls = new URL('./tls/', import.meta.url);
    this.server = createServer(
      {
        key: readFileSync(new URL('stand-in-key.pem', tls)),
        cert: readFileSync(new URL('stand-in-cert.pem', tls)),
      },
      (req, res) => {
        void this.handle(req, res);
      },
    );
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
