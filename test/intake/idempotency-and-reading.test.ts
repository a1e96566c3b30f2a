import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { StaffTokens } from '@app/auth';
import { contactBody, isolateTestFile, nhsNumberFor } from '@app/testing';
import { isolateDatabase, RunningApp, startIntake } from '../support/apps';
import { createTestPartner, postContact } from '../support/pipeline';

/**
 * Idempotency as the contract says it (one contact for one key and body, whatever the concurrency; 409 for
 * a different body; keys kept as long as the contact, so well past 24 hours) and reading back (a partner
 * its own only, duty staff everything, audited).
 */
describe('intake: idempotency under concurrency, and reading contacts back', () => {
  let intake: RunningApp;
  let db: Awaited<ReturnType<typeof isolateDatabase>>;
  let ds: DataSource;
  let school: { key: string; partnerId: string };
  let police: { key: string; partnerId: string };

  beforeAll(async () => {
    isolateTestFile();
    db = await isolateDatabase();
    intake = await startIntake();
    ds = intake.app.get(DataSource);
    school = await createTestPartner(intake, 'school');
    police = await createTestPartner(intake, 'police');
  });

  afterAll(async () => {
    await intake?.close();
    await db?.drop();
  });

  const contactsWithKey = async (partnerId: string, key: string) =>
    (
      await ds.query(
        'SELECT count(*)::int AS n FROM contacts WHERE partner_id = $1 AND idempotency_key = $2',
        [partnerId, key],
      )
    )[0].n;

  describe('idempotency', () => {
    it('the same key and body sent 20 times at once records one contact, and every answer carries its id', async () => {
      const key = `burst-${randomUUID()}`;
      const body = contactBody({ child: { nhsNumber: nhsNumberFor(1001) } });
      const answers = await Promise.all(
        Array.from({ length: 20 }, () => postContact(intake, school.key, body, key)),
      );
      expect(answers.map((r) => r.status)).toEqual(Array(20).fill(202));
      const bodies: any[] = await Promise.all(answers.map((r) => r.json()));
      const ids = new Set(bodies.map((b) => b.id));
      expect(ids.size).toBe(1);
      const [id] = ids;
      for (const [i, res] of answers.entries()) {
        expect(bodies[i]).toEqual({ id, status: 'received' });
        expect(res.headers.get('location')).toBe(`/v1/contacts/${id}`);
      }
      expect(await contactsWithKey(school.partnerId, key)).toBe(1);
      const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM contacts WHERE nhs_number = $1`, [
        nhsNumberFor(1001),
      ]);
      expect(n).toBe(1);
    });

    it('the same key with the same body in another key order is the same request', async () => {
      const key = `order-${randomUUID()}`;
      const body = contactBody({ child: { nhsNumber: nhsNumberFor(1002) } });
      const first: any = await (await postContact(intake, school.key, body, key)).json();
      const reordered = Object.fromEntries(Object.entries(body).reverse());
      const again = await postContact(intake, school.key, reordered, key);
      expect(again.status).toBe(202);
      expect(((await again.json()) as any).id).toBe(first.id);
    });

    it('the same key with a different body is 409, and nothing more is recorded; concurrently too', async () => {
      const key = `conflict-${randomUUID()}`;
      const first = await postContact(
        intake,
        school.key,
        contactBody({ child: { nhsNumber: nhsNumberFor(1003) } }),
        key,
      );
      expect(first.status).toBe(202);
      const other = contactBody({
        child: { nhsNumber: nhsNumberFor(1003) },
        concerns: { summary: 'Something else.' },
      });
      const res = await postContact(intake, school.key, other, key);
      expect(res.status).toBe(409);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);

      const raceKey = `race-${randomUUID()}`;
      const bodies = Array.from({ length: 10 }, (_, i) =>
        contactBody({ child: { nhsNumber: nhsNumberFor(1100 + i) } }),
      );
      const answers = await Promise.all(bodies.map((b) => postContact(intake, school.key, b, raceKey)));
      const statuses = answers.map((r) => r.status).sort();
      expect(statuses.filter((s) => s === 202)).toHaveLength(1);
      expect(statuses.filter((s) => s === 409)).toHaveLength(9);
      expect(await contactsWithKey(school.partnerId, key)).toBe(1);
      expect(await contactsWithKey(school.partnerId, raceKey)).toBe(1);
    });

    it('keys belong to their partner: another partner may use the same key for its own contact', async () => {
      const key = `shared-${randomUUID()}`;
      const a: any = await (await postContact(intake, school.key, contactBody(), key)).json();
      const res = await postContact(
        intake,
        police.key,
        contactBody({ source: { agency: 'police', organisation: 'Thames Valley Police' } }),
        key,
      );
      expect(res.status).toBe(202);
      expect(((await res.json()) as any).id).not.toBe(a.id);
    });

    it('keys are kept as long as the contact: a replay 25 hours (or a year) later gives the first answer', async () => {
      const key = `old-${randomUUID()}`;
      const body = contactBody({ child: { nhsNumber: nhsNumberFor(1004) } });
      const first: any = await (await postContact(intake, school.key, body, key)).json();
      await ds.query(`UPDATE contacts SET created_at = now() - interval '25 hours' WHERE id = $1`, [
        first.id,
      ]);
      const replay = await postContact(intake, school.key, body, key);
      expect(replay.status).toBe(202);
      expect(await replay.json()).toEqual({ id: first.id, status: 'received' });
      await ds.query(`UPDATE contacts SET created_at = now() - interval '366 days' WHERE id = $1`, [
        first.id,
      ]);
      expect((await postContact(intake, school.key, { ...body, consent: 'refused' }, key)).status).toBe(409);
      expect(await contactsWithKey(school.partnerId, key)).toBe(1);
    });
  });

  describe('reading back', () => {
    let id: string;

    beforeAll(async () => {
      const res = await postContact(
        intake,
        school.key,
        contactBody({ child: { nhsNumber: nhsNumberFor(2001) } }),
      );
      id = ((await res.json()) as any).id;
    });

    const read = (contactId: string, token: string) =>
      fetch(`${intake.url}/v1/contacts/${contactId}`, { headers: { authorization: `Bearer ${token}` } });

    it("the partner that sent it reads it in the contract's shape", async () => {
      const res = await read(id, school.key);
      expect(res.status).toBe(200);
      const view: any = await res.json();
      expect(Object.keys(view).sort()).toEqual(expect.arrayContaining(['id', 'receivedAt', 'status']));
      expect(view).toMatchObject({
        id,
        status: expect.stringMatching(/^(received|triaged|decided|closed)$/),
      });
      expect(new Date(view.receivedAt).toISOString()).toBe(view.receivedAt);
      for (const k of Object.keys(view)) expect(['id', 'status', 'receivedAt', 'outcome']).toContain(k);
      // No duty worker has decided yet: outcome is null (contact-api.md, "Reading a contact").
      expect(view.outcome).toBeNull();
    });

    it('another partner asking for it is told it does not exist (404), as for a made-up or malformed id', async () => {
      for (const [contactId, token] of [
        [id, police.key],
        [randomUUID(), school.key],
        ['not-a-uuid', school.key],
      ]) {
        const res = await read(contactId, token);
        expect(res.status).toBe(404);
        expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      }
    });

    it('duty staff read any contact, and every read is audited', async () => {
      const tokens = intake.app.get(StaffTokens);
      const username = `duty-${randomUUID().slice(0, 8)}`;
      const token = tokens.issue({ id: randomUUID(), username, role: 'duty_worker' });
      const res = await read(id, token);
      expect(res.status).toBe(200);
      expect(((await res.json()) as any).id).toBe(id);
      const audit = await ds.query(
        `SELECT actor, actor_role, action, subject_type, subject_id FROM audit_log WHERE actor = $1`,
        [username],
      );
      expect(audit).toEqual([
        {
          actor: username,
          actor_role: 'duty_worker',
          action: 'contact.read',
          subject_type: 'contact',
          subject_id: id,
        },
      ]);
    });

    it('staff outside duty (a social worker) are refused (403)', async () => {
      const token = intake.app
        .get(StaffTokens)
        .issue({ id: randomUUID(), username: 'sw', role: 'social_worker' });
      expect((await read(id, token)).status).toBe(403);
    });

    it('staff cannot submit contacts: the partner route refuses a staff token', async () => {
      const token = intake.app
        .get(StaffTokens)
        .issue({ id: randomUUID(), username: 'dw', role: 'duty_worker' });
      expect((await postContact(intake, token, contactBody())).status).toBe(403);
    });
  });
});
