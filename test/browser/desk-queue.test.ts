import { Browser, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { isolateTestFile } from '@app/testing';
import { StaffUserAdmin } from '../../apps/desk/src/staff-users/staff-user-admin';
import { minutesFromNow, seedItem } from '../desk/desk-harness';
import { RunningApp, startDesk } from '../support/apps';
import { launchBrowser } from '../support/browser';
import { docsScreenshot, expectNoAxeViolations, scrollsSideways } from '../support/desk-web';

describe('desk web app: sign in and the queue', () => {
  let desk: RunningApp;
  let ds: DataSource;
  let browser: Browser;
  let page: Page;
  const team = `WQ_${Date.now().toString(36).toUpperCase()}`;
  const username = `wq-worker-${Date.now().toString(36)}`;
  const password = 'browser-test-password';

  beforeAll(async () => {
    isolateTestFile();
    desk = await startDesk();
    ds = desk.app.get(DataSource);
    await new StaffUserAdmin(ds).create(username, 'duty_worker', password);
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('pageerror', (e) => console.log(`page error: ${e.message}`));
    page.on('console', (m) => m.type() === 'error' && console.log(`console error: ${m.text()}`));
  });

  afterAll(async () => {
    await browser?.close();
    await desk?.close();
  });

  const rowIds = () =>
    page
      .locator('#queue tbody tr')
      .evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).dataset.contactId));

  it('sends a stranger to sign in, shows a wrong password in the error summary, then signs in', async () => {
    await page.goto(`${desk.url}/`);
    await page.waitForURL(/\/login\?next=/);
    await expectNoAxeViolations(page, 'sign in');
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password').fill('wrong-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const summary = page.locator('.govuk-error-summary');
    await summary.getByText('Wrong username or password.').waitFor();
    // The error summary takes focus, so a screen reader announces it at once.
    await expect(
      page.evaluate(() => document.activeElement?.classList.contains('govuk-error-summary')),
    ).resolves.toBe(true);
    await expectNoAxeViolations(page, 'sign in with an error');
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${desk.url}/`);
    await page
      .locator('#queue-count')
      .getByText(/items?/)
      .waitFor();
  });

  it('shows each row in words (child, age, locality, sender, first line, priority with time left, level, route, holder), fits 1280 px', async () => {
    const overdue = await seedItem(ds, {
      team,
      dueAt: minutesFromNow(-10),
      priority: 'SAME_DAY',
      needLevel: 3,
    });
    const later = await seedItem(ds, {
      team,
      dueAt: minutesFromNow(125),
      route: 'STATUTORY_ASSESSMENT',
      locality: 'CITY',
    });
    const held = await seedItem(ds, { team, dueAt: minutesFromNow(300), claimedBy: 'a-colleague' });
    await ds.query(
      `UPDATE contacts SET body = jsonb_set(body, '{concerns,summary}', to_jsonb($2::text)) WHERE id = $1`,
      [overdue.contactId, 'Came to school with a bruise on his cheek.\nSecond line not shown.'],
    );

    await page.goto(`${desk.url}/?team=${team}&claimedBy=anyone`);
    await page.waitForFunction(() => document.querySelectorAll('#queue tbody tr').length === 3);
    expect(await rowIds()).toEqual([overdue.contactId, later.contactId, held.contactId]);
    const first = page.locator(`#queue tbody tr[data-contact-id="${overdue.contactId}"]`);
    const text = (await first.innerText()).replace(/\s+/g, ' ');
    expect(text).toMatch(/Test Child\d+/);
    expect(text).toContain('years, North');
    expect(text).toContain('School Test School');
    expect(text).toContain('Came to school with a bruise on his cheek.');
    expect(text).not.toContain('Second line');
    expect(text).toContain('Same day');
    expect(text).toMatch(/Overdue by 1\d min/);
    expect(text).toContain('Level 3: complex needs');
    expect(text).toContain('Early help in the locality');
    expect(text).toContain('Not held');
    expect(text).not.toMatch(/SAME_DAY|LOCALITY_EARLY_HELP/);
    // Overdue is red (GOV.UK red text), time left is not.
    await expect(first.locator('.app-overdue').evaluate((e) => getComputedStyle(e).color)).resolves.toBe(
      'rgb(178, 38, 43)',
    );
    const laterText = (
      await page.locator(`#queue tbody tr[data-contact-id="${later.contactId}"]`).innerText()
    ).replace(/\s+/g, ' ');
    expect(laterText).toMatch(/2 h \d min left/);
    expect(laterText).toContain('Social care assessment');
    expect(laterText).toContain('City');
    expect(await page.locator(`#queue tbody tr[data-contact-id="${held.contactId}"]`).innerText()).toContain(
      'a-colleague',
    );

    expect(await scrollsSideways(page)).toBe(false);
    await expectNoAxeViolations(page, 'the queue');
    await docsScreenshot(page, 'queue');
  });

  it('sorts and filters from the keyboard', async () => {
    await page.goto(`${desk.url}/?team=${team}&claimedBy=anyone`);
    await page.waitForFunction(() => document.querySelectorAll('#queue tbody tr').length === 3);
    const byHolder = page.locator('button[data-sort="holder"]');
    await byHolder.focus();
    await page.keyboard.press('Enter');
    await expect(page.locator('th:has(button[data-sort="holder"])').getAttribute('aria-sort')).resolves.toBe(
      'ascending',
    );
    await page.keyboard.press('Enter');
    await expect(page.locator('th:has(button[data-sort="holder"])').getAttribute('aria-sort')).resolves.toBe(
      'descending',
    );
    const ids = await rowIds();
    const [{ contact_id: heldId }] = await ds.query(
      `SELECT contact_id FROM desk_items WHERE team = $1 AND claimed_by IS NOT NULL`,
      [team],
    );
    expect(ids[0]).toBe(heldId);

    // Filter by route, with the keyboard only: focus the select, choose, move to Apply, press Enter.
    await page.locator('#filter-route').focus();
    await page.locator('#filter-route').selectOption('STATUTORY_ASSESSMENT');
    await page.getByRole('button', { name: 'Apply filters' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelectorAll('#queue tbody tr').length === 1);
    expect(page.url()).toContain('route=STATUTORY_ASSESSMENT');
  });

  it('shows an API error in the error summary, linked to the filter at fault', async () => {
    await page.goto(`${desk.url}/?team=${team}&level=9`);
    const summary = page.locator('.govuk-error-summary');
    await summary.waitFor();
    await expect(
      summary.getByRole('link', { name: 'query:level must be one of: 1, 2, 3, 4' }).getAttribute('href'),
    ).resolves.toBe('#filter-level');
    await expectNoAxeViolations(page, 'the queue with an error');
  });

  it('claims the next item from the keyboard and opens it', async () => {
    await page.goto(`${desk.url}/?team=${team}&claimedBy=anyone`);
    await page.waitForFunction(() => document.querySelectorAll('#queue tbody tr').length === 3);
    const [{ contact_id: expected }] = await ds.query(
      `SELECT contact_id FROM desk_items WHERE state = 'awaiting' AND claimed_by IS NULL
        ORDER BY due_at, priority_rank, contact_id LIMIT 1`,
    );
    await page.locator('#claim-next').focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`/items/${expected}$`));
    const [row] = await ds.query('SELECT claimed_by FROM desk_items WHERE contact_id = $1', [expected]);
    expect(row.claimed_by).toBe(username);
  });
});
