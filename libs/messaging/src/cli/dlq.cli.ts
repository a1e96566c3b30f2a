import { parseArgs } from 'node:util';
import { loadConfig } from '@app/config';
import { Topic } from '@app/contracts';
import { createKafka, TopicNames } from '../kafka-settings';
import { deadLetterDepths, replayDeadLetters } from '../dead-letters';

const USAGE = `Usage:
  npm run dlq -- list                          dead-letter depth per topic
  npm run dlq -- replay --topic <topic>        replay <topic>.dlq onto <topic> (after the fix is deployed)
Topics: ${Object.values(Topic).join(', ')}`;

async function main(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2);
  const { values } = parseArgs({ args: rest, options: { topic: { type: 'string' } } });
  const config = loadConfig();
  const kafka = createKafka(config, 'dlq-cli');
  const names = TopicNames.from(config);
  if (command === 'list') {
    for (const d of await deadLetterDepths(kafka, names))
      console.log(`${d.topic}.dlq\twaiting ${d.waiting}\ttotal ${d.total}`);
  } else if (
    command === 'replay' &&
    values.topic &&
    (Object.values(Topic) as string[]).includes(values.topic)
  ) {
    const n = await replayDeadLetters(kafka, names, values.topic);
    console.log(`Replayed ${n} message(s) from ${values.topic}.dlq onto ${values.topic}.`);
  } else {
    console.error(USAGE);
    process.exitCode = 2;
  }
}

main().catch((e) => {
  console.error(`dlq: ${(e as Error).message}`);
  process.exit(1);
});
