import { DataSource } from 'typeorm';
import { contactBody, isolateTestFile, nhsNumberFor } from '@app/testing';
import { RunningApp, startIntake, startTriage } from '../support/apps';
import { createTestPartner, recordAt, waitForDecision } from '../support/pipeline';

const DAY = 86_400_000;

describe('triage: the multi-agency picture, re-triage and held items', () => {
  let intake: RunningApp;
  let triage: RunningApp;
  let ds: DataSource;
  let partnerId: string;
  let seed = Date.now() % 100000000;

  beforeAll(async () => {
    isolateTestFile();
    intake = await startIntake();
    triage = await startTriage();
    ds = intake.app.get(DataSource);
    ({ partnerId } = await createTestPartner(intake));
  });
  afterAll(async () => {
    await triage?.close();
    await intake?.close();
  });

  const child = () => ({
    nhsNumber: nhsNumberFor(seed++ * 7919),
    firstName: 'Ava',
    lastName: `Test${seed}`,
    dateOfBirth: '2015-05-05',
  });

  it('a later contact about the same child re-triages the one still awaiting a decision, at the later time', async () => {
    const who = child();
    const now = Date.now();
    const first = await recordAt(
      intake,
      partnerId,
      contactBody({ child: who, concerns: { indicators: ['bereavement'] } }),
      new Date(now - 2 * DAY),
    );
    const d1 = await waitForDecision(ds, first);
    expect(d1.need_level).toBe(2);

    // Police: same child by NHS number, with a level-3 concern. The first contact's picture now holds it.
    const second = await recordAt(
      intake,
      partnerId,
      contactBody({
        source: { agency: 'police', organisation: 'Thames Valley Police' },
        child: { ...who, firstName: 'A' },
        concerns: { indicators: ['parental_substance_misuse'] },
      }),
      new Date(now - DAY),
    );
    const d2 = await waitForDecision(ds, second);
    const reFirst = await waitForDecision(ds, first, new Date(now - DAY));
    expect(d2.need_level).toBe(3);
    expect(reFirst.need_level).toBe(3);
    expect(reFirst.triggered_by).toBe(second);
    expect(reFirst.child_id).toBe(d2.child_id);
    expect(reFirst.linked_contact_ids).toEqual([second]);
    const history = await ds.query(
      'SELECT need_level FROM decisions WHERE contact_id = $1 ORDER BY triaged_at',
      [first],
    );
    expect(history.map((h: { need_level: number }) => h.need_level)).toEqual([2, 3]);
    const [item] = await ds.query('SELECT need_level, route FROM desk_items WHERE contact_id = $1', [first]);
    expect(item).toEqual({ need_level: 3, route: 'FAMILY_SUPPORT' });
  });

  it('never lowers a contact a duty worker holds, but lowers one nobody holds', async () => {
    // A level-4 contact 35 days ago puts both awaiting contacts at level 4; a new contact today moves the
    // picture window past it, which would lower them to level 2.
    const now = Date.now();
    for (const held of [true, false]) {
      const who = child();
      await recordAt(
        intake,
        partnerId,
        contactBody({ child: who, concerns: { indicators: ['neglect_severe'] } }),
        new Date(now - 35 * DAY),
      );
      const awaiting = await recordAt(
        intake,
        partnerId,
        contactBody({ child: who, concerns: { indicators: ['bereavement'] } }),
        new Date(now - 29 * DAY),
      );
      expect((await waitForDecision(ds, awaiting)).need_level).toBe(4);
      if (held)
        await ds.query(
          `UPDATE desk_items SET claimed_by = 'duty.worker', claimed_at = now() WHERE contact_id = $1`,
          [awaiting],
        );
      const later = await recordAt(
        intake,
        partnerId,
        contactBody({ child: who, concerns: { indicators: ['financial_hardship'] } }),
        new Date(now),
      );
      await waitForDecision(ds, later);
      if (held) {
        const [item] = await ds.query('SELECT need_level FROM desk_items WHERE contact_id = $1', [awaiting]);
        expect(item.need_level).toBe(4);
        const [current] = await ds.query(
          'SELECT need_level FROM decisions WHERE contact_id = $1 AND is_current',
          [awaiting],
        );
        expect(current.need_level).toBe(4);
      } else {
        const lowered = await waitForDecision(ds, awaiting, new Date(now));
        // Picture now: two household level-2 needs; history 1 (the old contact), so no cumulative rise.
        expect(lowered.need_level).toBe(2);
      }
    }
  });

  it('a near miss is not merged but shown as a possible match', async () => {
    const who = { firstName: 'Jon', lastName: `Near${seed++}`, dateOfBirth: '2014-02-03' };
    const a = await recordAt(
      intake,
      partnerId,
      contactBody({ child: { ...who, nhsNumber: undefined } }),
      new Date(Date.now() - 3 * DAY),
    );
    await waitForDecision(ds, a);
    const b = await recordAt(
      intake,
      partnerId,
      contactBody({ child: { ...who, firstName: 'John', nhsNumber: undefined } }),
      new Date(Date.now() - DAY),
    );
    const db = await waitForDecision(ds, b);
    const [ca, cb] = await Promise.all(
      [a, b].map(
        async (id) => (await ds.query('SELECT child_id FROM contacts WHERE id = $1', [id]))[0].child_id,
      ),
    );
    expect(ca).not.toBe(cb);
    expect(db.possible_matches).toEqual([
      expect.objectContaining({ contactId: a, childId: ca, reason: 'first_name_one_edit' }),
    ]);
  });
});
