import { DataSource } from 'typeorm';
import { loadConfig } from '@app/config';
import { Topic } from '@app/contracts';
import { createKafka, TopicNames } from '@app/messaging';
import { isolateTestFile, TopicWatcher } from '@app/testing';
import { RunningApp, startDesk } from '../support/apps';
import { completeEvidence, day, placementBody, seedChild, tokenFor } from './placement-support';

describe('placement requests on the staff API: validation, every gatekeeping check and outcome', () => {
  let desk: RunningApp;
  let ds: DataSource;
  let sw: string;
  let requested: TopicWatcher;
  let gatekept: TopicWatcher;
  let alertsRaised: TopicWatcher;

  beforeAll(async () => {
    isolateTestFile();
    desk = await startDesk();
    ds = desk.app.get(DataSource);
    sw = tokenFor(desk, 'social_worker');
    const config = loadConfig();
    const kafka = createKafka(config, 'placement-test-watcher');
    const names = TopicNames.from(config);
    requested = await new TopicWatcher(kafka, names.topic(Topic.PlacementRequested)).start();
    gatekept = await new TopicWatcher(kafka, names.topic(Topic.PlacementGatekept)).start();
    alertsRaised = await new TopicWatcher(kafka, names.topic(Topic.AlertRaised)).start();
  });

  afterAll(async () => {
    await requested?.stop();
    await gatekept?.stop();
    await alertsRaised?.stop();
    await desk?.close();
  });

  const post = (body: unknown, token = sw) =>
    fetch(`${desk.url}/v1/placement-requests`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  const get = (path: string, token = sw) =>
    fetch(`${desk.url}${path}`, { headers: { authorization: `Bearer ${token}` } });

  async function submit(body: unknown, token = sw) {
    const res = await post(body, token);
    const json: any = await res.json();
    if (res.status !== 201) throw new Error(`expected 201, got ${res.status}: ${JSON.stringify(json)}`);
    return { res, json };
  }

  const alertsFor = (requestId: string) =>
    ds.query(`SELECT * FROM alerts WHERE subject_type = 'placement_request' AND subject_id = $1`, [
      requestId,
    ]);

  it('complete evidence: 201 with Location, CLEARED, no alert, the shape of the spec, and both events', async () => {
    const { childId } = await seedChild(ds);
    const { res, json } = await submit(placementBody(childId));
    expect(res.headers.get('location')).toBe(`/v1/placement-requests/${json.id}`);
    expect(json).toEqual({
      id: expect.any(String),
      childId,
      receivedAt: expect.stringMatching(/Z$/),
      gatekeeping: { outcome: 'CLEARED', failedChecks: [], reviewDueAt: null },
      alerts: [],
      panelDecisions: [],
      finalOutcome: null,
    });
    expect(await alertsFor(json.id)).toHaveLength(0);

    const read = await get(`/v1/placement-requests/${json.id}`);
    expect(read.status).toBe(200);
    expect(await read.json()).toEqual(json);

    const r = await requested.next((e) => e.payload.placementRequestId === json.id);
    expect(r.payload).toEqual({ placementRequestId: json.id, childId, receivedAt: json.receivedAt });
    const g = await gatekept.next((e) => e.payload.placementRequestId === json.id);
    expect(g.payload).toEqual({ placementRequestId: json.id, outcome: 'CLEARED', failedChecks: [] });
  });

  it('evidence missing: HELD_FOR_PANEL naming every failed check in order, one ALTERNATIVES_NOT_EXHAUSTED alert', async () => {
    const { childId } = await seedChild(ds);
    const { json } = await submit(placementBody(childId, { evidence: undefined }));
    expect(json.gatekeeping).toEqual({
      outcome: 'HELD_FOR_PANEL',
      failedChecks: [
        'fgc_missing',
        'kinship_not_explored',
        'family_support_not_tried',
        'in_house_search_missing',
      ],
      reviewDueAt: null,
    });
    expect(json.alerts).toEqual([
      {
        id: expect.any(String),
        kind: 'ALTERNATIVES_NOT_EXHAUSTED',
        raisedAt: json.receivedAt,
        acknowledgedAt: null,
        resolvedAt: null,
      },
    ]);
    const [alert] = await alertsFor(json.id);
    expect(alert.recipient_roles).toEqual(['duty_manager', 'head_of_service']);
    expect(alert.body).toContain('family group conference');
    expect(alert.body).not.toMatch(/Maya|Okafor|\d{10}/);
    const raised = await alertsRaised.next((e) => e.payload.alertId === json.alerts[0].id);
    expect(raised.payload.kind).toBe('ALTERNATIVES_NOT_EXHAUSTED');
    const g = await gatekept.next((e) => e.payload.placementRequestId === json.id);
    expect(g.payload.outcome).toBe('HELD_FOR_PANEL');
  });

  it.each([
    ['fgc_missing', 'stale (184 days)', { familyGroupConference: { status: 'held', date: day(184) } }],
    ['fgc_missing', 'not offered', { familyGroupConference: { status: 'not_offered' } }],
    [
      'kinship_not_explored',
      'stale (366 days)',
      { kinshipAssessment: { status: 'no_viable_carer', date: day(366) } },
    ],
    [
      'kinship_not_explored',
      'viable carer found for a non-kinship placement',
      { kinshipAssessment: { status: 'viable_carer_found', date: day(3) } },
    ],
    [
      'family_support_not_tried',
      'ended 366 days before',
      { familySupport: { status: 'provided', from: day(500), to: day(366) } },
    ],
    ['family_support_not_tried', 'not provided', { familySupport: { status: 'not_provided' } }],
    [
      'in_house_search_missing',
      'stale (31 days)',
      { inHouseFosterSearch: { status: 'no_match', date: day(31) } },
    ],
    ['in_house_search_missing', 'not done', { inHouseFosterSearch: { status: 'not_done' } }],
  ])('%s fails alone when its evidence is %s', async (code, _, ev) => {
    const { childId } = await seedChild(ds);
    const { json } = await submit(placementBody(childId, { evidence: { ...completeEvidence(), ...ev } }));
    expect(json.gatekeeping).toEqual({ outcome: 'HELD_FOR_PANEL', failedChecks: [code], reviewDueAt: null });
    expect(json.alerts).toHaveLength(1);
  });

  it.each([
    [
      'declined by the family',
      { familyGroupConference: { status: 'declined_by_family', date: day(183) } },
      'ifa_foster',
    ],
    ['family support declined', { familySupport: { status: 'declined', date: day(300) } }, 'residential'],
    ['family support still going on', { familySupport: { status: 'provided', from: day(40) } }, 'ifa_foster'],
    [
      'no in-house search for an in-house placement',
      { inHouseFosterSearch: { status: 'not_done' } },
      'in_house_foster',
    ],
  ])('passes: %s', async (_, ev, placementType) => {
    const { childId } = await seedChild(ds);
    const { json } = await submit(
      placementBody(childId, { placementType, evidence: { ...completeEvidence(), ...ev } }),
    );
    expect(json.gatekeeping.outcome).toBe('CLEARED');
  });

  it('kinship placement: only the conference is checked; a viable carer found clears it', async () => {
    const { childId } = await seedChild(ds);
    const held = await submit(placementBody(childId, { placementType: 'kinship', evidence: {} }));
    expect(held.json.gatekeeping.failedChecks).toEqual(['fgc_missing']);
    const { childId: other } = await seedChild(ds);
    const cleared = await submit(
      placementBody(other, {
        placementType: 'kinship',
        evidence: {
          familyGroupConference: { status: 'held', date: day(10) },
          kinshipAssessment: { status: 'viable_carer_found', date: day(2) },
        },
      }),
    );
    expect(cleared.json.gatekeeping).toEqual({ outcome: 'CLEARED', failedChecks: [], reviewDueAt: null });
  });

  it('an open level-4 IMMEDIATE decision in the 30 days before excuses family support; older or closed does not', async () => {
    const ev = { ...completeEvidence(), familySupport: { status: 'not_provided' } };
    const recent = await seedChild(ds, { decision: { needLevel: 4, priority: 'IMMEDIATE', daysAgo: 10 } });
    expect((await submit(placementBody(recent.childId, { evidence: ev }))).json.gatekeeping.outcome).toBe(
      'CLEARED',
    );
    const old = await seedChild(ds, { decision: { needLevel: 4, priority: 'IMMEDIATE', daysAgo: 31 } });
    expect(
      (await submit(placementBody(old.childId, { evidence: ev }))).json.gatekeeping.failedChecks,
    ).toEqual(['family_support_not_tried']);
    const closed = await seedChild(ds, {
      decision: { needLevel: 4, priority: 'IMMEDIATE', daysAgo: 3 },
      contactStatus: 'closed',
    });
    expect(
      (await submit(placementBody(closed.childId, { evidence: ev }))).json.gatekeeping.failedChecks,
    ).toEqual(['family_support_not_tried']);
  });

  it.each([
    ['emergency: true', { emergency: true }],
    ['police protection', { legalBasis: 'police_protection' }],
    ['an emergency protection order', { legalBasis: 'epo' }],
  ])(
    'emergency (%s): RETROSPECTIVE_REVIEW, review due 3 working days on, one RETROSPECTIVE_REVIEW_REQUIRED alert',
    async (_, over) => {
      const { childId } = await seedChild(ds);
      const { json } = await submit(
        placementBody(childId, {
          ...over,
          evidence: { familyGroupConference: { status: 'held', date: day(1) } },
        }),
      );
      expect(json.gatekeeping.outcome).toBe('RETROSPECTIVE_REVIEW');
      expect(json.gatekeeping.failedChecks).toEqual([
        'kinship_not_explored',
        'family_support_not_tried',
        'in_house_search_missing',
      ]);
      const due = new Date(json.gatekeeping.reviewDueAt).getTime() - new Date(json.receivedAt).getTime();
      expect(due).toBeGreaterThanOrEqual(3 * 86400000 - 3600000);
      expect(due).toBeLessThanOrEqual(7 * 86400000);
      expect(json.alerts).toEqual([expect.objectContaining({ kind: 'RETROSPECTIVE_REVIEW_REQUIRED' })]);
      const [alert] = await alertsFor(json.id);
      expect(alert.details.reviewDueAt).toBe(json.gatekeeping.reviewDueAt);
    },
  );

  it('a repeated request while the first is held is linked to it and raises no second alert', async () => {
    const { childId } = await seedChild(ds);
    const first = (await submit(placementBody(childId, { evidence: {} }))).json;
    const second = (await submit(placementBody(childId, { evidence: {} }))).json;
    expect(second.gatekeeping.outcome).toBe('HELD_FOR_PANEL');
    expect(second.linkedTo).toBe(first.id);
    expect(second.alerts.map((a: { id: string }) => a.id)).toEqual(
      first.alerts.map((a: { id: string }) => a.id),
    );
    const [{ n }] = await ds.query(
      `SELECT count(*)::int AS n FROM alerts a JOIN placement_requests p ON a.subject_id = p.id::text WHERE p.child_id = $1`,
      [childId],
    );
    expect(n).toBe(1);
    // Another type for the same child is a request of its own.
    const other = (await submit(placementBody(childId, { placementType: 'residential', evidence: {} }))).json;
    expect(other.linkedTo).toBeUndefined();
    expect(other.alerts).toHaveLength(1);
  });

  it('finds the child from identifiers as in a contact', async () => {
    const { childId, child } = await seedChild(ds);
    const { json } = await submit(
      placementBody(childId, {
        child: {
          firstName: child.firstName,
          lastName: child.lastName,
          dateOfBirth: child.dateOfBirth,
          nhsNumber: child.nhsNumber,
        },
      }),
    );
    expect(json.childId).toBe(childId);
    const unknown = await post(
      placementBody(childId, { child: { lastName: 'Nobody', dateOfBirth: '2015-01-01' } }),
    );
    expect(unknown.status).toBe(422);
  });

  it('invalid input: problem details naming every field, nothing recorded', async () => {
    const before = await ds.query('SELECT count(*)::int AS n FROM placement_requests');
    const res = await post({
      child: { id: '00000000-0000-4000-8000-000000000000' },
      placementType: 'hotel',
      legalBasis: 'whim',
      evidence: { familyGroupConference: { status: 'held', date: '2999-01-01' } },
    });
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    const problem: any = await res.json();
    expect(problem.errors.map((e: { path: string }) => e.path).sort()).toEqual(
      ['evidence.familyGroupConference.date', 'legalBasis', 'placementType'].sort(),
    );
    const unknownField = await post({
      ...placementBody('00000000-0000-4000-8000-000000000000'),
      colour: 'red',
    });
    expect(unknownField.status).toBe(400);
    const unknownChild = await post(placementBody('00000000-0000-4000-8000-000000000000'));
    expect(unknownChild.status).toBe(422);
    expect(((await unknownChild.json()) as any).errors).toEqual([
      { path: 'child.id', message: expect.any(String) },
    ]);
    const after = await ds.query('SELECT count(*)::int AS n FROM placement_requests');
    expect(after[0].n).toBe(before[0].n);
  });

  it('roles: social workers and managers submit; duty managers read; a social worker reads only their own; duty workers neither; no token 401', async () => {
    const { childId } = await seedChild(ds);
    const { json } = await submit(placementBody(childId), tokenFor(desk, 'manager'));
    expect((await post(placementBody(childId), tokenFor(desk, 'duty_manager'))).status).toBe(403);
    expect((await get(`/v1/placement-requests/${json.id}`, tokenFor(desk, 'duty_manager'))).status).toBe(200);
    expect((await get(`/v1/placement-requests/${json.id}`, tokenFor(desk, 'duty_worker'))).status).toBe(403);
    expect((await fetch(`${desk.url}/v1/placement-requests`)).status).toBe(401);
    expect((await get('/v1/placement-requests/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    const list: any = await (
      await get(`/v1/placement-requests?childId=${childId}`, tokenFor(desk, 'duty_manager'))
    ).json();
    expect(list.items.map((i: { id: string }) => i.id)).toEqual([json.id]);
    // A social worker sees only the requests they made: this one is a manager's.
    const own: any = await (await get(`/v1/placement-requests?childId=${childId}`)).json();
    expect(own.items).toEqual([]);
    expect((await get(`/v1/placement-requests/${json.id}`)).status).toBe(404);
  });
});
