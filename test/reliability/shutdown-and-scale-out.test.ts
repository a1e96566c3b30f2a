import { DataSource } from 'typeorm';
import { loadConfig } from '@app/config';
import { ConsumerGroup } from '@app/contracts';
import { createKafka, TopicNames } from '@app/messaging';
import { contactBody, isolateTestFile, nhsNumberFor, waitFor } from '@app/testing';
import { RunningApp, startIntake } from '../support/apps';
import { createTestPartner, recordAt } from '../support/pipeline';
import { AppProcess, spawnApp } from '../support/processes';

/** The checks that nothing was done twice: one decision, one desk item per contact (each is its own child). */
async function assertNothingTwice(ds: DataSource, ids: string[]) {
  const [dup] = await ds.query(
    `SELECT
       (SELECT count(*)::int FROM decisions WHERE contact_id = ANY($1)) AS decisions,
       (SELECT count(*)::int FROM desk_items WHERE contact_id = ANY($1)) AS desk_items,
       (SELECT count(DISTINCT contact_id)::int FROM decisions WHERE contact_id = ANY($1)) AS decided`,
    [ids],
  );
  expect(dup).toEqual({ decisions: ids.length, desk_items: ids.length, decided: ids.length });
}

describe('triage processes: graceful shutdown and scale-out', () => {
  let intake: RunningApp;
  let ds: DataSource;
  let partnerId: string;
  let seed = (Date.now() % 1_000_000) * 1000;
  const running: AppProcess[] = [];

  beforeAll(async () => {
    isolateTestFile();
    intake = await startIntake();
    ds = intake.app.get(DataSource);
    ({ partnerId } = await createTestPartner(intake));
  });
  afterAll(async () => {
    for (const p of running) p.child.kill('SIGKILL');
    await intake?.close();
  });

  /** Members of the triage consumer group that hold at least one partition. */
  const groupMembers = async () => {
    const config = loadConfig();
    const admin = createKafka(config, 'group-inspector').admin();
    await admin.connect();
    try {
      const { groups } = await admin.describeGroups([TopicNames.from(config).group(ConsumerGroup.Triage)]);
      return groups[0].members.filter((m) => m.memberAssignment.length > 8);
    } finally {
      await admin.disconnect();
    }
  };

  const triagedCount = async (ids: string[]) =>
    (
      await ds.query(`SELECT count(*)::int AS n FROM contacts WHERE id = ANY($1) AND status = 'triaged'`, [
        ids,
      ])
    )[0].n as number;

  /** Records `n` contacts about distinct children, one after another (a steady stream). */
  const stream = async (n: number, ids: string[]) => {
    for (let i = 0; i < n; i++) {
      ids.push(
        await recordAt(
          intake,
          partnerId,
          contactBody({ child: { nhsNumber: nhsNumberFor(seed++), lastName: 'Stream' } }),
          new Date(),
        ),
      );
    }
  };

  it('SIGTERM mid-load exits within 10 s, and a deploy-style restart duplicates nothing', async () => {
    const first = await spawnApp('triage');
    running.push(first);
    const ids: string[] = [];
    const load = stream(300, ids);
    await waitFor('some contacts triaged', async () => (await triagedCount(ids)) >= 60, 60000);
    const sentAt = Date.now();
    first.child.kill('SIGTERM');
    const exit = await first.exited;
    expect(exit.at - sentAt).toBeLessThan(10000);
    // Nest closes the app (consumer, relay, pools) and then re-raises the signal, so the exit is by SIGTERM.
    expect(exit.code === 0 || exit.signal === 'SIGTERM').toBe(true);
    expect(first.output()).not.toMatch(/ERROR|Unhandled/);

    const second = await spawnApp('triage');
    running.push(second);
    await load;
    await waitFor('all 300 triaged after the restart', async () => (await triagedCount(ids)) === 300, 90000);
    await assertNothingTwice(ds, ids);
    second.child.kill('SIGTERM');
    await second.exited;
  });

  it('two instances share the partitions; killing one mid-load moves its work to the other, nothing lost', async () => {
    const a = await spawnApp('triage');
    const b = await spawnApp('triage');
    running.push(a, b);
    const ids: string[] = [];
    const load = stream(300, ids);
    await waitFor('some contacts triaged', async () => (await triagedCount(ids)) >= 60, 60000);
    const members = await groupMembers();
    expect(members.length).toBe(2);
    a.child.kill('SIGKILL');
    await load;
    await waitFor('all 300 triaged by the survivor', async () => (await triagedCount(ids)) === 300, 120000);
    await assertNothingTwice(ds, ids);
    b.child.kill('SIGTERM');
    await b.exited;
  });
});
