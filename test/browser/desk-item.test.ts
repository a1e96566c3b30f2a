import { Browser, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { isolateTestFile } from '@app/testing';
import { StaffUserAdmin } from '../../apps/desk/src/staff-users/staff-user-admin';
import { minutesFromNow, seedItem } from '../desk/desk-harness';
import { RunningApp, startDesk } from '../support/apps';
import { launchBrowser } from '../support/browser';
import { docsScreenshot, expectNoAxeViolations } from '../support/desk-web';

/** Presses Tab until the focused element matches `selector` (keyboard only; fails after `max` presses). */
async function tabTo(page: Page, selector: string, max = 60): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
  }
  throw new Error(`Tab never reached ${selector}`);
}

describe('desk web app: the item view', () => {
  let desk: RunningApp;
  let ds: DataSource;
  let browser: Browser;
  let page: Page;
  const team = `WI_${Date.now().toString(36).toUpperCase()}`;
  const username = `wi-worker-${Date.now().toString(36)}`;
  const password = 'browser-test-password';

  beforeAll(async () => {
    isolateTestFile();
    desk = await startDesk();
    ds = desk.app.get(DataSource);
    await new StaffUserAdmin(ds).create(username, 'duty_worker', password);
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('pageerror', (e) => console.log(`page error: ${e.message}`));
  });

  afterAll(async () => {
    await browser?.close();
    await desk?.close();
  });

  it('works an item from sign-in to close with the keyboard alone', async () => {
    const item = await seedItem(ds, { team, dueAt: minutesFromNow(-30), priority: 'IMMEDIATE' });
    await page.goto(`${desk.url}/login`);
    // The username field has focus on arrival (once the app has rendered).
    await page.waitForFunction(() => document.activeElement?.id === 'username');
    await page.keyboard.type(username);
    await page.keyboard.press('Tab');
    await page.keyboard.type(password);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/index\.html$/);
    await page.locator('#queue tbody tr').first().waitFor();

    await tabTo(page, '#claim-next');
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`/items/${item.contactId}$`));
    await page.getByRole('heading', { level: 1 }).waitFor();

    await tabTo(page, '#confirm');
    await page.keyboard.press('Enter');
    await page.getByText('Recommendation confirmed.').waitFor();

    await tabTo(page, '#close-outcome');
    await page.keyboard.press('ArrowDown'); // the first outcome: No further action
    await tabTo(page, '#close-nfa');
    await page.keyboard.press('Space');
    await tabTo(page, '#close-submit');
    await page.keyboard.press('Enter');
    await page.getByText('Item closed.').waitFor();

    const [row] = await ds.query('SELECT state, claimed_by FROM desk_items WHERE contact_id = $1', [
      item.contactId,
    ]);
    expect(row).toEqual({ state: 'closed', claimed_by: null });
    const [closed] = await ds.query(
      `SELECT outcome, cin_no_further_action FROM duty_decisions WHERE contact_id = $1 AND kind = 'close'`,
      [item.contactId],
    );
    expect(closed).toEqual({ outcome: 'NO_FURTHER_ACTION', cin_no_further_action: true });
    await expect(page.locator('#audit').innerText()).resolves.toContain('Closed: No further action');
  });

  it('puts the decision in context: concern as sent, 30-day picture by agency in words, reasons, matches side by side', async () => {
    const first = await seedItem(ds, {
      team,
      dueAt: minutesFromNow(60),
      receivedAt: new Date(Date.now() - 5 * 86400_000),
    });
    const item = await seedItem(ds, { team, dueAt: minutesFromNow(90), childId: first.childId });
    const other = await seedItem(ds, { team, dueAt: minutesFromNow(120) });
    await ds.query(
      `UPDATE contacts SET agency = 'police',
              body = jsonb_set(jsonb_set(jsonb_set(body, '{source,agency}', '"police"'), '{source,organisation}', '"County Police"'),
                     '{concerns,indicators}', '["domestic_abuse_high_risk","parental_substance_misuse"]')
        WHERE id = $1`,
      [first.contactId],
    );
    await ds.query(
      `UPDATE contacts SET body = jsonb_set(body, '{concerns,summary}', to_jsonb($2::text)) WHERE id = $1`,
      [item.contactId, 'Teacher saw bruising on both arms.\nChild said dad was angry.'],
    );
    // Triage found another child's contact a possible match (a name one letter different).
    await ds.query(
      `UPDATE contacts SET body = jsonb_set(body, '{child,firstName}', '"Tess"') WHERE id = $1`,
      [other.contactId],
    );
    await ds.query(`UPDATE decisions SET possible_matches = $2::jsonb WHERE contact_id = $1 AND is_current`, [
      item.contactId,
      JSON.stringify([{ contactId: other.contactId, childId: other.childId, reason: 'first_name_one_edit' }]),
    ]);

    await page.goto(`${desk.url}/items/${item.contactId}`);
    await page.locator('#picture').waitFor();
    await expect(page.locator('#concern').innerText()).resolves.toBe(
      'Teacher saw bruising on both arms.\nChild said dad was angry.',
    );
    const picture = await page.locator('#picture').innerText();
    expect(picture).toContain('2 contacts in 30 days, from 2 agencies');
    expect(picture).toContain('Police');
    expect(picture).toContain('Domestic abuse, high risk');
    expect(picture).toContain('Parent misuses drugs or alcohol');
    expect(picture).toContain('Persistent absence from school');
    expect(picture).not.toMatch(/domestic_abuse|attendance_persistent/);
    await expect(page.locator('#reasons').innerText()).resolves.toContain('Persistent absence');
    await expect(page.locator('#history').innerText()).resolves.toBe('1 earlier contact about this child.');
    const match = page.locator(`[data-match-contact-id="${other.contactId}"]`);
    await expect(match.locator('caption').innerText()).resolves.toContain('First name one letter different');
    const differing = await match
      .locator('tr[data-differs] th')
      .evaluateAll((ths) => ths.map((th) => th.textContent));
    expect(differing).toEqual(['First name', 'Last name']);
    await expectNoAxeViolations(page, 'the item view');
    await page.getByRole('button', { name: 'Claim this item' }).click();
    await page.getByRole('button', { name: 'Confirm recommendation' }).waitFor();
    await docsScreenshot(page, 'item');
  });

  it('refuses an override without a reason in the error summary, then records it; notes appear in who did what', async () => {
    const item = await seedItem(ds, { team, dueAt: minutesFromNow(200) });
    await page.goto(`${desk.url}/items/${item.contactId}`);
    await page.getByRole('button', { name: 'Claim this item' }).click();
    await page.locator('#override-level').selectOption('3');
    await page.getByRole('button', { name: 'Override with reason' }).click();
    const summary = page.locator('.govuk-error-summary');
    await summary.waitFor();
    await expect(summary.locator('a[href="#override-reason"]').count()).resolves.toBe(1);
    await expectNoAxeViolations(page, 'the item view with an error');
    await page.getByLabel('Reason (required)').fill('Police log shows a second incident this week.');
    await page.getByRole('button', { name: 'Override with reason' }).click();
    await page.getByText('Override recorded.').waitFor();
    const [dd] = await ds.query('SELECT kind, need_level, reason FROM duty_decisions WHERE contact_id = $1', [
      item.contactId,
    ]);
    expect(dd).toEqual({
      kind: 'override',
      need_level: 3,
      reason: 'Police log shows a second incident this week.',
    });

    await page.getByLabel('Add a note').fill('Rang the school back.');
    await page.getByRole('button', { name: 'Add note' }).click();
    await page.getByText('Note added.').waitFor();
    const audit = await page.locator('#audit').innerText();
    expect(audit).toContain('Recommendation overridden');
    expect(audit).toContain(`by ${username} (Duty worker)`);
    expect(audit).toContain('Rang the school back.');
  });
});
