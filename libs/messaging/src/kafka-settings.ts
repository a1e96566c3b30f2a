import { Kafka, logLevel, LogEntry } from 'kafkajs';
import { AppConfig, logDestination } from '@app/config';
import { deadLetterTopic, Topic } from '@app/contracts';
import pino from 'pino';

/**
 * kafkajs logs through pino. Its ERROR level includes retriable broker answers ("not the leader" while a
 * new topic elects leaders, "coordinator loading"), which it retries itself: those are logged as warnings.
 */
const logCreatorFor = (level: string, file: string) => {
  const log = pino({ name: 'kafkajs', level }, logDestination(file));
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
    logCreator: logCreatorFor(config.LOG_LEVEL, config.LOG_FILE),
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

/**
 * Creates every topic the service uses (and its dead-letter topic) if missing, and waits until each has a
 * leader; safe to run from every app at once. A busy broker answers "does not host this topic-partition"
 * for a topic created a moment ago: that is retried, not fatal.
 */
export async function ensureTopics(kafka: Kafka, names: TopicNames, partitions: number): Promise<void> {
  const wanted = Object.values(Topic).flatMap((t) => [names.topic(t), names.topic(deadLetterTopic(t))]);
  const admin = kafka.admin();
  await admin.connect();
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        const existing = new Set(await admin.listTopics());
        const missing = wanted.filter((t) => !existing.has(t));
        if (missing.length) {
          await admin.createTopics({
            waitForLeaders: true,
            topics: missing.map((topic) => ({ topic, numPartitions: partitions, replicationFactor: -1 })),
          });
        }
        const metadata = await admin.fetchTopicMetadata({ topics: wanted });
        if (metadata.topics.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0)))
          return;
        throw new Error('topics have no leader yet');
      } catch (e) {
        if (attempt >= 20) throw e;
        await new Promise((r) => setTimeout(r, 250 * attempt));
      }
    }
  } finally {
    await admin.disconnect();
  }
}
