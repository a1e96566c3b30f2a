import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AppConfig, ConfigError, loadConfig } from './app-config';
import { INSTALLATION_SECRETS } from './installation-secrets';

const stateDir = () => mkdtempSync(path.join(tmpdir(), 'front-door-state-'));
import { parseFaultPoints } from './fault-points';

describe('loadConfig', () => {
  it('gives working defaults for one machine', () => {
    const config = loadConfig({ FRONT_DOOR_STATE_DIR: stateDir() });
    expect(config.KAFKA_BROKERS).toBe('127.0.0.1:9092');
    expect(config.INTAKE_PORT).toBe(3000);
    expect(config.DESK_PORT).toBe(3001);
  });

  it('names every setting at fault in one message', () => {
    const env = { INTAKE_PORT: 'abc', KAFKA_BROKERS: 'nohost', DATABASE_URL: 'mysql://x' };
    expect(() => loadConfig(env)).toThrow(ConfigError);
    try {
      loadConfig(env);
    } catch (e) {
      expect((e as Error).message).toMatch(/INTAKE_PORT/);
      expect((e as Error).message).toMatch(/KAFKA_BROKERS/);
      expect((e as Error).message).toMatch(/DATABASE_URL/);
    }
  });

  it('has no secret in the source: every secret is empty until the installation supplies it', () => {
    const defaults = new AppConfig();
    for (const name of INSTALLATION_SECRETS) expect(defaults[name]).toBe('');
  });

  it('generates 32-byte secrets on the first start, keeps them in a 0600 file, and reads them back', () => {
    for (const NODE_ENV of ['development', 'production', 'test']) {
      const dir = stateDir();
      const first = loadConfig({ NODE_ENV, FRONT_DOOR_STATE_DIR: dir });
      const again = loadConfig({ NODE_ENV, FRONT_DOOR_STATE_DIR: dir });
      const other = loadConfig({ NODE_ENV, FRONT_DOOR_STATE_DIR: stateDir() });
      const file = path.join(dir, 'secrets.json');
      expect(statSync(file).mode & 0o777).toBe(0o600);
      for (const name of INSTALLATION_SECRETS) {
        expect(Buffer.from(first[name], 'base64url').length).toBeGreaterThanOrEqual(32);
        expect(again[name]).toBe(first[name]);
        expect(other[name]).not.toBe(first[name]);
      }
      expect(JSON.parse(readFileSync(file, 'utf8')).STAFF_TOKEN_SECRET).toBe(first.STAFF_TOKEN_SECRET);
    }
  });

  it('lets the environment override a secret, but refuses a short one (named, not echoed)', () => {
    const own = 'x'.repeat(40);
    expect(loadConfig({ STAFF_TOKEN_SECRET: own, FRONT_DOOR_STATE_DIR: stateDir() }).STAFF_TOKEN_SECRET).toBe(
      own,
    );
    expect(() =>
      loadConfig({ STAFF_TOKEN_SECRET: 'short-secret', FRONT_DOOR_STATE_DIR: stateDir() }),
    ).toThrow(/STAFF_TOKEN_SECRET: each secret must be at least 32/);
    try {
      loadConfig({ ALERT_WEBHOOK_SECRETS: `${own},tiny-one`, FRONT_DOOR_STATE_DIR: stateDir() });
    } catch (e) {
      expect((e as Error).message).toMatch(/ALERT_WEBHOOK_SECRETS/);
      expect((e as Error).message).not.toMatch(/tiny-one/);
    }
  });

  it('arms only known fault points, and none in production', () => {
    expect(loadConfig({ FAULT_POINTS: 'triage.after-commit-before-offset:once' }).FAULT_POINTS).toBe(
      'triage.after-commit-before-offset:once',
    );
    expect(() => loadConfig({ FAULT_POINTS: 'triage.after-lunch' })).toThrow(/no fault point named/);
    expect(() => loadConfig({ FAULT_POINTS: 'intake.after-commit-before-202:sometimes' })).toThrow(
      /FAULT_POINTS/,
    );
    expect(() =>
      loadConfig({
        NODE_ENV: 'production',
        STAFF_TOKEN_SECRET: 's3cret-of-our-own',
        FAULT_POINTS: 'outbox.after-publish-before-mark',
      }),
    ).toThrow(/never production/);
    expect(
      parseFaultPoints('outbox.after-publish-before-mark:3, alerts.after-send-before-record').armed,
    ).toEqual(
      new Map([
        ['outbox.after-publish-before-mark', { at: 3 }],
        ['alerts.after-send-before-record', { at: 1 }],
      ]),
    );
  });
});
