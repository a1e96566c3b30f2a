import { DataSource } from 'typeorm';
import { isolateTestFile } from '@app/testing';
import { ClaimSweeper } from '../../apps/desk/src/queue/claim-sweeper';
import { RunningApp, startDesk } from '../support/apps';
import { call, minutesFromNow, seedItem, staffUser } from './desk-harness';

describe('desk: the queue, claims and decisions', () => {
  let desk: RunningApp;
  let ds: DataSource;
  let worker: { username: string; token: string };
  let other: { username: string; token: string };
  let manager: { username: string; token: string };
  const team = `TEAM_${Date.now().toString(36).toUpperCase()}`;

  beforeAll(async () => {
    isolateTestFile();
    desk = await startDesk();
    ds = desk.app.get(DataSource);
    worker = await staffUser(desk, 'duty_worker');
    other = await staffUser(desk, 'duty_worker');
    manager = await staffUser(desk, 'duty_manager');
  });
  afterAll(async () => {
    await desk?.close();
  });

  it('lists awaiting items by due time, then priority, with filters by team, level, route, locality, status and overdue', async () => {
    const sameDue = minutesFromNow(60);
    const a = await seedItem(ds, { team, dueAt: sameDue, priority: 'THREE_WORKING_DAYS' });
    const b = await seedItem(ds, {
      team,
      dueAt: sameDue,
      priority: 'SAME_DAY',
      needLevel: 3,
      route: 'FAMILY_SUPPORT',
    });
    const c = await seedItem(ds, {
      team,
      dueAt: minutesFromNow(-5),
      priority: 'ONE_WORKING_DAY',
      locality: 'CITY',
    });
    const d = await seedItem(ds, {
      team,
      dueAt: minutesFromNow(10),
      priority: 'IMMEDIATE',
      needLevel: 4,
      route: 'STATUTORY_ASSESSMENT',
    });

    const all = await call(desk, worker.token, 'GET', `/v1/queue?team=${team}`);
    expect(all.status).toBe(200);
    expect(all.body.items.map((i: any) => i.contactId)).toEqual([
      c.contactId,
      d.contactId,
      b.contactId,
      a.contactId,
    ]);
    expect(all.body.total).toBe(4);
    expect(all.body.items[0]).toMatchObject({ overdue: true, state: 'awaiting', team, locality: 'CITY' });

    const ids = async (q: string) =>
      (await call(desk, worker.token, 'GET', `/v1/queue?team=${team}&${q}`)).body.items.map(
        (i: any) => i.contactId,
      );
    expect(await ids('level=4')).toEqual([d.contactId]);
    expect(await ids('route=FAMILY_SUPPORT')).toEqual([b.contactId]);
    expect(await ids('locality=CITY')).toEqual([c.contactId]);
    expect(await ids('overdue=true')).toEqual([c.contactId]);
    expect(await ids('overdue=false')).toEqual([d.contactId, b.contactId, a.contactId]);
    expect(await ids('status=closed')).toEqual([]);
    expect(await ids('limit=2')).toEqual([c.contactId, d.contactId]);
    const page1 = await call(desk, worker.token, 'GET', `/v1/queue?team=${team}&limit=2`);
    expect(await ids(`limit=2&after=${page1.body.nextCursor}`)).toEqual([b.contactId, a.contactId]);

    const bad = await call(
      desk,
      worker.token,
      'GET',
      `/v1/queue?level=7&route=NOWHERE&status=lost&overdue=maybe`,
    );
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: any) => e.path).sort()).toEqual([
      'query:level',
      'query:overdue',
      'query:route',
      'query:status',
    ]);
    const unknown = await call(desk, worker.token, 'GET', `/v1/queue?colour=red`);
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([
      { path: 'query:colour', message: 'is not a parameter of this request' },
    ]);
  });

  it('each row says who the child is, how old (or unborn), who sent the concern and its first line', async () => {
    const rowTeam = `${team}_ROWS`;
    const born = await seedItem(ds, { team: rowTeam, dueAt: minutesFromNow(30) });
    const unborn = await seedItem(ds, { team: rowTeam, dueAt: minutesFromNow(40) });
    const tenYearsAgo = new Date(Date.now() - 10.5 * 365.25 * 86400_000).toISOString().slice(0, 10);
    await ds.query(
      `UPDATE contacts SET body = jsonb_set(jsonb_set(body, '{child,dateOfBirth}', to_jsonb($2::text)),
              '{concerns,summary}', to_jsonb($3::text)) WHERE id = $1`,
      [born.contactId, tenYearsAgo, 'Bruise on the left arm seen at breakfast club.\nMother says he fell.'],
    );
    await ds.query(
      `UPDATE contacts SET body = jsonb_set(jsonb_set(body, '{child}', (body->'child') - 'dateOfBirth' - 'firstName'),
              '{child,expectedDateOfBirth}', to_jsonb('2099-01-01'::text)) WHERE id = $1`,
      [unborn.contactId],
    );
    const res = await call(desk, worker.token, 'GET', `/v1/queue?team=${rowTeam}`);
    expect(res.status).toBe(200);
    const [first, second] = res.body.items;
    expect(first).toMatchObject({
      contactId: born.contactId,
      childAge: 10,
      unborn: false,
      organisation: 'Test School',
      concernFirstLine: 'Bruise on the left arm seen at breakfast club.',
    });
    expect(first.childName).toMatch(/^Test Child\d+$/);
    expect(second).toMatchObject({ contactId: unborn.contactId, childAge: null, unborn: true });
    expect(second.childName).toMatch(/^Child\d+$/);
  });

  it('claimedBy=available: what no one holds and what the caller holds, not what a colleague holds', async () => {
    const t = `${team}_AV`;
    const free = await seedItem(ds, { team: t, dueAt: minutesFromNow(10) });
    const mine = await seedItem(ds, { team: t, dueAt: minutesFromNow(20), claimedBy: worker.username });
    const theirs = await seedItem(ds, { team: t, dueAt: minutesFromNow(30), claimedBy: other.username });
    const ids = async (q: string) =>
      (await call(desk, worker.token, 'GET', `/v1/queue?team=${t}${q}`)).body.items.map(
        (i: { contactId: string }) => i.contactId,
      );
    expect(await ids('&claimedBy=available')).toEqual([free.contactId, mine.contactId]);
    expect(await ids('')).toEqual([free.contactId, mine.contactId, theirs.contactId]);
  });

  it('two workers claiming at once: exactly one holds the item, the other is told (409)', async () => {
    for (let round = 0; round < 5; round++) {
      const { contactId } = await seedItem(ds, { team, dueAt: minutesFromNow(30) });
      const [r1, r2] = await Promise.all([
        call(desk, worker.token, 'POST', `/v1/queue/${contactId}/claim`),
        call(desk, other.token, 'POST', `/v1/queue/${contactId}/claim`),
      ]);
      expect([r1.status, r2.status].sort()).toEqual([200, 409]);
      const winner = r1.status === 200 ? worker.username : other.username;
      const [row] = await ds.query('SELECT claimed_by FROM desk_items WHERE contact_id = $1', [contactId]);
      expect(row.claimed_by).toBe(winner);
    }
  });

  it('claim-next hands two workers two different items', async () => {
    const t = `${team}_NEXT`;
    await seedItem(ds, { team: t, dueAt: minutesFromNow(5) });
    await seedItem(ds, { team: t, dueAt: minutesFromNow(6) });
    const [r1, r2] = await Promise.all([
      call(desk, worker.token, 'POST', '/v1/queue/claim-next', { team: t }),
      call(desk, other.token, 'POST', '/v1/queue/claim-next', { team: t }),
    ]);
    expect([r1.status, r2.status]).toEqual([200, 200]);
    expect(r1.body.contactId).not.toBe(r2.body.contactId);
    expect((await call(desk, worker.token, 'POST', '/v1/queue/claim-next', { team: t })).status).toBe(404);
  });

  it('a claim idle for 30 minutes is released: another worker may claim it, and the sweeper frees it', async () => {
    const { contactId } = await seedItem(ds, {
      team,
      dueAt: minutesFromNow(60),
      claimedBy: worker.username,
      claimedAt: minutesFromNow(-29),
    });
    expect((await call(desk, other.token, 'POST', `/v1/queue/${contactId}/claim`)).status).toBe(409);
    await ds.query(`UPDATE desk_items SET claimed_at = now() - interval '31 minutes' WHERE contact_id = $1`, [
      contactId,
    ]);
    // The lapsed holder can no longer decide it.
    expect((await call(desk, worker.token, 'POST', `/v1/queue/${contactId}/confirm`, {})).status).toBe(409);
    const swept = await desk.app.get(ClaimSweeper).sweep();
    expect(swept).toBeGreaterThanOrEqual(1);
    const [row] = await ds.query('SELECT claimed_by FROM desk_items WHERE contact_id = $1', [contactId]);
    expect(row.claimed_by).toBeNull();
    const [audit] = await ds.query(
      `SELECT actor, details FROM audit_log WHERE action = 'desk_item.claim_lapsed' AND subject_id = $1`,
      [contactId],
    );
    expect(audit).toMatchObject({ actor: 'system', details: { holder: worker.username } });
    expect((await call(desk, other.token, 'POST', `/v1/queue/${contactId}/claim`)).status).toBe(200);
  });

  it('confirm: needs the claim; records the decision against the recommendation; contact becomes decided', async () => {
    const { contactId } = await seedItem(ds, { team, dueAt: minutesFromNow(60) });
    expect((await call(desk, worker.token, 'POST', `/v1/queue/${contactId}/confirm`, {})).status).toBe(409);
    await call(desk, worker.token, 'POST', `/v1/queue/${contactId}/claim`);
    expect((await call(desk, other.token, 'POST', `/v1/queue/${contactId}/confirm`, {})).status).toBe(409);
    const res = await call(desk, worker.token, 'POST', `/v1/queue/${contactId}/confirm`, {
      note: 'Spoke to school.',
    });
    expect(res).toMatchObject({ status: 200, body: { state: 'decided' } });
    const [c] = await ds.query('SELECT status FROM contacts WHERE id = $1', [contactId]);
    expect(c.status).toBe('decided');
    const item = await call(desk, worker.token, 'GET', `/v1/queue/${contactId}`);
    expect(item.body.item.state).toBe('decided');
    expect(item.body.dutyDecisions).toEqual([
      expect.objectContaining({
        kind: 'confirm',
        by: worker.username,
        recommended: expect.objectContaining({ needLevel: 2, route: 'LOCALITY_EARLY_HELP', team }),
        decided: { needLevel: 2, route: 'LOCALITY_EARLY_HELP', team },
      }),
    ]);
    expect(item.body.notes).toEqual([
      expect.objectContaining({ author: worker.username, text: 'Spoke to school.' }),
    ]);
    // Deciding twice is refused.
    expect((await call(desk, worker.token, 'POST', `/v1/queue/${contactId}/confirm`, {})).status).toBe(409);
  });

  it('override: a reason is mandatory; the recommendation and the override are both kept', async () => {
    const { contactId } = await seedItem(ds, { team, dueAt: minutesFromNow(60) });
    await call(desk, worker.token, 'POST', `/v1/queue/${contactId}/claim`);
    const noReason = await call(desk, worker.token, 'POST', `/v1/queue/${contactId}/override`, {
      needLevel: 3,
    });
    expect(noReason.status).toBe(422);
    expect(noReason.body.errors).toEqual([expect.objectContaining({ path: 'reason' })]);
    const badRoute = await call(desk, worker.token, 'POST', `/v1/queue/${contactId}/override`, {
      route: 'SOMEWHERE',
      reason: 'because of things',
    });
    expect(badRoute.status).toBe(422);
    const same = await call(desk, worker.token, 'POST', `/v1/queue/${contactId}/override`, {
      needLevel: 2,
      reason: 'no change at all',
    });
    expect(same.status).toBe(422);
    const res = await call(desk, worker.token, 'POST', `/v1/queue/${contactId}/override`, {
      needLevel: 3,
      route: 'FAMILY_SUPPORT',
      team: 'FAMILY_SUPPORT_NORTH',
      reason: 'Sibling already open to family support; police log adds neglect.',
    });
    expect(res).toMatchObject({
      status: 200,
      body: { state: 'decided', needLevel: 3, route: 'FAMILY_SUPPORT' },
    });
    const [dd] = await ds.query('SELECT * FROM duty_decisions WHERE contact_id = $1', [contactId]);
    expect(dd).toMatchObject({
      kind: 'override',
      need_level: 3,
      route: 'FAMILY_SUPPORT',
      team: 'FAMILY_SUPPORT_NORTH',
      reason: 'Sibling already open to family support; police log adds neglect.',
      recommended: expect.objectContaining({ needLevel: 2, route: 'LOCALITY_EARLY_HELP', team }),
    });
    const [rec] = await ds.query(
      'SELECT need_level, route FROM decisions WHERE contact_id = $1 AND is_current',
      [contactId],
    );
    expect(rec).toEqual({ need_level: 2, route: 'LOCALITY_EARLY_HELP' });
    const [item] = await ds.query(
      'SELECT need_level, route, team, state FROM desk_items WHERE contact_id = $1',
      [contactId],
    );
    expect(item).toEqual({
      need_level: 3,
      route: 'FAMILY_SUPPORT',
      team: 'FAMILY_SUPPORT_NORTH',
      state: 'decided',
    });
    const [audit] = await ds.query(
      `SELECT details FROM audit_log WHERE action = 'decision.override' AND subject_id = $1`,
      [contactId],
    );
    expect(audit.details).toMatchObject({ recommended: { needLevel: 2 }, decided: { needLevel: 3 } });
  });

  it('close: only a decided item, with an outcome and the CIN "no further action" flag; contact becomes closed', async () => {
    const { contactId } = await seedItem(ds, { team, dueAt: minutesFromNow(60) });
    await call(desk, worker.token, 'POST', `/v1/queue/${contactId}/claim`);
    const early = await call(desk, worker.token, 'POST', `/v1/queue/${contactId}/close`, {
      outcome: 'NO_FURTHER_ACTION',
      cinNoFurtherAction: true,
    });
    expect(early.status).toBe(409);
    await call(desk, worker.token, 'POST', `/v1/queue/${contactId}/confirm`, {});
    const missing = await call(desk, worker.token, 'POST', `/v1/queue/${contactId}/close`, {
      outcome: 'LUNCH',
    });
    expect(missing.status).toBe(422);
    expect(missing.body.errors.map((e: any) => e.path).sort()).toEqual(['cinNoFurtherAction', 'outcome']);
    const res = await call(desk, worker.token, 'POST', `/v1/queue/${contactId}/close`, {
      outcome: 'NO_FURTHER_ACTION',
      cinNoFurtherAction: true,
      note: 'Closed after checks.',
    });
    expect(res).toMatchObject({ status: 200, body: { state: 'closed' } });
    const [c] = await ds.query('SELECT status FROM contacts WHERE id = $1', [contactId]);
    expect(c.status).toBe('closed');
    const rows = await ds.query(
      'SELECT kind, outcome, cin_no_further_action FROM duty_decisions WHERE contact_id = $1 ORDER BY created_at',
      [contactId],
    );
    expect(rows).toEqual([
      { kind: 'confirm', outcome: null, cin_no_further_action: null },
      { kind: 'close', outcome: 'NO_FURTHER_ACTION', cin_no_further_action: true },
    ]);
    const actions = await ds.query('SELECT action FROM audit_log WHERE subject_id = $1 ORDER BY seq', [
      contactId,
    ]);
    expect(actions.map((a: any) => a.action)).toEqual([
      'desk_item.claim',
      'decision.confirm',
      'decision.close',
    ]);
    const closed = await call(desk, worker.token, 'GET', `/v1/queue?team=${team}&status=closed`);
    expect(closed.body.items.map((i: any) => i.contactId)).toContain(contactId);
  });

  it('notes by any decider; a duty manager may release another worker’s claim, a worker may not', async () => {
    const { contactId } = await seedItem(ds, { team, dueAt: minutesFromNow(60) });
    await call(desk, worker.token, 'POST', `/v1/queue/${contactId}/claim`);
    expect(
      (await call(desk, other.token, 'POST', `/v1/queue/${contactId}/notes`, { text: 'Called back.' }))
        .status,
    ).toBe(201);
    expect((await call(desk, other.token, 'POST', `/v1/queue/${contactId}/notes`, { text: '' })).status).toBe(
      422,
    );
    expect((await call(desk, other.token, 'POST', `/v1/queue/${contactId}/release`)).status).toBe(403);
    expect((await call(desk, manager.token, 'POST', `/v1/queue/${contactId}/release`)).status).toBe(200);
    expect((await call(desk, other.token, 'POST', `/v1/queue/${contactId}/claim`)).status).toBe(200);
  });
});
