import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Topic } from '@app/contracts';
import { recordPartnerFeedback } from '@app/decisions';
import { createHttpApp, verifyWebhookSignature } from '@app/http';
import { isolateTestFile, waitFor } from '@app/testing';
import { DeliverFeedbackUseCase } from '../../apps/alerts/src/partner-feedback/deliver-feedback.usecase';
import { FeedbackQueue } from '../../apps/alerts/src/partner-feedback/feedback-queue';
import { PartnerFeedbackConsumer } from '../../apps/alerts/src/partner-feedback/partner-feedback.consumer';
import { IntakeModule } from '../../apps/intake-api/src/intake.module';
import { PartnerAdmin } from '@app/intake';
import { call, minutesFromNow, seedItem, staffUser } from '../desk/desk-harness';
import { RunningApp, startAlerts, startDesk } from '../support/apps';
import { FeedbackReceiver } from './feedback-receiver';

/**
 * Feedback to referrers, end to end against the real Postgres, Kafka and Redis: partners register callbacks
 * on the partner API, a duty worker decides on the desk, the alerts app delivers the signed webhook to a
 * real HTTP receiver; retries, exactly one delivery, and no partner hears about another's contacts.
 */
describe('feedback to referrers: callback registration and the signed decision webhook', () => {
  let intake: RunningApp;
  let desk: RunningApp;
  let alerts: RunningApp;
  let ds: DataSource;
  let worker: { token: string };
  const a = { receiver: new FeedbackReceiver(), id: '', key: '', secret: '' };
  const b = { receiver: new FeedbackReceiver(), id: '', key: '', secret: '' };
  const settings = { FEEDBACK_RETRY_BASE_MS: '200', FEEDBACK_DELIVERY_ATTEMPTS: '5' };

  const partnerCall = async (key: string, method: string, path: string, body?: unknown) => {
    const res = await fetch(`${intake.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${key}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };

  beforeAll(async () => {
    isolateTestFile();
    Object.assign(process.env, settings);
    await a.receiver.start();
    await b.receiver.start();
    // The partner API as main.ts runs it, with its OpenAPI document.
    const app = await createHttpApp(IntakeModule, { title: 'Front door: partner API', description: 'test' });
    await app.listen(0, '127.0.0.1');
    intake = { app, url: (await app.getUrl()).replace('[::1]', '127.0.0.1'), close: () => app.close() };
    desk = await startDesk();
    alerts = await startAlerts();
    ds = desk.app.get(DataSource);
    worker = await staffUser(desk, 'duty_worker');
    const admin = new PartnerAdmin(ds);
    for (const [p, name] of [
      [a, 'A'],
      [b, 'B'],
    ] as const) {
      const created = await admin.create(`feedback-${name}-${Date.now()}`, 'school', `School ${name}`);
      p.id = created.partnerId;
      p.key = created.key;
    }
  });

  afterAll(async () => {
    await alerts?.close();
    await desk?.close();
    await intake?.close();
    await a.receiver.stop();
    await b.receiver.stop();
    for (const k of Object.keys(settings)) delete process.env[k];
  });

  it('registers a callback: the secret shown once, http only to localhost here, never another partner', async () => {
    const bad = await partnerCall(a.key, 'PUT', '/v1/partner/callback', {
      url: 'http://partner.example/hook',
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors).toEqual([{ path: 'url', message: expect.stringMatching(/https/) }]);
    expect(JSON.stringify(bad.body)).not.toContain('partner.example');
    expect(
      (await partnerCall(a.key, 'PUT', '/v1/partner/callback', { url: a.receiver.url, x: 1 })).status,
    ).toBe(400);
    expect((await partnerCall(a.key, 'GET', '/v1/partner/callback')).status).toBe(404);

    for (const p of [a, b]) {
      const put = await partnerCall(p.key, 'PUT', '/v1/partner/callback', { url: p.receiver.url });
      expect(put.status).toBe(201);
      expect(put.body).toMatchObject({ url: p.receiver.url, previousSecretValidUntil: null });
      expect(Buffer.from(put.body.secret.replace(/^whsec_/, ''), 'base64url').length).toBe(32);
      p.secret = put.body.secret;
    }
    expect(a.secret).not.toBe(b.secret);
    // Stored sealed, not in clear.
    const [row] = await ds.query('SELECT secret_sealed FROM partner_callbacks WHERE partner_id = $1', [a.id]);
    expect(row.secret_sealed).not.toContain(a.secret.slice(6));

    const again = await partnerCall(a.key, 'PUT', '/v1/partner/callback', { url: a.receiver.url });
    expect(again.status).toBe(200);
    expect(again.body.secret).toBeUndefined();
    const read = await partnerCall(a.key, 'GET', '/v1/partner/callback');
    expect(read.status).toBe(200);
    expect(read.body.url).toBe(a.receiver.url);
    expect(read.body.secret).toBeUndefined();
  });

  it('documents the callback routes: operationIds, the DTOs of body and answers, the problems', async () => {
    const doc: any = await (await fetch(`${intake.url}/docs-json`)).json();
    const ops = {
      put: doc.paths['/v1/partner/callback'].put,
      get: doc.paths['/v1/partner/callback'].get,
      delete: doc.paths['/v1/partner/callback'].delete,
      rotate: doc.paths['/v1/partner/callback/secret'].post,
      deliveries: doc.paths['/v1/partner/callback/deliveries'].get,
    };
    expect(Object.values(ops).map((o) => o.operationId)).toEqual([
      'putCallback',
      'getCallback',
      'deleteCallback',
      'rotateCallbackSecret',
      'listCallbackDeliveries',
    ]);
    expect(Object.keys(ops.put.responses).sort()).toEqual(['200', '201', '400', '401', '403', '422']);
    expect(ops.put.requestBody.content['application/json'].schema.$ref).toMatch(/RegisterCallbackDto$/);
    expect(doc.components.schemas.CallbackWithSecretResponse.properties.secret).toBeDefined();
    expect(doc.components.schemas.CallbackResponse.properties.secret).toBeUndefined();
  });

  async function decide(partner: typeof a, close?: { outcome: string; cinNoFurtherAction: boolean }) {
    const { contactId } = await seedItem(ds, {
      dueAt: minutesFromNow(120),
      route: 'LOCALITY_EARLY_HELP',
      team: 'LOCALITY_NORTH',
      partnerId: partner.id,
    });
    expect((await call(desk, worker.token, 'POST', `/v1/queue/${contactId}/claim`)).status).toBe(200);
    expect((await call(desk, worker.token, 'POST', `/v1/queue/${contactId}/confirm`, {})).status).toBe(200);
    if (close)
      expect((await call(desk, worker.token, 'POST', `/v1/queue/${contactId}/close`, close)).status).toBe(
        200,
      );
    return contactId;
  }

  const partnerOutcome = async (partner: typeof a, contactId: string) => {
    const res = await partnerCall(partner.key, 'GET', `/v1/contacts/${contactId}`);
    expect(res.status).toBe(200);
    return res.body.outcome;
  };

  const settle = () => new Promise((r) => setTimeout(r, 1500));

  it('a decision gives exactly one signed webhook whose body is the partner view of outcome', async () => {
    const contactId = await decide(a);
    const [hook] = await waitFor('the feedback webhook', async () => {
      const got = a.receiver.about(contactId);
      return got.length ? got : null;
    });
    const check = verifyWebhookSignature(hook.rawBody, hook.headers['x-frontdoor-signature'] as string, [
      a.secret,
    ]);
    expect(check.ok).toBe(true);
    expect(
      verifyWebhookSignature(hook.rawBody, hook.headers['x-frontdoor-signature'] as string, [b.secret]).ok,
    ).toBe(false);
    const outcome = await partnerOutcome(a, contactId);
    expect(outcome).toMatchObject({ response: 'early_help', team: 'LOCALITY_NORTH' });
    expect(JSON.parse(hook.rawBody)).toEqual({ contactId, status: 'decided', outcome });
    expect(Object.keys(JSON.parse(hook.rawBody)).sort()).toEqual(['contactId', 'outcome', 'status']);
    expect(hook.headers['webhook-id']).toMatch(/^[0-9a-f-]{36}$/);

    // Closing without changing what the referrer is told sends nothing more; a repeated close is refused.
    const close = { outcome: 'EARLY_HELP', cinNoFurtherAction: false };
    expect((await call(desk, worker.token, 'POST', `/v1/queue/${contactId}/close`, close)).status).toBe(200);
    expect((await call(desk, worker.token, 'POST', `/v1/queue/${contactId}/close`, close)).status).toBe(409);
    await settle();
    expect(a.receiver.about(contactId)).toHaveLength(1);
    expect(await partnerOutcome(a, contactId)).toEqual(outcome);
  });

  it('a close with no further action changes the outcome: a second webhook, with its own id', async () => {
    const contactId = await decide(a, { outcome: 'NO_FURTHER_ACTION', cinNoFurtherAction: true });
    const hooks = await waitFor('two feedback webhooks', async () => {
      const got = a.receiver.about(contactId);
      return got.length >= 2 ? got : null;
    });
    await settle();
    expect(a.receiver.about(contactId)).toHaveLength(2);
    const bodies = hooks.map((h) => JSON.parse(h.rawBody)).sort((x, y) => x.status.localeCompare(y.status));
    expect(bodies.map((x) => [x.status, x.outcome.response])).toEqual([
      ['closed', 'no_further_action'],
      ['decided', 'early_help'],
    ]);
    expect(bodies[0].outcome).toEqual(await partnerOutcome(a, contactId));
    expect(new Set(hooks.map((h) => h.headers['webhook-id'])).size).toBe(2);
  });

  it('a receiver failing twice then answering gets it by retry, once, with the same Webhook-Id', async () => {
    a.receiver.failNext = 2;
    const contactId = await decide(a);
    const [row] = await waitFor('the feedback delivered', async () => {
      const rows = await ds.query(
        `SELECT * FROM partner_feedback WHERE contact_id = $1 AND status = 'delivered'`,
        [contactId],
      );
      return rows.length ? rows : null;
    });
    await settle();
    const got = a.receiver.about(contactId);
    expect(got.map((g) => g.status)).toEqual([503, 503, 204]);
    expect(new Set(got.map((g) => g.headers['webhook-id']))).toEqual(new Set([row.id]));
    expect(got.map((g) => g.headers['x-frontdoor-attempt'])).toEqual(['1', '2', '3']);
    for (const g of got)
      expect(
        verifyWebhookSignature(g.rawBody, g.headers['x-frontdoor-signature'] as string, [a.secret]).ok,
      ).toBe(true);
    expect(row.attempts).toBe(3);
    const listed = await partnerCall(a.key, 'GET', '/v1/partner/callback/deliveries');
    expect(listed.body.deliveries.find((d: any) => d.id === row.id)).toMatchObject({
      status: 'delivered',
      attempts: 3,
    });
  });

  it('a redelivered event, a second job or a second recording of the same decision sends nothing again', async () => {
    const contactId = await decide(a);
    await waitFor('the feedback webhook', async () => a.receiver.about(contactId).length === 1);
    const [{ id }] = await ds.query('SELECT id FROM partner_feedback WHERE contact_id = $1', [contactId]);
    const envelope = {
      eventId: randomUUID(),
      type: Topic.PartnerFeedback,
      occurredAt: new Date().toISOString(),
      payload: { feedbackId: id, contactId },
    };
    // The event again through the outbox and Kafka (as after a relay crash before it deleted the row) ...
    await ds.query('INSERT INTO outbox (topic, message_key, payload) VALUES ($1, $2, $3)', [
      Topic.PartnerFeedback,
      contactId,
      JSON.stringify(envelope),
    ]);
    // ... and straight to the consumer, to the worker's use case, and to the decision's own recording.
    await alerts.app.get(PartnerFeedbackConsumer).onFeedback({
      value: envelope,
      topic: Topic.PartnerFeedback,
      partition: 0,
      offset: '0',
      key: contactId,
      headers: {},
    });
    await alerts.app.get(FeedbackQueue).enqueue([id]);
    expect(
      await alerts.app.get(DeliverFeedbackUseCase).execute({ feedbackId: id, attempt: 9, lastAttempt: true }),
    ).toBe('already_done');
    expect(await ds.transaction((m) => recordPartnerFeedback(m, contactId, 'decided'))).toBeNull();
    await waitFor('the event published again', async () => {
      const rows = await ds.query(`SELECT 1 FROM outbox WHERE payload->'payload'->>'contactId' = $1`, [
        contactId,
      ]);
      return rows.length === 0;
    });
    await settle();
    expect(a.receiver.about(contactId)).toHaveLength(1);
    expect(await ds.query('SELECT 1 FROM partner_feedback WHERE contact_id = $1', [contactId])).toHaveLength(
      1,
    );
  });

  it('each partner hears only of its own contacts, signed with its own secret; rotation signs with both', async () => {
    const rotated = await partnerCall(b.key, 'POST', '/v1/partner/callback/secret');
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).not.toBe(b.secret);
    expect(rotated.body.previousSecretValidUntil).not.toBeNull();
    const contactId = await decide(b);
    const [hook] = await waitFor('B hears of its contact', async () => {
      const got = b.receiver.about(contactId);
      return got.length ? got : null;
    });
    const header = hook.headers['x-frontdoor-signature'] as string;
    expect(verifyWebhookSignature(hook.rawBody, header, [b.secret]).ok).toBe(true);
    expect(verifyWebhookSignature(hook.rawBody, header, [rotated.body.secret]).ok).toBe(true);
    expect(verifyWebhookSignature(hook.rawBody, header, [a.secret]).ok).toBe(false);
    await settle();
    // Nothing of A's contacts reached B, and nothing of B's reached A.
    const aContacts: { contact_id: string }[] = await ds.query(
      'SELECT contact_id FROM partner_feedback WHERE partner_id = $1',
      [a.id],
    );
    expect(aContacts.length).toBeGreaterThanOrEqual(4);
    for (const { contact_id } of aContacts) expect(b.receiver.about(contact_id)).toHaveLength(0);
    expect(a.receiver.about(contactId)).toHaveLength(0);
    expect(b.receiver.received.every((r) => JSON.parse(r.rawBody).contactId === contactId)).toBe(true);
  });

  it('a partner without a callback is owed nothing; deleting the callback stops the webhooks', async () => {
    expect((await partnerCall(b.key, 'DELETE', '/v1/partner/callback')).status).toBe(204);
    expect((await partnerCall(b.key, 'DELETE', '/v1/partner/callback')).status).toBe(404);
    const before = b.receiver.received.length;
    const contactId = await decide(b);
    await settle();
    expect(b.receiver.received).toHaveLength(before);
    expect(await ds.query('SELECT 1 FROM partner_feedback WHERE contact_id = $1', [contactId])).toHaveLength(
      0,
    );
  });
});
