import { loadConfig, managedAppLogin } from '@app/config';
import { migrateDatabase } from '../ensure-database';

/**
 * `npm run migrate`: as the schema's owner (DATABASE_URL), create the database if needed, apply pending
 * migrations and keep the apps' least-privilege login (database-login.ts).
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const ran = await migrateDatabase(config.DATABASE_URL, managedAppLogin(config));
  console.log(ran.length ? `Applied migrations: ${ran.join(', ')}` : 'Database schema is up to date.');
}

main().catch((e) => {
  console.error(`Migration failed: ${(e as Error).message}`);
  process.exit(1);
});
