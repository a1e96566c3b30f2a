import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

export interface BareProcess {
  child: ChildProcess;
  port: number;
}

/** Starts a ceiling server (bare-server.ts, bare-pipeline.ts) in its own OS process and waits for its port. */
export function spawnBare(
  mode: 'raw' | 'nest' | 'front' | 'back',
  file = 'test/bench/bare-server.ts',
): Promise<BareProcess> {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', file, mode], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`bare ${mode} server did not start:\n${out}`)), 60000);
    const onData = (d: Buffer) => {
      out += d;
      const m = /READY (\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, port: Number(m[1]) });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (d: Buffer) => (out += d));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`bare ${mode} server exited (${code}):\n${out}`));
    });
  });
}
