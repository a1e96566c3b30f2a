import { derivedAppDatabaseUrl, managedAppLogin } from './database-login';
import { loadConfig } from './app-config';

describe("the apps' database login", () => {
  const secrets = { DATABASE_APP_PASSWORD: 'p'.repeat(40), FRONT_DOOR_STATE_DIR: '/nonexistent' };
  const withSecrets = (env: Record<string, string>) => {
    const all: Record<string, string> = { ...secrets, ...env };
    for (const name of [
      'STAFF_TOKEN_SECRET',
      'AUDIT_HMAC_KEY',
      'KAFKA_KEY_PEPPER',
      'ALERT_WEBHOOK_SECRETS',
      'PARTNER_CALLBACK_KEY',
      'OPS_TOKEN',
    ])
      all[name] = 's'.repeat(40);
    return all;
  };

  it('is DATABASE_URL as the generated login role, which `npm run migrate` keeps', () => {
    const config = loadConfig(
      withSecrets({ DATABASE_URL: 'postgres://owner:secret@db.example:6432/county?sslmode=require' }),
    );
    expect(config.DATABASE_APP_URL).toBe(
      `postgres://front_door_app_login:${'p'.repeat(40)}@db.example:6432/county?sslmode=require`,
    );
    expect(managedAppLogin(config)).toEqual({ user: 'front_door_app_login', password: 'p'.repeat(40) });
  });

  it("is the operator's own when DATABASE_APP_URL is given (and migrate then leaves logins alone)", () => {
    const config = loadConfig(
      withSecrets({
        DATABASE_APP_URL: 'postgres://county_app:theirs@db.example/county',
        DATABASE_APP_USER: 'x_app',
      }),
    );
    expect(config.DATABASE_APP_URL).toBe('postgres://county_app:theirs@db.example/county');
    expect(managedAppLogin(config)).toBeNull();
  });

  it('encodes a password that is not URL-safe', () => {
    const url = derivedAppDatabaseUrl({
      DATABASE_URL: 'postgres://postgres@127.0.0.1/front_door',
      DATABASE_APP_URL: '',
      DATABASE_APP_USER: 'front_door_app_login',
      DATABASE_APP_PASSWORD: 'a/b@c:d%e',
    });
    expect(decodeURIComponent(new URL(url).password)).toBe('a/b@c:d%e');
  });
});
