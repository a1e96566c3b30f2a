import path from 'node:path';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { isolateTestFile } from '@app/testing';
import { StaffUserAdmin } from '../../apps/desk/src/staff-users/staff-user-admin';
import { call, login } from '../desk/desk-harness';
import { RunningApp, startDesk } from '../support/apps';
import { launchBrowser, SCREENSHOTS } from '../support/browser';
import { day, placementBody, seedChild } from '../placement/placement-support';

describe('the placement panel in a real browser: list, request timeline, decision, evidence and outcome forms, sufficiency', () => {
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

  const timelineKinds = (page: Page) =>
    page.$$eval('#timeline li', (lis) => lis.map((li) => li.getAttribute('data-kind')));

  it('a held request is worked through the panel, cleared by evidence and its outcome recorded, all in the page', async () => {
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

    // The chair sees it on the panel's list with what it lacks, and opens it.
    const manager = await signedIn(chair);
    const mp = manager.page;
    await mp.goto(`${desk.url}/placement.html`);
    await mp.waitForSelector('#panel-section[data-loaded="true"]');
    const row = `#panel-list tr[data-request-id="${id}"]`;
    expect(
      await mp.$$eval(`${row} .lacks li`, (lis) => lis.map((li) => li.getAttribute('data-code'))),
    ).toEqual(['fgc_missing', 'kinship_not_explored', 'family_support_not_tried', 'in_house_search_missing']);
    await mp.click(`${row} a.open-request`);
    await mp.waitForSelector('#request-view[data-loaded="true"]');
    expect(await mp.getAttribute('#request-outcome', 'data-outcome')).toBe('HELD_FOR_PANEL');
    expect(await mp.$$eval('#checks li[data-passed="false"]', (lis) => lis.length)).toBe(4);
    expect(await timelineKinds(mp)).toEqual(['received', 'alert_raised']);

    // A deferral without an action is refused, named in the error summary.
    await mp.selectOption('#decision', 'deferred');
    await mp.fill('#decision-reason', 'No family group conference yet.');
    await mp.click('#decision-submit');
    await mp.waitForSelector('#request-errors:not([hidden]) li');
    expect(await mp.textContent('#request-errors')).toMatch(
      /actions: a deferred decision needs at least one action/,
    );

    // With an action: recorded, on the timeline, and off the panel's list.
    await mp.selectOption('#action-type-0', 'convene_fgc');
    await mp.fill('#action-owner-0', sw.username);
    await mp.fill('#action-due-0', day(-7));
    await mp.click('#decision-submit');
    await mp.waitForSelector('#timeline li[data-kind="panel_decision"]');
    expect(await mp.isHidden('#request-errors')).toBe(true);
    await mp.waitForSelector(row, { state: 'detached' });
    expect(await mp.textContent('#actions')).toMatch(/Convene a family group conference — panel-sw-/);
    await mp.screenshot({ path: path.join(SCREENSHOTS, 'placement-panel-deferred.png'), fullPage: true });

    // The social worker does the action, then adds the evidence that clears the request.
    const worker = await signedIn(sw);
    const wp = worker.page;
    await wp.goto(`${desk.url}/placement.html?request=${id}`);
    await wp.waitForSelector('#request-view[data-loaded="true"]');
    expect(await wp.isHidden('#panel-section')).toBe(true);
    expect(await wp.isHidden('#decision-form')).toBe(true);
    await wp.click('button.action-done');
    await wp.waitForSelector('#timeline li[data-kind="action_done"]');

    // Evidence dated after the request's receipt is refused by field.
    await wp.selectOption('#evFgcStatus', 'held');
    await wp.fill('#evFgcDate', day(-1));
    await wp.click('#evidence-submit');
    await wp.waitForSelector('#request-errors:not([hidden]) li');
    expect(await wp.textContent('#request-errors')).toMatch(
      /familyGroupConference\.date: must not be after the day/,
    );

    await wp.fill('#evFgcDate', day(12));
    await wp.selectOption('#evKinStatus', 'no_viable_carer');
    await wp.fill('#evKinDate', day(10));
    await wp.selectOption('#evFsStatus', 'provided');
    await wp.fill('#evFsFrom', day(200));
    await wp.fill('#evFsTo', day(20));
    await wp.selectOption('#evSearchStatus', 'no_match');
    await wp.fill('#evSearchDate', day(3));
    await wp.click('#evidence-submit');
    await wp.waitForSelector('#request-outcome[data-outcome="CLEARED"]');
    expect(await wp.$$eval('#checks li[data-passed="false"]', (lis) => lis.length)).toBe(0);
    expect(await timelineKinds(wp)).toEqual(
      expect.arrayContaining(['evidence_updated', 'alert_resolved', 'panel_decision', 'action_done']),
    );

    // What finally happened.
    await wp.selectOption('#final-outcome', 'placed');
    await wp.selectOption('#placed-type', 'ifa_foster');
    await wp.selectOption('#placed-provider', 'independent');
    await wp.check('#placed-ooc');
    await wp.fill('#placed-start', day(0));
    await wp.fill('#placed-cost', '1234.5');
    await wp.click('#outcome-submit');
    await wp.waitForSelector('#request-final[data-final="placed"]');
    expect(await wp.isHidden('#outcome-form')).toBe(true);
    const kinds = await timelineKinds(wp);
    expect(kinds[0]).toBe('received');
    expect(kinds[kinds.length - 1]).toBe('outcome');
    await wp.screenshot({ path: path.join(SCREENSHOTS, 'placement-request-timeline.png'), fullPage: true });
    const [stored] = await ds.query(
      'SELECT outcome, provider, out_of_county, weekly_cost::float8 AS cost FROM placement_outcomes WHERE request_id = $1',
      [id],
    );
    expect(stored).toEqual({ outcome: 'placed', provider: 'independent', out_of_county: true, cost: 1234.5 });

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
    await worker.context.close();
    await manager.context.close();
  });
});
