import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Browser, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { isolateTestFile } from '@app/testing';
import { RunningApp, startDesk } from '../support/apps';
import { launchBrowser, SCREENSHOTS } from '../support/browser';
import { login } from '../desk/desk-harness';
import { StaffUserAdmin } from '../../apps/desk/src/staff-users/staff-user-admin';

const N = 5000;

/**
 * Puts N awaiting items on the desk in three set-based inserts (contacts, children, decisions, desk items),
 * due one minute apart from an hour ago onwards, so the earliest ones are overdue. Due times carry
 * microseconds (as SQL-written ones do): paging must not repeat a row across a page boundary.
 */
async function seedQueue(ds: DataSource, n: number): Promise<string> {
  const tag = randomUUID();
  const partnerId = randomUUID();
  await ds.query(`INSERT INTO partners (id, name, agency) VALUES ($1, $2, 'school')`, [
    partnerId,
    `desk-scale-${tag}`,
  ]);
  const ids = `md5($1 || ':contact:' || i)::uuid AS contact_id, md5($1 || ':child:' || i)::uuid AS child_id`;
  await ds.transaction(async (m) => {
    await m.query(
      `INSERT INTO children (id) SELECT md5($1 || ':child:' || i)::uuid FROM generate_series(1, $2) i`,
      [tag, n],
    );
    await m.query(
      `INSERT INTO contacts (id, partner_id, idempotency_key, request_hash, received_at, agency, cin_code, source_group,
                             locality, body, last_name_norm, birth_date, child_id, status)
       SELECT contact_id, $3, contact_id::text, 'h', now() - interval '2 hours', 'school', '2A', 'education', 'NORTH',
              jsonb_build_object(
                'source', jsonb_build_object('agency', 'school', 'cinCode', '2A', 'organisation', 'Scale School'),
                'child', jsonb_build_object('firstName', 'Scale', 'lastName', 'Child' || i, 'dateOfBirth', '2016-03-14'),
                'concerns', jsonb_build_object('indicators', jsonb_build_array('attendance_persistent_absence'),
                  'summary', 'Scale test.', 'immediateRisk', false, 'allegedPerpetratorHasAccess', false),
                'consent', 'given'),
              'child' || i, '2016-03-14', child_id, 'triaged'
         FROM (SELECT i, ${ids} FROM generate_series(1, $2) i) g`,
      [tag, n, partnerId],
    );
    await m.query(
      `INSERT INTO decisions (id, contact_id, child_id, triggered_by, triaged_at, criteria_version, need_level, route,
                              team, priority, due_at, strategy_discussion, consent_required, reasons, picture, history,
                              linked_contact_ids, possible_matches, is_current)
       SELECT gen_random_uuid(), contact_id, child_id, contact_id, now() - interval '2 hours', '2026-1', 2,
              'LOCALITY_EARLY_HELP', 'LOCALITY_NORTH', 'THREE_WORKING_DAYS', now() + (i - 60) * interval '1 minute' + interval '0.000321 second',
              false, false, '[{"code":"indicator:attendance_persistent_absence","text":"Persistent absence"}]', '{}', 0,
              '[]', '[]', true
         FROM (SELECT i, ${ids} FROM generate_series(1, $2) i) g`,
      [tag, n],
    );
    await m.query(
      `INSERT INTO desk_items (contact_id, child_id, need_level, route, team, locality, priority, priority_rank, due_at)
       SELECT contact_id, child_id, 2, 'LOCALITY_EARLY_HELP', 'LOCALITY_NORTH', 'NORTH', 'THREE_WORKING_DAYS', 3,
              now() + (i - 60) * interval '1 minute' + interval '0.000321 second'
         FROM (SELECT i, ${ids} FROM generate_series(1, $2) i) g`,
      [tag, n],
    );
  });
  await ds.query('ANALYZE desk_items; ANALYZE contacts');
  return tag;
}

describe('duty desk web UI on a queue of 5,000 items', () => {
  let desk: RunningApp;
  let ds: DataSource;
  let browser: Browser;
  let page: Page;
  let expected: string[];
  const username = `ui-scale-${Date.now().toString(36)}`;
  const password = 'browser-test-password';

  beforeAll(async () => {
    isolateTestFile(); // this file's own database: the 5,000 items are the whole queue
    desk = await startDesk();
    ds = desk.app.get(DataSource);
    await new StaffUserAdmin(ds).create(username, 'duty_worker', password);
    const started = Date.now();
    await seedQueue(ds, N);
    console.log(`desk-scale: seeded ${N} awaiting items in ${Date.now() - started} ms`);
    expected = (
      await ds.query(
        `SELECT contact_id FROM desk_items WHERE state = 'awaiting'
          ORDER BY due_at, priority_rank, contact_id LIMIT 400`,
      )
    ).map((r: { contact_id: string }) => r.contact_id);
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  });

  afterAll(async () => {
    await browser?.close();
    await desk?.close();
  });

  it('GET /v1/queue?limit=100 answers quickly with the earliest-due page and a cursor', async () => {
    const token = await login(desk, username, password);
    const times: number[] = [];
    let body: any;
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      const res = await fetch(`${desk.url}/v1/queue?limit=100`, {
        headers: { authorization: `Bearer ${token}` },
      });
      body = await res.json();
      times.push(performance.now() - t0);
      expect(res.status).toBe(200);
    }
    const sorted = [...times].sort((a, b) => a - b);
    console.log(
      `desk-scale: GET /v1/queue?limit=100 over ${N} items: first ${times[0].toFixed(0)} ms, ` +
        `median ${sorted[2].toFixed(0)} ms, max ${sorted[4].toFixed(0)} ms`,
    );
    expect(body.total).toBe(N);
    expect(body.items).toHaveLength(100);
    expect(body.items.map((it: { contactId: string }) => it.contactId)).toEqual(expected.slice(0, 100));
    expect(body.nextCursor).toEqual(expect.any(String));
    expect(sorted[2]).toBeLessThan(2000); // generous: measured in tens of milliseconds
  });

  it('shows the first page quickly, earliest due first, pages on with "Show more", and works from the keyboard', async () => {
    await page.goto(`${desk.url}/login.html`);
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/index\.html$/);

    // Time a fresh navigation to the queue until its rows are on screen.
    const t0 = Date.now();
    await page.goto(`${desk.url}/index.html`);
    const rows = page.locator('#queue tbody tr');
    await rows.first().waitFor({ state: 'visible' });
    const visibleMs = Date.now() - t0;
    const perf = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      return {
        domContentLoaded: Math.round(nav.domContentLoadedEventEnd),
        load: Math.round(nav.loadEventEnd),
      };
    });
    console.log(
      `desk-scale: queue page, navigation to first rows visible: ${visibleMs} ms ` +
        `(DOMContentLoaded ${perf.domContentLoaded} ms, load ${perf.load} ms)`,
    );
    expect(visibleMs).toBeLessThan(5000);

    // The page holds one page of the queue, not all 5,000; the count shows the whole.
    expect(await rows.count()).toBe(200);
    await expect(page.locator('#count').textContent()).resolves.toBe(`(${N})`);
    expect(await rows.evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).dataset.contactId))).toEqual(
      expected.slice(0, 200),
    );
    await expect(rows.first().getByText('OVERDUE').isVisible()).resolves.toBe(true);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'desk-scale-queue.png') });

    const more = page.getByRole('button', { name: 'Show more' });
    const t1 = Date.now();
    await more.click();
    await page.waitForFunction(() => document.querySelectorAll('#queue tbody tr').length === 400);
    console.log(`desk-scale: "Show more" to 400 rows: ${Date.now() - t1} ms`);
    expect(await rows.evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).dataset.contactId))).toEqual(
      expected,
    );

    // Keyboard: filters are labelled, rows are focusable, claim and confirm are buttons.
    for (const label of ['Status', 'Team', 'Level', 'Route', 'Locality', 'Overdue only', 'Held by me'])
      await expect(page.getByLabel(label, { exact: true }).count()).resolves.toBe(1);
    await rows.first().focus();
    await page.keyboard.press('Enter');
    const claim = page.getByRole('button', { name: 'Claim', exact: true });
    await claim.waitFor();
    await claim.focus();
    await page.keyboard.press('Enter');
    const confirm = page.getByRole('button', { name: 'Confirm recommendation' });
    await confirm.waitFor();
    await expect(page.getByLabel('Reason (required)').count()).resolves.toBe(1);
    await confirm.focus();
    await page.keyboard.press('Enter');
    await page.getByText('Recommendation confirmed.').waitFor();
    const [first] = await ds.query('SELECT state, claimed_by FROM desk_items WHERE contact_id = $1', [
      expected[0],
    ]);
    expect(first).toEqual({ state: 'decided', claimed_by: username });
  });
});
