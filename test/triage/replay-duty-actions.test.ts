import { DataSource } from 'typeorm';
import { bundledCriteriaRegistry } from '@app/criteria';
import { replayInArrivalOrder } from '@app/decisions';
import { contactBody, dateOfBirthAged, isolateTestFile, nhsNumberFor, waitFor } from '@app/testing';
import { RunningApp, startDeskWithConsumer, startInsights, startIntake, startTriage } from '../support/apps';
import { decisionsDifferingFromReplay, dutyActionsFromAudit } from '../support/arrival-order';
import { createTestPartner, recordAt, waitForDecision } from '../support/pipeline';
import { call, staffUser } from '../desk/desk-harness';

const DAY = 86_400_000;

describe('the replay oracle with duty workers: claims, releases and a confirmed match, from the audit trail', () => {
  let intake: RunningApp;
  let triage: RunningApp;
  let desk: RunningApp;
  let insights: RunningApp;
  let ds: DataSource;
  let partnerId: string;
  let worker: { username: string; token: string };
  const criteria = bundledCriteriaRegistry().current();

  beforeAll(async () => {
    isolateTestFile();
    intake = await startIntake();
    triage = await startTriage();
    desk = await startDeskWithConsumer();
    insights = await startInsights();
    ds = desk.app.get(DataSource);
    ({ partnerId } = await createTestPartner(intake, 'police'));
    worker = await staffUser(desk, 'duty_worker');
  });
  afterAll(async () => {
    await insights?.close();
    await desk?.close();
    await triage?.close();
    await intake?.close();
  });

  const record = async (child: object, indicator: string, at = new Date()) => {
    const id = await recordAt(
      intake,
      partnerId,
      contactBody({ child, concerns: { indicators: [indicator] } }),
      at,
    );
    await waitForDecision(ds, id);
    return id;
  };
  const ok = async (path: string) =>
    expect((await call(desk, worker.token, 'POST', path, {})).status).toBe(200);

  it('every stored current decision equals the replay, held items and merged children included', async () => {
    // A held item a re-triage would lower: a level-4 contact 35 days ago puts a later one at level 4; a new
    // contact moves the picture window past it (criteria section 8). The worker holds the later one.
    const now = Date.now();
    const held = { lastName: 'Heldreplay', nhsNumber: nhsNumberFor(4_242_001) };
    await record(held, 'neglect_severe', new Date(now - 35 * DAY));
    const w = await record(held, 'bereavement', new Date(now - 29 * DAY));
    await ok(`/v1/queue/${w}/claim`);
    const lowering = await record(held, 'financial_hardship');
    await waitForDecision(ds, lowering);
    const [kept] = await ds.query('SELECT need_level FROM decisions WHERE contact_id = $1 AND is_current', [
      w,
    ]);
    expect(kept.need_level).toBe(4);

    // A near miss kept apart by triage ('Jon' and 'John', no NHS number), then confirmed by the worker while
    // holding John's item: the children merged and their awaiting contacts decided again at the merge (the
    // last thing to happen to them: nothing decides them again after it).
    const jon = {
      firstName: 'Jon',
      lastName: 'Mergereplay',
      dateOfBirth: dateOfBirthAged(9, '03-04'),
      nhsNumber: undefined,
    };
    const a = await record(jon, 'physical_abuse_injury');
    const b = await record({ ...jon, firstName: 'John' }, 'bereavement');
    const [rowB] = await ds.query('SELECT child_id FROM contacts WHERE id = $1', [b]);
    await ok(`/v1/queue/${b}/claim`);
    await ok(`/v1/children/${rowB.child_id}/possible-matches/${a}/confirm`);
    await ok(`/v1/queue/${b}/release`);
    const children = await ds.query('SELECT DISTINCT child_id FROM contacts WHERE id = ANY($1)', [[a, b]]);
    expect(children).toHaveLength(1);

    const replay = await decisionsDifferingFromReplay(ds, criteria);
    expect(replay).toEqual({ compared: 5, differing: [] });

    // Without the audit trail's actions the replay lowers the held item and never merges: it would differ.
    const actions = await dutyActionsFromAudit(ds);
    expect(actions.map((x) => x.kind)).toEqual(['claim', 'claim', 'merge', 'release']);
    const merge = actions.find((x) => x.kind === 'merge')!;
    const [stored] = await ds.query('SELECT triaged_at FROM decisions WHERE contact_id = $1 AND is_current', [
      b,
    ]);
    expect(new Date(stored.triaged_at)).toEqual(merge.at);
    const blind = replayInArrivalOrder(
      criteria,
      await ds.query(
        `SELECT id, received_at, body, status, child_id, imported, locality, last_name_norm FROM contacts`,
      ),
    );
    expect(blind.get(w)!.decision.needLevel).toBe(2);
    expect(blind.get(b)!.triagedAt.getTime()).toBeLessThan(merge.at.getTime());
  });

  it("insights' counts, kept from the contact events, equal the database's contacts and current decisions", async () => {
    const countsOf = async (sql: string): Promise<Record<string, number>> =>
      Object.fromEntries((await ds.query(sql)).map((r: { series: string; n: number }) => [r.series, r.n]));
    const database = await countsOf(
      `SELECT 'total' AS series, count(*)::int AS n FROM contacts
       UNION ALL SELECT 'triaged', count(DISTINCT contact_id)::int FROM decisions
       UNION ALL SELECT 'level:' || need_level, count(*)::int FROM decisions WHERE is_current GROUP BY need_level
       UNION ALL SELECT 'route:' || route, count(*)::int FROM decisions WHERE is_current GROUP BY route`,
    );
    const counted = () =>
      countsOf(
        `SELECT series, sum(count)::int AS n FROM insight_daily
          WHERE series IN ('total', 'triaged') OR series LIKE 'level:%' OR series LIKE 'route:%'
          GROUP BY series HAVING sum(count) <> 0`,
      );
    await waitFor('insights to count every decision', async () => {
      const now = await counted();
      return Object.keys({ ...now, ...database }).every((k) => now[k] === database[k]);
    }).catch(() => undefined);
    expect(await counted()).toEqual(database);
    expect(database.total).toBe(5);
  });
});
