import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Kafka } from 'kafkajs';
import { ContactReceivedEvent, Topic } from '@app/contracts';
import { KAFKA, TopicNames } from '@app/messaging';
import { contactBody, isolateTestFile, nhsNumberFor, TopicWatcher, waitFor } from '@app/testing';
import { isolateDatabase, ownerDataSource, RunningApp, startIntake } from '../support/apps';
import { createTestPartner, postContact } from '../support/pipeline';
import { RecordContactUseCase } from '@app/intake';

/**
 * Contacts posted at once are written together (group commit), each answered only after its own row and
 * event committed; one row the database refuses fails only its own request.
 */
describe('intake: group commit of concurrent contacts', () => {
  let intake: RunningApp;
  let db: Awaited<ReturnType<typeof isolateDatabase>>;
  let ds: DataSource;
  let partner: { key: string; partnerId: string };
  let received: TopicWatcher<ContactReceivedEvent>;

  beforeAll(async () => {
    isolateTestFile();
    db = await isolateDatabase();
    intake = await startIntake();
    ds = intake.app.get(DataSource);
    partner = await createTestPartner(intake, 'school');
    received = await new TopicWatcher<ContactReceivedEvent>(
      intake.app.get<Kafka>(KAFKA),
      intake.app.get(TopicNames).topic(Topic.ContactReceived),
    ).start();
  });
  afterAll(async () => {
    await received?.stop();
    await intake?.close();
    await db?.drop();
  });

  const post = (n: number, key: string) =>
    postContact(intake, partner.key, contactBody({ child: { nhsNumber: nhsNumberFor(5000 + n) } }), key);

  it('60 contacts posted at once: all accepted, each stored once with its event published once', async () => {
    const run = randomUUID();
    const answers = await Promise.all(Array.from({ length: 60 }, (_, n) => post(n, `gc-${run}-${n}`)));
    expect(answers.map((a) => a.status)).toEqual(Array(60).fill(202));
    const ids = (await Promise.all(answers.map((a) => a.json()))).map((b: any) => b.id);
    expect(new Set(ids).size).toBe(60);

    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM contacts WHERE id = ANY($1)`, [ids]);
    expect(n).toBe(60);
    // Each contact's contact.received.v1 event, published exactly once.
    await waitFor('the 60 events published', async () => {
      const seen = received.all().filter((e) => ids.includes(e.payload.contactId));
      return seen.length >= 60 && seen;
    });
    const seen = received.all().map((e) => e.payload.contactId);
    for (const id of ids) expect(seen.filter((s) => s === id)).toHaveLength(1);
  });

  it('contacts recorded in the same turn of the event loop are written in one transaction', async () => {
    const run = randomUUID();
    const record = intake.app.get(RecordContactUseCase);
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, n) =>
        record.execute({
          partnerId: partner.partnerId,
          idempotencyKey: `gc-tick-${run}-${n}`,
          body: contactBody({ child: { nhsNumber: nhsNumberFor(7000 + n) } }),
        }),
      ),
    );
    expect(results.every((r) => r.created)).toBe(true);
    const rows: { tx: string }[] = await ds.query(
      `SELECT xmin::text AS tx FROM contacts WHERE id = ANY($1)`,
      [results.map((r) => r.id)],
    );
    expect(rows).toHaveLength(40);
    // One transaction per contact without group commit.
    expect(new Set(rows.map((r) => r.tx)).size).toBe(1);
  });

  it('a row the database refuses fails its own request alone; the rest of its batch is accepted', async () => {
    const run = randomUUID();
    const poison = `gc-poison-${run}`;
    // A test trigger is DDL: the owner's, since the app's login may not change the schema.
    const owner = await ownerDataSource();
    await owner.query(`
      CREATE FUNCTION refuse_poison() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.idempotency_key = '${poison}' THEN RAISE EXCEPTION 'refused by test trigger'; END IF; RETURN NEW; END $$;
      CREATE TRIGGER refuse_poison BEFORE INSERT ON contacts FOR EACH ROW EXECUTE FUNCTION refuse_poison();`);
    try {
      const keys = Array.from({ length: 30 }, (_, n) => (n === 7 ? poison : `gc-${run}-${n}`));
      const answers = await Promise.all(keys.map((k, n) => post(100 + n, k)));
      const statuses = answers.map((a) => a.status);
      expect(statuses[7]).toBe(500);
      expect(statuses.filter((s) => s === 202)).toHaveLength(29);
      const [{ n }] = await ds.query(
        `SELECT count(*)::int AS n FROM contacts WHERE partner_id = $1 AND idempotency_key LIKE $2`,
        [partner.partnerId, `gc-%${run}%`],
      );
      expect(n).toBe(29);
    } finally {
      await owner.query('DROP TRIGGER refuse_poison ON contacts; DROP FUNCTION refuse_poison();');
      await owner.destroy();
    }
  });
});
