import path from 'node:path';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { isolateTestFile } from '@app/testing';
import { StaffUserAdmin } from '../../apps/desk/src/staff-users/staff-user-admin';
import { RunningApp, startAlerts, startDesk } from '../support/apps';
import { launchBrowser, SCREENSHOTS } from '../support/browser';
import { day, seedChild } from '../placement/placement-support';

describe('placement request form and alert feed in a real browser', () => {
  let desk: RunningApp;
  let alerts: RunningApp;
  let ds: DataSource;
  let browser: Browser;
  const stamp = Date.now().toString(36);
  const socialWorker = { username: `ui-sw-${stamp}`, password: 'placement-browser-pw' };
  const dutyManager = { username: `ui-dm-${stamp}`, password: 'placement-browser-pw' };

  beforeAll(async () => {
    isolateTestFile();
    desk = await startDesk();
    alerts = await startAlerts();
    ds = desk.app.get(DataSource);
    const users = new StaffUserAdmin(ds);
    await users.create(socialWorker.username, 'social_worker', socialWorker.password);
    await users.create(dutyManager.username, 'duty_manager', dutyManager.password);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await alerts?.close();
    await desk?.close();
  });

  async function signedIn(who: {
    username: string;
    password: string;
  }): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${desk.url}/login.html`);
    await page.fill('#username', who.username);
    await page.fill('#password', who.password);
    await page.click('button[type="submit"]');
    await page.waitForURL(/index\.html/);
    return { context, page };
  }

  it('submits a request with evidence missing, shows HELD_FOR_PANEL with each failed check in words, and the alert arrives live in the feed to acknowledge', async () => {
    const { childId } = await seedChild(ds);

    // The duty manager watches the alert feed (live over server-sent events).
    const manager = await signedIn(dutyManager);
    await manager.page.goto(`${desk.url}/alerts.html`);
    await manager.page.waitForSelector('#stream-state:has-text("live")');
    const countBefore = await manager.page.textContent('#unacknowledged-count');

    // The social worker fills in the form: a conference held, nothing else.
    const worker = await signedIn(socialWorker);
    const page = worker.page;
    await page.goto(`${desk.url}/placements/new`);
    await page.fill('#new-child-id', childId);
    await page.selectOption('#new-placement-type', 'ifa_foster');
    await page.selectOption('#new-legal-basis', 's20');
    await page.fill('#new-rb-name', 'J. Smith');
    await page.fill('#new-rb-team', 'ASSESSMENT');
    await page.fill('#new-reason', 'Home placement broke down overnight.');
    await page.selectOption('#new-fgc-status', 'held');
    await page.fill('#new-fgc-date', day(10));
    await page.click('#submit');

    await page.waitForSelector('#outcome');
    expect(await page.getAttribute('#outcome', 'data-outcome')).toBe('HELD_FOR_PANEL');
    const failed = await page.$$eval('#failed-checks li', (lis) =>
      lis.map((li) => ({ code: li.getAttribute('data-code'), text: li.textContent })),
    );
    expect(failed.map((f) => f.code)).toEqual([
      'kinship_not_explored',
      'family_support_not_tried',
      'in_house_search_missing',
    ]);
    expect(failed[0].text).toMatch(/Kinship care was not explored/);
    expect(failed[1].text).toMatch(/Family support was not tried/);
    expect(failed[2].text).toMatch(/foster carers were not searched/);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'placement-held.png'), fullPage: true });

    const [{ id: alertId }] = await ds.query(
      `SELECT a.id FROM alerts a JOIN placement_requests p ON a.subject_id = p.id::text WHERE p.child_id = $1`,
      [childId],
    );
    // The alert appears in the manager's feed without a reload, and the count goes up.
    const card = `#alert-${alertId}`;
    await manager.page.waitForSelector(card, { timeout: 30000 });
    expect(await manager.page.textContent(card)).toMatch(/Placement request held/);
    expect(await manager.page.textContent(card)).toMatch(/What is missing/);
    await manager.page.waitForFunction(
      (before) => document.getElementById('unacknowledged-count')!.textContent !== before,
      countBefore,
    );
    // Delivery status is shown per channel.
    await manager.page.waitForSelector(`${card} .deliveries li[data-channel="in_app"] .st-delivered`, {
      state: 'attached',
      timeout: 30000,
    });

    // Acknowledge with a note.
    await manager.page.fill(`#note-${alertId}`, 'Panel booked for Thursday.');
    await manager.page.click(`${card} .ack-form button`);
    await manager.page.waitForSelector(`${card}.acknowledged`);
    expect(await manager.page.textContent(`${card} .ack`)).toMatch(/Panel booked for Thursday/);
    await manager.page.screenshot({
      path: path.join(SCREENSHOTS, 'placement-alert-acknowledged.png'),
      fullPage: true,
    });
    const [row] = await ds.query('SELECT acknowledged_by, acknowledgement_note FROM alerts WHERE id = $1', [
      alertId,
    ]);
    expect(row).toEqual({
      acknowledged_by: dutyManager.username,
      acknowledgement_note: 'Panel booked for Thursday.',
    });

    // Invalid input is shown by field in the error summary, nothing recorded.
    await page.goto(`${desk.url}/placements/new`);
    await page.fill('#new-child-id', childId);
    await page.selectOption('#new-kin-status', 'no_viable_carer');
    await page.click('#submit');
    await page.waitForSelector('.govuk-error-summary li');
    expect(await page.textContent('.govuk-error-summary')).toMatch(/evidence\.kinshipAssessment\.date/);

    await worker.context.close();
    await manager.context.close();
  });
});
