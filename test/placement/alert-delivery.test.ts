import { DataSource } from 'typeorm';
import { isolateTestFile, waitFor } from '@app/testing';
import { RunningApp, startAlerts, startDesk } from '../support/apps';
import { placementBody, seedChild, SmtpReceiver, tokenFor, WebhookReceiver } from './placement-support';

/**
 * Alerts from a placement request to every channel, against real receivers: the in-app feed (with its live
 * stream), a webhook receiver that verifies signatures, and an SMTP server. Then retries, failures for good,
 * acknowledgement and escalation (with a short escalation delay).
 */
describe('alert delivery: in-app, signed webhook, e-mail; retries; acknowledgement; escalation', () => {
  let desk: RunningApp;
  let alerts: RunningApp;
  let ds: DataSource;
  let sw: string;
  let dm: string;
  let hos: string;
  const hook = new WebhookReceiver([
    'rotating-old-secret-0123456789abcdefgh',
    'rotating-new-secret-0123456789abcdefgh',
  ]);
  const refusing = new WebhookReceiver(['rotating-new-secret-0123456789abcdefgh']);
  const smtp = new SmtpReceiver();

  beforeAll(async () => {
    isolateTestFile();
    await hook.start();
    await refusing.start();
    await smtp.start();
    Object.assign(process.env, {
      ALERT_WEBHOOK_URLS: `${hook.url},${refusing.url}`,
      // Rotation without a gap: both secrets sign; the first receiver holds both, the second only the new one.
      ALERT_WEBHOOK_SECRETS: 'rotating-old-secret-0123456789abcdefgh,rotating-new-secret-0123456789abcdefgh',
      SMTP_URL: smtp.url,
      ALERT_EMAIL_FROM: 'front-door@county.example',
      ALERT_RECIPIENTS: JSON.stringify({
        duty_manager: ['duty.manager@county.example'],
        head_of_service: ['head.of.service@county.example'],
      }),
      ALERT_DELIVERY_ATTEMPTS: '4',
      ALERT_RETRY_BASE_MS: '300',
      ALERT_ESCALATION_DELAY_MS: '4000',
    });
    desk = await startDesk();
    alerts = await startAlerts();
    ds = desk.app.get(DataSource);
    sw = tokenFor(desk, 'social_worker');
    dm = tokenFor(desk, 'duty_manager');
    hos = tokenFor(desk, 'head_of_service');
  });

  afterAll(async () => {
    await alerts?.close();
    await desk?.close();
    await hook.stop();
    await refusing.stop();
    await smtp.stop();
    for (const k of [
      'ALERT_WEBHOOK_URLS',
      'ALERT_WEBHOOK_SECRETS',
      'SMTP_URL',
      'ALERT_EMAIL_FROM',
      'ALERT_RECIPIENTS',
      'ALERT_DELIVERY_ATTEMPTS',
      'ALERT_RETRY_BASE_MS',
      'ALERT_ESCALATION_DELAY_MS',
    ])
      delete process.env[k];
  });

  async function heldRequest(): Promise<{ requestId: string; alertId: string }> {
    const { childId } = await seedChild(ds);
    const res = await fetch(`${desk.url}/v1/placement-requests`, {
      method: 'POST',
      headers: { authorization: `Bearer ${sw}`, 'content-type': 'application/json' },
      body: JSON.stringify(placementBody(childId, { evidence: {} })),
    });
    expect(res.status).toBe(201);
    const json: any = await res.json();
    return { requestId: json.id, alertId: json.alerts[0].id };
  }

  const deliveries = (alertId: string) =>
    ds.query('SELECT * FROM alert_deliveries WHERE alert_id = $1 ORDER BY channel, recipient', [alertId]);

  const feed = async (token: string) =>
    (await (
      await fetch(`${desk.url}/v1/alerts`, { headers: { authorization: `Bearer ${token}` } })
    ).json()) as any;

  const acknowledge = (alertId: string, token: string, note: unknown) =>
    fetch(`${desk.url}/v1/alerts/${alertId}/acknowledge`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ note }),
    });

  /** Opens the live stream as a browser would (a single-use ticket, never the token, in the URL). */
  async function openStream(token: string) {
    const controller = new AbortController();
    const t = await fetch(`${desk.url}/v1/live/tickets`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(t.status).toBe(201);
    const { ticket } = (await t.json()) as { ticket: string };
    const res = await fetch(`${desk.url}/v1/live?ticket=${encodeURIComponent(ticket)}`, {
      signal: controller.signal,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const events: { event: string; data: any }[] = [];
    const reader = res.body!.getReader();
    void (async () => {
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
        if (done) return;
        buffer += Buffer.from(value!).toString('utf8');
        let i;
        while ((i = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, i);
          buffer = buffer.slice(i + 2);
          const event = /^event: (.+)$/m.exec(block)?.[1];
          const data = /^data: (.+)$/m.exec(block)?.[1];
          if (event && data) events.push({ event, data: JSON.parse(data) });
        }
      }
    })();
    return { events, close: () => controller.abort() };
  }

  it('delivers on every channel: live in-app feed, signed webhook (both secrets), e-mail to each role', async () => {
    const stream = await openStream(dm);
    await waitFor('the stream greeting', async () => stream.events.find((e) => e.event === 'feed'));
    const { alertId, requestId } = await heldRequest();

    const live = await waitFor('the alert on the live stream', async () =>
      stream.events.find((e) => e.event === 'alert' && e.data.alert.id === alertId),
    );
    expect(live.data.alert).toMatchObject({
      kind: 'ALTERNATIVES_NOT_EXHAUSTED',
      subjectId: requestId,
      acknowledgedAt: null,
    });
    expect(live.data.unacknowledged).toBeGreaterThanOrEqual(1);
    stream.close();

    const [webhook] = await waitFor(
      'the signed webhook',
      async () => hook.forAlert(alertId).length > 0 && hook.forAlert(alertId),
    );
    expect(webhook.body.alert).toMatchObject({ id: alertId, kind: 'ALTERNATIVES_NOT_EXHAUSTED' });
    expect(webhook.body.alert.body).toContain('What is missing');
    expect(webhook.deliveryId).toMatch(/^dlv_[0-9a-f]{32}$/);
    // The receiver holding only the new secret verifies too (v1= repeated).
    await waitFor('the second receiver', async () => refusing.forAlert(alertId).length);
    expect(refusing.rejected).toHaveLength(0);

    const mails = await waitFor('two e-mails', async () => {
      const m = smtp.messages.filter((x) => x.raw.includes(alertId));
      return m.length === 2 && m;
    });
    expect(mails.flatMap((m) => m.to).sort()).toEqual([
      'duty.manager@county.example',
      'head.of.service@county.example',
    ]);
    expect(mails[0].raw).toMatch(/Subject: \[Front door\] Placement request held/);
    expect(mails[0].raw).toMatch(/^X-FrontDoor-Delivery-Id: dlv_[0-9a-f]{32}$/im);

    const rows = await waitFor('every delivery delivered', async () => {
      const r = await deliveries(alertId);
      return r.length === 6 && r.every((d: { status: string }) => d.status === 'delivered') && r;
    });
    expect(rows.map((d: { channel: string }) => d.channel).sort()).toEqual([
      'email',
      'email',
      'in_app',
      'in_app',
      'webhook',
      'webhook',
    ]);

    const f = await feed(dm);
    const item = f.items.find((a: { id: string }) => a.id === alertId);
    expect(item.deliveryStatus).toEqual({ delivered: 6, pending: 0, retrying: 0, failed: 0 });
    expect(f.unacknowledged).toBeGreaterThanOrEqual(1);
  });

  it('retries with back-off while the receiver is down, then delivers once it is back (same delivery id)', async () => {
    hook.mode = 'down';
    const { alertId } = await heldRequest();
    await waitFor('deliveries planned', async () => (await deliveries(alertId)).length > 0);
    const webhookRow = async () =>
      (await deliveries(alertId)).find(
        (d: { channel: string; recipient: string }) => d.recipient === hook.url,
      );
    await waitFor(
      'two refused attempts',
      async () => {
        const r = await webhookRow();
        return r && hook.attempts.filter((a) => a.deliveryId === r.id && a.status === 503).length >= 2;
      },
      20000,
    );
    const failing = await waitFor('the second failure recorded', async () => {
      const r = await webhookRow();
      return r?.status === 'retrying' && r.attempts === 2 && r;
    });
    expect(failing.status).toBe('retrying');
    expect(failing.last_error).toBe('webhook answered 503');
    hook.mode = 'accept';
    const delivered = await waitFor(
      'delivered after the receiver came back',
      async () => {
        const r = await webhookRow();
        return r?.status === 'delivered' && r;
      },
      20000,
    );
    expect(delivered.attempts).toBeGreaterThanOrEqual(3);
    const attempts = hook.attempts.filter((a) => a.deliveryId === delivered.id);
    expect(attempts.map((a) => a.status).slice(0, 2)).toEqual([503, 503]);
    expect(new Set(attempts.map((a) => a.deliveryId)).size).toBe(1);
    expect(hook.forAlert(alertId)).toHaveLength(1);
  });

  it('retries while the receiver is unreachable (port closed), then delivers when it listens again', async () => {
    const port = hook.port;
    await hook.stop();
    const { alertId } = await heldRequest();
    const webhookRow = async () =>
      (await deliveries(alertId)).find((d: { recipient: string }) => d.recipient === hook.url);
    const failing = await waitFor(
      'a failed attempt',
      async () => {
        const r = await webhookRow();
        return r?.status === 'retrying' && r;
      },
      20000,
    );
    expect(failing.last_error).toMatch(/webhook not reached/);
    await hook.start(port);
    await waitFor(
      'delivered after the port opened',
      async () => (await webhookRow())?.status === 'delivered',
      20000,
    );
  });

  it('a delivery that fails for good is kept and shown as failed, never dropped', async () => {
    refusing.mode = 'refuse';
    const { alertId } = await heldRequest();
    const failed = await waitFor(
      'the refused delivery failed for good',
      async () => {
        const r = (await deliveries(alertId)).find(
          (d: { recipient: string }) => d.recipient === refusing.url,
        );
        return r?.status === 'failed' && r;
      },
      20000,
    );
    expect(failed.last_error).toBe('webhook answered 400');
    expect(failed.failed_at).not.toBeNull();
    refusing.mode = 'accept';
    const f = await feed(hos);
    const item = f.items.find((a: { id: string }) => a.id === alertId);
    expect(item.deliveryStatus.failed).toBe(1);
    expect(item.deliveries.find((d: { recipient: string }) => d.recipient === refusing.url)).toMatchObject({
      channel: 'webhook',
      status: 'failed',
      lastError: 'webhook answered 400',
    });
  });

  it('a receiver down through every attempt: the delivery is kept as failed after the last retry', async () => {
    refusing.mode = 'down';
    const { alertId } = await heldRequest();
    const failed = await waitFor(
      'failed after the last attempt',
      async () => {
        const r = (await deliveries(alertId)).find(
          (d: { recipient: string }) => d.recipient === refusing.url,
        );
        return r?.status === 'failed' && r;
      },
      30000,
    );
    refusing.mode = 'accept';
    expect(failed.attempts).toBe(4);
    expect(failed.last_error).toBe('webhook answered 503');
    const answered = refusing.attempts.filter((a) => a.deliveryId === failed.id).map((a) => a.status);
    expect(answered).toEqual([503, 503, 503, 503]);
    // The other channels were not held up by it.
    const others = (await deliveries(alertId)).filter(
      (d: { recipient: string }) => d.recipient !== refusing.url,
    );
    expect(others.every((d: { status: string }) => d.status === 'delivered')).toBe(true);
  });

  it('a manager acknowledges with a note; acknowledged alerts are not escalated; others escalate once to the head of service', async () => {
    const acked = await heldRequest();
    const left = await heldRequest();
    expect((await acknowledge(acked.alertId, sw, 'seen')).status).toBe(403);
    expect((await acknowledge(acked.alertId, dm, '')).status).toBe(422);
    const ok = await acknowledge(acked.alertId, dm, 'Panel booked for Thursday.');
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({
      id: acked.alertId,
      acknowledgedBy: 'duty_manager-tester',
      acknowledgementNote: 'Panel booked for Thursday.',
      acknowledgedAt: expect.any(String),
    });
    expect((await acknowledge(acked.alertId, dm, 'again')).status).toBe(409);

    const escalated = await waitFor(
      'the ESCALATED alert',
      async () => {
        const [row] = await ds.query(
          `SELECT * FROM alerts WHERE kind = 'ESCALATED' AND related_alert_id = $1`,
          [left.alertId],
        );
        return row;
      },
      30000,
    );
    expect(escalated.recipient_roles).toEqual(['head_of_service']);
    expect(escalated.dedupe_key).toBe(`escalated:${left.alertId}`);
    // Delivered like any alert, and in the head of service's feed pointing at the first.
    await waitFor('the escalation delivered in-app', async () => {
      const r = await deliveries(escalated.id);
      return r.some(
        (d: { channel: string; status: string }) => d.channel === 'in_app' && d.status === 'delivered',
      );
    });
    const f = await feed(hos);
    expect(f.items.find((a: { id: string }) => a.id === escalated.id)).toMatchObject({
      kind: 'ESCALATED',
      relatedAlertId: left.alertId,
    });
    // Give the acknowledged alert's timer time to have fired too: still nothing for it, and one for the other.
    await new Promise((r) => setTimeout(r, 1500));
    const rows = await ds.query(
      `SELECT related_alert_id FROM alerts WHERE kind = 'ESCALATED' AND related_alert_id = ANY($1::uuid[])`,
      [[acked.alertId, left.alertId]],
    );
    expect(rows).toEqual([{ related_alert_id: left.alertId }]);
  });

  it('the escalation timer survives a restart of the alerts app', async () => {
    const { alertId } = await heldRequest();
    await waitFor('deliveries planned', async () => (await deliveries(alertId)).length > 0);
    await alerts.close();
    await new Promise((r) => setTimeout(r, 4500));
    alerts = await startAlerts();
    await waitFor(
      'escalated after the restart',
      async () =>
        (await ds.query(`SELECT 1 FROM alerts WHERE kind = 'ESCALATED' AND related_alert_id = $1`, [alertId]))
          .length === 1,
      30000,
    );
  });

  it('the stream refuses a missing or bad token, and a token in the query', async () => {
    expect((await fetch(`${desk.url}/v1/alerts/stream`)).status).toBe(401);
    expect((await fetch(`${desk.url}/v1/alerts/stream?access_token=nope`)).status).toBe(401);
    expect((await fetch(`${desk.url}/v1/alerts/stream?access_token=${encodeURIComponent(dm)}`)).status).toBe(
      401,
    );
    expect((await fetch(`${desk.url}/v1/live`)).status).toBe(401);
    expect((await fetch(`${desk.url}/v1/live?ticket=nope`)).status).toBe(401);
  });
});
