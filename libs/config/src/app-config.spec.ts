import { ConfigError, loadConfig } from './app-config';
import { parseFaultPoints } from './fault-points';

describe('loadConfig', () => {
  it('gives working defaults for one machine', () => {
    const config = loadConfig({});
    expect(config.KAFKA_BROKERS).toBe('127.0.0.1:9092');
    expect(config.INTAKE_PORT).toBe(3000);
    expect(config.DESK_PORT).toBe(3001);
  });

  it('names every setting at fault in one message', () => {
    expect(() =>
      loadConfig({ INTAKE_PORT: 'abc', KAFKA_BROKERS: 'nohost', DATABASE_URL: 'mysql://x' }),
    ).toThrow(ConfigError);
    try {
      loadConfig({ INTAKE_PORT: 'abc', KAFKA_BROKERS: 'nohost', DATABASE_URL: 'mysql://x' });
    } catch (e) {
      expect((e as Error).message).toMatch(/INTAKE_PORT/);
      expect((e as Error).message).toMatch(/KAFKA_BROKERS/);
      expect((e as Error).message).toMatch(/DATABASE_URL/);
    }
  });

  it('refuses the development token secret in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/STAFF_TOKEN_SECRET/);
    expect(loadConfig({ NODE_ENV: 'production', STAFF_TOKEN_SECRET: 's3cret-of-our-own' }).NODE_ENV).toBe(
      'production',
    );
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
