import path from 'node:path';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { isolateTestFile } from '@app/testing';
import { StaffUserAdmin } from '../../apps/desk/src/staff-users/staff-user-admin';
import { call, login } from '../desk/desk-harness';
import { RunningApp, startDesk } from '../support/apps';
import { launchBrowser, SCREENSHOTS } from '../support/browser';
import { day, placementBody, seedChild } from '../placement/placement-support';

describe('placement sufficiency on the dashboard in a real browser, after a request worked through the panel', () => {
  let desk: RunningApp;
  let ds: DataSource;
  let browser: Browser;
  const stamp = Date.now().toString(36);
  const sw = { username: `panel-sw-${stamp}`, password: 'panel-browser-pw' };
  const chair = { username: `panel-chair-${stamp}`, password: 'panel-browser-pw' };
  const cspViolations: string[] = [];

  beforeAll(async () => {
    isolateTestFile();
    desk = await startDesk();
    ds = desk.app.get(DataSource);
    const users = new StaffUserAdmin(ds);
    await users.create(sw.username, 'social_worker', sw.password);
    await users.create(chair.username, 'manager', chair.password);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await desk?.close();
  });

  /** A signed-in page whose HTML is served under `script-src 'self'`: an inline script would be refused. */
  async function signedIn(who: {
    username: string;
    password: string;
  }): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport: { width: 1366, height: 1000 } });
    await context.route('**/*.html*', async (route) => {
      const response = await route.fetch();
      await route.fulfill({
        response,
        headers: { ...response.headers(), 'content-security-policy': "script-src 'self'" },
      });
    });
    const page = await context.newPage();
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
    });
    page.on('pageerror', (e) => cspViolations.push(`page error: ${e.message}`));
    await page.goto(`${desk.url}/login.html`);
    await page.fill('#username', who.username);
    await page.fill('#password', who.password);
    await page.click('button[type="submit"]');
    await page.waitForURL(/index\.html/);
    return { context, page };
  }

  it('a held request worked through the panel, cleared by evidence and placed, counts in the sufficiency table', async () => {
    const { childId } = await seedChild(ds);
    const swToken = await login(desk, sw.username, sw.password);
    const posted = await call(
      desk,
      swToken,
      'POST',
      '/v1/placement-requests',
      placementBody(childId, { evidence: undefined }),
    );
    expect(posted.status).toBe(201);
    const id = posted.body.id;

    // The panel's work on it, by API (the pages that do it: desk-web-placement.test.ts).
    const chairToken = await login(desk, chair.username, chair.password);
    const decided = await call(desk, chairToken, 'POST', `/v1/placement-requests/${id}/panel-decisions`, {
      decision: 'deferred',
      reason: 'No family group conference yet.',
      actions: [{ action: 'convene_fgc', owner: sw.username, dueBy: day(-7) }],
    });
    expect(decided.status).toBe(201);
    const actionId = decided.body.panelDecisions[0].actions[0].id;
    const done = await call(
      desk,
      swToken,
      'POST',
      `/v1/placement-requests/${id}/panel-actions/${actionId}/done`,
      {},
    );
    expect(done.status).toBe(200);
    const evidence = await call(desk, swToken, 'PATCH', `/v1/placement-requests/${id}/evidence`, {
      familyGroupConference: { status: 'held', date: day(12) },
      kinshipAssessment: { status: 'no_viable_carer', date: day(10) },
      familySupport: { status: 'provided', from: day(200), to: day(20) },
      inHouseFosterSearch: { status: 'no_match', date: day(3) },
    });
    expect(evidence.body.gatekeeping.outcome).toBe('CLEARED');
    const outcome = await call(desk, swToken, 'POST', `/v1/placement-requests/${id}/outcome`, {
      outcome: 'placed',
      placementType: 'ifa_foster',
      provider: 'independent',
      outOfCounty: true,
      startDate: day(0),
      weeklyCost: 1234.5,
    });
    expect(outcome.status).toBe(201);
    const manager = await signedIn(chair);
    const mp = manager.page;

    // The sufficiency page of the web app shows it.
    await mp.goto(`${desk.url}/sufficiency?from=${day(30)}&to=${day(0)}`);
    await mp.waitForSelector('#sufficiency[data-state="loaded"]');
    const figure = (key: string, col = 'count') =>
      mp.textContent(`#sufficiency-table tr[data-figure="${key}"] .${col}`);
    expect(await figure('requests.total')).toBe('1');
    expect(await figure('gatekeeping.held')).toBe('1');
    expect(await figure('gatekeeping.held', 'share')).toBe('100%');
    expect(await figure('gatekeeping.clearedLaterByEvidence')).toBe('1');
    expect(await figure('placements.count')).toBe('1');
    expect(await figure('placements.outOfCounty', 'share')).toBe('100%');
    expect(await figure('placements.weeklyCostCommitted')).toBe('£1,234.50');
    expect(await figure('panel.decisions.deferred')).toBe('1');
    const [download] = await Promise.all([mp.waitForEvent('download'), mp.click('#sufficiency-export')]);
    expect(download.suggestedFilename()).toBe(`placement-sufficiency-${day(30)}-${day(0)}.csv`);
    await mp.screenshot({ path: path.join(SCREENSHOTS, 'placement-sufficiency.png'), fullPage: true });

    expect(cspViolations).toEqual([]);
    await manager.context.close();
  });
});
