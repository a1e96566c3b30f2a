import { Kafka } from 'kafkajs';
import { deadLetterTopic, Topic } from '@app/contracts';
import { TopicNames } from './kafka-settings';

export interface DeadLetterDepth {
  topic: string;
  /** Messages in the dead-letter topic not yet replayed. */
  waiting: number;
  total: number;
}

export const REPLAY_GROUP = 'front-door.dlq-replay';

/** Dead-letter depth per topic: messages in `<topic>.dlq` beyond what the replay group has taken. */
export async function deadLetterDepths(kafka: Kafka, names: TopicNames): Promise<DeadLetterDepth[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const out: DeadLetterDepth[] = [];
    for (const logical of Object.values(Topic)) {
      const dlq = names.topic(deadLetterTopic(logical));
      if (!existing.has(dlq)) continue;
      const offsets = await admin.fetchTopicOffsets(dlq);
      const committed = await admin.fetchOffsets({ groupId: names.group(REPLAY_GROUP), topics: [dlq] });
      const committedBy = new Map(committed[0]?.partitions.map((p) => [p.partition, Number(p.offset)]) ?? []);
      let waiting = 0;
      let total = 0;
      for (const p of offsets) {
        total += Number(p.high) - Number(p.low);
        const from = Math.max(Number(p.low), committedBy.get(p.partition) ?? -1);
        waiting += Number(p.high) - from;
      }
      out.push({ topic: logical, waiting, total });
    }
    return out;
  } finally {
    await admin.disconnect();
  }
}

/**
 * Replays what waits in a topic's dead-letter topic back onto the original topic (after a fix), keeping
 * keys, values and the original headers; the replay group's committed offsets make each message replayed
 * once. Only what was there when the replay began is replayed: a message that fails again lands back in
 * the dead-letter topic for the next replay, rather than looping. Returns how many were replayed.
 */
export async function replayDeadLetters(
  kafka: Kafka,
  names: TopicNames,
  topic: string,
  timeoutMs = 60000,
): Promise<number> {
  const dlq = names.topic(deadLetterTopic(topic));
  const admin = kafka.admin();
  await admin.connect();
  const ends = new Map<number, bigint>();
  try {
    const committed = await admin.fetchOffsets({ groupId: names.group(REPLAY_GROUP), topics: [dlq] });
    const committedBy = new Map(committed[0]?.partitions.map((p) => [p.partition, BigInt(p.offset)]) ?? []);
    for (const p of await admin.fetchTopicOffsets(dlq)) {
      const from = committedBy.get(p.partition) ?? -1n;
      const start = from >= BigInt(p.low) ? from : BigInt(p.low);
      if (BigInt(p.high) > start) ends.set(p.partition, BigInt(p.high));
    }
  } finally {
    await admin.disconnect();
  }
  if (!ends.size) return 0;

  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  const consumer = kafka.consumer({ groupId: names.group(REPLAY_GROUP), maxWaitTimeInMs: 100 });
  await producer.connect();
  await consumer.connect();
  let replayed = 0;
  const pending = new Set(ends.keys());
  try {
    await consumer.subscribe({ topic: dlq, fromBeginning: true });
    const done = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`replay of ${dlq} did not finish in ${timeoutMs} ms`)),
        timeoutMs,
      );
      void consumer.run({
        autoCommit: false,
        eachMessage: async ({ message, partition }) => {
          const end = ends.get(partition);
          if (end === undefined || BigInt(message.offset) >= end) return;
          const headers = Object.fromEntries(
            Object.entries(message.headers ?? {}).filter(([k]) => !k.startsWith('dlq-')),
          );
          await producer.send({
            topic: names.topic(topic),
            acks: -1,
            messages: [
              {
                key: message.key,
                value: message.value,
                headers: { ...headers, 'dlq-replayed-from': `${dlq}/${partition}/${message.offset}` },
              },
            ],
          });
          await consumer.commitOffsets([
            { topic: dlq, partition, offset: (BigInt(message.offset) + 1n).toString() },
          ]);
          replayed++;
          if (BigInt(message.offset) + 1n >= end) pending.delete(partition);
          if (!pending.size) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
    await done;
  } finally {
    await consumer.disconnect();
    await producer.disconnect();
  }
  return replayed;
}
