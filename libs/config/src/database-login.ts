/**
 * The apps' own database login (least privilege). `DATABASE_URL` names the schema's owner: only
 * `npm run migrate` connects with it. The running apps connect as a login role that is a member of
 * `front_door_app` (migration 1763800007600): they read and write the service's tables but may only SELECT
 * and INSERT audit entries, and cannot change the schema. Unless the operator gives `DATABASE_APP_URL`, that
 * login is `DATABASE_APP_USER` on DATABASE_URL's server and database, with the installation's generated
 * `DATABASE_APP_PASSWORD`; `npm run migrate` creates it and keeps its password.
 */
export interface AppDatabaseLogin {
  user: string;
  password: string;
}

interface LoginSettings {
  DATABASE_URL: string;
  DATABASE_APP_URL: string;
  DATABASE_APP_USER: string;
  DATABASE_APP_PASSWORD: string;
}

/** DATABASE_URL's server, database and options, as the generated login role. */
export function derivedAppDatabaseUrl(config: LoginSettings): string {
  const url = new URL(config.DATABASE_URL);
  url.username = encodeURIComponent(config.DATABASE_APP_USER);
  url.password = encodeURIComponent(config.DATABASE_APP_PASSWORD);
  return url.toString();
}

/**
 * The login `npm run migrate` must keep (create, set its password, make it a member of front_door_app): the
 * generated one, when the apps use it. Null when the operator supplies the apps' login (they grant
 * front_door_app to it themselves).
 */
export function managedAppLogin(config: LoginSettings): AppDatabaseLogin | null {
  const url = new URL(config.DATABASE_APP_URL || derivedAppDatabaseUrl(config));
  const user = decodeURIComponent(url.username);
  const password = decodeURIComponent(url.password);
  if (user !== config.DATABASE_APP_USER || password !== config.DATABASE_APP_PASSWORD) return null;
  return { user, password };
}
