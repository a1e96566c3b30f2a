import { randomBytes } from 'node:crypto';
import { STAFF_ROLES } from '@app/auth';
import { loadConfig } from '@app/config';
import { createDataSource } from '@app/persistence';
import { StaffUserAdmin } from '../staff-users/staff-user-admin';

/**
 * Development start only (`npm start` with NODE_ENV=development): one demo user per staff role, each with a
 * fresh random password printed here. Refuses to run in any other mode, so production has no demo users.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  if (config.NODE_ENV !== 'development') throw new Error('dev-seed runs only in development');
  const ds = createDataSource(config.DATABASE_APP_URL);
  await ds.initialize();
  try {
    const admin = new StaffUserAdmin(ds);
    const existing = new Set((await admin.list()).map((u) => u.username));
    console.log(`[front-door] Demo staff (development only) for http://127.0.0.1:${config.DESK_PORT}/:`);
    for (const role of STAFF_ROLES) {
      const username = `demo-${role.replace(/_/g, '-')}`;
      const password = randomBytes(9).toString('base64url');
      if (existing.has(username)) await admin.setPassword(username, password);
      else await admin.create(username, role, password);
      console.log(`[front-door]   ${role.padEnd(16)} ${username.padEnd(22)} password: ${password}`);
    }
  } finally {
    await ds.destroy();
  }
}

main().catch((e) => {
  console.error(`desk dev-seed: ${(e as Error).message}`);
  process.exit(1);
});
