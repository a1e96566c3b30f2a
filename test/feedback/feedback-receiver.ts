import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  headers: IncomingMessage['headers'];
  rawBody: string;
  status: number;
}

/**
 * A partner's real HTTP receiver: keeps every request (headers and the raw bytes), answers 503 to the
 * next `failNext` requests and 204 after.
 */
export class FeedbackReceiver {
  readonly received: ReceivedWebhook[] = [];
  failNext = 0;
  private server: Server | null = null;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req: IncomingMessage, res: ServerResponse) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const status = this.failNext > 0 ? (this.failNext--, 503) : 204;
        this.received.push({ headers: req.headers, rawBody: Buffer.concat(chunks).toString('utf8'), status });
        res.statusCode = status;
        res.end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/front-door/feedback`;
  }

  /** Requests about one contact. */
  about(contactId: string): ReceivedWebhook[] {
    return this.received.filter((r) => r.rawBody.includes(contactId));
  }

  async stop(): Promise<void> {
    await new Promise((resolve) => this.server?.close(resolve));
  }
}
