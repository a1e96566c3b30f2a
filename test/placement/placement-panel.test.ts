import { DataSource } from 'typeorm';
import { isolateTestFile } from '@app/testing';
import { AlertDeliveriesRepository } from '../../apps/alerts/src/delivery/alert-deliveries.repository';
import { EscalateAlertUseCase } from '../../apps/alerts/src/escalation/escalate-alert.usecase';
import { RecordPlacementRequestUseCase } from '../../apps/desk/src/placement-requests/record-placement-request.usecase';
import { RunningApp, startDesk } from '../support/apps';
import { call, staffUser } from '../desk/desk-harness';
import { completeEvidence, day, placementBody, seedChild } from './placement-support';

describe('the placement panel: its list, decisions and actions, evidence, outcomes and who may do what', () => {
  let desk: RunningApp;
  let ds: DataSource;
  let sw: { username: string; token: string };
  let otherSw: { username: string; token: string };
  let chair: { username: string; token: string };
  let head: { username: string; token: string };
  let dutyManager: { username: string; token: string };
  let admin: { username: string; token: string };

  beforeAll(async () => {
    isolateTestFile();
    desk = await startDesk();
    ds = desk.app.get(DataSource);
    sw = await staffUser(desk, 'social_worker');
    otherSw = await staffUser(desk, 'social_worker');
    chair = await staffUser(desk, 'manager');
    head = await staffUser(desk, 'head_of_service');
    dutyManager = await staffUser(desk, 'duty_manager');
    admin = await staffUser(desk, 'admin');
  });
  afterAll(async () => {
    await desk?.close();
  });

  async function held(over: Record<string, unknown> = {}, token = sw.token) {
    const { childId } = await seedChild(ds);
    const res = await call(desk, token, 'POST', '/v1/placement-requests', placementBody(childId, over));
    expect(res.status).toBe(201);
    return res.body;
  }
  const panel = async (token = chair.token) => {
    const res = await call(desk, token, 'GET', '/v1/placement-panel');
    expect(res.status).toBe(200);
    return res.body.items as any[];
  };
  const audits = (requestId: string, action: string) =>
    ds.query(
      `SELECT actor, actor_role, details FROM audit_log WHERE subject_id = $1 AND action = $2 ORDER BY seq`,
      [requestId, action],
    );

  it('lists held requests and emergencies awaiting review, oldest first, with what each lacks, the child’s open decisions and earlier requests, audited', async () => {
    const first = await held({ evidence: { familyGroupConference: { status: 'held', date: day(10) } } });
    const emergency = await held({ legalBasis: 'epo', evidence: undefined });
    const cleared = await held();
    expect(cleared.gatekeeping.outcome).toBe('CLEARED');
    // A second request for the first child: an earlier request shows on its entry.
    const again = await call(
      desk,
      sw.token,
      'POST',
      '/v1/placement-requests',
      placementBody(first.childId, { placementType: 'residential', evidence: undefined }),
    );
    expect(again.status).toBe(201);

    const items = await panel();
    const ids = items.map((i) => i.id);
    expect(ids).toEqual(expect.arrayContaining([first.id, emergency.id, again.body.id]));
    expect(ids).not.toContain(cleared.id);
    const receivedOrder = [...items].map((i) => i.receivedAt);
    expect(receivedOrder).toEqual([...receivedOrder].sort());
    expect(ids.indexOf(first.id)).toBeLessThan(ids.indexOf(emergency.id));

    const entry = items.find((i) => i.id === first.id);
    expect(entry).toMatchObject({
      childId: first.childId,
      placementType: 'ifa_foster',
      outcome: 'HELD_FOR_PANEL',
      failedChecks: ['kinship_not_explored', 'family_support_not_tried', 'in_house_search_missing'],
      submittedBy: sw.username,
      decisions: [],
      returnedAt: null,
    });
    expect(entry.lacks.map((l: any) => l.code)).toEqual(entry.failedChecks);
    expect(entry.lacks[0].text).toMatch(/Kinship care was not explored/);
    expect(entry.openDecisions).toEqual([
      expect.objectContaining({ needLevel: 2, priority: 'THREE_WORKING_DAYS' }),
    ]);
    expect(entry.waitingHours).toBeGreaterThanOrEqual(0);
    expect(typeof entry.waitingDays).toBe('number');
    const later = items.find((i) => i.id === again.body.id);
    expect(later.earlierRequests.map((e: any) => e.id)).toEqual([first.id]);
    expect(items.find((i) => i.id === emergency.id)).toMatchObject({
      outcome: 'RETROSPECTIVE_REVIEW',
      reviewDueAt: expect.any(String),
    });
    // Each request on the list was read, and the read is in the audit trail.
    expect(await audits(first.id, 'placement_request.read')).toEqual(
      expect.arrayContaining([
        { actor: chair.username, actor_role: 'manager', details: { via: 'panel_list' } },
      ]),
    );
  });

  it('a deferral with actions leaves the list until every action is done; decisions are kept, shown and audited', async () => {
    const r = await held({ evidence: undefined });
    const deferred = await call(desk, chair.token, 'POST', `/v1/placement-requests/${r.id}/panel-decisions`, {
      decision: 'deferred',
      reason: 'No family group conference yet; the grandmother has not been assessed.',
      actions: [
        { action: 'convene_fgc', owner: sw.username, dueBy: day(-7) },
        { action: 'kinship_assessment', owner: 'Kinship team', dueBy: day(-14) },
      ],
    });
    expect(deferred.status).toBe(201);
    const [decision] = deferred.body.panelDecisions;
    expect(decision).toMatchObject({
      decision: 'deferred',
      decidedBy: chair.username,
      decidedByRole: 'manager',
      actions: [
        {
          action: 'convene_fgc',
          owner: sw.username,
          ownerRole: 'social_worker',
          dueBy: day(-7),
          doneAt: null,
        },
        {
          action: 'kinship_assessment',
          owner: 'Kinship team',
          ownerRole: null,
          dueBy: day(-14),
          doneAt: null,
        },
      ],
    });
    expect((await panel()).map((i) => i.id)).not.toContain(r.id);
    const [audit] = await audits(r.id, 'placement_panel.decision');
    expect(audit.details).toMatchObject({ decision: 'deferred', decisionId: decision.id });

    // The GET shows the decision too.
    const read = await call(desk, sw.token, 'GET', `/v1/placement-requests/${r.id}`);
    expect(read.body.panelDecisions).toHaveLength(1);

    // The owner does the first; a stranger may not do the second; the chair does it.
    const [a1, a2] = decision.actions;
    const done1 = await call(
      desk,
      sw.token,
      'POST',
      `/v1/placement-requests/${r.id}/panel-actions/${a1.id}/done`,
      {
        note: 'Conference held.',
      },
    );
    expect(done1.status).toBe(200);
    expect((await panel()).map((i) => i.id)).not.toContain(r.id);
    expect(
      (
        await call(
          desk,
          otherSw.token,
          'POST',
          `/v1/placement-requests/${r.id}/panel-actions/${a2.id}/done`,
          {},
        )
      ).status,
    ).toBe(403);
    expect(
      (await call(desk, sw.token, 'POST', `/v1/placement-requests/${r.id}/panel-actions/${a1.id}/done`, {}))
        .status,
    ).toBe(409);
    expect(
      (await call(desk, head.token, 'POST', `/v1/placement-requests/${r.id}/panel-actions/${a2.id}/done`, {}))
        .status,
    ).toBe(200);
    const back = (await panel()).find((i) => i.id === r.id);
    expect(back).toBeTruthy();
    expect(back.returnedAt).toEqual(expect.any(String));
    expect(back.decisions).toHaveLength(1);

    // Deferred again, then approved with conditions: three decisions kept, the request leaves the list for good.
    const again = await call(desk, head.token, 'POST', `/v1/placement-requests/${r.id}/panel-decisions`, {
      decision: 'deferred',
      reason: 'Family support first.',
      actions: [{ action: 'family_support', owner: sw.username, dueBy: day(0) }],
    });
    expect(again.status).toBe(201);
    const approved = await call(desk, chair.token, 'POST', `/v1/placement-requests/${r.id}/panel-decisions`, {
      decision: 'approved_with_conditions',
      reason: 'Support tried and failed; approve with a review.',
      actions: [{ action: 'other', owner: chair.username, dueBy: day(-28) }],
    });
    expect(approved.status).toBe(201);
    expect(approved.body.panelDecisions.map((d: any) => d.decision)).toEqual([
      'deferred',
      'deferred',
      'approved_with_conditions',
    ]);
    expect((await panel()).map((i) => i.id)).not.toContain(r.id);
    expect(await audits(r.id, 'placement_panel.decision')).toHaveLength(3);
    expect(await audits(r.id, 'placement_panel.action_done')).toHaveLength(2);
    // A decided request takes no further decision.
    const late = await call(desk, chair.token, 'POST', `/v1/placement-requests/${r.id}/panel-decisions`, {
      decision: 'declined',
      reason: 'x',
    });
    expect(late.status).toBe(409);
  });

  it('the action-done audit says whether the request went back to the panel: only once its last action is done', async () => {
    const r = await held({ evidence: undefined });
    const deferred = await call(desk, chair.token, 'POST', `/v1/placement-requests/${r.id}/panel-decisions`, {
      decision: 'deferred',
      reason: 'Two things to do first.',
      actions: [
        { action: 'convene_fgc', owner: sw.username, dueBy: day(-7) },
        { action: 'kinship_assessment', owner: sw.username, dueBy: day(-14) },
      ],
    });
    expect(deferred.status).toBe(201);
    for (const a of deferred.body.panelDecisions[0].actions) {
      const done = await call(
        desk,
        sw.token,
        'POST',
        `/v1/placement-requests/${r.id}/panel-actions/${a.id}/done`,
        {},
      );
      expect(done.status).toBe(200);
    }
    expect(
      (await audits(r.id, 'placement_panel.action_done')).map((a: any) => a.details.returnedToPanel),
    ).toEqual([false, true]);
  });

  it('refuses a decision without a reason, a deferral without actions, a past due date, and unknown fields, naming each field', async () => {
    const r = await held({ evidence: undefined });
    const path = `/v1/placement-requests/${r.id}/panel-decisions`;
    const noReason = await call(desk, chair.token, 'POST', path, { decision: 'approved' });
    expect(noReason.status).toBe(422);
    expect(noReason.body.errors).toEqual([{ path: 'reason', message: 'is required' }]);
    const noActions = await call(desk, chair.token, 'POST', path, { decision: 'deferred', reason: 'wait' });
    expect(noActions.status).toBe(422);
    expect(noActions.body.errors).toEqual([
      { path: 'actions', message: 'a deferred decision needs at least one action' },
    ]);
    const bad = await call(desk, chair.token, 'POST', path, {
      decision: 'maybe',
      reason: 'x',
      actions: [{ action: 'pray', owner: '', dueBy: '2026-02-30' }],
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: any) => e.path)).toEqual([
      'actions[0].action',
      'actions[0].dueBy',
      'actions[0].owner',
      'decision',
    ]);
    const past = await call(desk, chair.token, 'POST', path, {
      decision: 'approved_with_conditions',
      reason: 'x',
      actions: [{ action: 'other', owner: 'x', dueBy: day(3) }],
    });
    expect(past.status).toBe(422);
    expect(past.body.errors[0].path).toBe('actions[0].dueBy');
    const unknown = await call(desk, chair.token, 'POST', path, {
      decision: 'approved',
      reason: 'x',
      vote: 3,
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([{ path: 'vote', message: 'is not a field of this request' }]);
    expect(await ds.query('SELECT 1 FROM placement_panel_decisions WHERE request_id = $1', [r.id])).toEqual(
      [],
    );
    // A cleared request has nothing for the panel.
    const ok = await held();
    expect(
      (
        await call(desk, chair.token, 'POST', `/v1/placement-requests/${ok.id}/panel-decisions`, {
          decision: 'approved',
          reason: 'x',
        })
      ).status,
    ).toBe(409);
  });

  it('new evidence reruns the checks at once: still held with the new failed checks, then CLEARED with its alert resolved', async () => {
    const r = await held({ evidence: undefined });
    expect(r.gatekeeping.failedChecks).toHaveLength(4);
    const path = `/v1/placement-requests/${r.id}/evidence`;
    const some = await call(desk, sw.token, 'PATCH', path, {
      familyGroupConference: { status: 'held', date: day(12) },
      kinshipAssessment: { status: 'no_viable_carer', date: day(11) },
    });
    expect(some.status).toBe(200);
    expect(some.body.gatekeeping).toEqual({
      outcome: 'HELD_FOR_PANEL',
      failedChecks: ['family_support_not_tried', 'in_house_search_missing'],
      reviewDueAt: null,
    });
    expect(some.body.alerts[0].resolvedAt).toBeNull();
    expect((await panel()).find((i) => i.id === r.id).failedChecks).toEqual([
      'family_support_not_tried',
      'in_house_search_missing',
    ]);

    const rest = completeEvidence();
    const all = await call(desk, chair.token, 'PATCH', path, {
      familySupport: rest.familySupport,
      inHouseFosterSearch: rest.inHouseFosterSearch,
    });
    expect(all.status).toBe(200);
    expect(all.body.gatekeeping).toEqual({ outcome: 'CLEARED', failedChecks: [], reviewDueAt: null });
    expect(all.body.alerts).toEqual([expect.objectContaining({ resolvedAt: expect.any(String) })]);
    const [alert] = await ds.query(
      `SELECT resolved_at, resolution FROM alerts WHERE subject_type = 'placement_request' AND subject_id = $1`,
      [r.id],
    );
    expect(alert.resolution).toMatch(/Cleared .* every check now passes/);
    // Settled: its escalation timer, when it fires, escalates nothing.
    expect(
      await new EscalateAlertUseCase(ds, new AlertDeliveriesRepository(ds)).execute(all.body.alerts[0].id),
    ).toBe('resolved');
    // The alert feed says so.
    const feed = await call(desk, dutyManager.token, 'GET', `/v1/alerts/${all.body.alerts[0].id}`);
    expect(feed.body).toMatchObject({
      resolvedAt: expect.any(String),
      resolution: expect.stringMatching(/every check now passes/),
    });
    expect((await panel()).map((i) => i.id)).not.toContain(r.id);
    const updates = await ds.query(
      'SELECT outcome_before, outcome_after, failed_after FROM placement_evidence_updates WHERE request_id = $1 ORDER BY updated_at',
      [r.id],
    );
    expect(updates).toEqual([
      {
        outcome_before: 'HELD_FOR_PANEL',
        outcome_after: 'HELD_FOR_PANEL',
        failed_after: ['family_support_not_tried', 'in_house_search_missing'],
      },
      { outcome_before: 'HELD_FOR_PANEL', outcome_after: 'CLEARED', failed_after: [] },
    ]);
    expect(await audits(r.id, 'placement_request.evidence')).toHaveLength(2);
    // Cleared: nothing more to add.
    expect(
      (await call(desk, sw.token, 'PATCH', path, { familyGroupConference: { status: 'held', date: day(1) } }))
        .status,
    ).toBe(409);
  });

  it('evidence dates are checked against the request’s own receipt time, not today', async () => {
    const { childId } = await seedChild(ds);
    const receivedAt = new Date(Date.now() - 100 * 86400000);
    const r = await desk.app.get(RecordPlacementRequestUseCase).execute({
      body: placementBody(childId, { evidence: undefined }),
      submittedBy: { userId: 'x', username: sw.username, role: 'social_worker' },
      receivedAt,
    });
    expect(r.gatekeeping.outcome).toBe('HELD_FOR_PANEL');
    const path = `/v1/placement-requests/${r.id}/evidence`;
    const after = await call(desk, sw.token, 'PATCH', path, {
      inHouseFosterSearch: { status: 'no_match', date: day(50) },
    });
    expect(after.status).toBe(422);
    expect(after.body.errors).toEqual([
      {
        path: 'inHouseFosterSearch.date',
        message: `must not be after the day the request was received (${day(100)})`,
      },
    ]);
    // 105 days ago is 5 days before the receipt: in the 30-day window of the request, not of today.
    const ok = await call(desk, sw.token, 'PATCH', path, {
      familyGroupConference: { status: 'held', date: day(120) },
      kinshipAssessment: { status: 'no_viable_carer', date: day(110) },
      familySupport: { status: 'provided', from: day(300), to: day(101) },
      inHouseFosterSearch: { status: 'no_match', date: day(105) },
    });
    expect(ok.status).toBe(200);
    expect(ok.body.gatekeeping.outcome).toBe('CLEARED');
    // Required dates are named.
    const r2 = await held({ evidence: undefined });
    const missing = await call(desk, sw.token, 'PATCH', `/v1/placement-requests/${r2.id}/evidence`, {
      familyGroupConference: { status: 'held' },
      familySupport: { status: 'declined' },
    });
    expect(missing.status).toBe(422);
    expect(missing.body.errors.map((e: any) => e.path)).toEqual([
      'familyGroupConference.date',
      'familySupport.date',
    ]);
    expect((await call(desk, sw.token, 'PATCH', `/v1/placement-requests/${r2.id}/evidence`, {})).status).toBe(
      422,
    );
  });

  it('records what finally happened: placed, diverted or withdrawn, once, each with its own fields', async () => {
    const a = await held();
    const placed = await call(desk, sw.token, 'POST', `/v1/placement-requests/${a.id}/outcome`, {
      outcome: 'placed',
      placementType: 'ifa_foster',
      provider: 'independent',
      outOfCounty: true,
      startDate: day(1),
      weeklyCost: 1450.5,
    });
    expect(placed.status).toBe(201);
    expect(placed.body.finalOutcome).toMatchObject({
      outcome: 'placed',
      placementType: 'ifa_foster',
      provider: 'independent',
      outOfCounty: true,
      startDate: day(1),
      weeklyCost: 1450.5,
      recordedBy: sw.username,
    });
    expect(
      (
        await call(desk, sw.token, 'POST', `/v1/placement-requests/${a.id}/outcome`, {
          outcome: 'withdrawn',
          reason: 'x',
        })
      ).status,
    ).toBe(409);

    const b = await held({ evidence: undefined });
    const diverted = await call(desk, chair.token, 'POST', `/v1/placement-requests/${b.id}/outcome`, {
      outcome: 'diverted',
      how: 'kinship_arrangement',
    });
    expect(diverted.status).toBe(201);
    expect(diverted.body.finalOutcome).toMatchObject({ outcome: 'diverted', how: 'kinship_arrangement' });
    // Ended: off the panel's list.
    expect((await panel()).map((i) => i.id)).not.toContain(b.id);

    const c = await held({ evidence: undefined });
    const wrong = await call(desk, sw.token, 'POST', `/v1/placement-requests/${c.id}/outcome`, {
      outcome: 'placed',
      provider: 'private',
      how: 'returned_home',
      weeklyCost: 'a lot',
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors).toEqual([
      {
        path: 'provider',
        message: 'must be one of: in_house, independent, council_residential, unregistered',
      },
      { path: 'weeklyCost', message: 'must be a number' },
    ]);
    const rules = await call(desk, sw.token, 'POST', `/v1/placement-requests/${c.id}/outcome`, {
      outcome: 'placed',
      provider: 'private',
      how: 'returned_home',
      weeklyCost: 12.345,
    });
    expect(rules.status).toBe(422);
    expect(rules.body.errors.map((e: any) => e.path)).toEqual([
      'how',
      'outOfCounty',
      'placementType',
      'provider',
      'startDate',
      'weeklyCost',
    ]);
    const withdrawn = await call(desk, sw.token, 'POST', `/v1/placement-requests/${c.id}/outcome`, {
      outcome: 'withdrawn',
      reason: 'The family moved out of the county.',
    });
    expect(withdrawn.status).toBe(201);
    expect(withdrawn.body.finalOutcome).toMatchObject({
      outcome: 'withdrawn',
      reason: 'The family moved out of the county.',
    });
    expect(await audits(c.id, 'placement_request.outcome')).toHaveLength(1);
  });

  it('roles: a social worker sees only their own requests; managers and heads of service chair the panel; administrators read no request; every read audited', async () => {
    const mine = await held({ evidence: undefined });
    const theirs = await held({ evidence: undefined }, otherSw.token);
    expect((await call(desk, sw.token, 'GET', `/v1/placement-requests/${theirs.id}`)).status).toBe(404);
    expect((await call(desk, sw.token, 'GET', `/v1/placement-requests/${theirs.id}/timeline`)).status).toBe(
      404,
    );
    expect(
      (
        await call(desk, sw.token, 'PATCH', `/v1/placement-requests/${theirs.id}/evidence`, {
          familyGroupConference: { status: 'declined_by_family', date: day(3) },
        })
      ).status,
    ).toBe(404);
    const list = await call(desk, sw.token, 'GET', '/v1/placement-requests?limit=500');
    expect(list.body.items.map((i: any) => i.id)).toContain(mine.id);
    expect(list.body.items.map((i: any) => i.id)).not.toContain(theirs.id);
    expect(list.body.items.every((i: any) => i.submittedBy === sw.username)).toBe(true);
    // Managers read every request.
    expect((await call(desk, dutyManager.token, 'GET', `/v1/placement-requests/${theirs.id}`)).status).toBe(
      200,
    );
    expect((await call(desk, chair.token, 'GET', `/v1/placement-requests/${theirs.id}`)).status).toBe(200);
    // Only the panel's chairs list or decide.
    for (const who of [sw, dutyManager, admin]) {
      expect((await call(desk, who.token, 'GET', '/v1/placement-panel')).status).toBe(403);
      expect(
        (
          await call(desk, who.token, 'POST', `/v1/placement-requests/${mine.id}/panel-decisions`, {
            decision: 'approved',
            reason: 'x',
          })
        ).status,
      ).toBe(403);
    }
    // Administrators manage users and the audit, not children's records.
    expect((await call(desk, admin.token, 'GET', `/v1/placement-requests/${mine.id}`)).status).toBe(403);
    expect((await call(desk, admin.token, 'GET', '/v1/placement-requests')).status).toBe(403);
    // Reads audited: the single read, the timeline, and the list (one entry per request listed).
    await call(desk, sw.token, 'GET', `/v1/placement-requests/${mine.id}/timeline`);
    const reads = await audits(mine.id, 'placement_request.read');
    expect(reads.map((r: any) => r.details.via)).toEqual(expect.arrayContaining(['list', 'timeline']));
    expect(reads.filter((r: any) => r.actor === sw.username).length).toBeGreaterThanOrEqual(2);
    expect((await audits(theirs.id, 'placement_request.read')).map((r: any) => r.actor)).toEqual(
      expect.arrayContaining([dutyManager.username, chair.username]),
    );
    expect((await audits(theirs.id, 'placement_request.read')).map((r: any) => r.actor)).not.toContain(
      sw.username,
    );
  });

  it('the timeline shows the checks, evidence, decisions, actions, alerts and outcome in time order', async () => {
    const r = await held({ evidence: undefined });
    await call(desk, sw.token, 'PATCH', `/v1/placement-requests/${r.id}/evidence`, {
      familyGroupConference: { status: 'held', date: day(3) },
    });
    const d = await call(desk, chair.token, 'POST', `/v1/placement-requests/${r.id}/panel-decisions`, {
      decision: 'deferred',
      reason: 'Kinship first.',
      actions: [{ action: 'kinship_assessment', owner: sw.username, dueBy: day(-5) }],
    });
    await call(
      desk,
      sw.token,
      'POST',
      `/v1/placement-requests/${r.id}/panel-actions/${d.body.panelDecisions[0].actions[0].id}/done`,
      {},
    );
    await call(desk, chair.token, 'POST', `/v1/placement-requests/${r.id}/panel-decisions`, {
      decision: 'declined',
      reason: 'A kinship carer was found.',
    });
    await call(desk, sw.token, 'POST', `/v1/placement-requests/${r.id}/outcome`, {
      outcome: 'diverted',
      how: 'kinship_arrangement',
    });
    const t = await call(desk, sw.token, 'GET', `/v1/placement-requests/${r.id}/timeline`);
    expect(t.status).toBe(200);
    expect(t.body.checks.map((c: any) => [c.code, c.passed])).toEqual([
      ['fgc_missing', true],
      ['kinship_not_explored', false],
      ['family_support_not_tried', false],
      ['in_house_search_missing', false],
    ]);
    expect(t.body.request.evidence.familyGroupConference).toEqual({ status: 'held', date: day(3) });
    expect(t.body.timeline.map((e: any) => e.kind)).toEqual([
      'received',
      'alert_raised',
      'evidence_updated',
      'panel_decision',
      'action_done',
      'panel_decision',
      'outcome',
    ]);
    expect(t.body.evidenceUpdates).toHaveLength(1);
  });
});
