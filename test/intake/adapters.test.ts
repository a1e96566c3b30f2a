import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { StaffTokens } from '@app/auth';
import { contactBody, isolateTestFile, waitFor } from '@app/testing';
import { healthReferralSample } from '../../apps/intake-api/src/adapters/health/health-referral.example';
import {
  policeMissingSample,
  policeNotificationSample,
} from '../../apps/intake-api/src/adapters/police/police-notification.example';
import { schoolConcernSample } from '../../apps/intake-api/src/adapters/schools/school-concern.example';
import { isolateDatabase, RunningApp, startIntake, startTriage } from '../support/apps';
import { createTestPartner } from '../support/pipeline';

/**
 * The three partner adapters end to end: a partner's native record in, canonical contacts recorded with
 * the indicators section 7 derives, triaged through the real Kafka, read back as decisions.
 */
describe('intake: partner adapters (police, schools, health) to triaged decisions', () => {
  let intake: RunningApp;
  let triage: RunningApp;
  let db: Awaited<ReturnType<typeof isolateDatabase>>;
  let ds: DataSource;
  let police: { key: string; partnerId: string };
  let school: { key: string; partnerId: string };
  let health: { key: string; partnerId: string };

  beforeAll(async () => {
    isolateTestFile();
    db = await isolateDatabase();
    intake = await startIntake();
    triage = await startTriage();
    ds = intake.app.get(DataSource);
    police = await createTestPartner(intake, 'police');
    school = await createTestPartner(intake, 'school');
    // A hospital trust registered for its emergency department and its GP practices.
    health = await createTestPartner(intake, ['health_ae', 'health_gp']);
  });

  afterAll(async () => {
    await triage?.close();
    await intake?.close();
    await db?.drop();
  });

  const post = (path: string, key: string, body: unknown, idempotencyKey?: string) =>
    fetch(`${intake.url}/v1/adapters/${path}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${key}`,
        'content-type': 'application/json',
        ...(idempotencyKey === undefined ? {} : { 'idempotency-key': idempotencyKey }),
      },
      body: JSON.stringify(body),
    });

  const storedContact = async (id: string) =>
    (
      await ds.query(
        `SELECT agency, cin_code, household_ref, idempotency_key, nhs_number, upn, postcode, body FROM contacts WHERE id = $1`,
        [id],
      )
    )[0];

  /** Waits for triage (through Kafka) and reads the decision back as duty staff would (partners see no decision). */
  const triaged = (id: string, _key: string) =>
    waitFor(
      `contact ${id} to be triaged`,
      async () => {
        const staff = intake.app
          .get(StaffTokens)
          .issue({ id: randomUUID(), username: 'duty', role: 'duty_worker' });
        const res = await fetch(`${intake.url}/v1/contacts/${id}`, {
          headers: { authorization: `Bearer ${staff}` },
        });
        const view: any = await res.json();
        return view.status === 'triaged' ? view : null;
      },
      60_000,
      100,
    );

  const reasonCodes = (view: any) => view.decision.reasons.map((r: { code: string }) => r.code);
  const contactCount = async () => (await ds.query('SELECT count(*)::int AS n FROM contacts'))[0].n as number;

  describe('police notifications', () => {
    it('one contact per child of the household, linked by householdRef, with the DASH code, triaged', async () => {
      const res = await post('police/notifications', police.key, policeNotificationSample(), 'ppn-4512');
      expect(res.status).toBe(202);
      const accepted: any = await res.json();
      expect(accepted.householdRef).toBe('police:43260012345');
      expect(accepted.contacts).toHaveLength(2);
      expect(res.headers.get('location')).toBe(accepted.contacts[0].location);

      const [maya, theo] = await Promise.all(
        accepted.contacts.map((c: { id: string }) => storedContact(c.id)),
      );
      for (const [i, row] of [maya, theo].entries()) {
        expect(row).toMatchObject({
          agency: 'police',
          cin_code: '6',
          household_ref: 'police:43260012345',
          idempotency_key: `ppn-4512:${i}`,
          postcode: 'OX16 1AA',
        });
        expect(row.body.concerns).toMatchObject({
          indicators: ['domestic_abuse_medium_risk', 'parental_substance_misuse'],
          immediateRisk: false,
          allegedPerpetratorHasAccess: true,
        });
        expect(row.body.consent).toBe('not_required');
      }
      expect(maya.nhs_number).toBe('9434765919');
      expect(maya.body.child.firstName).toBe('Maya');
      expect(theo.body.child.firstName).toBe('Theo');

      for (const c of accepted.contacts) {
        const view = await triaged(c.id, police.key);
        expect(view.decision.needLevel).toBeGreaterThanOrEqual(3);
        expect(reasonCodes(view)).toEqual(expect.arrayContaining(['indicator:domestic_abuse_medium_risk']));
      }
    });

    it('a child found on the third missing report in 90 days: missing_episodes_repeat and exploitation, triaged', async () => {
      const res = await post('police/notifications', police.key, policeMissingSample(), 'ppn-4777');
      expect(res.status).toBe(202);
      const { contacts }: any = await res.json();
      expect(contacts).toHaveLength(1);
      const row = await storedContact(contacts[0].id);
      expect(row.body.concerns.indicators).toEqual(['missing_episodes_repeat', 'exploitation_cse_cce']);
      const view = await triaged(contacts[0].id, police.key);
      expect(view.decision.needLevel).toBe(4);
    });

    it('police protection used: that child immediateRisk, others not', async () => {
      const body: any = policeNotificationSample();
      body.incident = { ...body.incident, reference: '43260055555', type: 'police_protection' };
      delete body.incident.dash;
      body.household.children[1].policeProtectionUsed = true;
      const res = await post('police/notifications', police.key, body, 'ppn-pp');
      expect(res.status).toBe(202);
      const { contacts }: any = await res.json();
      const rows = await Promise.all(contacts.map((c: { id: string }) => storedContact(c.id)));
      expect(rows.map((r) => r.body.concerns.immediateRisk)).toEqual([false, true]);
    });

    it('a replay gives the same contacts; the same key with a different notification is 409; nothing twice', async () => {
      const first: any = await (
        await post('police/notifications', police.key, policeNotificationSample(), 'ppn-4512')
      ).json();
      const before = await contactCount();
      const concurrent = await Promise.all(
        Array.from({ length: 5 }, () =>
          post('police/notifications', police.key, policeNotificationSample(), 'ppn-4512'),
        ),
      );
      for (const res of concurrent) {
        expect(res.status).toBe(202);
        expect(((await res.json()) as any).contacts.map((c: { id: string }) => c.id)).toEqual(
          first.contacts.map((c: { id: string }) => c.id),
        );
      }
      const changed: any = policeNotificationSample();
      changed.incident.dash.riskGrade = 'high';
      const conflict = await post('police/notifications', police.key, changed, 'ppn-4512');
      expect(conflict.status).toBe(409);
      expect(await contactCount()).toBe(before);
    });

    it('faults are named in the police format, all at once, and nothing of the household is stored', async () => {
      const before = await contactCount();
      const body: any = policeNotificationSample();
      body.incident.reference = '43260066666';
      body.household.children[1].dateOfBirth = '2099-01-01';
      body.household.children[0].nhsNumber = '1234567890';
      const res = await post('police/notifications', police.key, body, 'ppn-bad');
      expect(res.status).toBe(422);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      const problem: any = await res.json();
      // The notification's own faults and the contract's (a date of birth in the future), in one answer.
      expect(problem.errors.map((e: { path: string }) => e.path)).toEqual([
        'household.children[0].nhsNumber',
        'household.children[1].dateOfBirth',
      ]);

      body.officer.badgeColour = 'blue';
      const unknown = await post('police/notifications', police.key, body, 'ppn-bad');
      expect(unknown.status).toBe(400);
      // An unknown field makes it malformed (400); the rule faults are still named with it.
      expect(((await unknown.json()) as any).errors).toEqual([
        { path: 'household.children[0].nhsNumber', message: expect.any(String) },
        { path: 'officer.badgeColour', message: 'is not a field of the contract' },
      ]);
      expect(await contactCount()).toBe(before);
    });

    it('requires an Idempotency-Key (400) and a police partner (403); no key is 401', async () => {
      expect((await post('police/notifications', police.key, policeNotificationSample())).status).toBe(400);
      expect((await post('police/notifications', school.key, policeNotificationSample(), 'x')).status).toBe(
        403,
      );
      const res = await fetch(`${intake.url}/v1/adapters/police/notifications`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': 'x' },
        body: JSON.stringify(policeNotificationSample()),
      });
      expect(res.status).toBe(401);
    });
  });

  describe('school concerns', () => {
    it('attendance, suspensions and the neglect category give their codes; UPN and CIN 2A stored; triaged', async () => {
      const res = await post('schools/concerns', school.key, schoolConcernSample(), 'cpoms-88213');
      expect(res.status).toBe(202);
      const { contacts }: any = await res.json();
      expect(contacts).toHaveLength(1);
      const row = await storedContact(contacts[0].id);
      expect(row).toMatchObject({
        agency: 'school',
        cin_code: '2A',
        upn: 'A123456789012',
        household_ref: null,
      });
      expect(row.idempotency_key).toBe('cpoms-88213:0');
      expect(row.body.concerns.indicators).toEqual([
        'neglect_emerging',
        'attendance_persistent_absence',
        'exclusion_suspension_repeat',
      ]);
      expect(row.body.source.referrer).toMatchObject({
        name: 'A. Patel',
        role: 'Designated Safeguarding Lead',
      });
      const view = await triaged(contacts[0].id, school.key);
      expect(view.decision.needLevel).toBeGreaterThanOrEqual(2);
      expect(reasonCodes(view).length).toBeGreaterThan(0);
    });

    it('severe absence and a permanent exclusion', async () => {
      const body: any = schoolConcernSample();
      body.concernRef = 'CPOMS-90001';
      body.attendance.percentage = 41;
      body.exclusions = { suspensionsThisSchoolYear: 0, permanentlyExcluded: true };
      const { contacts }: any = await (
        await post('schools/concerns', school.key, body, 'cpoms-90001')
      ).json();
      const row = await storedContact(contacts[0].id);
      expect(row.body.concerns.indicators).toEqual([
        'neglect_emerging',
        'attendance_severe_absence',
        'exclusion_permanent',
      ]);
    });

    it('names faults in the school format (422) and refuses a health partner (403)', async () => {
      const body: any = schoolConcernSample();
      body.pupil.upn = 'B123456789012';
      body.attendance.percentage = 'ninety';
      const res = await post('schools/concerns', school.key, body, 'cpoms-bad');
      expect(res.status).toBe(400);
      expect(((await res.json()) as any).errors.map((e: { path: string }) => e.path)).toEqual([
        'attendance.percentage',
        'pupil.upn',
      ]);
      expect((await post('schools/concerns', health.key, schoolConcernSample(), 'x')).status).toBe(403);
    });
  });

  describe('health referrals', () => {
    it('an injured non-mobile infant with an explanation that does not fit, and missed appointments: triaged at level 4', async () => {
      const res = await post('health/referrals', health.key, healthReferralSample(), 'ed-0042');
      expect(res.status).toBe(202);
      const { contacts }: any = await res.json();
      const row = await storedContact(contacts[0].id);
      expect(row).toMatchObject({ agency: 'health_ae', cin_code: '3E', nhs_number: '4010232137' });
      expect(row.body.concerns.indicators).toEqual([
        'injury_non_mobile_infant',
        'physical_abuse_injury',
        'missed_health_appointments',
      ]);
      const view = await triaged(contacts[0].id, health.key);
      expect(view.decision.needLevel).toBe(4);
      expect(reasonCodes(view)).toEqual(expect.arrayContaining(['indicator:injury_non_mobile_infant']));
    });

    it('the setting decides the agency and CIN code (a GP: 3A)', async () => {
      const body: any = healthReferralSample();
      body.referralRef = 'GP-2026-7';
      body.setting = 'gp';
      body.organisation = 'Banbury Cross Health Centre';
      const { contacts }: any = await (await post('health/referrals', health.key, body, 'gp-7')).json();
      expect(await storedContact(contacts[0].id)).toMatchObject({ agency: 'health_gp', cin_code: '3A' });
    });

    it('an NHS number is required and checked; faults named in the health format', async () => {
      const before = await contactCount();
      const body: any = healthReferralSample();
      body.patient.nhsNumber = '4010232138';
      body.injury.mobility = 'flying';
      const res = await post('health/referrals', health.key, body, 'ed-bad');
      expect(res.status).toBe(422);
      expect(((await res.json()) as any).errors.map((e: { path: string }) => e.path)).toEqual([
        'injury.mobility',
        'patient.nhsNumber',
      ]);
      expect(await contactCount()).toBe(before);
    });
  });

  it('the generic contract still takes a householdRef, as the adapters set it', async () => {
    const res = await fetch(`${intake.url}/v1/contacts`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${police.key}`,
        'content-type': 'application/json',
        'idempotency-key': 'generic-household',
      },
      body: JSON.stringify(
        contactBody({
          source: { agency: 'police', organisation: 'Thames Valley Police' },
          householdRef: 'police:1',
        }),
      ),
    });
    expect(res.status).toBe(202);
  });
});
