import { parseArgs } from 'node:util';
import Redis from 'ioredis';
import { StaffTokens } from '@app/auth';
import { loadConfig } from '@app/config';
import { createDataSource } from '@app/persistence';
import { StaffUserAdmin } from '../staff-users/staff-user-admin';

const USAGE = `Usage:
  npm run --silent users -- create --username <u> --role <role> --password-stdin
  npm run --silent users -- set-password --username <u> --password-stdin
  (--password <p> works too, but leaves the password in the shell history and the process list)
  npm run --silent users -- unlock --username <u>
  npm run --silent users -- disable --username <u>
  npm run --silent users -- list
Roles: duty_worker, duty_manager, social_worker, manager, head_of_service, admin.`;

async function main(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2);
  const { values } = parseArgs({
    args: rest,
    options: {
      username: { type: 'string' },
      role: { type: 'string' },
      password: { type: 'string' },
      'password-stdin': { type: 'boolean' },
    },
  });
  if (values['password-stdin']) values.password = await readPassword();
  const config = loadConfig();
  const ds = createDataSource(config.DATABASE_APP_URL);
  await ds.initialize();
  const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: 3, lazyConnect: true });
  const tokens = new StaffTokens(
    config.STAFF_TOKEN_SECRET,
    config.STAFF_TOKEN_TTL_SECONDS,
    redis,
    config.REDIS_PREFIX,
  );
  const admin = new StaffUserAdmin(ds, tokens);
  try {
    switch (command) {
      case 'create': {
        const { id } = await admin.create(values.username ?? '', values.role ?? '', values.password ?? '');
        console.log(`Created user "${values.username}" with role ${values.role} (${id}).`);
        break;
      }
      case 'set-password':
        await admin.setPassword(values.username ?? '', values.password ?? '');
        console.log(`Password of "${values.username}" changed; the account is unlocked.`);
        break;
      case 'unlock':
        await admin.unlock(values.username ?? '');
        console.log(`Unlocked "${values.username}".`);
        break;
      case 'disable':
        await admin.disable(values.username ?? '');
        console.log(`Disabled "${values.username}".`);
        break;
      case 'list':
        for (const u of await admin.list()) {
          console.log(
            `${u.username}\t${u.role}${u.locked ? '\tlocked' : ''}${u.disabled ? '\tdisabled' : ''}`,
          );
        }
        break;
      default:
        console.error(USAGE);
        process.exitCode = 2;
    }
  } finally {
    await ds.destroy();
    redis.disconnect();
  }
}

/** The password from standard input: the first line, without its line ending. */
async function readPassword(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0];
}

main().catch((e) => {
  console.error(`users: ${(e as Error).message}`);
  process.exit(1);
});
