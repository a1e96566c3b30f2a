import { execFileSync } from 'node:child_process';
import { createConnection } from 'node:net';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');

/** True when something accepts TCP connections on host:port within the timeout. */
export function portOpen(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** Starts the project's real Kafka broker (scripts/kafka.sh reuses one already running). */
export function startKafka(): void {
  execFileSync('bash', [path.join(ROOT, 'scripts/kafka.sh'), 'start'], { stdio: 'inherit', cwd: ROOT });
}

/** Fails with what to do when Postgres or Redis does not answer. */
export async function requirePostgresAndRedis(databaseUrl: string, redisUrl: string): Promise<void> {
  const pg = new URL(databaseUrl);
  const redis = new URL(redisUrl);
  if (!(await portOpen(pg.hostname, Number(pg.port || 5432)))) {
    throw new Error(
      `Postgres does not answer at ${pg.host}. Start it: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start`,
    );
  }
  if (!(await portOpen(redis.hostname, Number(redis.port || 6379)))) {
    throw new Error(
      `Redis does not answer at ${redis.host}. Start it: redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no`,
    );
  }
}
