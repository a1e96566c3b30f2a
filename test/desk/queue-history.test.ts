import { DataSource } from 'typeorm';
import { isolateTestFile } from '@app/testing';
import { QUEUE_TOTAL_CAP } from '../../apps/desk/src/queue/list-queue.usecase';
import { RunningApp, startDesk } from '../support/apps';
import { call, minutesFromNow, seedItem, staffUser } from './desk-harness';

/**
 * The duty queue over years of closed items (issue 21): the open states' pages and totals are exact and do
 * not count closed items; a filter taking in closed items counts up to QUEUE_TOTAL_CAP and says so.
 */
describe('the duty queue over years of closed items', () => {
  let desk: RunningApp;
  let ds: DataSource;
  let manager: { token: string };

  beforeAll(async () => {
    isolateTestFile();
    desk = await startDesk();
    ds = desk.app.get(DataSource);
    manager = await staffUser(desk, 'duty_manager');
  });
  afterAll(async () => {
    await desk?.close();
  });

  it('counts open items exactly and closed ones only up to the cap, saying when the total is a lower bound', async () => {
    const open = [];
    for (let i = 0; i < 3; i++)
      open.push(await seedItem(ds, { dueAt: minutesFromNow(60 + i), needLevel: 3 }));
    // Years of closed items like the first (a bulk copy: the history, not the subject, of this test).
    const [{ id: partner }] = await ds.query('SELECT partner_id AS id FROM contacts WHERE id = $1', [
      open[0].contactId,
    ]);
    await ds.query(
      `INSERT INTO contacts (id, partner_id, idempotency_key, request_hash, received_at, agency, cin_code, source_group,
                             locality, body, last_name_norm, birth_date, child_id, status)
       SELECT gen_random_uuid(), $1, 'closed-' || g, 'h', c.received_at - g * interval '1 hour', c.agency, c.cin_code,
              c.source_group, c.locality, c.body, c.last_name_norm, c.birth_date, c.child_id, 'closed'
         FROM contacts c, generate_series(1, $3::int) g WHERE c.id = $2`,
      [partner, open[0].contactId, QUEUE_TOTAL_CAP + 5],
    );
    await ds.query(
      `INSERT INTO desk_items (contact_id, child_id, need_level, route, team, locality, priority, priority_rank, due_at, state)
       SELECT id, child_id, 3, 'STATUTORY_ASSESSMENT', 'ASSESSMENT', 'NORTH', 'THREE_WORKING_DAYS', 3,
              received_at + interval '1 day', 'closed'
         FROM contacts WHERE idempotency_key LIKE 'closed-%'`,
    );
    const page = async (q: string) => {
      const res = await call(desk, manager.token, 'GET', `/v1/queue?${q}`);
      expect(res.status).toBe(200);
      return res.body;
    };

    const awaiting = await page('locality=NORTH&level=3');
    expect(awaiting).toMatchObject({ total: 3, totalCapped: false, nextCursor: null });
    expect(awaiting.items.map((i: { contactId: string }) => i.contactId)).toEqual(
      open.map((o) => o.contactId),
    );
    expect(await page('status=decided&locality=NORTH')).toMatchObject({ total: 0, totalCapped: false });

    const all = await page('status=all&locality=NORTH&level=3&limit=2');
    expect(all).toMatchObject({ total: QUEUE_TOTAL_CAP, totalCapped: true });
    expect(all.items).toHaveLength(2);
    expect(all.items.every((i: { state: string }) => i.state === 'closed')).toBe(true); // the oldest due first
    expect((await page('status=closed&locality=NORTH')).totalCapped).toBe(true);
    // A filter matching fewer than the cap is counted exactly, closed items and all.
    expect(await page(`status=all&locality=NORTH&level=3&claimedBy=nobody`)).toMatchObject({
      total: 0,
      totalCapped: false,
    });
  });
});
