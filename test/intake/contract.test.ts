import { DataSource } from 'typeorm';
import { addDays, serviceDateOf } from '@app/contracts';
import { contactBody, isolateTestFile } from '@app/testing';
import { createHttpApp } from '@app/http';
import { INestApplication } from '@nestjs/common';
import { IntakeModule } from '../../apps/intake-api/src/intake.module';
import { isolateDatabase, RunningApp, startIntake } from '../support/apps';
import { createTestPartner, postContact } from '../support/pipeline';

/**
 * The partner contract through HTTP (contact-api.md): every invalid body answered with problem details
 * naming every field at fault and nothing stored; a valid one 202 with Location, stored normalised.
 */
describe('intake: the contact contract through HTTP', () => {
  let intake: RunningApp;
  let db: Awaited<ReturnType<typeof isolateDatabase>>;
  let ds: DataSource;
  let key: string;
  let partnerId: string;

  beforeAll(async () => {
    isolateTestFile();
    db = await isolateDatabase();
    intake = await startIntake();
    ds = intake.app.get(DataSource);
    ({ key, partnerId } = await createTestPartner(intake, 'school'));
  });

  afterAll(async () => {
    await intake?.close();
    await db?.drop();
  });

  const counts = async () => {
    const [row] = await ds.query(
      'SELECT (SELECT count(*)::int FROM contacts) AS contacts, (SELECT count(*)::int FROM outbox) AS outbox',
    );
    return row as { contacts: number; outbox: number };
  };

  const withChild = (child: object) => contactBody({ child });
  // Dates relative to the test's clock (Europe/London days), so no case expires on a calendar date.
  const today = serviceDateOf(new Date());
  const daysFromToday = (days: number) => addDays(today, days);
  const unbornChild = (expectedDateOfBirth: string) =>
    contactBody({
      child: { firstName: undefined, dateOfBirth: undefined, nhsNumber: undefined, expectedDateOfBirth },
      concerns: { indicators: ['unborn_concern'] },
    });
  const cases: [string, unknown, 400 | 422, string[]][] = [
    ['an NHS number failing Modulus 11', withChild({ nhsNumber: '9434765918' }), 422, ['child.nhsNumber']],
    ['a UPN with the wrong check letter', withChild({ upn: 'B123456789012' }), 422, ['child.upn']],
    [
      'a malformed postcode',
      withChild({ address: { line1: '1 Example Road', postcode: 'OX16 1A' } }),
      422,
      ['child.address.postcode'],
    ],
    ['a date of birth in the future', withChild({ dateOfBirth: '2099-01-01' }), 422, ['child.dateOfBirth']],
    ['a child of 18 or over', withChild({ dateOfBirth: '2001-01-01' }), 422, ['child.dateOfBirth']],
    [
      'both a date of birth and an expected one',
      withChild({ expectedDateOfBirth: daysFromToday(60) }),
      422,
      ['child.expectedDateOfBirth'],
    ],
    [
      'an expected date of birth more than 10 months away',
      withChild({ dateOfBirth: undefined, expectedDateOfBirth: daysFromToday(400) }),
      422,
      ['child.expectedDateOfBirth'],
    ],
    [
      'an expected date of birth more than 6 weeks past',
      unbornChild(daysFromToday(-50)),
      422,
      ['child.expectedDateOfBirth'],
    ],
    [
      'an unknown and a duplicated indicator',
      contactBody({
        concerns: { indicators: ['not_a_code', 'neglect_emerging', 'neglect_emerging'] },
      }),
      422,
      ['concerns.indicators[0]', 'concerns.indicators[2]'],
    ],
    ['a consent value outside the contract', contactBody({ consent: 'yes' }), 422, ['consent']],
    [
      'a school with no referrer',
      contactBody({ source: { agency: 'school', organisation: 'X', referrer: undefined } }),
      422,
      ['source.referrer'],
    ],
    ['an unknown agency', contactBody({ source: { agency: 'church' } }), 422, ['source.agency']],
    [
      'a summary over 10,000 characters',
      contactBody({ concerns: { summary: 'x'.repeat(10_001) } }),
      422,
      ['concerns.summary'],
    ],
    ['an occurredAt in the future', contactBody({ occurredAt: '2099-01-01T00:00:00Z' }), 422, ['occurredAt']],
    ['an unknown field', withChild({ favouriteColour: 'blue' }), 400, ['child.favouriteColour']],
    ['an unknown top-level field', contactBody({ priority: 'urgent' }), 400, ['priority']],
    [
      'a boolean given as text',
      contactBody({ concerns: { immediateRisk: 'yes' } }),
      400,
      ['concerns.immediateRisk'],
    ],
    [
      'several faults at once, every one named',
      contactBody({
        source: { agency: 'school', organisation: 'X', referrer: { name: 'A', role: 'B' } },
        child: { nhsNumber: '123', address: { postcode: 'nope' }, dateOfBirth: '2099-01-01' },
        consent: 'maybe',
      }),
      422,
      ['child.address.postcode', 'child.dateOfBirth', 'child.nhsNumber', 'consent', 'source.referrer.phone'],
    ],
    ['a JSON array', [contactBody()], 400, ['']],
  ];

  const invalid = cases.map(([name, body, status, paths]) => [name, status, paths, body] as const);
  it.each(invalid)('%s: %d naming %j, nothing stored', async (_, status, paths, body) => {
    const before = await counts();
    const res = await postContact(intake, key, body, `invalid-${Math.random()}`);
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem: any = await res.json();
    expect(problem).toMatchObject({ status, type: '/problems/validation', title: expect.any(String) });
    expect(problem.errors.map((e: { path: string }) => e.path).sort()).toEqual([...paths].sort());
    for (const e of problem.errors) expect(e.message).toEqual(expect.any(String));
    expect(await counts()).toEqual(before);
  });

  it('malformed JSON is a 400 problem, nothing stored', async () => {
    const before = await counts();
    const res = await fetch(`${intake.url}/v1/contacts`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${key}`,
        'content-type': 'application/json',
        'idempotency-key': 'bad-json',
      },
      body: '{"source": {',
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await counts()).toEqual(before);
  });

  it('an Idempotency-Key is required (400 naming the header), nothing stored', async () => {
    const before = await counts();
    for (const headerValue of [undefined, '', 'x'.repeat(129), 'tab\there']) {
      const res = await fetch(`${intake.url}/v1/contacts`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${key}`,
          'content-type': 'application/json',
          ...(headerValue === undefined ? {} : { 'idempotency-key': headerValue }),
        },
        body: JSON.stringify(contactBody()),
      });
      expect(res.status).toBe(400);
      const problem: any = await res.json();
      expect(problem.errors).toEqual([{ path: 'header:Idempotency-Key', message: expect.any(String) }]);
    }
    expect(await counts()).toEqual(before);
  });

  it('a valid contact: 202 with Location; stored normalised with its CIN code', async () => {
    const before = await counts();
    const res = await postContact(
      intake,
      key,
      contactBody({
        child: { nhsNumber: '943 476 5919', upn: 'A123456789012', address: { postcode: 'ox16   1aa' } },
      }),
      'valid-1',
    );
    expect(res.status).toBe(202);
    const body: any = await res.json();
    expect(body).toEqual({ id: expect.any(String), status: 'received' });
    expect(res.headers.get('location')).toBe(`/v1/contacts/${body.id}`);
    const [row] = await ds.query(
      `SELECT partner_id, agency, cin_code, source_group, postcode, nhs_number, upn, status,
              body->'child'->'address'->>'postcode' AS body_postcode, body->'source'->>'cinCode' AS body_cin
         FROM contacts WHERE id = $1`,
      [body.id],
    );
    expect(row).toEqual({
      partner_id: partnerId,
      agency: 'school',
      cin_code: '2A',
      source_group: 'schools',
      postcode: 'OX16 1AA',
      nhs_number: '9434765919',
      upn: 'A123456789012',
      status: 'received',
      body_postcode: 'OX16 1AA',
      body_cin: '2A',
    });
    const after = await counts();
    expect(after.contacts).toBe(before.contacts + 1);
  });

  it('an anonymous contact needs no referrer or organisation; an unborn child no first name', async () => {
    // Taken by the council's own front door, registered to pass on anonymous contacts.
    const frontDoor = await createTestPartner(intake, ['la_social_care', 'anonymous']);
    const res = await postContact(
      intake,
      frontDoor.key,
      contactBody({
        source: { agency: 'anonymous', organisation: undefined, referrer: undefined },
        child: {
          firstName: undefined,
          dateOfBirth: undefined,
          expectedDateOfBirth: daysFromToday(70),
          nhsNumber: undefined,
        },
        concerns: { indicators: ['unborn_concern'] },
      }),
      'valid-unborn',
    );
    expect(res.status).toBe(202);
    const { id }: any = await res.json();
    const [row] = await ds.query('SELECT cin_code, birth_date::text AS birth FROM contacts WHERE id = $1', [
      id,
    ]);
    expect(row).toEqual({ cin_code: '9', birth: daysFromToday(70) });
  });

  it('an unborn child whose expected date has passed by up to 6 weeks is accepted (an overdue pregnancy)', async () => {
    for (const [days, idempotencyKey] of [
      [-1, 'overdue-1'],
      [-42, 'overdue-42'],
    ] as const) {
      const res = await postContact(intake, key, unbornChild(daysFromToday(days)), idempotencyKey);
      expect({ days, status: res.status }).toEqual({ days, status: 202 });
    }
  });

  describe('OpenAPI at /docs', () => {
    let app: INestApplication;
    let url: string;

    beforeAll(async () => {
      app = await createHttpApp(IntakeModule, { title: 'Front door: partner API', description: 'test' });
      await app.listen(0, '127.0.0.1');
      url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    });

    afterAll(async () => {
      await app?.close();
    });

    it('serves the document with the contract and every adapter, each with examples of its answers', async () => {
      // The document, not the Swagger UI page, is served on the partner port.
      expect((await fetch(`${url}/docs`)).status).toBe(404);
      const res = await fetch(`${url}/docs-json`);
      expect(res.status).toBe(200);
      const doc: any = await res.json();
      const submit = doc.paths['/v1/contacts'].post;
      expect(Object.keys(submit.responses).sort()).toEqual([
        '202',
        '400',
        '401',
        '403',
        '409',
        '422',
        '429',
        '503',
      ]);
      expect(submit.requestBody.content['application/json'].examples.schoolConcern.value.child.lastName).toBe(
        'Okafor',
      );
      expect(submit.parameters.map((p: { name: string }) => p.name)).toContain('Idempotency-Key');
      expect(Object.keys(doc.paths['/v1/contacts/{id}'].get.responses).sort()).toEqual([
        '200',
        '401',
        '403',
        '404',
        '503',
      ]);
      for (const path of [
        '/v1/adapters/police/notifications',
        '/v1/adapters/schools/concerns',
        '/v1/adapters/health/referrals',
      ]) {
        const op = doc.paths[path].post;
        expect(Object.keys(op.responses).sort()).toEqual([
          '202',
          '400',
          '401',
          '403',
          '409',
          '422',
          '429',
          '503',
        ]);
        expect(op.requestBody.content['application/json'].schema.$ref).toMatch(/^#\/components\/schemas\//);
        expect(Object.keys(op.requestBody.content['application/json'].examples).length).toBeGreaterThan(0);
      }
      expect(doc.components.schemas.PoliceNotificationDto.required).toEqual(
        expect.arrayContaining(['notificationRef', 'officer', 'incident', 'household', 'consentToShare']),
      );
    });
  });
});
