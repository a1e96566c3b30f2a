import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { loadConfig } from '@app/config';
import { ContactTriagedPayload, Topic } from '@app/contracts';
import { bundledCriteriaRegistry } from '@app/criteria';
import { CONTACT_COLUMNS, ContactRow, planNewChild, storeDecisions, triagedEventId } from '@app/decisions';
import { createKafka, TopicNames } from '@app/messaging';
import { contactBody, isolateTestFile, nhsNumberFor, TopicWatcher, waitFor } from '@app/testing';
import { RecordCountsUseCase } from '../../apps/insights/src/counts/record-counts.usecase';
import { TriageContactUseCase } from '../../apps/triage/src/triage/triage-contact.usecase';
import { RunningApp, startIntake } from '../support/apps';
import { createTestPartner, recordAt } from '../support/pipeline';

/**
 * What the inbox and the derived event ids are for, each shown where nothing else would catch a repeat:
 * these tests fail with the inbox removed (or claiming every event as new) and with random event ids.
 */
describe('inbox and derived event ids: a repeated event changes nothing', () => {
  let intake: RunningApp;
  let ds: DataSource;
  let partnerId: string;
  let seq = (Date.now() % 1_000_000) * 10;
  const criteria = bundledCriteriaRegistry();

  beforeAll(async () => {
    isolateTestFile();
    intake = await startIntake();
    ds = intake.app.get(DataSource);
    ({ partnerId } = await createTestPartner(intake));
  });
  afterAll(async () => {
    await intake?.close();
  });

  const newContact = () =>
    recordAt(
      intake,
      partnerId,
      contactBody({ child: { nhsNumber: nhsNumberFor(seq++), lastName: `Inbox${seq % 1000}` } }),
      new Date(),
    );

  it('triage: a redelivered event is skipped by its id, and gives back the timers a crash may have lost', async () => {
    const contactId = await newContact();
    const triage = new TriageContactUseCase(ds, criteria);
    const eventId = randomUUID();
    const first = await triage.executeBatch([{ eventId, contactId }]);
    expect(first.timers.map((t) => t.contactId)).toEqual([contactId]);
    // The process died after the commit, before the timers and the offset: the event comes again.
    const again = await triage.executeBatch([{ eventId, contactId }]);
    expect(again.skipped).toBe(1);
    expect(again.timers.map((t) => t.contactId)).toEqual([contactId]);
    const [{ n }] = await ds.query('SELECT count(*)::int AS n FROM decisions WHERE contact_id = $1', [
      contactId,
    ]);
    expect(n).toBe(1);
  });

  it('insights: an older announcement of the same decision time, redelivered after a newer one, does not move the counts back', async () => {
    const contactId = await newContact();
    const counts = new RecordCountsUseCase(ds);
    const triagedAt = new Date().toISOString();
    const base = {
      contactId,
      childId: randomUUID(),
      decisionId: randomUUID(),
      triggeredBy: contactId,
      triagedAt,
      criteriaVersion: criteria.current().version,
      team: 'MASH',
      priority: 'THREE_WORKING_DAYS',
      dueAt: triagedAt,
    } as ContactTriagedPayload;
    // The decision at one triage time was re-made (updated in place) with another outcome: two events.
    const first = { ...base, needLevel: 2, route: 'EARLY_HELP' } as ContactTriagedPayload;
    const second = { ...base, needLevel: 3, route: 'MASH' } as ContactTriagedPayload;
    expect(triagedEventId(first)).not.toBe(triagedEventId(second));
    const deliver = (p: ContactTriagedPayload) =>
      counts.execute({ eventId: triagedEventId(p), kind: 'triaged', payload: p });
    expect(await deliver(first)).toEqual({ counted: true });
    expect(await deliver(second)).toEqual({ counted: true });
    // The first is delivered again (a consumer crash before its offset commit).
    expect(await deliver(first)).toEqual({ counted: false });
    const [row] = await ds.query('SELECT need_level, route FROM insight_contacts WHERE contact_id = $1', [
      contactId,
    ]);
    expect(row).toEqual({ need_level: 3, route: 'MASH' });
    const series: { series: string; count: number }[] = await ds.query(
      `SELECT series, sum(count)::int AS count FROM insight_daily WHERE series IN ('level:2', 'level:3', 'triaged')
        GROUP BY series ORDER BY series`,
    );
    expect(series).toEqual([
      { series: 'level:2', count: 0 },
      { series: 'level:3', count: 1 },
      { series: 'triaged', count: 1 },
    ]);
  });

  it('a decision stored twice (a re-run of its triage) is announced twice with one event id, derived from what it records', async () => {
    const config = loadConfig();
    const watcher = await new TopicWatcher(
      createKafka(config, 'inbox-watch'),
      TopicNames.from(config).topic(Topic.ContactTriaged),
    ).start();
    try {
      const contactId = await newContact();
      const [contact]: ContactRow[] = await ds.query(
        `SELECT ${CONTACT_COLUMNS} FROM contacts WHERE id = $1`,
        [contactId],
      );
      const [item] = planNewChild(criteria.current(), contact);
      await ds.transaction((m) => storeDecisions(m, [item]));
      const rerun = { ...item, newChild: false, contact: { ...contact, status: 'triaged' } };
      await ds.transaction((m) => storeDecisions(m, [rerun]));
      await waitFor(
        'both announcements',
        async () => watcher.all().filter((e) => e.payload.contactId === contactId).length === 2,
        30_000,
      );
      const events = watcher.all().filter((e) => e.payload.contactId === contactId);
      expect(events[0].eventId).toBe(events[1].eventId);
      expect(events[0].eventId).toBe(triagedEventId(events[0].payload));
    } finally {
      await watcher.stop();
    }
  });
});
