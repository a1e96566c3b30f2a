import path from 'node:path';
import { Browser, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { isolateTestFile } from '@app/testing';
import { StaffUserAdmin } from '../../apps/desk/src/staff-users/staff-user-admin';
import { RunningApp, startDesk } from '../support/apps';
import { launchBrowser, SCREENSHOTS } from '../support/browser';
import { minutesFromNow, seedItem } from '../desk/desk-harness';

describe('duty desk web UI in a real browser', () => {
  let desk: RunningApp;
  let ds: DataSource;
  let browser: Browser;
  let page: Page;
  const team = `UI_${Date.now().toString(36).toUpperCase()}`;
  const username = `ui-worker-${Date.now().toString(36)}`;
  const password = 'browser-test-password';

  beforeAll(async () => {
    isolateTestFile();
    desk = await startDesk();
    ds = desk.app.get(DataSource);
    await new StaffUserAdmin(ds).create(username, 'duty_worker', password);
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
  });

  afterAll(async () => {
    await browser?.close();
    await desk?.close();
  });

  const shot = (name: string) =>
    page.screenshot({ path: path.join(SCREENSHOTS, `desk-${name}.png`), fullPage: true });

  it('logs in, sees the queue in due order with the overdue item marked, claims and confirms, overrides with a reason, opens the child', async () => {
    const overdue = await seedItem(ds, {
      team,
      dueAt: minutesFromNow(-10),
      priority: 'SAME_DAY',
      needLevel: 3,
    });
    const later = await seedItem(ds, { team, dueAt: minutesFromNow(120) });

    await page.goto(`${desk.url}/`);
    await page.waitForURL(/login\.html$/);
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password').fill('wrong-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Wrong username or password.').waitFor();
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/index\.html$/);

    await page.getByLabel('Team').fill(team);
    await page.getByRole('button', { name: 'Apply' }).click();
    const rows = page.locator('#queue tbody tr');
    await page.waitForFunction(() => document.querySelectorAll('#queue tbody tr').length === 2);
    expect(await rows.evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).dataset.contactId))).toEqual([
      overdue.contactId,
      later.contactId,
    ]);
    await expect(rows.first().getByText('OVERDUE').isVisible()).resolves.toBe(true);
    await shot('queue');

    // Claim and confirm the overdue item.
    await rows.first().click();
    await page.locator('#claim').click();
    await page.locator('#confirm').waitFor();
    await shot('claimed');
    await page.locator('#confirm').click();
    await page.getByText('Recommendation confirmed.').waitFor();
    const [first] = await ds.query('SELECT state, claimed_by FROM desk_items WHERE contact_id = $1', [
      overdue.contactId,
    ]);
    expect(first).toEqual({ state: 'decided', claimed_by: username });

    // Override the other item: the reason is required.
    await page.locator(`#queue tbody tr[data-contact-id="${later.contactId}"]`).click();
    await page.locator('#claim').click();
    await page.locator('#override-form').waitFor();
    await page.locator('#override-form').getByLabel('Level').selectOption('3');
    await page.getByLabel('Reason (required)').fill('Police log shows a second incident this week.');
    await shot('override');
    await page.getByRole('button', { name: 'Override with reason' }).click();
    await page.getByText('Override recorded.').waitFor();
    const [dd] = await ds.query(
      'SELECT kind, need_level, reason, recommended FROM duty_decisions WHERE contact_id = $1',
      [later.contactId],
    );
    expect(dd).toMatchObject({
      kind: 'override',
      need_level: 3,
      reason: 'Police log shows a second incident this week.',
    });
    expect(dd.recommended.needLevel).toBe(2);

    // The child's view, from the item.
    await page.getByRole('link', { name: "Open the child's view" }).click();
    await page.waitForURL(/child\.html\?id=/);
    await page.locator('article.contact').first().waitFor();
    expect(await page.locator('article.contact').count()).toBe(1);
    await shot('child');
    const [read] = await ds.query(
      `SELECT actor FROM audit_log WHERE action = 'child.read' AND child_id = $1`,
      [later.childId],
    );
    expect(read.actor).toBe(username);
  });
});
