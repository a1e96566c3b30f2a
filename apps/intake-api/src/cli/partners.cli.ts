import { parseArgs } from 'node:util';
import { loadConfig } from '@app/config';
import { WebhookSecretBox } from '@app/http';
import { createDataSource } from '@app/persistence';
import { CallbackUrlError, PartnerCallbacks } from '../callbacks/partner-callbacks';
import { PartnerCallbacksRepository } from '../callbacks/partner-callbacks.repository';
import { PartnerAdmin } from '@app/intake';

const USAGE = `Usage:
  npm run --silent partners -- create --name <name> --agency <agency> [--agency <agency> ...] [--organisation <org>]
      (registered for those agencies: it may send as them only)
  npm run --silent partners -- rotate --name <name>          (new key; old keys stay valid until revoked)
  npm run --silent partners -- revoke --name <name> [--key-prefix <prefix>]
  npm run --silent partners -- list
  npm run --silent partners -- callback set --name <name> --url <https-url>   (first time: prints the secret)
  npm run --silent partners -- callback show|rotate|delete|deliveries --name <name>
A new key or callback signing secret is printed alone on the last line, once (a key is stored only as a
hash; a callback secret sealed under PARTNER_CALLBACK_KEY).`;

async function main(): Promise<void> {
  const [command, ...afterCommand] = process.argv.slice(2);
  const sub = command === 'callback' ? afterCommand[0] : undefined;
  const rest = command === 'callback' ? afterCommand.slice(1) : afterCommand;
  const { values } = parseArgs({
    args: rest,
    options: {
      name: { type: 'string' },
      agency: { type: 'string', multiple: true },
      organisation: { type: 'string' },
      'key-prefix': { type: 'string' },
      url: { type: 'string' },
    },
  });
  const config = loadConfig();
  const ds = createDataSource(config.DATABASE_APP_URL);
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
      case 'callback': {
        const callbacks = new PartnerCallbacks(
          ds,
          new PartnerCallbacksRepository(ds),
          new WebhookSecretBox(config.PARTNER_CALLBACK_KEY),
          config.NODE_ENV === 'production',
        );
        await callbackCommand(callbacks, await partnerIdByName(admin, values.name ?? ''), sub, values.url);
        break;
      }
      default:
        console.error(USAGE);
        process.exitCode = 2;
    }
  } finally {
    await ds.destroy();
  }
}

async function partnerIdByName(admin: PartnerAdmin, name: string): Promise<string> {
  if (!name.trim()) throw new Error('--name is required');
  return admin.idOf(name);
}

async function callbackCommand(
  callbacks: PartnerCallbacks,
  partnerId: string,
  sub: string | undefined,
  url: string | undefined,
): Promise<void> {
  const none = 'No callback is registered for this partner.';
  switch (sub) {
    case 'set': {
      const r = await callbacks.put(partnerId, url).catch((e) => {
        if (e instanceof CallbackUrlError)
          throw new Error(`--url ${e.faults.map((f) => f.message).join('; ')}`);
        throw e;
      });
      console.log(r.created ? `Callback registered: ${r.view.url}` : `Callback moved to ${r.view.url}`);
      if (r.secret) {
        console.log('Its signing secret, shown once:');
        console.log(r.secret);
      }
      return;
    }
    case 'show': {
      const v = await callbacks.get(partnerId);
      console.log(v ? JSON.stringify(v, null, 2) : none);
      return;
    }
    case 'rotate': {
      const r = await callbacks.rotateSecret(partnerId);
      if (!r) throw new Error(none);
      console.log(
        `New signing secret (the previous one also signs until ${r.view.previousSecretValidUntil}), shown once:`,
      );
      console.log(r.secret);
      return;
    }
    case 'delete':
      console.log((await callbacks.remove(partnerId)) ? 'Callback removed.' : none);
      return;
    case 'deliveries':
      for (const d of await callbacks.deliveries(partnerId, 50))
        console.log(`${d.createdAt}\t${d.id}\t${d.status}\tattempts ${d.attempts}\t${d.lastError ?? ''}`);
      return;
    default:
      throw new Error(`callback needs one of set, show, rotate, delete, deliveries\n${USAGE}`);
  }
}

main().catch((e) => {
  console.error(`partners: ${(e as Error).message}`);
  process.exit(1);
});
