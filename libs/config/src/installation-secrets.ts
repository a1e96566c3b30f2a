import { randomBytes } from 'node:crypto';
import { chmodSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

/**
 * The installation's own secrets. None has a value in the source: each is generated (32 random bytes) the
 * first time any process of the installation starts, kept in a 0600 file in a state directory outside the
 * repository (`FRONT_DOOR_STATE_DIR`), and read back by every later start. An environment variable of the
 * same name overrides the file (a secret manager, or a test run's own random values).
 */
export const INSTALLATION_SECRETS = [
  /** Signs staff access tokens (HS256). */
  'STAFF_TOKEN_SECRET',
  /** Keys the audit trail's HMAC chain and its checkpoints; never stored in the database. */
  'AUDIT_HMAC_KEY',
  /** Pepper of the HMAC that turns a child's identifier into a Kafka message key. */
  'KAFKA_KEY_PEPPER',
  /** Signs alert webhooks (comma-separated when rotating). */
  'ALERT_WEBHOOK_SECRETS',
  /** Encrypts each partner's callback signing secret at rest (AES-256-GCM). */
  'PARTNER_CALLBACK_KEY',
  /** Bearer token for the operations surfaces on every port: /metrics and readiness details. */
  'OPS_TOKEN',
  /** Password of the apps' least-privilege database login (database-login.ts). */
  'DATABASE_APP_PASSWORD',
] as const;
export type InstallationSecret = (typeof INSTALLATION_SECRETS)[number];

export const MIN_SECRET_LENGTH = 32;

export function stateDirectory(env: NodeJS.ProcessEnv): string {
  if (env.FRONT_DOOR_STATE_DIR) return env.FRONT_DOOR_STATE_DIR;
  const base = env.XDG_STATE_HOME || path.join(homedir(), '.local', 'state');
  return path.join(base, 'front-door');
}

/** Faults in secrets given by environment (too short); each named, never echoed. */
export function secretFaults(env: NodeJS.ProcessEnv): string[] {
  const faults: string[] = [];
  for (const name of INSTALLATION_SECRETS) {
    const value = env[name];
    if (!value) continue;
    if (value.split(',').some((s) => s.trim().length < MIN_SECRET_LENGTH))
      faults.push(`${name}: each secret must be at least ${MIN_SECRET_LENGTH} characters (32 random bytes)`);
  }
  return faults;
}

/**
 * Every secret: from the environment when set, else from the installation's secrets file, created on the
 * first start. Safe when several processes start at once: the file appears whole (written aside, then
 * hard-linked into place, which fails if another process won), and the loser reads the winner's file.
 */
export function installationSecrets(env: NodeJS.ProcessEnv): Record<InstallationSecret, string> {
  const missing = INSTALLATION_SECRETS.filter((n) => !env[n]);
  const fromFile = missing.length
    ? readOrCreateSecretsFile(stateDirectory(env))
    : ({} as Record<string, string>);
  const out = {} as Record<InstallationSecret, string>;
  for (const name of INSTALLATION_SECRETS) out[name] = env[name] || fromFile[name];
  return out;
}

function readOrCreateSecretsFile(dir: string): Record<string, string> {
  const file = path.join(dir, 'secrets.json');
  const read = (): Record<string, string> | null => {
    try {
      return JSON.parse(readFileSync(file, 'utf8'));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new Error(`Cannot read the installation secrets file ${file}: ${(e as Error).message}`);
    }
  };
  let secrets = read();
  if (!secrets) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const fresh: Record<string, string> = {};
    for (const name of INSTALLATION_SECRETS) fresh[name] = randomBytes(32).toString('base64url');
    const aside = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    writeFileSync(aside, JSON.stringify(fresh, null, 2), { mode: 0o600 });
    try {
      linkSync(aside, file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    } finally {
      unlinkSync(aside);
    }
    secrets = read()!;
  }
  let changed = false;
  // A secret added by a later version is generated and kept too.
  for (const name of INSTALLATION_SECRETS) {
    if (!secrets[name]) {
      secrets[name] = randomBytes(32).toString('base64url');
      changed = true;
    }
  }
  if (changed) {
    writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
    chmodSync(file, 0o600);
  }
  return secrets;
}
