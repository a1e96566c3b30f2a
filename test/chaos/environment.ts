import { execFileSync, execSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { portOpen, waitFor } from '@app/testing';

const ROOT = path.resolve(__dirname, '../..');
const BASE = process.env.CHAOS_DIR ?? '/tmp/front-door-chaos';
const PG_BIN = `/usr/lib/postgresql/${fs.existsSync('/etc/postgresql') ? fs.readdirSync('/etc/postgresql')[0] : '15'}/bin`;

export const CHAOS_PORTS = { postgres: 15432, redis: 16379, kafka: 19092 };

/** Runs a Postgres tool as the postgres user when we are root (initdb refuses root). */
function asPostgres(cmd: string, args: string[]): void {
  const asRoot = process.getuid?.() === 0;
  if (asRoot) execFileSync('runuser', ['-u', 'postgres', '--', cmd, ...args], { stdio: 'pipe' });
  else execFileSync(cmd, args, { stdio: 'pipe' });
}

/**
 * A private Postgres, Redis and Kafka for the chaos suite, on their own ports and directories, so that
 * killing and restarting them touches nothing else on the machine. Redis keeps an append-only file, as a
 * production Redis holding BullMQ timers must.
 */
export class ChaosEnvironment {
  readonly pgDir = path.join(BASE, 'pg');
  readonly redisDir = path.join(BASE, 'redis');
  readonly kafkaDir = path.join(BASE, 'kafka');
  readonly databaseUrl = `postgres://postgres@127.0.0.1:${CHAOS_PORTS.postgres}/front_door_chaos`;
  readonly redisUrl = `redis://127.0.0.1:${CHAOS_PORTS.redis}`;
  readonly kafkaBrokers = `127.0.0.1:${CHAOS_PORTS.kafka}`;

  async start(): Promise<void> {
    await this.stop();
    fs.rmSync(BASE, { recursive: true, force: true });
    fs.mkdirSync(this.redisDir, { recursive: true });
    fs.mkdirSync(this.kafkaDir, { recursive: true });
    fs.mkdirSync(this.pgDir, { recursive: true, mode: 0o700 });
    if (process.getuid?.() === 0) execSync(`chown -R postgres ${BASE}/pg && chmod 755 ${BASE}`);
    asPostgres(`${PG_BIN}/initdb`, ['-D', this.pgDir, '-A', 'trust', '-U', 'postgres', '--no-sync']);
    await this.startPostgres();
    await this.startRedis();
    this.kafka('start');
  }

  async startPostgres(): Promise<void> {
    asPostgres(`${PG_BIN}/pg_ctl`, [
      '-D',
      this.pgDir,
      '-l',
      path.join(this.pgDir, 'server.log'),
      '-o',
      `-p ${CHAOS_PORTS.postgres} -k ${this.pgDir} -c listen_addresses=127.0.0.1 -c fsync=on`,
      '-w',
      'start',
    ]);
  }

  /**
   * Immediate shutdown (no checkpoint, connections cut), down for `downMs`, then start: crash recovery from
   * the WAL. While it is down, intake cannot record a contact and must refuse it (503, Retry-After).
   */
  async restartPostgresImmediate(downMs = 0): Promise<void> {
    asPostgres(`${PG_BIN}/pg_ctl`, ['-D', this.pgDir, '-m', 'immediate', '-w', 'stop']);
    if (downMs) await new Promise((r) => setTimeout(r, downMs));
    await this.startPostgres();
  }

  async startRedis(): Promise<void> {
    execFileSync('redis-server', [
      '--port',
      String(CHAOS_PORTS.redis),
      '--bind',
      '127.0.0.1',
      '--daemonize',
      'yes',
      '--dir',
      this.redisDir,
      '--pidfile',
      path.join(this.redisDir, 'redis.pid'),
      '--logfile',
      path.join(this.redisDir, 'redis.log'),
      '--appendonly',
      'yes',
      '--appendfsync',
      'always',
      '--save',
      '',
      '--maxmemory-policy',
      'noeviction',
    ]);
    await waitFor('chaos Redis', () => portOpen('127.0.0.1', CHAOS_PORTS.redis), 20000, 100);
  }

  async restartRedis(): Promise<void> {
    try {
      execFileSync('redis-cli', ['-p', String(CHAOS_PORTS.redis), 'shutdown']);
    } catch {
      // already gone
    }
    await waitFor(
      'chaos Redis to stop',
      async () => !(await portOpen('127.0.0.1', CHAOS_PORTS.redis)),
      20000,
      100,
    );
    await this.startRedis();
  }

  /** scripts/kafka.sh against the private broker: start, stop, kill9. */
  kafka(command: 'start' | 'stop' | 'kill9'): void {
    execFileSync('bash', [path.join(ROOT, 'scripts/kafka.sh'), command], {
      cwd: ROOT,
      stdio: 'pipe',
      env: {
        ...process.env,
        KAFKA_PORT: String(CHAOS_PORTS.kafka),
        KAFKA_CONTROLLER_PORT: String(CHAOS_PORTS.kafka + 1),
        KAFKA_DATA_DIR: this.kafkaDir,
      },
    });
  }

  async stop(): Promise<void> {
    try {
      this.kafka('stop');
    } catch {
      // not running
    }
    try {
      execFileSync('redis-cli', ['-p', String(CHAOS_PORTS.redis), 'shutdown', 'nosave'], { stdio: 'pipe' });
    } catch {
      // not running
    }
    if (fs.existsSync(path.join(this.pgDir, 'postmaster.pid'))) {
      try {
        asPostgres(`${PG_BIN}/pg_ctl`, ['-D', this.pgDir, '-m', 'fast', '-w', 'stop']);
      } catch {
        // not running
      }
    }
  }

  /** Environment for the apps under test. */
  appEnv(): Record<string, string> {
    return {
      DATABASE_URL: this.databaseUrl,
      REDIS_URL: this.redisUrl,
      KAFKA_BROKERS: this.kafkaBrokers,
      KAFKA_TOPIC_PREFIX: '',
      REDIS_PREFIX: 'chaos',
      NODE_ENV: 'test',
    };
  }
}
