import fc from 'fast-check';
import { DataSource } from 'typeorm';
import { SOURCE_AGENCIES } from '@app/contracts';
import { bundledCriteriaRegistry } from '@app/criteria';
import {
  corruptedContactArb,
  isolateTestFile,
  waitFor,
  validContactArb,
  type ContactArbitraryOptions,
} from '@app/testing';
import { isolateDatabase, RunningApp, startIntake } from '../support/apps';
import { createTestPartner, postContact } from '../support/pipeline';

/**
 * Property-based tests of the partner contract through HTTP (contact-api.md), with the generators the unit
 * properties of validateContact use: every valid body 202; every single-field corruption a problem naming
 * that field's path, with nothing recorded.
 */
describe('intake: contract properties through HTTP', () => {
  let intake: RunningApp;
  let db: Awaited<ReturnType<typeof isolateDatabase>>;
  let ds: DataSource;
  let key: string;
  let opts: ContactArbitraryOptions;
  let seq = 0;

  beforeAll(async () => {
    isolateTestFile();
    db = await isolateDatabase();
    intake = await startIntake();
    ds = intake.app.get(DataSource);
    ({ key } = await createTestPartner(intake, ['school', ...SOURCE_AGENCIES.filter((a) => a !== 'school')]));
    // The server judges at its own clock: keep a day clear of every date boundary.
    opts = {
      receivedAt: new Date(),
      indicatorCodes: [...bundledCriteriaRegistry().current().indicatorCodes],
      marginDays: 1,
    };
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

  it('rejects every single-field corruption naming that field, recording nothing', async () => {
    // The outbox relay deletes rows once published: let it drain so counts compare like for like.
    await waitFor('the outbox to drain', async () => (await counts()).outbox === 0);
    await fc.assert(
      fc.asyncProperty(corruptedContactArb(opts), async ({ corruption, body, path, status }) => {
        const before = await counts();
        const res = await postContact(intake, key, body, `prop-invalid-${process.pid}-${seq++}`);
        expect({ corruption, status: res.status }).toEqual({ corruption, status });
        expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        const problem: any = await res.json();
        expect(problem).toMatchObject({ status, type: '/problems/validation' });
        expect({ corruption, paths: problem.errors.map((e: { path: string }) => e.path) }).toEqual({
          corruption,
          paths: [path],
        });
        expect(await counts()).toEqual(before);
      }),
      { numRuns: 30 },
    );
  });

  it('accepts every valid generated body (202), recording one contact each', async () => {
    await fc.assert(
      fc.asyncProperty(validContactArb(opts), async (body) => {
        const before = await counts();
        const res = await postContact(intake, key, body, `prop-valid-${process.pid}-${seq++}`);
        const answer: any = await res.json();
        expect({ status: res.status, answer }).toMatchObject({
          status: 202,
          answer: { id: expect.any(String), status: 'received' },
        });
        expect(res.headers.get('location')).toBe(`/v1/contacts/${answer.id}`);
        const after = await counts();
        expect(after.contacts).toBe(before.contacts + 1);
      }),
      { numRuns: 30 },
    );
  });
});
