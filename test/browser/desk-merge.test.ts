import path from 'node:path';
import { Browser, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { isolateTestFile } from '@app/testing';
import { StaffUserAdmin } from '../../apps/desk/src/staff-users/staff-user-admin';
import { RunningApp, startDesk } from '../support/apps';
import { launchBrowser, SCREENSHOTS } from '../support/browser';
import { minutesFromNow, seedItem } from '../desk/desk-harness';

describe("duty desk web UI: confirming a possible match in the child's view", () => {
  let desk: RunningApp;
  let ds: DataSource;
  let browser: Browser;
  let page: Page;
  const team = `MERGE_${Date.now().toString(36).toUpperCase()}`;
  const username = `ui-merger-${Date.now().toString(36)}`;
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
    page.screenshot({ path: path.join(SCREENSHOTS, `desk-merge-${name}.png`), fullPage: true });

  it('offers the near-miss contact as a possible match, merges on confirmation and then lists both contacts', async () => {
    // Two children, each with one contact awaiting the desk; triage found the older one a possible match
    // for the newer one (as decisions.possible_matches records it).
    const older = await seedItem(ds, {
      team,
      dueAt: minutesFromNow(60),
      receivedAt: new Date(Date.now() - 2 * 3600_000),
    });
    const newer = await seedItem(ds, { team, dueAt: minutesFromNow(90) });
    await ds.query(`UPDATE decisions SET possible_matches = $2::jsonb WHERE contact_id = $1 AND is_current`, [
      newer.contactId,
      JSON.stringify([{ contactId: older.contactId, childId: older.childId, reason: 'name_near_miss' }]),
    ]);

    await page.goto(`${desk.url}/login`);
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/index\.html$/);

    await page.goto(`${desk.url}/children/${newer.childId}`);
    const offer = page.locator(`[data-match-contact-id="${older.contactId}"]`);
    await offer.waitFor();
    expect(await page.locator('#contacts tbody tr').count()).toBe(1);
    // Why it was offered, in words, and the two records side by side.
    await expect(offer.textContent()).resolves.toContain('Name nearly the same');

    // Keyboard-reachable controls: real buttons and a labelled reason field.
    const merge = offer.getByRole('button', { name: 'Same child: merge' });
    await expect(offer.getByRole('button', { name: 'Not the same child' }).isVisible()).resolves.toBe(true);
    await offer.getByLabel('Why (optional)').fill('Same school and birth date; first name typo.');
    await shot('offered');
    await merge.focus();
    await page.keyboard.press('Enter');

    await page.getByText('Match confirmed').waitFor();
    // The older record is kept; the page moves onto it and lists both contacts.
    await page.waitForURL(new RegExp(`/children/${older.childId}$`));
    await page.waitForFunction(() => document.querySelectorAll('#contacts tbody tr').length === 2);
    await expect(page.locator('#about').textContent()).resolves.toContain(newer.childId);
    expect(await page.locator(`[data-match-contact-id="${older.contactId}"]`).count()).toBe(0);
    await shot('merged');

    const contacts = await ds.query('SELECT id FROM contacts WHERE child_id = $1 ORDER BY received_at', [
      older.childId,
    ]);
    expect(contacts.map((c: { id: string }) => c.id)).toEqual([older.contactId, newer.contactId]);
    const [gone] = await ds.query('SELECT merged_into FROM children WHERE id = $1', [newer.childId]);
    expect(gone.merged_into).toBe(older.childId);
    const [review] = await ds.query(
      'SELECT verdict, actor, reason FROM match_reviews WHERE other_contact_id = $1',
      [older.contactId],
    );
    expect(review).toEqual({
      verdict: 'confirmed',
      actor: username,
      reason: 'Same school and birth date; first name typo.',
    });
    const [audit] = await ds.query(
      `SELECT actor FROM audit_log WHERE action = 'child.merge' AND child_id = $1`,
      [older.childId],
    );
    expect(audit.actor).toBe(username);
  });
});
