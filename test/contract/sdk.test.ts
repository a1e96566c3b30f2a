import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { contactBody, isolateTestFile } from '@app/testing';
import {
  createPartnerClient,
  createStaffClient,
  PartnerClient,
  PartnerComponents,
  ProblemDetails,
  StaffClient,
} from '@app/sdk';
import { healthReferralSample } from '../../apps/intake-api/src/adapters/health/health-referral.example';
import { policeNotificationSample } from '../../apps/intake-api/src/adapters/police/police-notification.example';
import { schoolConcernSample } from '../../apps/intake-api/src/adapters/schools/school-concern.example';
import { StaffUserAdmin } from '../../apps/desk/src/staff-users/staff-user-admin';
import { isolateDatabase, RunningApp, startDesk, startIntake } from '../support/apps';
import { createTestPartner } from '../support/pipeline';
import { seedItem } from '../desk/desk-harness';
import { placementBody, seedChild } from '../placement/placement-support';

type Contact = PartnerComponents['schemas']['ContactDto'];

/**
 * The partner and staff flows driven through the generated SDK (libs/sdk, openapi-typescript +
 * openapi-fetch) against the live apps: what compiles here is what the documents promise, and each
 * answer is the documented one.
 */
describe('contract: the flows through the generated SDK', () => {
  let intake: RunningApp;
  let desk: RunningApp;
  let db: Awaited<ReturnType<typeof isolateDatabase>>;
  let ds: DataSource;
  let school: PartnerClient;
  let police: PartnerClient;
  let health: PartnerClient;

  beforeAll(async () => {
    isolateTestFile();
    db = await isolateDatabase();
    intake = await startIntake();
    desk = await startDesk();
    ds = desk.app.get(DataSource);
    const client = async (agency: string) =>
      createPartnerClient({ baseUrl: intake.url, apiKey: (await createTestPartner(intake, agency)).key });
    school = await client('school');
    police = await client('police');
    health = await client('health_ae');
  });

  afterAll(async () => {
    await intake?.close();
    await desk?.close();
    await db?.drop();
  });

  const submit = (body: Contact, key: string) =>
    school.POST('/v1/contacts', { params: { header: { 'Idempotency-Key': key } }, body });
  const faultPaths = (error: ProblemDetails | undefined) => (error?.errors ?? []).map((e) => e.path).sort();

  describe('partner', () => {
    it('submits (202, Location), replays the same key and body to the same contact, and reads it back', async () => {
      const key = randomUUID();
      const body = contactBody() as Contact;
      const first = await submit(body, key);
      expect(first.response.status).toBe(202);
      expect(first.data).toEqual({ id: expect.any(String), status: 'received' });
      const id = first.data!.id;
      expect(first.response.headers.get('location')).toBe(`/v1/contacts/${id}`);

      const again = await submit(body, key);
      expect(again.response.status).toBe(202);
      expect(again.data?.id).toBe(id);

      const read = await school.GET('/v1/contacts/{id}', { params: { path: { id } } });
      expect(read.response.status).toBe(200);
      expect(read.data).toMatchObject({ id, receivedAt: expect.any(String) });
      expect(['received', 'triaged']).toContain(read.data!.status);
    });

    it('the same key with another body is a 409 problem', async () => {
      const key = randomUUID();
      expect((await submit(contactBody() as Contact, key)).response.status).toBe(202);
      const other = contactBody({ concerns: { summary: 'Something else entirely.' } }) as Contact;
      const { error, response } = await submit(other, key);
      expect(response.status).toBe(409);
      expect(response.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect(error).toMatchObject({ status: 409, title: expect.any(String) });
    });

    it('each kind of validation fault is a typed problem naming its fields', async () => {
      const unknownField = await submit({ ...contactBody(), priority: 'high' } as Contact, randomUUID());
      expect([unknownField.response.status, faultPaths(unknownField.error)]).toEqual([400, ['priority']]);

      const wrongType = await submit(
        contactBody({ concerns: { immediateRisk: 'yes' } }) as unknown as Contact,
        randomUUID(),
      );
      expect([wrongType.response.status, faultPaths(wrongType.error)]).toEqual([
        400,
        ['concerns.immediateRisk'],
      ]);

      const noKey = await school.POST('/v1/contacts', {
        params: { header: {} as { 'Idempotency-Key': string } },
        body: contactBody() as Contact,
      });
      expect(noKey.response.status).toBe(400);
      expect(faultPaths(noKey.error)[0]).toMatch(/idempotency-key/i);

      const rules = await submit(
        contactBody({ child: { nhsNumber: '9434765918' }, consent: 'maybe' }) as Contact,
        randomUUID(),
      );
      expect(rules.response.status).toBe(422);
      expect(rules.error?.type).toBe('/problems/validation');
      expect(faultPaths(rules.error)).toEqual(['child.nhsNumber', 'consent']);

      const notFound = await school.GET('/v1/contacts/{id}', { params: { path: { id: randomUUID() } } });
      expect(notFound.response.status).toBe(404);
      expect(notFound.error?.status).toBe(404);
    });

    it('the three adapters record one contact per child', async () => {
      const header = () => ({ header: { 'Idempotency-Key': randomUUID() } });
      const p = await police.POST('/v1/adapters/police/notifications', {
        params: header(),
        body: policeNotificationSample() as never,
      });
      expect(p.response.status).toBe(202);
      expect(p.data?.contacts.length).toBeGreaterThan(0);
      const s = await school.POST('/v1/adapters/schools/concerns', {
        params: header(),
        body: schoolConcernSample() as never,
      });
      expect(s.response.status).toBe(202);
      expect(s.data?.contacts[0].status).toBe('received');
      const h = await health.POST('/v1/adapters/health/referrals', {
        params: header(),
        body: healthReferralSample() as never,
      });
      expect(h.response.status).toBe(202);
      expect(h.data?.contacts[0].location).toBe(`/v1/contacts/${h.data?.contacts[0].id}`);
    });
  });

  describe('staff', () => {
    const password = 'a-long-test-password';
    let seq = 0;
    /** A staff user of the test's own, logged in through the SDK. */
    async function signedIn(
      role: Parameters<StaffUserAdmin['create']>[1],
    ): Promise<{ client: StaffClient; username: string }> {
      const username = `sdk-${role.replace(/_/g, '-')}-${process.pid}-${seq++}-${Date.now().toString(36)}`;
      await new StaffUserAdmin(ds).create(username, role, password);
      const anonymous = createStaffClient({ baseUrl: desk.url });
      const { data, response } = await anonymous.POST('/v1/auth/login', { body: { username, password } });
      expect(response.status).toBe(200);
      expect(data?.role).toBe(role);
      const token = data!.accessToken;
      return { client: createStaffClient({ baseUrl: desk.url, getToken: () => token }), username };
    }

    it('logs in, and a wrong password is a typed 401 problem', async () => {
      const { client, username } = await signedIn('duty_worker');
      const me = await client.GET('/v1/auth/me');
      expect(me.data).toMatchObject({ username, role: 'duty_worker' });
      const wrong = await createStaffClient({ baseUrl: desk.url }).POST('/v1/auth/login', {
        body: { username, password: 'not-the-password' },
      });
      expect(wrong.response.status).toBe(401);
      expect(wrong.error?.status).toBe(401);
    });

    it('queue, claim, confirm, close; claim and override another; the child view', async () => {
      const { client, username } = await signedIn('duty_worker');
      const soon = new Date(Date.now() + 3_600_000);
      const a = await seedItem(ds, { dueAt: soon });
      const b = await seedItem(ds, { dueAt: soon });

      const queue = await client.GET('/v1/queue', { params: { query: { limit: 500, status: 'awaiting' } } });
      expect(queue.response.status).toBe(200);
      expect(queue.data!.items.map((i) => i.contactId)).toEqual(
        expect.arrayContaining([a.contactId, b.contactId]),
      );

      const claim = await client.POST('/v1/queue/{contactId}/claim', {
        params: { path: { contactId: a.contactId } },
      });
      expect(claim.data?.claimedBy).toBe(username);
      const confirm = await client.POST('/v1/queue/{contactId}/confirm', {
        params: { path: { contactId: a.contactId } },
        body: { note: 'Agree with the recommendation' },
      });
      expect(confirm.data?.state).toBe('decided');
      const close = await client.POST('/v1/queue/{contactId}/close', {
        params: { path: { contactId: a.contactId } },
        body: { outcome: 'EARLY_HELP', cinNoFurtherAction: false },
      });
      expect(close.response.status).toBe(200);
      expect(close.data?.state).toBe('closed');

      await client.POST('/v1/queue/{contactId}/claim', { params: { path: { contactId: b.contactId } } });
      const override = await client.POST('/v1/queue/{contactId}/override', {
        params: { path: { contactId: b.contactId } },
        body: { needLevel: 3, reason: 'Sibling already open to the assessment team' },
      });
      expect(override.response.status).toBe(200);
      expect(override.data).toMatchObject({ state: 'decided', needLevel: 3 });
      const tooShort = await client.POST('/v1/queue/{contactId}/override', {
        params: { path: { contactId: b.contactId } },
        body: { reason: 'no' },
      });
      expect([400, 422]).toContain(tooShort.response.status);
      expect(tooShort.error?.errors?.length).toBeGreaterThan(0);

      const child = await client.GET('/v1/children/{childId}', { params: { path: { childId: a.childId } } });
      expect(child.response.status).toBe(200);
      expect(child.data?.childId).toBe(a.childId);
      expect(child.data?.contacts.map((c) => c.id)).toContain(a.contactId);
    });

    it('a placement request, and its alert acknowledged', async () => {
      const { client: socialWorker } = await signedIn('social_worker');
      const { client: dutyManager } = await signedIn('duty_manager');
      const { childId } = await seedChild(ds);
      const cleared = await socialWorker.POST('/v1/placement-requests', {
        body: placementBody(childId) as never,
      });
      expect(cleared.response.status).toBe(201);
      expect(cleared.data?.childId).toBe(childId);
      const read = await socialWorker.GET('/v1/placement-requests/{id}', {
        params: { path: { id: cleared.data!.id } },
      });
      expect(read.data?.gatekeeping.outcome).toBe(cleared.data?.gatekeeping.outcome);

      const { childId: other } = await seedChild(ds);
      const held = await socialWorker.POST('/v1/placement-requests', {
        body: placementBody(other, { evidence: {} }) as never,
      });
      const alertId = held.data!.alerts[0].id;
      const ack = await dutyManager.POST('/v1/alerts/{id}/acknowledge', {
        params: { path: { id: alertId } },
        body: { note: 'Spoke to the placing social worker' },
      });
      expect(ack.response.status).toBe(200);
      expect(ack.data?.acknowledgedAt).toEqual(expect.any(String));
      const feed = await dutyManager.GET('/v1/alerts');
      expect(feed.data?.items.some((i) => i.id === alertId)).toBe(true);
    });

    it('insights reads and criteria evaluate', async () => {
      const { client: manager } = await signedIn('manager');
      const query = { from: '2026-01-01', to: '2026-01-31' };
      const daily = await manager.GET('/v1/insights/daily', { params: { query } });
      expect(daily.response.status).toBe(200);
      expect(typeof daily.data?.series).toBe('object');
      const spikes = await manager.GET('/v1/insights/spikes', { params: { query } });
      expect(Array.isArray(spikes.data?.spikes)).toBe(true);
      const summary = await manager.GET('/v1/insights/summary', { params: { query } });
      expect(summary.response.status).toBe(200);
      // A typed answer (InsightsSummary), not an open object.
      expect(summary.data?.from).toBe(query.from);
      expect(typeof summary.data?.queue.depth).toBe('number');
      expect(typeof summary.data?.conversion.triaged).toBe('number');
      const badRange = await manager.GET('/v1/insights/daily', { params: { query: { from: 'x', to: 'y' } } });
      expect(badRange.response.status).toBe(400);

      const { client: dutyManager } = await signedIn('duty_manager');
      const evaluated = await dutyManager.POST('/v1/criteria/evaluate', {
        body: { at: new Date().toISOString(), contact: contactBody() as Contact },
      });
      expect(evaluated.response.status).toBe(200);
      expect(evaluated.data?.decision.needLevel).toBeGreaterThanOrEqual(1);
    });
  });
});
