import { Consumer, Kafka } from 'kafkajs';
import { randomBytes } from 'node:crypto';

/**
 * Reads a topic from the start with its own consumer group and lets a test await a matching event,
 * instead of sleeping.
 */
export class TopicWatcher<T = any> {
  private readonly seen: T[] = [];
  /** Headers of each message, by the same index as all(). */
  readonly headers: Record<string, string>[] = [];
  private waiters: { match: (e: T) => boolean; resolve: (e: T) => void }[] = [];
  private consumer: Consumer | null = null;

  constructor(
    private readonly kafka: Kafka,
    private readonly topic: string,
  ) {}

  async start(): Promise<this> {
    this.consumer = this.kafka.consumer({
      groupId: `watcher-${randomBytes(4).toString('hex')}`,
      maxWaitTimeInMs: 50,
    });
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: this.topic, fromBeginning: true });
    await this.consumer.run({
      eachMessage: async ({ message }) => {
        const text = message.value?.toString() ?? '';
        let event: T;
        try {
          event = JSON.parse(text) as T;
        } catch {
          event = { raw: text } as T; // a malformed message is still something a test may await
        }
        this.headers.push(
          Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)])),
        );
        this.seen.push(event);
        this.waiters = this.waiters.filter((w) => (w.match(event) ? (w.resolve(event), false) : true));
      },
    });
    return this;
  }

  all(): T[] {
    return [...this.seen];
  }

  next(match: (e: T) => boolean, timeoutMs = 30000): Promise<T> {
    const found = this.seen.find(match);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`No matching event on ${this.topic} within ${timeoutMs} ms`)),
        timeoutMs,
      );
      this.waiters.push({ match, resolve: (e) => (clearTimeout(timer), resolve(e)) });
    });
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}
