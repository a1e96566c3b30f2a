import { STAFF_ROLES, StaffRole } from '@app/auth';
import { isolateTestFile } from '@app/testing';
import { createHttpApp } from '@app/http';
import { RunningApp, startHttpApp } from '../support/apps';
import { staffUser } from '../desk/desk-harness';

const ID = '00000000-0000-4000-8000-000000000000';
const READERS: StaffRole[] = ['social_worker', 'manager', 'duty_manager', 'head_of_service'];
const CHAIRS: StaffRole[] = ['manager', 'head_of_service'];
const UPDATERS: StaffRole[] = ['social_worker', 'manager', 'head_of_service'];

/** Every placement endpoint and the roles that may call it (apps/desk/src/desk-roles.ts). */
const ENDPOINTS: { method: string; path: string; roles: StaffRole[]; operationId: string }[] = [
  {
    method: 'POST',
    path: '/v1/placement-requests',
    roles: ['social_worker', 'manager'],
    operationId: 'createPlacementRequest',
  },
  { method: 'GET', path: '/v1/placement-requests', roles: READERS, operationId: 'listPlacementRequests' },
  {
    method: 'GET',
    path: `/v1/placement-requests/${ID}`,
    roles: READERS,
    operationId: 'readPlacementRequest',
  },
  {
    method: 'GET',
    path: `/v1/placement-requests/${ID}/timeline`,
    roles: READERS,
    operationId: 'getPlacementRequestTimeline',
  },
  { method: 'GET', path: '/v1/placement-panel', roles: CHAIRS, operationId: 'listPlacementPanel' },
  {
    method: 'POST',
    path: `/v1/placement-requests/${ID}/panel-decisions`,
    roles: CHAIRS,
    operationId: 'createPanelDecision',
  },
  {
    method: 'POST',
    path: `/v1/placement-requests/${ID}/panel-actions/${ID}/done`,
    roles: ['social_worker', 'duty_worker', 'duty_manager', 'manager', 'head_of_service'],
    operationId: 'completePanelAction',
  },
  {
    method: 'PATCH',
    path: `/v1/placement-requests/${ID}/evidence`,
    roles: UPDATERS,
    operationId: 'updatePlacementEvidence',
  },
  {
    method: 'POST',
    path: `/v1/placement-requests/${ID}/outcome`,
    roles: UPDATERS,
    operationId: 'recordPlacementOutcome',
  },
  {
    method: 'GET',
    path: '/v1/insights/placements?from=2026-01-01&to=2026-01-31',
    roles: ['duty_manager', 'manager', 'head_of_service', 'admin'],
    operationId: 'getPlacementSufficiency',
  },
  {
    method: 'GET',
    path: '/v1/insights/placements.csv?from=2026-01-01&to=2026-01-31',
    roles: ['duty_manager', 'manager', 'head_of_service', 'admin'],
    operationId: 'getPlacementSufficiencyCsv',
  },
];

/** The status of a call (the body may be CSV, or a problem). */
async function statusOf(desk: RunningApp, token: string | null, method: string, path: string) {
  const res = await fetch(`${desk.url}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(method !== 'GET' ? { 'content-type': 'application/json' } : {}),
    },
    body: method === 'GET' ? undefined : '{}',
  });
  await res.arrayBuffer();
  return res.status;
}

describe('placement endpoints: each states its roles and refuses the rest; each is documented', () => {
  let desk: RunningApp;
  const tokens = {} as Record<StaffRole, string>;

  beforeAll(async () => {
    isolateTestFile();
    const { DeskAppModule } = await import('../../apps/desk/src/desk-app.module');
    desk = await startHttpApp(DeskAppModule);
    for (const role of STAFF_ROLES) tokens[role] = (await staffUser(desk, role)).token;
  });
  afterAll(async () => {
    await desk?.close();
  });

  it.each(ENDPOINTS.map((e) => [`${e.method} ${e.path}`, e] as const))('%s', async (_name, e) => {
    expect(await statusOf(desk, null, e.method, e.path)).toBe(401);
    for (const role of STAFF_ROLES) {
      const status = await statusOf(desk, tokens[role], e.method, e.path);
      if (e.roles.includes(role)) expect([role, status]).not.toEqual([role, 403]);
      else expect([role, status]).toEqual([role, 403]);
    }
  });

  it('the OpenAPI document names each with its operationId, request body and problem answers', async () => {
    const { DeskAppModule } = await import('../../apps/desk/src/desk-app.module');
    const app = await createHttpApp(DeskAppModule, { title: 'desk', description: 'desk', openApi: true });
    await app.listen(0, '127.0.0.1');
    try {
      const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
      const doc: any = await (await fetch(`${url}/docs-json`)).json();
      const ops = new Map<string, any>();
      for (const [p, methods] of Object.entries<any>(doc.paths))
        for (const [m, op] of Object.entries<any>(methods))
          ops.set(op.operationId, { ...op, path: p, method: m });
      for (const e of ENDPOINTS) {
        const op = ops.get(e.operationId);
        expect(op).toBeTruthy();
        expect(op.responses['401']).toBeTruthy();
        expect(op.responses['403']).toBeTruthy();
      }
      const decide = ops.get('createPanelDecision');
      expect(decide.requestBody.content['application/json'].schema.$ref).toMatch(/PanelDecisionBody$/);
      expect(decide.responses['422'].content['application/problem+json']).toBeTruthy();
      expect(doc.components.schemas.PanelDecisionBody.properties.decision.enum).toEqual([
        'approved',
        'approved_with_conditions',
        'declined',
        'deferred',
      ]);
      expect(doc.components.schemas.OutcomeBody.properties.provider.enum).toEqual([
        'in_house',
        'independent',
        'council_residential',
        'unregistered',
      ]);
      expect(doc.components.schemas.ProblemDetailsDto).toBeTruthy();
      // Every answer of the new reads is described.
      for (const id of ['listPlacementPanel', 'getPlacementRequestTimeline', 'getPlacementSufficiency'])
        expect(ops.get(id).responses['200'].content['application/json'].schema.$ref).toBeTruthy();
      expect(Object.keys(doc.components.schemas.SufficiencyAnswer.properties)).toEqual([
        'from',
        'to',
        'requests',
        'gatekeeping',
        'panel',
        'outcomes',
        'placements',
      ]);
    } finally {
      await app.close();
    }
  });
});
