import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { appendAudit } from '@app/audit';
import { AppConfig, derivedAppDatabaseUrl } from '@app/config';
import { provisionAppLogin } from '@app/persistence';
import { isolateTestFile } from '@app/testing';
import {
  ownerDataSource,
  RunningApp,
  startAlerts,
  startDeskWithConsumer,
  startInsights,
  startIntake,
  startTriage,
} from '../support/apps';

/**
 * Least privilege in the database (issue 14, points 2 and 8): the running apps connect with their own login
 * (a member of `front_door_app`), never as the schema's owner, so a compromised app cannot rewrite or remove
 * audit entries, nor change the schema. Every check goes through the pools the apps themselves use.
 */
describe('security: the apps connect with a least-privilege database login', () => {
  const apps: Record<string, RunningApp> = {};
  let owner: DataSource;
  let config: AppConfig;

  beforeAll(async () => {
    isolateTestFile();
    owner = await ownerDataSource();
    apps.intake = await startIntake();
    apps.desk = await startDeskWithConsumer();
    apps.triage = await startTriage();
    apps.alerts = await startAlerts();
    apps.insights = await startInsights();
    config = apps.desk.app.get(AppConfig);
  }, 180_000);
  afterAll(async () => {
    for (const app of Object.values(apps)) await app.close();
    await owner?.destroy();
  });

  const appPool = (name: string) => apps[name].app.get(DataSource);

  it('every connection the five apps hold (pools and listeners) is the login role, which is not the owner', async () => {
    const [ownerUser] = await owner.query('SELECT current_user AS u');
    expect(ownerUser.u).not.toBe(config.DATABASE_APP_USER);
    for (const name of Object.keys(apps)) {
      const [me] = await appPool(name).query(
        `SELECT current_user AS u, r.rolsuper AS super, pg_has_role(current_user, 'front_door_app', 'member') AS member,
                (SELECT datdba = r.oid FROM pg_database WHERE datname = current_database()) AS owns_database
           FROM pg_roles r WHERE r.rolname = current_user`,
      );
      expect({ name, ...me }).toEqual({
        name,
        u: config.DATABASE_APP_USER,
        super: false,
        member: true,
        owns_database: false,
      });
    }
    // The outbox relay's and the partner key cache's LISTEN connections included: nothing connects as the owner.
    const users: { usename: string }[] = await owner.query(
      `SELECT DISTINCT usename FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
    );
    expect(users.map((u) => u.usename)).toEqual([config.DATABASE_APP_USER]);
  });

  it("the apps' pool appends and reads audit entries but is refused UPDATE, DELETE, TRUNCATE and disabling the trigger", async () => {
    for (const name of ['desk', 'intake']) {
      const ds = appPool(name);
      await appendAudit(ds, { actor: `role-check-${name}`, action: 'probe', subjectType: 'test' });
      const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM audit_log WHERE actor = $1`, [
        `role-check-${name}`,
      ]);
      expect(n).toBe(1);
      for (const sql of [
        `UPDATE audit_log SET actor = 'someone-else'`,
        'DELETE FROM audit_log',
        'TRUNCATE audit_log',
        'ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update',
        'DROP TRIGGER audit_log_no_update ON audit_log',
      ])
        await expect(ds.query(sql)).rejects.toThrow(/permission denied|must be owner/);
    }
  });

  it("the apps' pool cannot change the schema or the migrations table", async () => {
    const ds = appPool('desk');
    for (const sql of [
      'CREATE TABLE app_made (id int)',
      'CREATE FUNCTION app_made() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$',
      'ALTER TABLE contacts ADD COLUMN app_made text',
      'DROP TABLE desk_items',
      'CREATE INDEX app_made ON contacts (created_at)',
      'TRUNCATE contacts',
      `INSERT INTO migrations (timestamp, name) VALUES (1, 'AppMade1')`,
      'DELETE FROM migrations',
      'SELECT count(*) FROM migrations',
    ])
      await expect(ds.query(sql)).rejects.toThrow(/permission denied|must be owner/);
  });

  it('the login may read and write every other table, including one a later migration adds', async () => {
    const tables: { table: string; s: boolean; i: boolean; u: boolean; d: boolean; t: boolean }[] =
      await owner.query(
        `SELECT tablename AS table,
                has_table_privilege($1, format('public.%I', tablename), 'SELECT') AS s,
                has_table_privilege($1, format('public.%I', tablename), 'INSERT') AS i,
                has_table_privilege($1, format('public.%I', tablename), 'UPDATE') AS u,
                has_table_privilege($1, format('public.%I', tablename), 'DELETE') AS d,
                has_table_privilege($1, format('public.%I', tablename), 'TRUNCATE') AS t
           FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`,
        [config.DATABASE_APP_USER],
      );
    expect(tables.length).toBeGreaterThan(20);
    const expected = (table: string) =>
      table === 'audit_log'
        ? { s: true, i: true, u: false, d: false, t: false }
        : table === 'migrations'
          ? { s: false, i: false, u: false, d: false, t: false }
          : { s: true, i: true, u: true, d: true, t: false };
    for (const { table, ...privileges } of tables)
      expect({ table, ...privileges }).toEqual({ table, ...expected(table) });

    // A later migration's table (created by the owner, as migrations run) reaches the apps through the
    // default privileges, with its sequence.
    await owner.query('CREATE TABLE later_migration_probe (id bigserial PRIMARY KEY, note text)');
    try {
      const ds = appPool('desk');
      await ds.query(`INSERT INTO later_migration_probe (note) VALUES ('x')`);
      await ds.query(`UPDATE later_migration_probe SET note = 'y'`);
      expect(await ds.query('SELECT note FROM later_migration_probe')).toEqual([{ note: 'y' }]);
      await ds.query('DELETE FROM later_migration_probe');
    } finally {
      await owner.query('DROP TABLE later_migration_probe');
    }
  });

  it('`npm run migrate` creates the login on a server that lacks it, idempotently, and only as a member of front_door_app', async () => {
    const user = `front_door_app_t${randomBytes(4).toString('hex')}`;
    const password = randomBytes(32).toString('base64url');
    const ownerUrl = process.env.DATABASE_URL!;
    try {
      await provisionAppLogin(ownerUrl, { user, password });
      await provisionAppLogin(ownerUrl, { user, password });
      const [role] = await owner.query(
        `SELECT rolcanlogin, rolsuper, rolcreaterole, rolcreatedb, rolbypassrls, rolinherit,
                pg_has_role(rolname, 'front_door_app', 'member') AS member,
                (SELECT count(*)::int FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid WHERE m.member = r.oid) AS memberships
           FROM pg_roles r WHERE rolname = $1`,
        [user],
      );
      expect(role).toEqual({
        rolcanlogin: true,
        rolsuper: false,
        rolcreaterole: false,
        rolcreatedb: false,
        rolbypassrls: false,
        rolinherit: true,
        member: true,
        memberships: 1,
      });
      // The password is stored as a SCRAM verifier, never in clear.
      const [{ rolpassword }] = await owner.query('SELECT rolpassword FROM pg_authid WHERE rolname = $1', [
        user,
      ]);
      expect(rolpassword).toMatch(/^SCRAM-SHA-256\$4096:/);
      expect(rolpassword).not.toContain(password);
      const client = new Client({
        connectionString: derivedAppDatabaseUrl({
          DATABASE_URL: ownerUrl,
          DATABASE_APP_URL: '',
          DATABASE_APP_USER: user,
          DATABASE_APP_PASSWORD: password,
        }),
      });
      await client.connect();
      try {
        expect((await client.query('SELECT current_user AS u')).rows[0].u).toBe(user);
        await expect(client.query('DELETE FROM audit_log')).rejects.toThrow(/permission denied/);
      } finally {
        await client.end();
      }
      // A login someone made a superuser is refused rather than used.
      await owner.query(`ALTER ROLE ${user} SUPERUSER`);
      await expect(provisionAppLogin(ownerUrl, { user, password })).rejects.toThrow(/must have none/);
    } finally {
      await owner.query(`DROP ROLE IF EXISTS ${user}`);
    }
  });
});
