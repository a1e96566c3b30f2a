import { loadConfig } from '@app/config';
import { migrateDatabase } from '../ensure-database';

/** `npm run migrate`: create the database if needed and apply pending migrations. */
async function main(): Promise<void> {
  const config = loadConfig();
  const ran = await migrateDatabase(config.DATABASE_URL);
  console.log(ran.length ? `Applied migrations: ${ran.join(', ')}` : 'Database schema is up to date.');
}

main().catch((e) => {
  console.error(`Migration failed: ${(e as Error).message}`);
  process.exit(1);
});
