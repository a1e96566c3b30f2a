import { plainToInstance, Transform } from 'class-transformer';
import { IsIn, IsInt, IsString, Matches, Max, Min, validateSync } from 'class-validator';
import { derivedAppDatabaseUrl } from './database-login';
import { parseFaultPoints } from './fault-points';
import { installationSecrets, secretFaults, stateDirectory } from './installation-secrets';

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

  /** Write logs to this file (appended) rather than standard output. */
  @IsString()
  LOG_FILE = '';

  /** The schema owner's connection: `npm run migrate` only (the apps use DATABASE_APP_URL). */
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/front_door';

  /**
   * The running apps' connection (database-login.ts): a least-privilege login, never the owner. Empty: the
   * login role DATABASE_APP_USER on DATABASE_URL's server and database, with the generated
   * DATABASE_APP_PASSWORD (`npm run migrate` creates and keeps it). `loadConfig` fills it in.
   */
  @Matches(/^(postgres(ql)?:\/\/.+)?$/, { message: 'DATABASE_APP_URL must be a postgres:// URL' })
  DATABASE_APP_URL = '';

  /** The login role `npm run migrate` keeps for the apps (a member of front_door_app). */
  @Matches(/^[a-z_][a-z0-9_]{0,62}$/, {
    message: 'DATABASE_APP_USER must be a lower-case Postgres role name (letters, digits, _)',
  })
  DATABASE_APP_USER = 'front_door_app_login';

  @Matches(/^rediss?:\/\/.+/, { message: 'REDIS_URL must be a redis:// URL' })
  REDIS_URL = 'redis://127.0.0.1:6379';

  /** Prefix for BullMQ queues, so that separate deployments or test runs sharing one Redis never meet. */
  @IsString()
  REDIS_PREFIX = 'front-door';

  /**
   * How often an app with start-up recovery (timers, deliveries) checks that Redis still holds what it put
   * back, and rebuilds it from Postgres if Redis restarted empty (also checked on every reconnection).
   */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  JOBS_RECOVERY_CHECK_MS = 10_000;

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

  /** Address the HTTP servers listen on. */
  @IsString()
  HOST = '0.0.0.0';

  /** Postgres connections per app process (several apps and instances share one server). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  DB_POOL_SIZE = 10;

  /** Requests per minute a partner may make before 429. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  PARTNER_RATE_LIMIT_PER_MINUTE = 6000;

  /**
   * Secrets (installation-secrets.ts): never a value in the source. Empty here; `loadConfig` fills each from
   * the environment or from the installation's secrets file (generated on the first start).
   */
  @IsString()
  STAFF_TOKEN_SECRET = '';

  @IsString()
  AUDIT_HMAC_KEY = '';

  @IsString()
  KAFKA_KEY_PEPPER = '';

  @IsString()
  OPS_TOKEN = '';

  @IsString()
  DATABASE_APP_PASSWORD = '';

  /** Where the installation keeps its generated secrets (a 0600 file); outside the repository. */
  @IsString()
  FRONT_DOOR_STATE_DIR = '';

  @Transform(toInt)
  @IsInt()
  @Min(60)
  STAFF_TOKEN_TTL_SECONDS = 900;

  /** Login attempts per minute from one address, and for one username, before 429 (counted in Redis). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_LIMIT_PER_ADDRESS_PER_MINUTE = 60;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_LIMIT_PER_USERNAME_PER_MINUTE = 10;

  /** Requests per minute one staff user may make before 429. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  STAFF_RATE_LIMIT_PER_MINUTE = 1200;

  /**
   * Partner keys looked up in Postgres (not yet cached: unknown or new keys) per minute from one address
   * before 429, so a stream of made-up keys costs no database query each.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  PARTNER_KEY_LOOKUPS_PER_ADDRESS_PER_MINUTE = 300;

  /**
   * Triage instances consume this many partitions at once (each serialised per child in Postgres). As many
   * as the topic has partitions: the consumer fetches the next batches only when every batch of the last
   * fetch is done, so fewer at once makes contacts queue behind each other (measured: end-to-end p99 at
   * 200/s 121 ms with 6 against 177-223 ms with 3). Each takes one database connection (DB_POOL_SIZE).
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(64)
  TRIAGE_CONCURRENCY = 6;

  // --- Placement gatekeeping and alert delivery (apps/desk placement requests, apps/alerts) ---

  /** Roles a placement gatekeeping alert goes to (comma-separated). */
  @Matches(/^[a-z_]+(,[a-z_]+)*$/, { message: 'PLACEMENT_ALERT_ROLES must be role[,role...]' })
  PLACEMENT_ALERT_ROLES = 'duty_manager,head_of_service';

  /**
   * E-mail recipients by role: JSON `{"duty_manager": ["a@county.example"], ...}`, inline here or in the
   * file named by ALERT_RECIPIENTS_FILE (both merged). Each alert goes to the addresses of its roles.
   */
  @IsString()
  ALERT_RECIPIENTS = '';

  @IsString()
  ALERT_RECIPIENTS_FILE = '';

  /** Webhook receivers, comma-separated URLs (empty: no webhook channel). */
  @IsString()
  ALERT_WEBHOOK_URLS = '';

  /**
   * Active webhook signing secrets, comma-separated. Every one signs (`v1=` repeated), so a receiver can
   * move to a new secret without a gap: add the new one here, switch the receiver, then drop the old one.
   */
  @IsString()
  ALERT_WEBHOOK_SECRETS = '';

  @Transform(toInt)
  @IsInt()
  @Min(100)
  ALERT_WEBHOOK_TIMEOUT_MS = 5000;

  /** SMTP server for the e-mail channel, e.g. smtp://user:pass@mail.example:587 (empty: no e-mail). */
  @IsString()
  SMTP_URL = '';

  @IsString()
  ALERT_EMAIL_FROM = 'front-door@localhost';

  /** Attempts per delivery before it is kept as failed for good. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(50)
  ALERT_DELIVERY_ATTEMPTS = 10;

  /** First retry delay; each next one doubles (exponential back-off). */
  @Transform(toInt)
  @IsInt()
  @Min(10)
  ALERT_RETRY_BASE_MS = 2000;

  /** An alert not acknowledged this long after it was raised is escalated (4 clock hours). */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  ALERT_ESCALATION_DELAY_MS = 4 * 60 * 60 * 1000;

  /** Deliveries worked at once per channel by one alerts instance. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  ALERT_DELIVERY_CONCURRENCY = 10;

  // --- Feedback to referrers (partner callback webhooks, README "Feedback to referrers") ---

  /**
   * Key that encrypts each partner's callback signing secret at rest (AES-256-GCM; the secret itself must be
   * kept, not hashed, to sign with). An installation secret: generated on the first start, never in the source.
   */
  @IsString()
  PARTNER_CALLBACK_KEY = '';

  /** Attempts per feedback webhook before it is kept as failed (15 at 2 s doubling: about 9 hours). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(50)
  FEEDBACK_DELIVERY_ATTEMPTS = 15;

  /** First retry delay of a feedback webhook; each next one doubles. */
  @Transform(toInt)
  @IsInt()
  @Min(10)
  FEEDBACK_RETRY_BASE_MS = 2000;

  // --- Insights: spike detection (libs/insights, README "Spike detection") ---

  /** Same weekdays in the baseline of each day's expected count. */
  @Transform(toInt)
  @IsInt()
  @Min(2)
  @Max(52)
  INSIGHTS_BASELINE_WEEKS = 8;

  /** Most recent same weekdays left out of the baseline (guard band). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(8)
  INSIGHTS_GUARD_WEEKS = 0;

  /** Fewer baseline days than this: no expected value or limit yet. */
  @Transform(toInt)
  @IsInt()
  @Min(2)
  @Max(52)
  INSIGHTS_MIN_BASELINE = 4;

  /** The alarm limit is this quantile of the day's negative-binomial predictive distribution. */
  @Transform(({ value }: { value: unknown }) =>
    value === undefined || value === '' ? undefined : Number(value),
  )
  @Min(0.9)
  @Max(0.999999)
  INSIGHTS_SPIKE_QUANTILE = 0.99;

  /** A day alarms only with at least this many contacts, so quiet series stay quiet. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  INSIGHTS_SPIKE_MIN_COUNT = 10;

  // --- Referrals and the statutory returns (statutory-returns.md) ---

  /** Close outcomes that make a contact a referral to children's social care (comma-separated). */
  @Matches(
    /^(NO_FURTHER_ACTION|ADVICE_GIVEN|EARLY_HELP|FAMILY_SUPPORT|STATUTORY_ASSESSMENT|STRATEGY_DISCUSSION|ALLOCATED_TEAM_INFORMED|TRANSFERRED_OUT)(,(NO_FURTHER_ACTION|ADVICE_GIVEN|EARLY_HELP|FAMILY_SUPPORT|STATUTORY_ASSESSMENT|STRATEGY_DISCUSSION|ALLOCATED_TEAM_INFORMED|TRANSFERRED_OUT))*$/,
    { message: 'REFERRAL_OUTCOMES must be close outcomes, comma-separated' },
  )
  REFERRAL_OUTCOMES = 'STATUTORY_ASSESSMENT,STRATEGY_DISCUSSION,FAMILY_SUPPORT';

  /** The county's DfE local authority code: the CIN census header and Annex A's LA column (Oxfordshire 931). */
  @Matches(/^\d{3}$/, { message: 'LA_CODE must be a three-digit DfE local authority code' })
  LA_CODE = '931';

  /** Earlier years used for the seasonal ratio (0: none). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(5)
  INSIGHTS_SEASONAL_YEARS = 2;

  /** Days of the method's own prediction errors that estimate overdispersion. */
  @Transform(toInt)
  @IsInt()
  @Min(14)
  @Max(365)
  INSIGHTS_DISPERSION_DAYS = 112;

  /** Minutes between intra-day spike checks (a full-day check also runs just after midnight). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1440)
  INSIGHTS_CHECK_EVERY_MINUTES = 15;

  /**
   * Crash points for the reliability tests (see fault-points.ts), e.g. `triage.after-commit-before-offset:once`.
   * Empty in every real deployment; refused in production.
   */
  @IsString()
  FAULT_POINTS = '';
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
  faults.push(...secretFaults(env));
  if (config.FAULT_POINTS) {
    faults.push(...parseFaultPoints(config.FAULT_POINTS).faults);
    if (config.NODE_ENV === 'production')
      faults.push('FAULT_POINTS: crash points are for tests, never production');
  }
  if (faults.length) throw new ConfigError(`Invalid configuration:\n  - ${faults.join('\n  - ')}`);
  Object.assign(config, installationSecrets(env));
  config.FRONT_DOOR_STATE_DIR = stateDirectory(env);
  config.DATABASE_APP_URL ||= derivedAppDatabaseUrl(config);
  return config;
}
