import { once } from 'node:events';
import { Server, Socket, createConnection, createServer } from 'node:net';

/**
 * A TCP proxy for fault injection between the apps and a server (Postgres, Kafka): each connection it
 * accepts is forwarded to the target. It can
 * - `partition(ms, 'hold')`: nothing passes either way for `ms` (bytes wait, as TCP retransmits would carry
 *   them after a short partition); new connections wait too;
 * - `partition(ms, 'drop')`: every open connection is reset and new ones are refused for `ms`;
 * - `latency(ms)`: each chunk, each way, is delayed by `ms` (order kept), until `latency(0)`.
 */
export class TcpProxy {
  private server?: Server;
  private readonly pairs = new Set<{ client: Socket; upstream: Socket }>();
  private delayMs = 0;
  private held: (() => void)[] | null = null;
  private dropping = false;
  /** Connections accepted, reset by a partition, and refused while dropping: the report's figures. */
  readonly counts = { accepted: 0, reset: 0, refused: 0 };

  constructor(
    readonly port: number,
    private readonly target: { host: string; port: number },
  ) {}

  async start(): Promise<this> {
    this.server = createServer((client) => this.accept(client));
    this.server.listen(this.port, '127.0.0.1');
    await once(this.server, 'listening');
    return this;
  }

  async stop(): Promise<void> {
    for (const { client, upstream } of this.pairs) {
      client.destroy();
      upstream.destroy();
    }
    this.pairs.clear();
    if (this.server) await new Promise((r) => this.server!.close(r));
    this.server = undefined;
  }

  /** Cuts the path for `ms`, then heals it (see the class comment for the two kinds). */
  async partition(ms: number, kind: 'hold' | 'drop'): Promise<void> {
    if (kind === 'drop') {
      this.dropping = true;
      for (const pair of this.pairs) {
        pair.client.resetAndDestroy();
        pair.upstream.resetAndDestroy();
        this.counts.reset++;
      }
      this.pairs.clear();
      await new Promise((r) => setTimeout(r, ms));
      this.dropping = false;
    } else {
      this.held = [];
      await new Promise((r) => setTimeout(r, ms));
      const release = this.held;
      this.held = null;
      for (const go of release) go();
    }
  }

  /** Adds `ms` each way to every chunk from now on (0 removes it). */
  latency(ms: number): void {
    this.delayMs = ms;
  }

  private accept(client: Socket): void {
    if (this.dropping) {
      this.counts.refused++;
      client.resetAndDestroy();
      return;
    }
    this.counts.accepted++;
    const upstream = createConnection(this.target);
    const pair = { client, upstream };
    this.pairs.add(pair);
    const close = () => {
      this.pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', close).on('close', close);
    upstream.on('error', close).on('close', close);
    this.pipe(client, upstream);
    this.pipe(upstream, client);
  }

  /**
   * Forwards `from` to `to` in order, each chunk `delayMs` after it arrived (pipelined, as a longer wire
   * would) and never while a hold lasts. The sender is paused while chunks queue, so a held or slow path
   * pushes back as a real network does.
   */
  private pipe(from: Socket, to: Socket): void {
    const queue: { chunk: Buffer; at: number }[] = [];
    let busy = false;
    let paused = false;
    const next = () => {
      const head = queue[0];
      if (!head) {
        busy = false;
        if (paused) from.resume();
        paused = false;
        return;
      }
      busy = true;
      const send = () => {
        if (this.held) return void this.held.push(send);
        queue.shift();
        if (!to.destroyed) to.write(head.chunk);
        next();
      };
      const wait = head.at + this.delayMs - Date.now();
      if (wait > 0) setTimeout(send, wait);
      else send();
    };
    from.on('data', (chunk: Buffer) => {
      queue.push({ chunk, at: Date.now() });
      if (queue.length > 256 && !paused) {
        paused = true;
        from.pause();
      }
      if (!busy) next();
    });
  }
}
