import { ChildProcess, execFile, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { isolateTestFile, waitFor } from '@app/testing';
import { isolateDatabase } from '../support/apps';

const ROOT = path.resolve(__dirname, '../..');
const run = promisify(execFile);

/** `npm run --silent partners -- ...` exactly as an operator types it, against this file's database. */
async function partners(...args: string[]): Promise<{ stdout: string; lines: string[] }> {
  const { stdout } = await run('npm', ['run', '--silent', 'partners', '--', ...args], {
    cwd: ROOT,
    env: process.env,
  });
  return { stdout, lines: stdout.trim().split('\n') };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * Partner keys made with the CLI and used against the real partner API, run as `main.ts` runs in
 * production (its own process), so that what it logs can be read back and searched for keys.
 */
describe('intake: partner keys (CLI), authentication and the per-partner rate limit', () => {
  let db: Awaited<ReturnType<typeof isolateDatabase>>;
  let api: ChildProcess;
  let url: string;
  let logs = '';
  const name = `Cherwell Valley Primary ${randomUUID().slice(0, 8)}`;
  const keys: string[] = [];

  beforeAll(async () => {
    isolateTestFile();
    db = await isolateDatabase();
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    api = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/intake-api/src/main.ts'], {
      cwd: ROOT,
      // Its log on standard output, as in production (not the test file's log file), to be searched here.
      env: { ...process.env, INTAKE_PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info', LOG_FILE: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    api.stdout!.on('data', (d) => (logs += d));
    api.stderr!.on('data', (d) => (logs += d));
    const exited = new Promise<never>((_, reject) =>
      api.once('exit', (code) =>
        reject(new Error(`the partner API exited (${code}) before answering:\n${logs}`)),
      ),
    );
    exited.catch(() => undefined);
    await Promise.race([
      exited,
      waitFor(
        'the partner API to answer',
        async () => (await fetch(`${url}/health/live`).catch(() => null))?.ok,
        90_000,
        250,
      ),
    ]);
  });

  afterAll(async () => {
    if (api && api.exitCode === null) {
      const exited = new Promise((r) => api.once('exit', r));
      api.kill('SIGTERM');
      const stuck = setTimeout(() => api.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(stuck);
    }
    await db?.drop();
  });

  /** A partner-only read: 404 for a made-up id once authenticated, 401 otherwise. */
  const probe = (key?: string) =>
    fetch(`${url}/v1/contacts/${randomUUID()}`, { headers: key ? { authorization: `Bearer ${key}` } : {} });

  it('create prints the new key alone on the last line, stored only as its hash', async () => {
    const { lines } = await partners(
      'create',
      '--name',
      name,
      '--agency',
      'school',
      '--organisation',
      'Cherwell Valley Primary School',
    );
    const key = lines[lines.length - 1];
    expect(key).toMatch(/^fdp_[A-Za-z0-9_-]{43}$/);
    keys.push(key);
    expect((await probe(key)).status).toBe(404);

    const admin = new Client({ connectionString: db.url });
    await admin.connect();
    try {
      const { rows } = await admin.query(
        `SELECT k.key_hash, k.key_prefix FROM partner_keys k JOIN partners p ON p.id = k.partner_id WHERE p.name = $1`,
        [name],
      );
      expect(rows).toHaveLength(1);
      expect(rows[0].key_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(JSON.stringify(rows)).not.toContain(key);
    } finally {
      await admin.end();
    }
  });

  it('create refuses an agency outside the contract with a message and a non-zero exit', async () => {
    await expect(partners('create', '--name', `${name} bad`, '--agency', 'church')).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('--agency must be one of'),
    });
  });

  it('rotate adds a key and leaves the old one valid until it is revoked', async () => {
    const { lines } = await partners('rotate', '--name', name);
    const newKey = lines[lines.length - 1];
    expect(newKey).toMatch(/^fdp_/);
    expect(newKey).not.toBe(keys[0]);
    keys.push(newKey);
    expect((await probe(keys[0])).status).toBe(404);
    expect((await probe(newKey)).status).toBe(404);
  });

  it('list shows the partner with the prefixes of its active keys, never a key', async () => {
    const { stdout } = await partners('list');
    const line = stdout.split('\n').find((l) => l.startsWith(name))!;
    expect(line).toContain('school');
    expect(line).toContain(keys[0].slice(0, 10));
    expect(line).toContain(keys[1].slice(0, 10));
    for (const key of keys) expect(stdout).not.toContain(key);
  });

  it('revoking the old key takes effect at once (401), the new key still works', async () => {
    const { lines } = await partners('revoke', '--name', name, '--key-prefix', keys[0].slice(0, 10));
    expect(lines[lines.length - 1]).toMatch(/Revoked 1 key/);
    expect((await probe(keys[0])).status).toBe(401);
    expect((await probe(keys[1])).status).toBe(404);
    const { stdout } = await partners('list');
    expect(stdout).not.toContain(keys[0].slice(0, 10));
  });

  it('no key, a malformed header, a made-up key and a revoked key are all 401 problems', async () => {
    const answers = await Promise.all([
      probe(),
      fetch(`${url}/v1/contacts/${randomUUID()}`, { headers: { authorization: `Basic ${keys[1]}` } }),
      probe(`fdp_${'A'.repeat(43)}`),
      probe(keys[0]),
      probe('not-even-a-token'),
    ]);
    for (const res of answers) {
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(res.headers.get('www-authenticate')).toBe('Bearer');
    }
  });

  it('every authentication failure is logged, without the key', async () => {
    const secret = keys[0];
    expect((await probe(secret)).status).toBe(401);
    await waitFor(
      'the failure to be logged',
      async () => (logs.match(/Authentication failed/g) ?? []).length >= 6,
      10_000,
    );
    const failures = logs.split('\n').filter((l) => l.includes('Authentication failed'));
    expect(failures.length).toBeGreaterThanOrEqual(6);
    expect(failures.some((l) => l.includes('unknown, revoked or expired credential'))).toBe(true);
    expect(failures.some((l) => l.includes('no bearer credential'))).toBe(true);
    for (const key of keys) {
      expect(logs).not.toContain(key);
      expect(logs).not.toContain(key.slice(4));
    }
  });

  it('a partner over its own rate limit is answered 429 with Retry-After; others are not affected', async () => {
    const limited = `${name} limited`;
    const { lines } = await partners(
      'create',
      '--name',
      limited,
      '--agency',
      'police',
      '--organisation',
      'Thames Valley Police',
    );
    const key = lines[lines.length - 1];
    const admin = new Client({ connectionString: db.url });
    await admin.connect();
    await admin.query('UPDATE partners SET rate_limit_per_minute = 3 WHERE name = $1', [limited]);
    await admin.end();

    const answers = [];
    for (let i = 0; i < 8; i++) answers.push(await probe(key));
    const statuses = answers.map((r) => r.status);
    // A fixed one-minute window: 3 allowed, then 429 (two windows at most in 8 quick requests).
    expect(statuses.filter((s) => s === 404).length).toBeLessThanOrEqual(6);
    const refused = answers.filter((r) => r.status === 429);
    expect(refused.length).toBeGreaterThanOrEqual(2);
    for (const res of refused) {
      const retryAfter = Number(res.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
    expect(statuses.indexOf(429)).toBeGreaterThanOrEqual(3);
    expect((await probe(keys[1])).status).toBe(404);
  });
});
