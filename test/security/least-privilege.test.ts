import { DataSource } from 'typeorm';
import { isolateTestFile } from '@app/testing';
import { RunningApp, startDesk } from '../support/apps';
import { call, minutesFromNow, seedItem, staffUser } from '../desk/desk-harness';

/** Administrators manage users and the audit, not children's records (issue 14, least privilege). */
describe("least privilege: administrators do not read children's records", () => {
  let desk: RunningApp;
  let ds: DataSource;

  beforeAll(async () => {
    isolateTestFile();
    desk = await startDesk();
    ds = desk.app.get(DataSource);
  });
  afterAll(async () => {
    await desk?.close();
  });

  it('refuses an administrator the queue, an item, a child and placement requests, and nothing is audited as read', async () => {
    const admin = await staffUser(desk, 'admin');
    const { contactId, childId } = await seedItem(ds, { dueAt: minutesFromNow(60) });
    for (const path of [
      '/v1/queue',
      `/v1/queue/${contactId}`,
      `/v1/children/${childId}`,
      `/v1/children/${childId}/referrals`,
      '/v1/placement-requests',
    ])
      expect({ path, status: (await call(desk, admin.token, 'GET', path)).status }).toEqual({
        path,
        status: 403,
      });
    const [reads] = await ds.query(`SELECT count(*)::int AS n FROM audit_log WHERE child_id = $1`, [childId]);
    expect(reads.n).toBe(0);
  });

  it('still lets an administrator read and verify the audit trail', async () => {
    const admin = await staffUser(desk, 'admin');
    expect((await call(desk, admin.token, 'GET', '/v1/audit?limit=1')).status).toBe(200);
  });
});
