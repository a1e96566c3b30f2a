import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { Browser, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { isolateTestFile } from '@app/testing';
import { StaffUserAdmin } from '../../apps/desk/src/staff-users/staff-user-admin';
import { ownerDataSource, RunningApp, startDesk } from '../support/apps';
import { launchBrowser } from '../support/browser';
import { scrollsSideways, signInAs } from '../support/desk-web';

const N = 5000;
const CHILD_CONTACTS = 200;

/**
 * N awaiting items in set-based inserts (children, contacts, decisions, desk items), due one minute apart from
 * an hour ago, so the earliest are overdue; then one child with CHILD_CONTACTS contacts over 100 days, the
 * latest on the desk. Returns the contact id of that latest one.
 */
async function seed(ds: DataSource): Promise<string> {
  const tag = randomUUID();
  const partnerId = randomUUID();
  await ds.query(`INSERT INTO partners (id, name, agency) VALUES ($1, $2, 'school')`, [
    partnerId,
    `scale-${tag}`,
  ]);
  const body = (agency: string) => `jsonb_build_object(
      'source', jsonb_build_object('agency', '${agency}', 'organisation', 'Scale ' || i),
      'child', jsonb_build_object('firstName', 'Scale', 'lastName', 'Child' || i, 'dateOfBirth', '2016-03-14'),
      'concerns', jsonb_build_object('indicators', jsonb_build_array('attendance_persistent_absence'),
        'summary', 'Scale test contact ' || i || E'.\\nSecond line.', 'immediateRisk', false,
        'allegedPerpetratorHasAccess', false),
      'consent', 'given')`;
  const ids = `md5($1 || ':contact:' || i)::uuid AS contact_id, md5($1 || ':child:' || i)::uuid AS child_id`;
  await ds.transaction(async (m) => {
    await m.query(
      `INSERT INTO children (id) SELECT md5($1 || ':child:' || i)::uuid FROM generate_series(1, $2) i`,
      [tag, N],
    );
    await m.query(
      `INSERT INTO contacts (id, partner_id, idempotency_key, request_hash, received_at, agency, cin_code, source_group,
                             locality, body, last_name_norm, birth_date, child_id, status)
       SELECT contact_id, $3, contact_id::text, 'h', now() - interval '2 hours', 'school', '2A', 'education', 'NORTH',
              ${body('school')}, 'child' || i, '2016-03-14', child_id, 'triaged'
         FROM (SELECT i, ${ids} FROM generate_series(1, $2) i) g`,
      [tag, N, partnerId],
    );
    await m.query(
      `INSERT INTO decisions (id, contact_id, child_id, triggered_by, triaged_at, criteria_version, need_level, route,
                              team, priority, due_at, strategy_discussion, consent_required, reasons, picture, history,
                              linked_contact_ids, possible_matches, is_current)
       SELECT gen_random_uuid(), contact_id, child_id, contact_id, now() - interval '2 hours', '2026-1', 2,
              'LOCALITY_EARLY_HELP', 'LOCALITY_NORTH', 'THREE_WORKING_DAYS', now() + (i - 60) * interval '1 minute',
              false, false, '[{"code":"indicator:attendance_persistent_absence","text":"Persistent absence"}]', '{}', 0,
              '[]', '[]', true
         FROM (SELECT i, ${ids} FROM generate_series(1, $2) i) g`,
      [tag, N],
    );
    await m.query(
      `INSERT INTO desk_items (contact_id, child_id, need_level, route, team, locality, priority, priority_rank, due_at)
       SELECT contact_id, child_id, 2, 'LOCALITY_EARLY_HELP', 'LOCALITY_NORTH', 'NORTH', 'THREE_WORKING_DAYS', 3,
              now() + (i - 60) * interval '1 minute'
         FROM (SELECT i, ${ids} FROM generate_series(1, $2) i) g`,
      [tag, N],
    );
    // One child with CHILD_CONTACTS contacts (police and school by turns), received half a day apart.
    const childId = randomUUID();
    await m.query('INSERT INTO children (id) VALUES ($1)', [childId]);
    await m.query(
      `INSERT INTO contacts (id, partner_id, idempotency_key, request_hash, received_at, agency, cin_code, source_group,
                             locality, body, last_name_norm, birth_date, child_id, status)
       SELECT md5($1 || ':many:' || i)::uuid, $3, md5($1 || ':many:' || i), 'h',
              now() - (i * interval '12 hours'), CASE WHEN i % 2 = 0 THEN 'police' ELSE 'school' END,
              CASE WHEN i % 2 = 0 THEN '6' ELSE '2A' END, CASE WHEN i % 2 = 0 THEN 'police' ELSE 'education' END,
              'NORTH', ${body('school')}, 'many', '2016-03-14', $4, 'triaged'
         FROM generate_series(1, $2) i`,
      [tag, CHILD_CONTACTS, partnerId, childId],
    );
    await m.query(
      `INSERT INTO decisions (id, contact_id, child_id, triggered_by, triaged_at, criteria_version, need_level, route,
                              team, priority, due_at, strategy_discussion, consent_required, reasons, picture, history,
                              linked_contact_ids, possible_matches, is_current)
       VALUES (gen_random_uuid(), md5($1 || ':many:1')::uuid, $2, md5($1 || ':many:1')::uuid, now(), '2026-1', 3,
               'FAMILY_SUPPORT', 'LOCALITY_NORTH', 'SAME_DAY', now() + interval '3 hours', false, false,
               '[{"code":"cumulative_concerns","text":"Many contacts in a short time"}]', '{}', 199, '[]', '[]', true)`,
      [tag, childId],
    );
    await m.query(
      `INSERT INTO desk_items (contact_id, child_id, need_level, route, team, locality, priority, priority_rank, due_at)
       VALUES (md5($1 || ':many:1')::uuid, $2, 3, 'FAMILY_SUPPORT', 'LOCALITY_NORTH', 'NORTH', 'SAME_DAY', 1,
               now() + interval '3 hours')`,
      [tag, childId],
    );
  });
  // Only the owner may ANALYZE (the app's login would skip it with a warning).
  const owner = await ownerDataSource();
  await owner.query('ANALYZE desk_items; ANALYZE contacts');
  await owner.destroy();
  const [{ id }] = await ds.query(`SELECT md5($1 || ':many:1')::uuid AS id`, [tag]);
  return id;
}

describe('desk web app at scale: 5,000 awaiting items, a child with 200 contacts', () => {
  let desk: RunningApp;
  let ds: DataSource;
  let browser: Browser;
  let page: Page;
  let manyContactsItem: string;
  const username = `ws-worker-${Date.now().toString(36)}`;
  const password = 'browser-test-password';

  beforeAll(async () => {
    isolateTestFile(); // this file's own database: these items are the whole queue
    desk = await startDesk();
    ds = desk.app.get(DataSource);
    await new StaffUserAdmin(ds).create(username, 'duty_worker', password);
    const t0 = Date.now();
    manyContactsItem = await seed(ds);
    console.log(
      `desk-web-scale: seeded ${N + 1} items and a child with ${CHILD_CONTACTS} contacts in ${Date.now() - t0} ms`,
    );
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await signInAs(page, desk.url, username, password);
  });

  afterAll(async () => {
    await browser?.close();
    await desk?.close();
  });

  it('shows the first page of a 5,000-item queue (measured and printed), earliest due first, and pages on', async () => {
    const t0 = Date.now();
    await page.goto(`${desk.url}/`);
    await page.locator('#queue tbody tr').first().waitFor();
    const usable = Date.now() - t0;
    const where = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      const api = performance.getEntriesByType('resource').find((r) => r.name.includes('/v1/queue'));
      return {
        domContentLoaded: Math.round(nav.domContentLoadedEventEnd),
        queueApiStart: Math.round(api?.startTime ?? -1),
        queueApiMs: Math.round(api?.duration ?? -1),
      };
    });
    console.log(
      `desk-web-scale: queue of ${N + 1} items, navigation to first page usable: ${usable} ms ` +
        `(DOMContentLoaded ${where.domContentLoaded} ms; GET /v1/queue started at ${where.queueApiStart} ms, took ${where.queueApiMs} ms; ` +
        `machine load average ${loadavg()[0].toFixed(1)})`,
    );
    await expect(page.locator('#queue-count').innerText()).resolves.toBe('5,001 items, showing 200');
    expect(await page.locator('#queue tbody tr').count()).toBe(200);
    await expect(page.locator('#queue tbody tr').first().innerText()).resolves.toMatch(/Overdue by/);
    expect(await scrollsSideways(page)).toBe(false);
    const t1 = Date.now();
    await page.getByRole('button', { name: 'Show more items' }).click();
    await page.waitForFunction(() => document.querySelectorAll('#queue tbody tr').length === 400);
    console.log(`desk-web-scale: "Show more items" to 400 rows: ${Date.now() - t1} ms`);
  });

  it('opens the item of a child with 200 contacts (measured and printed) with its 30-day picture', async () => {
    const t0 = Date.now();
    await page.goto(`${desk.url}/items/${manyContactsItem}`);
    await page.locator('#picture').waitFor();
    const usable = Date.now() - t0;
    console.log(
      `desk-web-scale: item of a child with ${CHILD_CONTACTS} contacts, navigation to usable: ${usable} ms`,
    );
    // Half-day steps: contacts 1..60 fall in the 30 days to the newest (contact 1, 12 hours ago).
    await expect(page.locator('#picture caption').innerText()).resolves.toContain(
      'contacts in 30 days, from 2 agencies',
    );
    await expect(page.locator('#history').innerText()).resolves.toBe(
      '199 earlier contacts about this child.',
    );
  });

  it('opens the record of a child with 200 contacts (measured and printed): every contact listed, filterable', async () => {
    const [{ child_id: childId }] = await ds.query('SELECT child_id FROM contacts WHERE id = $1', [
      manyContactsItem,
    ]);
    const t0 = Date.now();
    await page.goto(`${desk.url}/children/${childId}`);
    await page.locator('#contacts tbody tr').first().waitFor();
    const usable = Date.now() - t0;
    console.log(
      `desk-web-scale: record of a child with ${CHILD_CONTACTS} contacts, navigation to usable: ${usable} ms ` +
        `(machine load average ${loadavg()[0].toFixed(1)})`,
    );
    expect(await page.locator('#contacts tbody tr').count()).toBe(CHILD_CONTACTS);
    await expect(page.locator('#contacts-count').innerText()).resolves.toBe(`${CHILD_CONTACTS} contacts`);
    expect(await scrollsSideways(page)).toBe(false);
    await page.getByLabel('From').selectOption('police');
    await expect(page.locator('#contacts-count').innerText()).resolves.toBe(
      `${CHILD_CONTACTS / 2} of ${CHILD_CONTACTS} contacts`,
    );
  });
});
