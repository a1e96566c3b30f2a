import { loadConfig } from '@app/config';
import { createDataSource } from '@app/persistence';
import { PartnerAdmin } from '@app/intake';

/**
 * Development start only (`npm start` with NODE_ENV=development): a demo partner with a fresh key, printed
 * so that a contact can be posted with curl at once. Never run in production.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  if (config.NODE_ENV !== 'development') throw new Error('dev-seed runs only in development');
  const ds = createDataSource(config.DATABASE_APP_URL);
  await ds.initialize();
  try {
    const admin = new PartnerAdmin(ds);
    const name = 'Demo School (development only)';
    const existing = (await admin.list()).find((p) => p.name === name);
    const key = existing ? await admin.rotate(name) : (await admin.create(name, 'school', 'Demo School')).key;
    console.log(`[front-door] Demo partner "${name}" key: ${key}`);
    console.log(
      `[front-door]   try: curl -s -X POST http://127.0.0.1:${config.INTAKE_PORT}/v1/contacts -H "Authorization: Bearer ${key}" ` +
        `-H "Idempotency-Key: demo-$RANDOM" -H "Content-Type: application/json" -d @examples/contact.json`,
    );
  } finally {
    await ds.destroy();
  }
}

main().catch((e) => {
  console.error(`dev-seed: ${(e as Error).message}`);
  process.exit(1);
});
