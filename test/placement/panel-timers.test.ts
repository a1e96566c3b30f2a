import { DataSource } from 'typeorm';
import { loadConfig } from '@app/config';
import { panelTimerJobId, PanelTimerJob, Topic } from '@app/contracts';
import { createKafka, TopicNames } from '@app/messaging';
import { isolateTestFile, TopicWatcher, waitFor } from '@app/testing';
import { PanelTimers } from '../../apps/desk/src/placement-requests/panel-timers';
import { RunningApp, startDesk } from '../support/apps';
import { call, staffUser } from '../desk/desk-harness';
import { day, placementBody, seedChild } from './placement-support';

describe('placement panel timers: overdue actions and undecided reviews alert once each, across restarts', () => {
  let desk: RunningApp;
  let ds: DataSource;
  let sw: { username: string; token: string };
  let chair: { username: string; token: string };
  let alertsRaised: TopicWatcher;

  beforeAll(async () => {
    isolateTestFile();
    desk = await startDesk();
    ds = desk.app.get(DataSource);
    sw = await staffUser(desk, 'social_worker');
    chair = await staffUser(desk, 'manager');
    const config = loadConfig();
    const names = TopicNames.from(config);
    alertsRaised = await new TopicWatcher(
      createKafka(config, 'panel-timers-watcher'),
      names.topic(Topic.AlertRaised),
    ).start();
  });
  afterAll(async () => {
    await alertsRaised?.stop();
    await desk?.close();
  });

  async function request(over: Record<string, unknown> = {}) {
    const { childId } = await seedChild(ds);
    const res = await call(
      desk,
      sw.token,
      'POST',
      '/v1/placement-requests',
      placementBody(childId, { evidence: undefined, ...over }),
    );
    expect(res.status).toBe(201);
    return res.body;
  }

  async function deferWith(requestId: string, owner: string) {
    const res = await call(desk, chair.token, 'POST', `/v1/placement-requests/${requestId}/panel-decisions`, {
      decision: 'deferred',
      reason: 'Alternatives first.',
      actions: [{ action: 'convene_fgc', owner, dueBy: day(-1) }],
    });
    expect(res.status).toBe(201);
    return res.body.panelDecisions[0].actions[0];
  }

  /** Brings a timer's due time to `at` (in Postgres, and its job in Redis), as if the day had come. */
  async function dueAt(job: PanelTimerJob, at: Date) {
    if (job.kind === 'action')
      await ds.query('UPDATE placement_panel_actions SET overdue_at = $2 WHERE id = $1', [job.actionId, at]);
    else
      await ds.query('UPDATE placement_requests SET review_due_at = $2 WHERE id = $1', [job.requestId, at]);
    const timers = desk.app.get(PanelTimers);
    await (await timers.queue.getJob(panelTimerJobId(job)))?.remove();
    await timers.schedule([{ ...job, dueAt: at.toISOString() }]);
  }

  const alertsOf = (requestId: string, kind: string) =>
    ds.query(
      `SELECT id, kind, dedupe_key, recipient_roles, details FROM alerts
        WHERE subject_type = 'placement_request' AND subject_id = $1 AND kind = $2`,
      [requestId, kind],
    );

  it('the decision places a timer per action at the end of its due day, and the emergency a review timer', async () => {
    const r = await request();
    const action = await deferWith(r.id, sw.username);
    const job = await desk.app.get(PanelTimers).queue.getJob(`panel-action-${action.id}`);
    expect(await job!.getState()).toBe('delayed');
    expect(job!.data).toEqual({ kind: 'action', actionId: action.id, dueAt: action.overdueAt });
    // The end of the due day, UK time: midnight after it.
    expect(new Date(action.overdueAt).getTime()).toBeGreaterThan(Date.parse(`${day(-1)}T00:00:00Z`));
    const e = await request({ legalBasis: 'police_protection' });
    const review = await desk.app.get(PanelTimers).queue.getJob(`panel-review-${e.id}`);
    expect(review!.data).toEqual({ kind: 'review', requestId: e.id, dueAt: e.gatekeeping.reviewDueAt });
  });

  it('an action past its due time raises one PANEL_ACTION_OVERDUE to its owner’s managers, however often its timer fires; one done in time raises nothing', async () => {
    const r = await request();
    const action = await deferWith(r.id, sw.username);
    const job: PanelTimerJob = { kind: 'action', actionId: action.id, dueAt: action.overdueAt };
    await dueAt(job, new Date(Date.now() + 1000));
    const [alert] = await waitFor(
      'the overdue action alert',
      async () => {
        const rows = await alertsOf(r.id, 'PANEL_ACTION_OVERDUE');
        return rows.length ? rows : undefined;
      },
      20000,
    );
    expect(alert).toMatchObject({
      dedupe_key: `panel-action-overdue:${action.id}`,
      recipient_roles: ['manager'],
      details: expect.objectContaining({ actionId: action.id, owner: sw.username }),
    });
    // Announced on alert.raised.v1 (through the outbox), which the alerts app delivers on every channel.
    const raised = await alertsRaised.next((e) => e.payload.alertId === alert.id);
    expect(raised.payload.kind).toBe('PANEL_ACTION_OVERDUE');
    // The timer again (a rebuild, a retry): still one alert.
    await dueAt(job, new Date(Date.now() + 200));
    await new Promise((res) => setTimeout(res, 1500));
    expect(await alertsOf(r.id, 'PANEL_ACTION_OVERDUE')).toHaveLength(1);

    // Owner not a staff user: the panel's chairs are told. Done in time: nothing.
    const r2 = await request();
    const named = await deferWith(r2.id, 'Family group conference service');
    const r3 = await request();
    const done = await deferWith(r3.id, sw.username);
    await call(desk, sw.token, 'POST', `/v1/placement-requests/${r3.id}/panel-actions/${done.id}/done`, {});
    await dueAt({ kind: 'action', actionId: named.id, dueAt: '' }, new Date(Date.now() + 500));
    await dueAt({ kind: 'action', actionId: done.id, dueAt: '' }, new Date(Date.now() + 500));
    const [toChairs] = await waitFor(
      'the alert to the chairs',
      async () => {
        const rows = await alertsOf(r2.id, 'PANEL_ACTION_OVERDUE');
        return rows.length ? rows : undefined;
      },
      20000,
    );
    expect(toChairs.recipient_roles).toEqual(['manager', 'head_of_service']);
    await new Promise((res) => setTimeout(res, 1000));
    expect(await alertsOf(r3.id, 'PANEL_ACTION_OVERDUE')).toEqual([]);
  });

  it('a retrospective review not decided by its due time raises one RETROSPECTIVE_REVIEW_OVERDUE; a decided one nothing', async () => {
    const e = await request({ legalBasis: 'epo' });
    await dueAt({ kind: 'review', requestId: e.id, dueAt: '' }, new Date(Date.now() + 800));
    const [alert] = await waitFor(
      'the overdue review alert',
      async () => {
        const rows = await alertsOf(e.id, 'RETROSPECTIVE_REVIEW_OVERDUE');
        return rows.length ? rows : undefined;
      },
      20000,
    );
    expect(alert.dedupe_key).toBe(`review-overdue:${e.id}`);
    expect(alert.recipient_roles).toEqual(
      expect.arrayContaining(['duty_manager', 'head_of_service', 'manager']),
    );

    const decided = await request({ legalBasis: 'epo' });
    const d = await call(desk, chair.token, 'POST', `/v1/placement-requests/${decided.id}/panel-decisions`, {
      decision: 'approved',
      reason: 'The emergency placement was right; alternatives were not possible that night.',
    });
    expect(d.status).toBe(201);
    await dueAt({ kind: 'review', requestId: decided.id, dueAt: '' }, new Date(Date.now() + 300));
    await new Promise((res) => setTimeout(res, 1500));
    expect(await alertsOf(decided.id, 'RETROSPECTIVE_REVIEW_OVERDUE')).toEqual([]);
  });

  it('survives a restart with Redis emptied: timers are rebuilt from Postgres, one that fell due while the desk was down fires once, and a second restart raises nothing new', async () => {
    const r = await request();
    const soon = await deferWith(r.id, sw.username);
    const later = await deferWith((await request()).id, sw.username);
    const e = await request({ legalBasis: 'epo' });
    await ds.query('UPDATE placement_panel_actions SET overdue_at = $2 WHERE id = $1', [
      soon.id,
      new Date(Date.now() + 1500),
    ]);
    await ds.query('UPDATE placement_requests SET review_due_at = $2 WHERE id = $1', [
      e.id,
      new Date(Date.now() + 1500),
    ]);
    // Redis loses every timer, and the desk stops before any falls due.
    await desk.app.get(PanelTimers).queue.obliterate({ force: true });
    await desk.close();
    // Both fall due while the desk is down.
    await new Promise((res) => setTimeout(res, 2000));

    desk = await startDesk();
    ds = desk.app.get(DataSource);
    const queue = desk.app.get(PanelTimers).queue;
    const rebuilt = await queue.getJob(`panel-action-${later.id}`);
    expect(rebuilt?.data).toEqual({ kind: 'action', actionId: later.id, dueAt: later.overdueAt });
    expect(await rebuilt!.getState()).toBe('delayed');
    await waitFor(
      'both alerts after the restart',
      async () =>
        (await alertsOf(r.id, 'PANEL_ACTION_OVERDUE')).length &&
        (await alertsOf(e.id, 'RETROSPECTIVE_REVIEW_OVERDUE')).length
          ? true
          : undefined,
      20000,
    );

    await desk.close();
    desk = await startDesk();
    ds = desk.app.get(DataSource);
    await new Promise((res) => setTimeout(res, 1500));
    expect(await alertsOf(r.id, 'PANEL_ACTION_OVERDUE')).toHaveLength(1);
    expect(await alertsOf(e.id, 'RETROSPECTIVE_REVIEW_OVERDUE')).toHaveLength(1);
    // Timers that have raised their alert are not put back.
    expect(await desk.app.get(PanelTimers).queue.getJob(`panel-action-${soon.id}`)).toBeFalsy();
  });
});
