import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { loadConfig } from '@app/config';
import { deadLetterTopic, Topic } from '@app/contracts';
import { createKafka, TopicNames } from '@app/messaging';
import { contactBody, isolateTestFile, nhsNumberFor, TopicWatcher, waitFor } from '@app/testing';
import { RunningApp, startIntake, startTriage } from '../support/apps';
import { createTestPartner, recordAt } from '../support/pipeline';

describe('poison messages in the contact stream', () => {
  let intake: RunningApp;
  let triage: RunningApp;
  let ds: DataSource;

  beforeAll(async () => {
    isolateTestFile();
    intake = await startIntake();
    triage = await startTriage();
    ds = intake.app.get(DataSource);
  });
  afterAll(async () => {
    await triage?.close();
    await intake?.close();
  });

  it('1% malformed events go to contact.received.v1.dlq with their origin; every real contact is still triaged', async () => {
    const config = loadConfig();
    const kafka = createKafka(config, 'poison-test');
    const names = TopicNames.from(config);
    const dlq = await new TopicWatcher(kafka, names.topic(deadLetterTopic(Topic.ContactReceived))).start();
    const producer = kafka.producer();
    await producer.connect();
    const { partnerId } = await createTestPartner(intake);
    const seed = Date.now() % 10_000_000;

    const ids: string[] = [];
    const missingContact = randomUUID();
    const poisonAt = [50, 150];
    for (let i = 0; i < 198; i++) {
      if (i === poisonAt[0]) {
        await producer.send({
          topic: names.topic(Topic.ContactReceived),
          messages: [{ key: 'poison', value: 'garbage \u0000 bytes' }],
        });
      }
      if (i === poisonAt[1]) {
        // Well-formed, but about a contact that does not exist: invalid, not transient.
        const event = {
          eventId: randomUUID(),
          type: Topic.ContactReceived,
          occurredAt: new Date().toISOString(),
          payload: { contactId: missingContact, receivedAt: new Date().toISOString() },
        };
        await producer.send({
          topic: names.topic(Topic.ContactReceived),
          messages: [{ key: 'poison', value: JSON.stringify(event) }],
        });
      }
      ids.push(
        await recordAt(
          intake,
          partnerId,
          contactBody({ child: { nhsNumber: nhsNumberFor(seed + i), lastName: `Poison` } }),
          new Date(),
        ),
      );
    }

    await waitFor(
      'all 198 contacts triaged',
      async () =>
        (
          await ds.query(
            `SELECT count(*)::int AS n FROM contacts WHERE id = ANY($1) AND status = 'triaged'`,
            [ids],
          )
        )[0].n === 198,
      60000,
    );
    await dlq.next((e: { raw?: string }) => e.raw === 'garbage \u0000 bytes');
    await dlq.next((e: { payload?: { contactId?: string } }) => e.payload?.contactId === missingContact);
    expect(dlq.all()).toHaveLength(2);
    for (const headers of dlq.headers) {
      expect(headers).toMatchObject({
        'dlq-original-topic': names.topic(Topic.ContactReceived),
        'dlq-original-partition': expect.stringMatching(/^\d+$/),
        'dlq-original-offset': expect.stringMatching(/^\d+$/),
        'dlq-error-kind': 'invalid',
        'dlq-attempts': '1',
      });
    }
    expect(dlq.headers.map((h) => h['dlq-error']).sort()).toEqual([
      `contact ${missingContact} does not exist`,
      'message is not JSON',
    ]);
    await producer.disconnect();
    await dlq.stop();
  });
});
