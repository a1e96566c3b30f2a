import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AppConfig } from '@app/config';
import { alertFeedChannel } from '@app/contracts';
import { REDIS } from '@app/messaging';
import { isolateTestFile } from '@app/testing';
import { HeldItemNotifier } from '../../apps/desk/src/notifications/held-item-notifier';
import { startDesk } from '../support/apps';
import { launchBrowser } from '../support/browser';
import { staffUser } from '../desk/desk-harness';

it('the alerts page goes live through a single-use ticket (no token in any URL): alerts and held-item notices arrive', async () => {
  isolateTestFile();
  const desk = await startDesk();
  const browser = await launchBrowser();
  try {
    const dm = await staffUser(desk, 'duty_manager');
    const page = await (await browser.newContext()).newPage();
    const urls: string[] = [];
    page.on('request', (r) => urls.push(r.url()));
    await page.addInitScript(
      ([t, u]) => {
        sessionStorage.setItem('fd.token', t);
        sessionStorage.setItem('fd.user', JSON.stringify({ username: u, role: 'duty_manager' }));
      },
      [dm.token, dm.username],
    );
    await page.goto(`${desk.url}/alerts`);
    await page.waitForSelector('#stream-state:has-text("updates live")', { timeout: 10000 });
    const alertId = randomUUID();
    const ds = desk.app.get(DataSource);
    await ds.query(
      `INSERT INTO alerts (id, kind, dedupe_key, title, body, recipient_roles, details, raised_at)
       VALUES ($1, 'TEST_LIVE', $2, 'Browser live alert', 'body', $3, '{}', now())`,
      [alertId, `live-b:${alertId}`, ['duty_manager']],
    );
    await desk.app
      .get(REDIS)
      .publish(
        alertFeedChannel(desk.app.get(AppConfig).REDIS_PREFIX),
        JSON.stringify({ type: 'alert.delivered', alertId, recipientRoles: ['duty_manager'] }),
      );
    await page.locator(`#alert-${alertId}-title`).getByText('Browser live alert').waitFor({ timeout: 10000 });
    await desk.app.get(HeldItemNotifier).publish({
      type: 'held-item-raised',
      username: dm.username,
      contactId: randomUUID(),
      childId: randomUUID(),
      needLevel: 4,
      priority: 'IMMEDIATE',
      dueAt: new Date().toISOString(),
    });
    await page.waitForSelector('text=An item you hold was raised', { timeout: 10000 });
    expect(urls.some((u) => u.includes('/v1/live?ticket='))).toBe(true);
    expect(urls.some((u) => u.includes(dm.token))).toBe(false);
  } finally {
    await browser.close();
    await desk.close();
  }
});
