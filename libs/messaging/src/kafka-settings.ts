import { Kafka, logLevel, LogEntry } from 'kafkajs';
import { AppConfig } from '@app/config';
import { deadLetterTopic, Topic } from '@app/contracts';
import pino from 'pino';

/**
 * kafkajs logs through pino. Its ERROR level includes retriable broker answers ("not the leader" while a
 * new topic elects leaders, "coordinator loading"), which it retries itself: those are logged as warnings.
 */
const logCreatorFor = (level: string) => {
  const log = pino({ name: 'kafkajs', level });
  return () => (entry: LogEntry) => {
    const { message, ...extra } = entry.log;
    const retriable =
      (extra as { retriable?: boolean }).retriable ||
      /leader|coordinator|rebalanc/i.test(String((extra as { error?: string }).error ?? ''));
    const at =
      entry.level === logLevel.ERROR && !retriable
        ? 'error'
        : entry.level <= logLevel.WARN
          ? 'warn'
          : 'debug';
    log[at]({ namespace: entry.namespace, ...extra }, message);
  };
};

export function createKafka(config: AppConfig, clientId: string): Kafka {
  return new Kafka({
    clientId,
    brokers: config.KAFKA_BROKERS.split(','),
    logLevel: logLevel.WARN,
    logCreator: logCreatorFor(config.LOG_LEVEL),
    // Keep retrying through a broker restart rather than giving up after the default ~5 attempts.
    retry: { initialRetryTime: 200, retries: 12, maxRetryTime: 5000 },
    connectionTimeout: 3000,
  });
}

/** Applies the deployment's prefix to topic and group names (test runs and environments share clusters). */
export class TopicNames {
  constructor(private readonly prefix: string) {}
  static from(config: AppConfig): TopicNames {
    return new TopicNames(config.KAFKA_TOPIC_PREFIX);
  }
  topic(name: string): string {
    return `${this.prefix}${name}`;
  }
  group(name: string): string {
    return `${this.prefix}${name}`;
  }
  /** The logical topic name for a physical one. */
  strip(physical: string): string {
    return physical.startsWith(this.prefix) ? physical.slice(this.prefix.length) : physical;
  }
}

/** Creates every topic the service uses (and its dead-letter topic) if missing; safe to run from each app. */
export async function ensureTopics(kafka: Kafka, names: TopicNames, partitions: number): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const wanted = Object.values(Topic).flatMap((t) => [names.topic(t), names.topic(deadLetterTopic(t))]);
    const missing = wanted.filter((t) => !existing.has(t));
    if (missing.length) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((topic) => ({ topic, numPartitions: partitions, replicationFactor: -1 })),
      });
    }
  } finally {
    await admin.disconnect();
  }
}
