import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { contactBody, isolateTestFile } from '@app/testing';
import { RunningApp, startDesk } from '../support/apps';
import { call, staffUser } from './desk-harness';

const examples: { name: string; request: any; expect: any }[] = JSON.parse(
  readFileSync(join(__dirname, '../../libs/criteria/test-fixtures/criteria-examples.json'), 'utf8'),
);

describe('desk: POST /v1/criteria/evaluate (trying the criteria)', () => {
  let desk: RunningApp;
  let manager: { token: string };

  beforeAll(async () => {
    isolateTestFile();
    desk = await startDesk();
    manager = await staffUser(desk, 'duty_manager');
  });
  afterAll(async () => {
    await desk?.close();
  });

  it('has all sixteen worked examples', () => expect(examples).toHaveLength(16));

  it.each(examples.map((e) => [e.name, e] as const))(
    'worked example through HTTP: %s',
    async (_n, example) => {
      const res = await call(desk, manager.token, 'POST', '/v1/criteria/evaluate', example.request);
      expect(res.status).toBe(200);
      const { decision } = res.body;
      const { reasonCodes, ...expected } = example.expect;
      expect({
        needLevel: decision.needLevel,
        route: decision.route,
        team: decision.team,
        priority: decision.priority,
        dueAt: decision.dueAt,
        strategyDiscussion: decision.strategyDiscussion,
        consentRequired: decision.consentRequired,
        linkedContactIds: decision.linkedContactIds,
        criteriaVersion: decision.criteriaVersion,
      }).toEqual(expected);
      expect(decision.reasons.map((r: any) => r.code).sort()).toEqual([...reasonCodes].sort());
    },
  );

  const base = () => ({ criteriaVersion: '2026-1', at: '2026-11-20T15:12:03Z', contact: contactBody() });

  it('checks the contact as POST /v1/contacts does, with paths under contact and otherContacts[i].contact', async () => {
    const res = await call(desk, manager.token, 'POST', '/v1/criteria/evaluate', {
      ...base(),
      contact: contactBody({ child: { nhsNumber: '1234567890' } }),
      otherContacts: [
        {
          receivedAt: '2026-11-01T09:00:00Z',
          contact: contactBody({ concerns: { indicators: ['not_a_code'] } }),
        },
      ],
    });
    expect(res.status).toBe(422);
    const paths = res.body.errors.map((e: any) => e.path);
    expect(paths).toContain('contact.child.nhsNumber');
    expect(paths).toContain('otherContacts[0].contact.concerns.indicators[0]');
  });

  it('a malformed body is 400; an unknown criteria version is 422', async () => {
    const malformed = await call(desk, manager.token, 'POST', '/v1/criteria/evaluate', {
      ...base(),
      contact: { ...contactBody(), extra: true },
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors.map((e: any) => e.path)).toContain('contact.extra');
    const unknown = await call(desk, manager.token, 'POST', '/v1/criteria/evaluate', {
      ...base(),
      criteriaVersion: '1999-9',
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors).toEqual([expect.objectContaining({ path: 'criteriaVersion' })]);
  });

  it('without criteriaVersion uses the version in force, and records nothing', async () => {
    const ds = desk.app.get(DataSource);
    const lastName = `Unrecorded${Date.now()}`;
    const { criteriaVersion: _omit, ...request } = {
      ...base(),
      contact: contactBody({ child: { lastName } }),
    };
    const res = await call(desk, manager.token, 'POST', '/v1/criteria/evaluate', request);
    expect(res.status).toBe(200);
    expect(res.body.decision.criteriaVersion).toBe('2026-1');
    expect(
      await ds.query(`SELECT 1 FROM contacts WHERE body->'child'->>'lastName' = $1`, [lastName]),
    ).toEqual([]);
  });

  it('is for duty managers and administrators only', async () => {
    const admin = await staffUser(desk, 'admin');
    const worker = await staffUser(desk, 'duty_worker');
    expect((await call(desk, admin.token, 'POST', '/v1/criteria/evaluate', base())).status).toBe(200);
    expect((await call(desk, worker.token, 'POST', '/v1/criteria/evaluate', base())).status).toBe(403);
    expect((await call(desk, null, 'POST', '/v1/criteria/evaluate', base())).status).toBe(401);
  });
});
