import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import path from 'node:path';
import { waitFor } from '@app/testing';

const ROOT = path.resolve(__dirname, '../..');

export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as { port: number }).port;
  server.close();
  return port;
}

export interface AppProcess {
  child: ChildProcess;
  port: number;
  output: () => string;
  /** Resolves with the exit code and how long after `since` it came. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
}

/**
 * Runs an app as a real OS process (from source), with this test file's database, topics and Redis prefix,
 * and waits until its /health/ready answers. For tests of crashes, SIGTERM and scale-out.
 */
export async function spawnApp(
  app: 'triage' | 'intake-api' | 'desk' | 'alerts' | 'insights',
  env: Record<string, string> = {},
  readyTimeoutMs = 120_000,
): Promise<AppProcess> {
  const port = await freePort();
  const portVar = {
    triage: 'TRIAGE_PORT',
    'intake-api': 'INTAKE_PORT',
    desk: 'DESK_PORT',
    alerts: 'ALERTS_PORT',
    insights: 'INSIGHTS_PORT',
  }[app];
  const child = spawn(process.execPath, ['-r', '@swc-node/register', `apps/${app}/src/main.ts`], {
    cwd: ROOT,
    env: { ...process.env, [portVar]: String(port), LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal, at: Date.now() })),
  );
  let gone = false;
  void exited.then(() => (gone = true));
  await waitFor(
    `${app} process to be ready`,
    async () => {
      if (gone) throw new Error(`${app} exited during start-up:\n${out.slice(-2000)}`);
      const res = await fetch(`http://127.0.0.1:${port}/health/ready`).catch(() => null);
      return res?.ok ?? false;
    },
    // Generous: on a loaded machine (two cores shared by the broker, Postgres and several apps) a start from
    // source has taken over a minute.
    readyTimeoutMs,
    200,
  ).catch((e: Error) => {
    child.kill('SIGKILL');
    throw new Error(`${e.message}; its output:\n${out.slice(-2000)}`);
  });
  return { child, port, output: () => out, exited };
}
