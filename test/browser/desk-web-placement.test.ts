import { Browser, BrowserContext, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { CHECK_TEXT } from '@app/contracts';
import { isolateTestFile } from '@app/testing';
import { call, staffUser } from '../desk/desk-harness';
import { RunningApp, startDesk } from '../support/apps';
import { launchBrowser } from '../support/browser';
import { expectNoAxeViolations, scrollsSideways, signInAs } from '../support/desk-web';
import { day, placementBody, seedChild } from '../placement/placement-support';

type User = { username: string; token: string; password: string };

/**
 * The placement pages of the web app (issue 22 point 6): a social worker raises a request that is held, the
 * panel's chair works it (a decision with actions), the worker adds evidence until it clears and records what
 * happened. Each page is checked against the API, by axe, and for sideways scrolling at 1280 and 1920 px.
 */
describe('desk web app: placement requests and the placement panel', () => {
  let desk: RunningApp;
  let ds: DataSource;
  let browser: Browser;
  let sw: User;
  let otherSw: User;
  let chair: User;
  let dutyManager: User;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    isolateTestFile();
    desk = await startDesk();
    ds = desk.app.get(DataSource);
    sw = await staffUser(desk, 'social_worker');
    otherSw = await staffUser(desk, 'social_worker');
    chair = await staffUser(desk, 'manager');
    dutyManager = await staffUser(desk, 'duty_manager');
    browser = await launchBrowser();
  });

  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await desk?.close();
  });

  async function signedIn(who: User, width = 1280): Promise<Page> {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await signInAs(page, desk.url, who.username, who.password);
    return page;
  }

  /** Neither 1280 nor 1920 px scrolls sideways. */
  async function fitsWidths(page: Page, what: string): Promise<void> {
    for (const width of [1280, 1920]) {
      await page.setViewportSize({ width, height: 900 });
      expect({ what, width, scrolls: await scrollsSideways(page) }).toEqual({ what, width, scrolls: false });
    }
    await page.setViewportSize({ width: 1280, height: 900 });
  }

  const summary = (page: Page) => page.locator('.govuk-error-summary');
  const timelineKinds = (page: Page) =>
    page
      .locator('#timeline .moj-timeline__item')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')));
  const api = (who: User, method: string, path: string, body?: unknown) =>
    call(desk, who.token, method, path, body);

  let childId: string;
  let requestId: string;

  it('a social worker raises a request that is held: the checks answer in words, as the API recorded it', async () => {
    ({ childId } = await seedChild(ds));
    const page = await signedIn(sw);
    await page.getByRole('link', { name: 'Placement requests' }).click();
    await page.waitForURL(/\/placements$/);
    await page.getByRole('heading', { name: 'My placement requests' }).waitFor();
    // A social worker does not chair the panel: no link to its list.
    await expect(page.getByRole('link', { name: "The panel's list" }).count()).resolves.toBe(0);
    await page.getByRole('button', { name: 'Raise a placement request' }).click();
    await page.waitForURL(/\/placements\/new$/);

    // Invalid evidence: the desk's problem names the field in the error summary, linked to its input.
    await page.locator('#new-child-id').fill(childId);
    await page.locator('#new-kin-status').selectOption('no_viable_carer');
    await page.locator('#submit').click();
    await summary(page).waitFor();
    const link = summary(page).locator('a[href="#new-kin-date"]');
    await expect(link.innerText()).resolves.toMatch(/evidence\.kinshipAssessment\.date/);
    await expect(page.locator('#new-kin-date-error').innerText()).resolves.toMatch(/kinshipAssessment\.date/);
    await expectNoAxeViolations(page, 'raise a request, with an error');
    await fitsWidths(page, 'raise a request');
    expect(
      (await ds.query('SELECT count(*)::int AS n FROM placement_requests WHERE child_id = $1', [childId]))[0]
        .n,
    ).toBe(0);

    // A conference held, nothing else: held for panel.
    await page.locator('#new-kin-status').selectOption('');
    await page.locator('#new-placement-type').selectOption('ifa_foster');
    await page.locator('#new-legal-basis').selectOption('s20');
    await page.locator('#new-rb-name').fill('J. Smith');
    await page.locator('#new-rb-team').fill('ASSESSMENT');
    await page.locator('#new-reason').fill('Home placement broke down overnight.');
    await page.locator('#new-fgc-status').selectOption('held');
    await page.locator('#new-fgc-date').fill(day(10));
    await page.locator('#submit').click();
    await page.locator('#outcome').waitFor();

    const [{ id }] = await ds.query('SELECT id FROM placement_requests WHERE child_id = $1', [childId]);
    requestId = id;
    const stored = await api(sw, 'GET', `/v1/placement-requests/${id}`);
    expect(stored.body.gatekeeping.outcome).toBe('HELD_FOR_PANEL');
    await expect(page.locator('#outcome').getAttribute('data-outcome')).resolves.toBe('HELD_FOR_PANEL');
    await expect(page.locator('#outcome').innerText()).resolves.toBe('Held for panel');
    const failed = await page
      .locator('#failed-checks li')
      .evaluateAll((lis) => lis.map((li) => ({ code: li.getAttribute('data-code'), text: li.textContent })));
    expect(failed.map((f) => f.code)).toEqual(stored.body.gatekeeping.failedChecks);
    expect(failed.map((f) => f.code)).toEqual([
      'kinship_not_explored',
      'family_support_not_tried',
      'in_house_search_missing',
    ]);
    expect(failed.map((f) => f.text)).toEqual(
      failed.map((f) => CHECK_TEXT[f.code as keyof typeof CHECK_TEXT]),
    );
    expect(stored.body.alerts).toHaveLength(1);
    await expect(page.locator('#alerted').innerText()).resolves.toMatch(/alerted/);
    await expectNoAxeViolations(page, 'the gatekeeping answer');

    // "My requests" lists it; not another social worker's request.
    const { childId: otherChild } = await seedChild(ds);
    const others = await api(otherSw, 'POST', '/v1/placement-requests', placementBody(otherChild));
    expect(others.status).toBe(201);
    await page.getByRole('link', { name: 'My requests' }).click();
    await page.locator('#requests').waitFor();
    const listed = await page
      .locator('#requests tbody tr')
      .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-request-id')));
    const mine = (await api(sw, 'GET', '/v1/placement-requests')).body.items.map((r: { id: string }) => r.id);
    expect(listed).toEqual(mine);
    expect(listed).toContain(id);
    expect(listed).not.toContain(others.body.id);
    await expect(page.locator(`tr[data-request-id="${id}"]`).innerText()).resolves.toMatch(
      /Independent fostering agency[\s\S]*Held for panel[\s\S]*Kinship care not explored/,
    );
    await expectNoAxeViolations(page, 'my requests');
    await fitsWidths(page, 'my requests');

    // The panel's list is the chairs': opened anyway, the desk's 403 shows in the error summary.
    await page.goto(`${desk.url}/placements/panel`);
    await summary(page).waitFor();
    await expect(summary(page).innerText()).resolves.toMatch(
      /There is a problem[\s\S]*Your role may not do this/,
    );
  });

  it('the chair works the panel list in waiting order and records a deferral with two actions', async () => {
    // A second held request, younger than the first.
    const { childId: second } = await seedChild(ds);
    const younger = await api(
      chair,
      'POST',
      '/v1/placement-requests',
      placementBody(second, { evidence: undefined }),
    );
    expect(younger.status).toBe(201);

    const page = await signedIn(chair);
    await page.getByRole('link', { name: 'Placement requests' }).click();
    await page.getByRole('link', { name: "The panel's list" }).click();
    await page.locator('#panel-list').waitFor();
    const panel = (await api(chair, 'GET', '/v1/placement-panel')).body.items as {
      id: string;
      lacks: { code: string }[];
    }[];
    const rows = await page
      .locator('#panel-list tbody tr')
      .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-request-id')));
    expect(rows).toEqual(panel.map((i) => i.id));
    expect(rows.indexOf(requestId)).toBeLessThan(rows.indexOf(younger.body.id));
    const row = page.locator(`#panel-list tr[data-request-id="${requestId}"]`);
    await expect(
      row.locator('.lacks li').evaluateAll((lis) => lis.map((li) => li.getAttribute('data-code'))),
    ).resolves.toEqual(panel.find((i) => i.id === requestId)!.lacks.map((l) => l.code));
    await expect(row.locator('.lacks').innerText()).resolves.toMatch(/In-house foster carers not searched/);
    await expectNoAxeViolations(page, "the panel's list");
    await fitsWidths(page, "the panel's list");

    await row.locator('a.open-request').click();
    await page.waitForURL(new RegExp(`/placements/${requestId}$`));
    await page.locator('#timeline').waitFor();
    await expect(page.locator('#request-outcome').getAttribute('data-outcome')).resolves.toBe(
      'HELD_FOR_PANEL',
    );
    await expect(page.locator('#checks li[data-passed="false"]').count()).resolves.toBe(3);
    expect(await timelineKinds(page)).toEqual(['alert_raised', 'received']);
    await expectNoAxeViolations(page, 'a held request, for the chair');
    await fitsWidths(page, 'a request');

    // A deferral without an action is refused, named in the error summary.
    await page.locator('#decision-reason').fill('No kinship assessment yet.');
    await page.locator('#decision-submit').click();
    await summary(page).waitFor();
    await expect(summary(page).locator('a[href="#action-type-0"]').innerText()).resolves.toMatch(
      /actions a deferred decision needs at least one action/,
    );
    await expectNoAxeViolations(page, 'the decision form with an error');

    // An action due in the past: the field is named and linked.
    await page.locator('#action-owner-0').fill(sw.username);
    await page.locator('#action-due-0').fill(day(3));
    await page.locator('#decision-submit').click();
    await summary(page).locator('a[href="#action-due-0"]').waitFor();
    await expect(summary(page).innerText()).resolves.toMatch(/actions\[0\]\.dueBy must not be before today/);

    // Two actions, each with an owner and a due date.
    await page.locator('#action-type-0').selectOption('kinship_assessment');
    await page.locator('#action-due-0').fill(day(-7));
    await page.locator('#add-action').click();
    await page.locator('#action-type-1').selectOption('in_house_search');
    await page.locator('#action-owner-1').fill('Fostering team');
    await page.locator('#action-due-1').fill(day(-14));
    await page.locator('#decision-submit').click();
    await page.getByText('Decision recorded.').waitFor();
    await expect(summary(page).count()).resolves.toBe(0);

    const after = (await api(chair, 'GET', `/v1/placement-requests/${requestId}`)).body;
    expect(after.panelDecisions).toHaveLength(1);
    expect(after.panelDecisions[0]).toMatchObject({
      decision: 'deferred',
      reason: 'No kinship assessment yet.',
    });
    expect(after.panelDecisions[0].actions.map((a: any) => [a.action, a.owner, a.dueBy])).toEqual([
      ['kinship_assessment', sw.username, day(-7)],
      ['in_house_search', 'Fostering team', day(-14)],
    ]);
    const actionRows = await page
      .locator('#actions tbody tr')
      .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-action-id')));
    expect(actionRows).toEqual(after.panelDecisions[0].actions.map((a: any) => a.id));
    await expect(page.locator('#actions').innerText()).resolves.toMatch(
      /Kinship assessment\s+\S+[\s\S]*In-house foster carer search\s+Fostering team/,
    );
    expect((await timelineKinds(page))[0]).toBe('panel_decision');
    await expect(page.locator('#timeline [data-kind="panel_decision"]').innerText()).resolves.toMatch(
      /Panel decision[\s\S]*Deferred\. No kinship assessment yet\. Actions: Kinship assessment/,
    );
    // Deferred: off the panel's list; no second decision form while it waits for its actions.
    await expect(page.locator('#decision-form').count()).resolves.toBe(0);
    expect((await api(chair, 'GET', '/v1/placement-panel')).body.items.map((i: any) => i.id)).not.toContain(
      requestId,
    );
    await page.getByRole('link', { name: "The panel's list" }).click();
    await page.locator('#panel-list').waitFor();
    await expect(page.locator(`#panel-list tr[data-request-id="${requestId}"]`).count()).resolves.toBe(0);

    // The younger request: the chair records it diverted to a family-based alternative.
    await page.locator(`#panel-list tr[data-request-id="${younger.body.id}"] a.open-request`).click();
    await page.locator('#outcome-form').waitFor();
    await page.locator('#outcome-diverted').check();
    await page.locator('#outcome-submit').click();
    await summary(page).locator('a[href="#diverted-how"]').waitFor();
    await expect(summary(page).innerText()).resolves.toMatch(/how is required when diverted/);
    await page.locator('#diverted-how').selectOption('kinship_arrangement');
    await page.locator('#outcome-submit').click();
    await page.locator('#request-final[data-final="diverted"]').waitFor();
    const diverted = (await api(chair, 'GET', `/v1/placement-requests/${younger.body.id}`)).body.finalOutcome;
    expect(diverted).toMatchObject({ outcome: 'diverted', how: 'kinship_arrangement' });
    await expect(page.locator('#timeline [data-kind="outcome"]').innerText()).resolves.toMatch(
      /Diverted to a family-based alternative: Kinship arrangement/,
    );
  });

  it('the social worker does the actions, adds evidence until the request clears, and records the placement', async () => {
    const page = await signedIn(sw);
    await page.goto(`${desk.url}/placements/${requestId}`);
    await page.locator('#timeline').waitFor();
    // Not a chair: no decision form; the action they own (and, as the requester, the other) they may mark done.
    await expect(page.locator('#decision-form').count()).resolves.toBe(0);
    for (let n = 1; n <= 2; n++) {
      await page.locator('button.action-done').first().click();
      await page.waitForFunction(
        (k) => document.querySelectorAll('#timeline [data-kind="action_done"]').length === k,
        n,
      );
    }
    // Both done: the deferred request is back on the panel's list.
    expect((await api(chair, 'GET', '/v1/placement-panel')).body.items.map((i: any) => i.id)).toContain(
      requestId,
    );

    // Evidence dated after the request's receipt is refused by field.
    await page.locator('#ev-kin-status').selectOption('no_viable_carer');
    await page.locator('#ev-kin-date').fill(day(-1));
    await page.locator('#evidence-submit').click();
    await summary(page).locator('a[href="#ev-kin-date"]').waitFor();
    await expect(summary(page).innerText()).resolves.toMatch(
      /kinshipAssessment\.date must not be after the day/,
    );
    await expectNoAxeViolations(page, 'the evidence form with an error');

    // Some of the evidence: still held, the checks rerun and fewer fail.
    await page.locator('#ev-kin-date').fill(day(8));
    await page.locator('#evidence-submit').click();
    await page.getByText('Evidence added; the checks ran again.').waitFor();
    let stored = (await api(sw, 'GET', `/v1/placement-requests/${requestId}/timeline`)).body;
    expect(stored.request.gatekeeping.outcome).toBe('HELD_FOR_PANEL');
    await expect(page.locator('#request-outcome').getAttribute('data-outcome')).resolves.toBe(
      'HELD_FOR_PANEL',
    );
    const failing = await page
      .locator('#checks li[data-passed="false"]')
      .evaluateAll((lis) => lis.map((li) => li.getAttribute('data-code')));
    expect(failing).toEqual(stored.checks.filter((c: any) => !c.passed).map((c: any) => c.code));
    expect(failing).toEqual(['family_support_not_tried', 'in_house_search_missing']);
    await expect(page.locator('#evidence-summary').innerText()).resolves.toMatch(
      /Kinship assessment\s+No viable carer/,
    );

    // The rest: every check passes, the request clears and its alert is resolved.
    await page.locator('#ev-fs-status').selectOption('provided');
    await page.locator('#ev-fs-service').fill('FAMILY_SUPPORT_CITY');
    await page.locator('#ev-fs-from').fill(day(200));
    await page.locator('#ev-fs-to').fill(day(20));
    await page.locator('#ev-search-status').selectOption('no_match');
    await page.locator('#ev-search-date').fill(day(3));
    await page.locator('#evidence-submit').click();
    await page.locator('#request-outcome[data-outcome="CLEARED"]').waitFor();
    stored = (await api(sw, 'GET', `/v1/placement-requests/${requestId}/timeline`)).body;
    expect(stored.request.gatekeeping.outcome).toBe('CLEARED');
    expect(stored.request.alerts[0].resolvedAt).not.toBeNull();
    await expect(page.locator('#checks li[data-passed="false"]').count()).resolves.toBe(0);
    expect(await timelineKinds(page)).toEqual(stored.timeline.map((e: any) => e.kind).reverse());
    expect(await timelineKinds(page)).toEqual(
      expect.arrayContaining(['evidence_updated', 'alert_resolved', 'panel_decision', 'action_done']),
    );

    // What finally happened: the form's errors by field, then the placement.
    await page.locator('#placed-cost').fill('a lot');
    await page.locator('#outcome-submit').click();
    await summary(page).locator('a[href="#placed-cost"]').waitFor();
    await expect(summary(page).innerText()).resolves.toMatch(/weeklyCost must be a number/);
    await page.locator('#placed-cost').fill('');
    await page.locator('#outcome-submit').click();
    await summary(page).locator('a[href="#placed-type"]').waitFor();
    for (const [path, id] of [
      ['placementType', 'placed-type'],
      ['provider', 'placed-provider'],
      ['startDate', 'placed-start'],
      ['weeklyCost', 'placed-cost'],
    ])
      await expect(summary(page).locator(`a[href="#${id}"]`).innerText()).resolves.toMatch(
        new RegExp(`^${path} `),
      );
    await expectNoAxeViolations(page, 'the outcome form with errors');
    await page.locator('#placed-type').selectOption('ifa_foster');
    await page.locator('#placed-provider').selectOption('independent');
    await page.locator('#placed-ooc').check();
    await page.locator('#placed-start').fill(day(0));
    await page.locator('#placed-cost').fill('1234.5');
    await page.locator('#outcome-submit').click();
    await page.locator('#request-final[data-final="placed"]').waitFor();
    await expect(page.locator('#outcome-form').count()).resolves.toBe(0);
    await expect(page.locator('#evidence-form').count()).resolves.toBe(0);
    const kinds = await timelineKinds(page);
    expect(kinds[0]).toBe('outcome');
    expect(kinds[kinds.length - 1]).toBe('received');
    await expect(page.locator('#timeline [data-kind="outcome"]').innerText()).resolves.toMatch(
      /Placed: Independent fostering agency, Independent, out of county, from .+, £1,234\.50 a week/,
    );
    const [row] = await ds.query(
      'SELECT outcome, placement_type, provider, out_of_county, start_date::text AS start, weekly_cost::float8 AS cost FROM placement_outcomes WHERE request_id = $1',
      [requestId],
    );
    expect(row).toEqual({
      outcome: 'placed',
      placement_type: 'ifa_foster',
      provider: 'independent',
      out_of_county: true,
      start: day(0),
      cost: 1234.5,
    });
    await expectNoAxeViolations(page, 'a placed request');
    await fitsWidths(page, 'a placed request');
  });

  it('a duty manager reads every request but may not raise, decide or update; a withdrawal is recorded', async () => {
    const page = await signedIn(dutyManager, 1920);
    await page.goto(`${desk.url}/placements`);
    await page.locator('#requests').waitFor();
    await expect(page.getByRole('heading', { name: 'Placement requests', level: 1 }).count()).resolves.toBe(
      1,
    );
    await expect(page.getByRole('button', { name: 'Raise a placement request' }).count()).resolves.toBe(0);
    await expect(page.getByRole('link', { name: "The panel's list" }).count()).resolves.toBe(0);
    const listed = await page.locator('#requests tbody tr').count();
    expect(listed).toBe(
      (await api(dutyManager, 'GET', '/v1/placement-requests?limit=100')).body.items.length,
    );
    await page.goto(`${desk.url}/placements/${requestId}`);
    await page.locator('#timeline').waitFor();
    for (const form of ['#decision-form', '#evidence-form', '#outcome-form'])
      await expect(page.locator(form).count()).resolves.toBe(0);
    await expectNoAxeViolations(page, 'a request, for a duty manager');

    // The chair withdraws a request raised by the other social worker (which the first cannot see).
    const { childId: third } = await seedChild(ds);
    const r = await api(
      otherSw,
      'POST',
      '/v1/placement-requests',
      placementBody(third, { evidence: undefined }),
    );
    const worker = await signedIn(sw);
    await worker.goto(`${desk.url}/placements/${r.body.id}`);
    await summary(worker).waitFor();
    await expect(summary(worker).innerText()).resolves.toMatch(/No such placement request/);
    const cp = await signedIn(chair);
    await cp.goto(`${desk.url}/placements/${r.body.id}`);
    await cp.locator('#outcome-withdrawn').check();
    await cp.locator('#withdrawn-reason').fill('Family found a solution themselves.');
    await cp.locator('#outcome-submit').click();
    await cp.locator('#request-final[data-final="withdrawn"]').waitFor();
    expect((await api(chair, 'GET', `/v1/placement-requests/${r.body.id}`)).body.finalOutcome).toMatchObject({
      outcome: 'withdrawn',
      reason: 'Family found a solution themselves.',
    });
    expect(pageErrors).toEqual([]);
  });
});
