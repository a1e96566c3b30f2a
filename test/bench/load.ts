import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { percentile } from '@app/testing';

/**
 * The benchmark's HTTP load generator (node:http with a keep-alive agent).
 *
 * Open model (`openLoad`): the send time of request i is fixed in advance at start + i / rate; latency is
 * measured from that scheduled time, so when the server (or the generator) falls behind, the queueing shows
 * in the latency instead of silently lowering the offered rate (no coordinated omission).
 * Saturation (`closedLoad`): a fixed number of requests always in flight, as fast as answers come.
 */

export interface RequestSpec {
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface Sample {
  /** Milliseconds from the scheduled send time (open) or the actual send time (closed) to the full answer. */
  latencyMs: number;
  status: number;
  /** performance.now() when the answer had fully arrived. */
  doneAt: number;
  /** performance.now() of the scheduled (open) or actual (closed) send. */
  sentAt: number;
  body?: string;
}

export interface LoadResult {
  offeredPerSec: number | null;
  durationSec: number;
  sent: number;
  completed: number;
  ok: number;
  errors: number;
  statuses: Record<string, number>;
  okPerSec: number;
  p50: number;
  p99: number;
  p999: number;
  max: number;
  /** How late, at worst, the generator itself dispatched a request after its scheduled time (open only). */
  maxDispatchLagMs: number;
  samples: Sample[];
}

export { percentile };

export class HttpLoad {
  private readonly agent: http.Agent;
  private readonly url: URL;

  constructor(baseUrl: string, maxSockets = 128) {
    this.url = new URL(baseUrl);
    this.agent = new http.Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
  }

  close(): void {
    this.agent.destroy();
  }

  /** Sends one request; resolves with status and body (never rejects: a failure is status 0). */
  send(spec: RequestSpec, keepBody = false): Promise<{ status: number; body?: string }> {
    return new Promise((resolve) => {
      const req = http.request(
        {
          host: this.url.hostname,
          port: this.url.port,
          path: spec.path,
          method: 'POST',
          agent: this.agent,
          headers: {
            ...(spec.body !== undefined
              ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(spec.body) }
              : { 'content-length': 0 }),
            ...spec.headers,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => keepBody && chunks.push(c));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              body: keepBody ? Buffer.concat(chunks).toString() : undefined,
            }),
          );
          res.on('error', () => resolve({ status: 0 }));
        },
      );
      req.on('error', () => resolve({ status: 0 }));
      req.end(spec.body);
    });
  }

  /**
   * Offers `rate` requests a second for `seconds`, on a schedule fixed in advance. `onAnswer` sees each
   * answer as it arrives (the end-to-end phase records the 202 time of each contact).
   */
  async openLoad(opts: {
    rate: number;
    seconds: number;
    make: (i: number) => RequestSpec;
    keepBody?: boolean;
    onAnswer?: (i: number, s: Sample) => void;
  }): Promise<LoadResult> {
    const total = Math.round(opts.rate * opts.seconds);
    const interval = 1000 / opts.rate;
    const samples: Sample[] = new Array(total);
    const start = performance.now() + 20;
    let next = 0;
    let maxLag = 0;
    const inflight: Promise<void>[] = [];
    await new Promise<void>((resolveAll) => {
      const tick = () => {
        const now = performance.now();
        while (next < total && start + next * interval <= now) {
          const i = next++;
          const scheduled = start + i * interval;
          maxLag = Math.max(maxLag, now - scheduled);
          inflight.push(
            this.send(opts.make(i), opts.keepBody).then(({ status, body }) => {
              const doneAt = performance.now();
              const s: Sample = { latencyMs: doneAt - scheduled, status, doneAt, sentAt: scheduled, body };
              samples[i] = s;
              opts.onAnswer?.(i, s);
            }),
          );
        }
        if (next >= total) return resolveAll();
        const wait = start + next * interval - performance.now();
        if (wait > 1) setTimeout(tick, Math.min(wait, 50));
        else setImmediate(tick);
      };
      tick();
    });
    await Promise.all(inflight);
    return summarise(samples, opts.rate, start, maxLag);
  }

  /**
   * Keeps `concurrency` requests in flight for `seconds` (or until `total` were sent): the most this server
   * answers.
   */
  async closedLoad(opts: {
    concurrency: number;
    seconds: number;
    make: (i: number) => RequestSpec;
    total?: number;
  }) {
    const samples: Sample[] = [];
    const start = performance.now();
    const end = start + opts.seconds * 1000;
    const total = opts.total ?? Number.POSITIVE_INFINITY;
    let i = 0;
    const worker = async () => {
      while (performance.now() < end && i < total) {
        const sentAt = performance.now();
        const { status } = await this.send(opts.make(i++));
        const doneAt = performance.now();
        samples.push({ latencyMs: doneAt - sentAt, status, doneAt, sentAt });
      }
    };
    await Promise.all(Array.from({ length: opts.concurrency }, worker));
    return summarise(samples, null, start, 0);
  }
}

function summarise(samples: Sample[], rate: number | null, start: number, maxLag: number): LoadResult {
  const done = samples.filter(Boolean);
  const lat = done.map((s) => s.latencyMs).sort((a, b) => a - b);
  const last = done.reduce((m, s) => Math.max(m, s.doneAt), start);
  const durationSec = (last - start) / 1000;
  const statuses: Record<string, number> = {};
  for (const s of done) statuses[s.status] = (statuses[s.status] ?? 0) + 1;
  const ok = done.filter((s) => s.status >= 200 && s.status < 300).length;
  return {
    offeredPerSec: rate,
    durationSec,
    sent: samples.length,
    completed: done.length,
    ok,
    errors: done.length - ok,
    statuses,
    okPerSec: ok / durationSec,
    p50: percentile(lat, 50),
    p99: percentile(lat, 99),
    p999: percentile(lat, 99.9),
    max: lat[lat.length - 1],
    maxDispatchLagMs: maxLag,
    samples: done,
  };
}
