import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { DataSource } from 'typeorm';
import { contactBody, isolateTestFile, nhsNumberFor } from '@app/testing';
import { healthReferralSample } from '../../apps/intake-api/src/adapters/health/health-referral.example';
import { isolateDatabase, RunningApp, startIntake, startTriage } from '../support/apps';
import { createTestPartner, postContact, waitForDecision } from '../support/pipeline';

const run = promisify(execFile);

/**
 * Partners see only their own (contact-api.md, "Reading a contact"): status and outcome, nothing another
 * agency said; a partner sends only as the agencies it is registered for; the CLI registers several.
 */
describe('partners: their own contact only, their own agencies only', () => {
  let intake: RunningApp;
  let triage: RunningApp;
  let db: Awaited<ReturnType<typeof isolateDatabase>>;
  let ds: DataSource;
  let school: { key: string; partnerId: string };
  let police: { key: string; partnerId: string };

  beforeAll(async () => {
    isolateTestFile();
    db = await isolateDatabase();
    intake = await startIntake();
    triage = await startTriage();
    ds = intake.app.get(DataSource);
    school = await createTestPartner(intake, 'school');
    police = await createTestPartner(intake, 'police');
  });
  afterAll(async () => {
    await triage?.close();
    await intake?.close();
    await db?.drop();
  });

  const read = async (id: string, key: string) => {
    const res = await fetch(`${intake.url}/v1/contacts/${id}`, {
      headers: { authorization: `Bearer ${key}` },
    });
    return { status: res.status, body: (await res.json()) as any };
  };

  /** A duty worker's decision on the contact, as the desk records it. */
  const dutyDecision = async (
    contactId: string,
    kind: 'confirm' | 'override' | 'close',
    route: string,
    outcome?: string,
  ) => {
    const [c] = await ds.query('SELECT child_id FROM contacts WHERE id = $1', [contactId]);
    await ds.query(
      `INSERT INTO duty_decisions (id, contact_id, child_id, kind, actor, actor_role, recommended, need_level, route,
                                   team, reason, outcome, cin_no_further_action)
       VALUES ($1, $2, $3, $4, 'duty', 'duty_worker', '{}', 2, $5, 'LOCALITY_NORTH', $6, $7, $8)`,
      [
        randomUUID(),
        contactId,
        c.child_id,
        kind,
        route,
        kind === 'override' ? 'a reason' : null,
        outcome ?? null,
        kind === 'close' ? outcome === 'NO_FURTHER_ACTION' : null,
      ],
    );
    await ds.query(`UPDATE contacts SET status = $2 WHERE id = $1`, [
      contactId,
      kind === 'close' ? 'closed' : 'decided',
    ]);
  };

  it("a school reading its own contact sees status and outcome only, nothing of the police's contact", async () => {
    const nhs = nhsNumberFor(7001);
    const policeRes = await postContact(
      intake,
      police.key,
      contactBody({
        source: { agency: 'police', organisation: 'Thames Valley Police' },
        child: { nhsNumber: nhs },
        concerns: { indicators: ['domestic_abuse_high_risk'], summary: 'DASH high risk incident' },
      }),
    );
    expect(policeRes.status).toBe(202);
    const policeId = ((await policeRes.json()) as any).id;
    await waitForDecision(ds, policeId);
    const schoolRes = await postContact(intake, school.key, contactBody({ child: { nhsNumber: nhs } }));
    const id = ((await schoolRes.json()) as any).id;
    await waitForDecision(ds, id);

    const own = await read(id, school.key);
    expect(own.status).toBe(200);
    expect(own.body).toEqual({ id, status: 'triaged', receivedAt: expect.any(String), outcome: null });
    const text = JSON.stringify(own.body);
    for (const leak of ['domestic_abuse', policeId, 'needLevel', 'reasons', 'childId', 'decision'])
      expect(text).not.toContain(leak);

    // A duty worker's confirmation tells the school what the council is doing.
    await dutyDecision(id, 'confirm', 'LOCALITY_EARLY_HELP');
    const decided = await read(id, school.key);
    expect(decided.body).toEqual({
      id,
      status: 'decided',
      receivedAt: own.body.receivedAt,
      outcome: { decidedAt: expect.any(String), response: 'early_help', team: 'LOCALITY_NORTH' },
    });
    // Still DUTY_REVIEW after an override: no outcome yet. Closed with no further action: that.
    await dutyDecision(id, 'override', 'DUTY_REVIEW');
    expect((await read(id, school.key)).body.outcome).toBeNull();
    await dutyDecision(id, 'close', 'DUTY_REVIEW', 'NO_FURTHER_ACTION');
    expect((await read(id, school.key)).body).toMatchObject({
      status: 'closed',
      outcome: { response: 'no_further_action' },
    });
    // And the police cannot read the school's contact at all.
    expect((await read(id, police.key)).status).toBe(404);
  });

  it('a police key cannot send as the council (403 naming source.agency); nothing is recorded', async () => {
    const before = (await ds.query('SELECT count(*)::int AS n FROM contacts'))[0].n;
    const res = await postContact(
      intake,
      police.key,
      contactBody({ source: { agency: 'la_social_care', organisation: 'County Council' } }),
    );
    expect(res.status).toBe(403);
    const problem: any = await res.json();
    expect(problem.errors).toEqual([{ path: 'source.agency', message: expect.any(String) }]);
    expect(JSON.stringify(problem)).not.toContain('la_social_care');
    expect((await ds.query('SELECT count(*)::int AS n FROM contacts'))[0].n).toBe(before);
  });

  it('an adapter refuses a mapped agency the partner is not registered for, named in the native format', async () => {
    const ae = await createTestPartner(intake, 'health_ae');
    const body: any = healthReferralSample();
    body.setting = 'gp';
    const res = await fetch(`${intake.url}/v1/adapters/health/referrals`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${ae.key}`,
        'content-type': 'application/json',
        'idempotency-key': 'gp-1',
      },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(403);
    expect(((await res.json()) as any).errors).toEqual([{ path: 'setting', message: expect.any(String) }]);
  });

  it('npm run partners -- create takes --agency more than once; the partner may send as each, and only those', async () => {
    const name = `multi-${Date.now()}`;
    const out = await run(
      'npm',
      [
        'run',
        '--silent',
        'partners',
        '--',
        'create',
        '--name',
        name,
        '--agency',
        'school',
        '--agency',
        'education_service',
        '--organisation',
        'Oxfordshire Schools',
      ],
      { env: process.env },
    );
    const key = out.stdout.trim().split('\n').at(-1)!;
    expect(key).toMatch(/^fdp_/);
    const [row] = await ds.query('SELECT agency, agencies FROM partners WHERE name = $1', [name]);
    expect(row).toEqual({ agency: 'school', agencies: ['school', 'education_service'] });
    for (const agency of ['school', 'education_service'])
      expect((await postContact(intake, key, contactBody({ source: { agency } }))).status).toBe(202);
    expect((await postContact(intake, key, contactBody({ source: { agency: 'police' } }))).status).toBe(403);
    const listed = await run('npm', ['run', '--silent', 'partners', '--', 'list'], { env: process.env });
    expect(listed.stdout).toContain(`${name}\tschool,education_service`);
  });
});
