import { parseArgs } from 'node:util';
import { loadConfig } from '@app/config';
import { createDataSource } from '@app/persistence';
import { PartnerAdmin } from '../partners/partner-admin';

const USAGE = `Usage:
  npm run --silent partners -- create --name <name> --agency <agency> [--agency <agency> ...] [--organisation <org>]
      (registered for those agencies: it may send as them only)
  npm run --silent partners -- rotate --name <name>          (new key; old keys stay valid until revoked)
  npm run --silent partners -- revoke --name <name> [--key-prefix <prefix>]
  npm run --silent partners -- list
A new key is printed alone on the last line, once: it is stored only as a hash.`;

async function main(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2);
  const { values } = parseArgs({
    args: rest,
    options: {
      name: { type: 'string' },
      agency: { type: 'string', multiple: true },
      organisation: { type: 'string' },
      'key-prefix': { type: 'string' },
    },
  });
  const ds = createDataSource(loadConfig().DATABASE_URL);
  await ds.initialize();
  const admin = new PartnerAdmin(ds);
  try {
    switch (command) {
      case 'create': {
        const { partnerId, key } = await admin.create(
          values.name ?? '',
          values.agency ?? [],
          values.organisation ?? null,
        );
        console.log(`Created partner "${values.name}" (${partnerId}). Its key, shown once:`);
        console.log(key);
        break;
      }
      case 'rotate': {
        const key = await admin.rotate(values.name ?? '');
        console.log(`New key for "${values.name}" (older keys stay valid until revoked), shown once:`);
        console.log(key);
        break;
      }
      case 'revoke': {
        const n = await admin.revoke(values.name ?? '', values['key-prefix']);
        console.log(`Revoked ${n} key(s) of "${values.name}".`);
        break;
      }
      case 'list':
        for (const p of await admin.list()) {
          console.log(
            `${p.name}\t${p.agencies.join(',')}\t${p.organisation ?? ''}\tkeys: ${p.activeKeys.map((k) => k.prefix).join(', ') || 'none'}`,
          );
        }
        break;
      default:
        console.error(USAGE);
        process.exitCode = 2;
    }
  } finally {
    await ds.destroy();
  }
}

main().catch((e) => {
  console.error(`partners: ${(e as Error).message}`);
  process.exit(1);
});
