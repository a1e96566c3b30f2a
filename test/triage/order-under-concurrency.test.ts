import { DataSource } from 'typeorm';
import { CanonicalContact } from '@app/contracts';
import { CriteriaRegistry } from '@app/criteria';
import { contactBody, isolateTestFile, nhsNumberFor, waitFor } from '@app/testing';
import { RunningApp, startIntake, startTriage } from '../support/apps';
import { createTestPartner, postContact } from '../support/pipeline';
import { ContactRow } from '@app/decisions';
import { expectDecidedAsInArrivalOrder } from '../support/arrival-order';

// No level-4 combinations: the open-case route depends on which level-4 contact came first, not on the picture.
const INDICATORS = [
  'bereavement',
  'financial_hardship',
  'emotional_wellbeing_concern',
  'self_harm',
  'domestic_abuse_standard_risk',
  'parental_substance_misuse',
  'young_carer',
];

describe('triage order under concurrency', () => {
  let intake: RunningApp;
  let triage: RunningApp;
  let ds: DataSource;
  let key: string;

  beforeAll(async () => {
    isolateTestFile();
    process.env.TRIAGE_CONCURRENCY = '4';
    intake = await startIntake();
    triage = await startTriage();
    ds = intake.app.get(DataSource);
    ({ key } = await createTestPartner(intake));
  });
  afterAll(async () => {
    delete process.env.TRIAGE_CONCURRENCY;
    await triage?.close();
    await intake?.close();
  });

  it("50 contacts about 10 children posted at once: each child's final decisions equal those computed in arrival order", async () => {
    const run = Date.now() % 1_000_000;
    const letters = (n: number) => [...String(n)].map((d) => 'abcdefghij'[Number(d)]).join('');
    // Each child's contacts carry different identifiers (NHS number, none, UPN-less name only), so they are
    // keyed to different partitions and only person matching joins them.
    const bodies = Array.from({ length: 50 }, (_, i) => {
      const c = i % 10;
      const withNhs = i % 3 === 0;
      return contactBody({
        child: {
          firstName: 'Sam',
          lastName: `Order${letters(run)}x${letters(c)}`,
          dateOfBirth: '2013-06-0' + ((c % 9) + 1),
          nhsNumber: withNhs ? nhsNumberFor(run * 10 + c) : undefined,
          address: { postcode: 'OX4 1AA' },
        },
        concerns: { indicators: [INDICATORS[i % INDICATORS.length]] },
      });
    });
    const answers = await Promise.all(bodies.map((b, i) => postContact(intake, key, b, `order-${run}-${i}`)));
    expect(answers.map((a) => a.status)).toEqual(Array(50).fill(202));
    const ids: string[] = await Promise.all(
      answers.map(async (a) => ((await a.json()) as { id: string }).id),
    );

    await waitFor(
      'all 50 contacts triaged',
      async () => {
        const [{ n }] = await ds.query(
          `SELECT count(*)::int AS n FROM contacts WHERE id = ANY($1) AND status = 'triaged'`,
          [ids],
        );
        return n === 50;
      },
      60000,
    );
    // Wait for the pipeline to settle: the outbox drained and no consumer lag left on contact.received.v1.
    await waitFor(
      'the outbox to drain',
      async () => (await ds.query('SELECT count(*)::int AS n FROM outbox'))[0].n === 0,
      30000,
    );

    const rows: {
      id: string;
      child_id: string;
      received_at: Date;
      body: CanonicalContact;
      status: string;
      imported: boolean;
      locality: string;
      last_name_norm: string;
    }[] = await ds.query(
      'SELECT id, child_id, received_at, body, status, imported, locality, last_name_norm FROM contacts WHERE id = ANY($1)',
      [ids],
    );
    const byName = new Map<string, typeof rows>();
    for (const r of rows) byName.set(r.last_name_norm, [...(byName.get(r.last_name_norm) ?? []), r]);
    expect(byName.size).toBe(10);

    const criteria = triage.app.get(CriteriaRegistry).current();
    for (const contacts of byName.values()) {
      expect(new Set(contacts.map((c) => c.child_id)).size).toBe(1);
      await expectDecidedAsInArrivalOrder(ds, criteria, contacts as ContactRow[]);
    }
  });
});
