import { ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { TcpProxy } from './tcp-proxy';

/**
 * A TcpProxy in a process of its own (this file is its entry point when forked), so that the busy test
 * process (the load generator, its checks) never slows the bytes it carries: the apps' Postgres and Kafka
 * traffic goes through it. Controlled over IPC: `partition` and `latency` answer when done.
 */
type Command =
  | { id: number; cmd: 'partition'; ms: number; kind: 'hold' | 'drop' }
  | { id: number; cmd: 'latency'; ms: number }
  | { id: number; cmd: 'counts' };

export class TcpProxyProcess {
  private child?: ChildProcess;
  private seq = 0;
  private readonly waiting = new Map<number, (value: unknown) => void>();

  constructor(
    readonly port: number,
    private readonly target: { host: string; port: number },
  ) {}

  async start(): Promise<this> {
    this.child = fork(__filename, [String(this.port), this.target.host, String(this.target.port)], {
      cwd: path.resolve(__dirname, '../..'),
      execArgv: ['-r', '@swc-node/register'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.child.on('message', (m: { id: number; result: unknown }) => {
      this.waiting.get(m.id)?.(m.result);
      this.waiting.delete(m.id);
    });
    const [ready] = (await once(this.child, 'message')) as [{ id: number }];
    if (ready.id !== 0) throw new Error('tcp proxy did not start');
    return this;
  }

  async stop(): Promise<void> {
    if (!this.child) return;
    const exited = once(this.child, 'exit');
    this.child.kill('SIGKILL');
    await exited;
    this.child = undefined;
  }

  private call<T>(
    command: Command extends infer C ? (C extends Command ? Omit<C, 'id'> : never) : never,
  ): Promise<T> {
    const id = ++this.seq;
    return new Promise<T>((resolve, reject) => {
      if (!this.child?.connected) return reject(new Error('tcp proxy not running'));
      this.waiting.set(id, resolve as (v: unknown) => void);
      this.child.send({ ...command, id });
    });
  }

  /** Cuts the path for `ms` (held: nothing passes; dropped: connections reset, new ones refused). */
  partition(ms: number, kind: 'hold' | 'drop'): Promise<void> {
    return this.call({ cmd: 'partition', ms, kind });
  }

  /** Adds `ms` each way to every chunk from now on (0 removes it). */
  latency(ms: number): Promise<void> {
    return this.call({ cmd: 'latency', ms });
  }

  counts(): Promise<TcpProxy['counts']> {
    return this.call({ cmd: 'counts' });
  }
}

if (require.main === module) {
  const [port, host, targetPort] = process.argv.slice(2);
  const proxy = new TcpProxy(Number(port), { host, port: Number(targetPort) });
  process.on('disconnect', () => process.exit(0));
  process.on('message', (m: Command) => {
    const answer = (result?: unknown) => process.send!({ id: m.id, result });
    if (m.cmd === 'partition') void proxy.partition(m.ms, m.kind).then(() => answer());
    else if (m.cmd === 'latency') answer(proxy.latency(m.ms));
    else answer(proxy.counts);
  });
  void proxy.start().then(() => process.send!({ id: 0 }));
}
