import { DataSource } from 'typeorm';
import { slaJobId } from '@app/contracts';
import { SlaTimers } from '@app/decisions';
import { isolateTestFile, waitFor } from '@app/testing';
import { RunningApp, startDesk } from '../support/apps';
import { call, minutesFromNow, seedItem, staffUser } from './desk-harness';

describe('desk: SLA timers', () => {
  let desk: RunningApp;
  let ds: DataSource;

  beforeAll(async () => {
    isolateTestFile();
    desk = await startDesk();
    ds = desk.app.get(DataSource);
  });
  afterAll(async () => {
    await desk?.close();
  });

  it('at the due time an undecided contact is marked overdue and one alert goes to duty managers', async () => {
    const dueAt = new Date(Date.now() + 1500);
    const { contactId, childId } = await seedItem(ds, { dueAt });
    await desk.app.get(SlaTimers).schedule([{ contactId, dueAt: dueAt.toISOString() }]);
    const alert = await waitFor(
      'the overdue alert',
      async () => (await ds.query('SELECT * FROM alerts WHERE subject_id = $1', [contactId]))[0],
      20000,
    );
    expect(alert).toMatchObject({
      kind: 'DUTY_DECISION_OVERDUE',
      dedupe_key: `overdue:${contactId}:${dueAt.toISOString()}`,
      recipient_roles: ['duty_manager'],
      subject_type: 'contact',
      child_id: childId,
    });
    expect(new Date(alert.raised_at).getTime()).toBeGreaterThanOrEqual(dueAt.getTime());
    const [item] = await ds.query('SELECT overdue FROM desk_items WHERE contact_id = $1', [contactId]);
    expect(item.overdue).toBe(true);
    const [event] = await ds.query(
      `SELECT payload FROM outbox WHERE topic LIKE '%alert.raised.v1' AND payload->>'alertId' = $1`,
      [alert.id],
    );
    expect(event?.payload ?? null).not.toBeUndefined();
    // The overdue list shows it.
    const worker = await staffUser(desk, 'duty_worker');
    const list = await call(desk, worker.token, 'GET', '/v1/queue?overdue=true&limit=500');
    expect(list.body.items.map((i: any) => i.contactId)).toContain(contactId);
  });

  it('a contact decided before its due time raises nothing', async () => {
    // Due far enough ahead that claim and confirm land before it on a loaded machine, then wait past it.
    const worker = await staffUser(desk, 'duty_worker');
    const dueAt = new Date(Date.now() + 8000);
    const { contactId } = await seedItem(ds, { dueAt });
    await desk.app.get(SlaTimers).schedule([{ contactId, dueAt: dueAt.toISOString() }]);
    expect((await call(desk, worker.token, 'POST', `/v1/queue/${contactId}/claim`)).status).toBe(200);
    expect((await call(desk, worker.token, 'POST', `/v1/queue/${contactId}/confirm`, {})).status).toBe(200);
    await new Promise((r) => setTimeout(r, Math.max(0, dueAt.getTime() - Date.now()) + 2500));
    expect(await ds.query('SELECT 1 FROM alerts WHERE subject_id = $1', [contactId])).toEqual([]);
    const [item] = await ds.query('SELECT overdue FROM desk_items WHERE contact_id = $1', [contactId]);
    expect(item.overdue).toBe(false);
  });

  it('a timer that fires before a due time moved later goes back to sleep until the new due time', async () => {
    const firstDue = new Date(Date.now() + 1000);
    const { contactId } = await seedItem(ds, { dueAt: firstDue });
    const later = new Date(Date.now() + 3000);
    await ds.query('UPDATE desk_items SET due_at = $2 WHERE contact_id = $1', [contactId, later]);
    await desk.app.get(SlaTimers).schedule([{ contactId, dueAt: firstDue.toISOString() }]);
    await new Promise((r) => setTimeout(r, 1800));
    expect(await ds.query('SELECT 1 FROM alerts WHERE subject_id = $1', [contactId])).toEqual([]);
    const alert = await waitFor(
      'the alert at the new due time',
      async () => (await ds.query('SELECT dedupe_key FROM alerts WHERE subject_id = $1', [contactId]))[0],
      20000,
    );
    expect(alert.dedupe_key).toBe(`overdue:${contactId}:${later.toISOString()}`);
  });

  it('timers lost from Redis are rebuilt from Postgres at start-up', async () => {
    const due = minutesFromNow(90);
    const { contactId } = await seedItem(ds, { dueAt: due });
    const timers = desk.app.get(SlaTimers);
    await timers.schedule([{ contactId, dueAt: due.toISOString() }]);
    expect(await timers.queue.getJob(slaJobId(contactId))).toBeTruthy();
    await timers.queue.obliterate({ force: true });
    expect(await timers.queue.getJob(slaJobId(contactId))).toBeFalsy();

    await desk.close();
    desk = await startDesk();
    ds = desk.app.get(DataSource);
    const job = await desk.app.get(SlaTimers).queue.getJob(slaJobId(contactId));
    expect(job?.data).toEqual({ contactId, dueAt: due.toISOString() });
    expect(await job!.getState()).toBe('delayed');
    expect(job!.timestamp + job!.opts.delay!).toBeGreaterThan(due.getTime() - 5000);
  });
});
