import { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { ContactReceivedEvent, slaJobId, Topic } from '@app/contracts';
import { CriteriaRegistry } from '@app/criteria';
import { ContactRow, SlaTimers } from '@app/decisions';
import { KAFKA, TopicNames } from '@app/messaging';
import { contactBody, isolateTestFile, nhsNumberFor, TopicWatcher, waitFor } from '@app/testing';
import { TriageContactUseCase } from '../../apps/triage/src/triage/triage-contact.usecase';
import { RunningApp, startIntake, startTriage } from '../support/apps';
import { expectDecidedAsInArrivalOrder } from '../support/arrival-order';
import { createTestPartner, recordAt } from '../support/pipeline';

const letters = (n: number) => [...String(n)].map((d) => 'abcdefghij'[Number(d)]).join('');

/**
 * A backlog waiting in Kafka while triage is stopped, then drained: triage takes each partition's backlog
 * a batch per transaction, decides the new children set-based and the rest one by one, and the result is
 * what triage in arrival order gives.
 */
describe('batched triage of a backlog', () => {
  let intake: RunningApp;
  let triage: RunningApp | null = null;
  let ds: DataSource;
  let partnerId: string;
  let received: TopicWatcher<ContactReceivedEvent>;
  const run = Date.now() % 1_000_000;
  const t0 = Date.now() - 2 * 3600_000;
  const at = (s: number) => new Date(t0 + s * 1000);
  const child = (n: number, extra: object = {}) => ({
    firstName: 'Sam',
    lastName: `Batch${letters(run)}x${letters(n)}`,
    dateOfBirth: '2014-02-20',
    nhsNumber: nhsNumberFor(run * 1000 + n),
    address: { postcode: 'OX4 1AA' },
    ...extra,
  });
  const body = (c: object, indicators: string[]) => contactBody({ child: c, concerns: { indicators } });

  beforeAll(async () => {
    isolateTestFile();
    intake = await startIntake();
    ds = intake.app.get(DataSource);
    ({ partnerId } = await createTestPartner(intake));
    const names = intake.app.get(TopicNames);
    received = await new TopicWatcher<ContactReceivedEvent>(
      intake.app.get<Kafka>(KAFKA),
      names.topic(Topic.ContactReceived),
    ).start();
  });
  afterAll(async () => {
    await received?.stop();
    await triage?.close();
    await intake?.close();
  });

  it('drains a 216-contact backlog in few transactions, each decided as in arrival order, with its desk item and timer', async () => {
    // Children known before the backlog: triaged, then triage stops. E, and two that a later contact joins.
    const earlier = await recordAt(intake, partnerId, body(child(900), ['bereavement']), at(0), `b-${run}-e`);
    const mergeA = await recordAt(intake, partnerId, body(child(910), ['bereavement']), at(1), `b-${run}-ma`);
    const mergeB = await recordAt(
      intake,
      partnerId,
      body(child(911, { nhsNumber: undefined }), ['young_carer']),
      at(2),
      `b-${run}-mb`,
    );
    triage = await startTriage();
    await waitFor('the earlier contacts triaged', async () => {
      const rows = await ds.query(`SELECT 1 FROM contacts WHERE id = ANY($1) AND status = 'triaged'`, [
        [earlier, mergeA, mergeB],
      ]);
      return rows.length === 3;
    });
    await triage.close();
    triage = null;

    // The backlog: 200 new children; 10 second contacts about ten of them (the same batch, or the next);
    // one about the earlier child; a near-miss pair (the same name, day and month of birth swapped).
    const ids: string[] = [];
    let s = 10;
    for (let n = 0; n < 200; n++) {
      ids.push(await recordAt(intake, partnerId, body(child(n), ['young_carer']), at(s++), `b-${run}-${n}`));
      if (n % 20 === 19) {
        const again = n - 10;
        ids.push(
          await recordAt(intake, partnerId, body(child(again), ['self_harm']), at(s++), `b-${run}-r${again}`),
        );
      }
    }
    const again = await recordAt(intake, partnerId, body(child(900), ['self_harm']), at(s++), `b-${run}-e2`);
    ids.push(again);
    // Two more about E that share no identity key (one by NHS number under a new surname, one by name and
    // birth date alone): one wave at most, as each must see the other.
    const [byNhs, byName] = [
      await recordAt(
        intake,
        partnerId,
        body(child(900, { lastName: `Other${letters(run)}` }), ['young_carer']),
        at(s++),
        `b-${run}-e3`,
      ),
      await recordAt(
        intake,
        partnerId,
        body(child(900, { nhsNumber: undefined }), ['bereavement']),
        at(s++),
        `b-${run}-e4`,
      ),
    ];
    ids.push(byNhs, byName);
    // One that joins the two known children 910 (by NHS number) and 911 (by name and birth date): a merge.
    const joining = await recordAt(
      intake,
      partnerId,
      body(child(911, { nhsNumber: nhsNumberFor(run * 1000 + 910) }), ['self_harm']),
      at(s++),
      `b-${run}-mj`,
    );
    ids.push(joining);
    const nearMiss = { lastName: `Near${letters(run)}`, nhsNumber: undefined };
    const [missA, missB] = [
      await recordAt(
        intake,
        partnerId,
        body(child(901, { ...nearMiss, dateOfBirth: '2014-03-05' }), ['bereavement']),
        at(s++),
        `b-${run}-m1`,
      ),
      await recordAt(
        intake,
        partnerId,
        body(child(902, { ...nearMiss, dateOfBirth: '2014-05-03' }), ['bereavement']),
        at(s++),
        `b-${run}-m2`,
      ),
    ];
    ids.push(missA, missB);
    expect(ids).toHaveLength(216);
    // Every event in Kafka before triage starts again.
    await waitFor('the backlog published', async () => received.all().length >= ids.length + 3, 30000);

    triage = await startTriage();
    await waitFor(
      'the backlog triaged',
      async () => {
        const [{ n }] = await ds.query(
          `SELECT count(*)::int AS n FROM contacts WHERE id = ANY($1) AND status = 'triaged'`,
          [ids],
        );
        return n === ids.length;
      },
      60000,
    );

    // Batched: far fewer transactions than contacts (one transaction per contact before batching).
    const [{ transactions }] = await ds.query(
      `SELECT count(DISTINCT xmin::text)::int AS transactions FROM decisions WHERE triggered_by = ANY($1)`,
      [ids],
    );
    expect(transactions).toBeLessThan(ids.length / 4);

    // Decided as in arrival order: each child's current decisions equal the engine's over all its contacts.
    const rows: ContactRow[] = await ds.query(
      `SELECT id, child_id, received_at, body, status, imported, locality, last_name_norm FROM contacts
        WHERE id = ANY($1)`,
      [[...ids, earlier, mergeA, mergeB]],
    );
    const byChild = new Map<string, ContactRow[]>();
    for (const r of rows) byChild.set(r.child_id!, [...(byChild.get(r.child_id!) ?? []), r]);
    const childOf = (id: string) => rows.find((r) => r.id === id)!.child_id;
    const members = (id: string) =>
      byChild
        .get(childOf(id)!)!
        .map((r) => r.id)
        .sort();
    // 200 new children (ten written about twice), E, the merged child and the near-miss pair.
    expect(byChild.size).toBe(200 + 1 + 1 + 2);
    expect(members(earlier)).toEqual([earlier, again, byNhs, byName].sort());
    expect(members(joining)).toEqual([mergeA, mergeB, joining].sort());
    const criteria = triage.app.get(CriteriaRegistry).current();
    for (const contacts of byChild.values()) await expectDecidedAsInArrivalOrder(ds, criteria, contacts);
    // Two children, not one: the near miss is offered to a person on whichever was triaged second (they
    // are keyed to different partitions; the swapped date's lock makes one wait for the other).
    const [a, b] = await Promise.all(
      [missA, missB].map(
        async (id) => (await ds.query('SELECT * FROM decisions WHERE contact_id = $1', [id]))[0],
      ),
    );
    expect(a.child_id).not.toBe(b.child_id);
    const offered = (d: { possible_matches: { contactId: string }[] }) =>
      d.possible_matches.map((p) => p.contactId);
    expect([...offered(a), ...offered(b)]).toEqual(offered(a).length ? [missB] : [missA]);
    expect(offered(a).length + offered(b).length).toBe(1);

    // One desk item and one SLA timer, at the decision's due time, for each contact.
    const items: { contact_id: string; due_at: Date }[] = await ds.query(
      `SELECT contact_id, due_at FROM desk_items WHERE contact_id = ANY($1)`,
      [ids],
    );
    expect(items).toHaveLength(ids.length);
    const timers = triage.app.get(SlaTimers);
    await waitFor('every SLA timer in place', async () => {
      const jobs = await Promise.all(items.map((i) => timers.queue.getJob(slaJobId(i.contact_id))));
      return jobs.every((j, n) => j?.data.dueAt === new Date(items[n].due_at).toISOString());
    });
  });

  it('a batch redelivered, with an event twice in it, changes nothing', async () => {
    const events = received.all().slice(-20);
    const cmds = events.map((e) => ({ eventId: e.eventId, contactId: e.payload.contactId }));
    const before = await ds.query(
      `SELECT (SELECT count(*)::int FROM decisions) AS decisions, (SELECT count(*)::int FROM outbox) AS outbox,
              (SELECT count(*)::int FROM children) AS children, (SELECT max(updated_at) FROM desk_items) AS desk`,
    );
    const outcome = await triage!.app.get(TriageContactUseCase).executeBatch([...cmds, cmds[0]]);
    expect(outcome.skipped).toBe(21);
    expect(outcome.newChildren).toBe(0);
    const after = await ds.query(
      `SELECT (SELECT count(*)::int FROM decisions) AS decisions, (SELECT count(*)::int FROM outbox) AS outbox,
              (SELECT count(*)::int FROM children) AS children, (SELECT max(updated_at) FROM desk_items) AS desk`,
    );
    expect(after).toEqual(before);
  });
});
