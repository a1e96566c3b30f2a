import { plainToInstance, Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, validateSync } from 'class-validator';

const toInt = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : Number(value);

/**
 * Every setting the apps read, with a default that works on one machine. Validated once at start-up
 * (`loadConfig`): a bad value stops the process with a message naming each setting at fault, rather than
 * failing at the first request or message.
 */
export class AppConfig {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/front_door';

  @Matches(/^rediss?:\/\/.+/, { message: 'REDIS_URL must be a redis:// URL' })
  REDIS_URL = 'redis://127.0.0.1:6379';

  /** Prefix for BullMQ queues, so that separate deployments or test runs sharing one Redis never meet. */
  @IsString()
  REDIS_PREFIX = 'front-door';

  /** Comma-separated host:port list. */
  @Matches(/^[^,\s]+:\d+(,[^,\s]+:\d+)*$/, { message: 'KAFKA_BROKERS must be host:port[,host:port...]' })
  KAFKA_BROKERS = '127.0.0.1:9092';

  /** Prefix for topic names and consumer groups: lets test runs and environments share a cluster safely. */
  @Matches(/^[A-Za-z0-9._-]*$/, {
    message: 'KAFKA_TOPIC_PREFIX may hold letters, digits, ".", "_" and "-" only',
  })
  KAFKA_TOPIC_PREFIX = '';

  /** Partitions for topics this service creates; triage instances scale out up to this number. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(256)
  KAFKA_PARTITIONS = 6;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(65535)
  INTAKE_PORT = 3000;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(65535)
  DESK_PORT = 3001;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(65535)
  TRIAGE_PORT = 3002;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(65535)
  ALERTS_PORT = 3003;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(65535)
  INSIGHTS_PORT = 3004;

  /** Requests per minute a partner may make before 429. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  PARTNER_RATE_LIMIT_PER_MINUTE = 6000;

  /** Secret that signs staff access tokens. Required (and not the default) in production. */
  @IsString()
  @IsOptional()
  STAFF_TOKEN_SECRET = 'development-only-secret-change-me';

  @Transform(toInt)
  @IsInt()
  @Min(60)
  STAFF_TOKEN_TTL_SECONDS = 900;

  /** Triage instances consume this many partitions at once (each serialised per child in Postgres). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(64)
  TRIAGE_CONCURRENCY = 3;
}

export class ConfigError extends Error {}

/** Reads and validates the environment once; throws a ConfigError naming every setting at fault. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const known = Object.keys(new AppConfig());
  const raw: Record<string, string> = {};
  for (const key of known) if (env[key] !== undefined && env[key] !== '') raw[key] = env[key] as string;
  const config = plainToInstance(AppConfig, raw);
  const faults = validateSync(config).flatMap((e) =>
    Object.values(e.constraints ?? {}).map((m) => `${e.property}: ${m}`),
  );
  if (config.NODE_ENV === 'production' && config.STAFF_TOKEN_SECRET === new AppConfig().STAFF_TOKEN_SECRET) {
    faults.push('STAFF_TOKEN_SECRET: must be set to a secret of your own in production');
  }
  if (faults.length) throw new ConfigError(`Invalid configuration:\n  - ${faults.join('\n  - ')}`);
  return config;
}
