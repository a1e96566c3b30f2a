import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { FaultPointName, loadConfig } from '@app/config';
import { QueueName, slaJobId, Topic } from '@app/contracts';
import { triagedEventId } from '@app/decisions';
import { createKafka, TopicNames } from '@app/messaging';
import { createDataSource } from '@app/persistence';
import { contactBody, isolateTestFile, nhsNumberFor, TopicWatcher, waitFor } from '@app/testing';
import { PartnerAdmin } from '@app/intake';
import { startDesk, RunningApp } from '../support/apps';
import { AppProcess, spawnApp } from '../support/processes';
import { placementBody, seedChild, tokenFor, WebhookReceiver } from '../placement/placement-support';

/**
 * One test per crash point (libs/config/src/fault-points.ts): the app runs as a real process with the point
 * armed, dies there (SIGKILL from inside), is started again unarmed, and the test proves nothing was lost
 * and every effect happened once: rows, events on the topic by id, deliveries at the receiver by id.
 */
jest.setTimeout(300_000);

describe('crash points: killed between two effects, restarted, nothing lost and nothing done twice', () => {
  let ds: DataSource;
  let key: string;
  let received: TopicWatcher;
  let triaged: TopicWatcher;
  const running: AppProcess[] = [];
  let seq = (Date.now() % 1_000_000) * 100;

  beforeAll(async () => {
    isolateTestFile();
    ds = createDataSource(process.env.DATABASE_URL!);
    await ds.initialize();
    ({ key } = await new PartnerAdmin(ds).create(
      `crash-${Date.now()}`,
      ['police', 'school'],
      'Crash Constabulary',
    ));
  });
  afterAll(async () => {
    for (const p of running) p.child.kill('SIGKILL');
    await received?.stop();
    await triaged?.stop();
    await ds?.destroy();
  });

  const spawn = async (app: Parameters<typeof spawnApp>[0], env: Record<string, string> = {}) => {
    const p = await spawnApp(app, env);
    running.push(p);
    return p;
  };
  const armed = (point: FaultPointName) => ({ FAULT_POINTS: `${point}:once` });
  const stopAll = async () => {
    for (const p of running.splice(0)) {
      p.child.kill('SIGKILL');
      await p.exited;
    }
  };
  afterEach(stopAll);

  /** Waits for the process to die at the point (and not of anything else). */
  const crashedAt = async (p: AppProcess, point: FaultPointName) => {
    const exit = await Promise.race([p.exited, new Promise<null>((r) => setTimeout(() => r(null), 60_000))]);
    expect(exit).toMatchObject({ signal: 'SIGKILL' });
    expect(p.output()).toContain(`FAULT POINT ${point} reached`);
  };

  const watchers = async () => {
    if (received) return;
    const config = loadConfig();
    const kafka = createKafka(config, 'crash-watch');
    const names = TopicNames.from(config);
    // After an app has created the topics.
    const r = await new TopicWatcher(kafka, names.topic(Topic.ContactReceived)).start();
    triaged = await new TopicWatcher(kafka, names.topic(Topic.ContactTriaged)).start();
    received = r;
  };

  const post = (intake: AppProcess, idempotencyKey: string, n = seq++) =>
    fetch(`http://127.0.0.1:${intake.port}/v1/contacts`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${key}`,
        'content-type': 'application/json',
        'idempotency-key': idempotencyKey,
      },
      body: JSON.stringify(
        contactBody({ child: { nhsNumber: nhsNumberFor(n), lastName: `Crash${n % 1000}` } }),
      ),
      signal: AbortSignal.timeout(15_000),
    });

  const submitMany = async (intake: AppProcess, n: number, label: string) => {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const res = await post(intake, `${label}-${i}`);
      expect(res.status).toBe(202);
      ids.push(((await res.json()) as { id: string }).id);
    }
    return ids;
  };

  /** Every contact triaged; if not within the time, fails naming the contacts that were lost. */
  const expectAllTriaged = async (ids: string[]) => {
    const untriaged = async () =>
      (await ds.query(`SELECT id FROM contacts WHERE id = ANY($1) AND status <> 'triaged'`, [ids])).map(
        (r: { id: string }) => r.id,
      ) as string[];
    await waitFor('every contact triaged', async () => (await untriaged()).length === 0, 60_000, 250).catch(
      () => undefined,
    );
    expect({ lost: await untriaged() }).toEqual({ lost: [] });
  };

  /**
   * Effects once: one decision per contact (made once, not re-made), one desk item, one SLA timer; on the
   * topics, one contact.received.v1 id per contact and exactly one contact.triaged.v1 message per contact,
   * whose id is the one derived from the decision it announces.
   */
  const expectEffectsOnce = async (ids: string[]) => {
    const [rows] = await ds.query(
      `SELECT (SELECT count(*)::int FROM decisions WHERE contact_id = ANY($1)) AS decisions,
              (SELECT count(*)::int FROM desk_items WHERE contact_id = ANY($1)) AS desk_items,
              (SELECT count(*)::int FROM contacts WHERE id = ANY($1)) AS contacts`,
      [ids],
    );
    expect(rows).toEqual({ decisions: ids.length, desk_items: ids.length, contacts: ids.length });
    const wanted = new Set(ids);
    await waitFor(
      'a triaged event for every contact',
      async () =>
        new Set(
          triaged
            .all()
            .map((e) => e.payload.contactId)
            .filter((c) => wanted.has(c)),
        ).size === ids.length,
      30_000,
    );
    // Time for a second, duplicate publication to arrive if there was one.
    await new Promise((r) => setTimeout(r, 1500));
    const triagedEvents = triaged.all().filter((e) => wanted.has(e.payload.contactId));
    expect(triagedEvents.length).toBe(ids.length);
    for (const e of triagedEvents) expect(e.eventId).toBe(triagedEventId(e.payload));
    const receivedIds = new Map<string, Set<string>>();
    for (const e of received.all().filter((e) => wanted.has(e.payload.contactId)))
      receivedIds.set(
        e.payload.contactId,
        (receivedIds.get(e.payload.contactId) ?? new Set()).add(e.eventId),
      );
    expect([...receivedIds.values()].every((s) => s.size === 1)).toBe(true);
    expect(receivedIds.size).toBe(ids.length);
    const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', {
      maxRetriesPerRequest: null,
    });
    const queue = new Queue(QueueName.Sla, { connection: redis, prefix: process.env.REDIS_PREFIX });
    try {
      await waitFor(
        'an SLA timer for every contact',
        async () => (await Promise.all(ids.map((id) => queue.getJob(slaJobId(id))))).every(Boolean),
        30_000,
      );
    } finally {
      await queue.close();
      await redis.quit();
    }
  };

  it('intake.after-commit-before-202: the retried request gets the stored contact; one contact, one event', async () => {
    const point = 'intake.after-commit-before-202';
    const intake = await spawn('intake-api', armed(point));
    await spawn('triage');
    await watchers();
    const first = await post(intake, 'crash-intake-1', 424242).catch((e: Error) => e);
    expect(first).not.toHaveProperty('status'); // the connection died with the process: no answer
    await crashedAt(intake, point);
    const again = await spawn('intake-api');
    const retry = await post(again, 'crash-intake-1', 424242);
    expect(retry.status).toBe(202);
    const { id } = (await retry.json()) as { id: string };
    const stored = await ds.query(`SELECT id FROM contacts WHERE idempotency_key = 'crash-intake-1'`);
    expect(stored).toEqual([{ id }]);
    await expectAllTriaged([id]);
    await expectEffectsOnce([id]);
  });

  it('outbox.after-publish-before-mark: the batch is published again with the same ids; consumers take it once', async () => {
    const point = 'outbox.after-publish-before-mark';
    // The only relay: it leads, publishes the first batch and dies before deleting it from the outbox.
    const intake = await spawn('intake-api', armed(point));
    await watchers();
    const first = await post(intake, 'crash-outbox-first');
    expect(first.status).toBe(202);
    const ids = [((await first.json()) as { id: string }).id];
    await crashedAt(intake, point);
    const [{ n }] = await ds.query('SELECT count(*)::int AS n FROM outbox');
    expect(n).toBeGreaterThan(0); // published but not marked
    const again = await spawn('intake-api');
    await spawn('triage');
    ids.push(...(await submitMany(again, 5, 'crash-outbox')));
    await expectAllTriaged(ids);
    // The crash made a real duplicate on the topic: the same event id twice.
    await waitFor(
      'the republished event',
      async () => received.all().filter((e) => e.payload.contactId === ids[0]).length >= 2,
      30_000,
    );
    await expectEffectsOnce(ids);
  });

  it('triage.after-commit-before-offset: the batch comes again, the inbox skips it, its timers are placed', async () => {
    const point = 'triage.after-commit-before-offset';
    const intake = await spawn('intake-api');
    const triage = await spawn('triage', armed(point));
    await watchers();
    const ids = await submitMany(intake, 12, 'crash-offset');
    await crashedAt(triage, point);
    await spawn('triage');
    await expectAllTriaged(ids);
    await expectEffectsOnce(ids);
  });

  it('triage.before-commit: the transaction is lost with the process and done again by the next (offset not committed)', async () => {
    const point = 'triage.before-commit';
    const intake = await spawn('intake-api');
    const triage = await spawn('triage', armed(point));
    await watchers();
    const ids = await submitMany(intake, 12, 'crash-before-commit');
    await crashedAt(triage, point);
    await spawn('triage');
    await expectAllTriaged(ids);
    await expectEffectsOnce(ids);
  });

  describe('alert delivery', () => {
    const hook = new WebhookReceiver(['crash-webhook-secret-of-at-least-32-characters']);
    let desk: RunningApp;
    beforeAll(async () => {
      await hook.start();
      desk = await startDesk();
    });
    afterAll(async () => {
      await desk?.close();
      await hook.stop();
    });

    it('alerts.after-send-before-record: sent again after the restart, recorded once; the receiver sees one delivery id per delivery', async () => {
      const point = 'alerts.after-send-before-record';
      const env = {
        ALERT_WEBHOOK_URLS: hook.url,
        ALERT_WEBHOOK_SECRETS: 'crash-webhook-secret-of-at-least-32-characters',
      };
      const alerts = await spawn('alerts', { ...env, FAULT_POINTS: `${point}:always` });
      const { childId } = await seedChild(ds);
      const res = await fetch(`${desk.url}/v1/placement-requests`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${tokenFor(desk, 'social_worker')}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify(placementBody(childId, { evidence: {} })),
      });
      expect(res.status).toBe(201);
      const alertId = ((await res.json()) as { alerts: { id: string }[] }).alerts[0].id;
      await crashedAt(alerts, point);
      const sentBeforeRecord = await ds.query(
        `SELECT channel FROM alert_deliveries WHERE alert_id = $1 AND attempts > 0 AND status <> 'delivered'`,
        [alertId],
      );
      expect(sentBeforeRecord.length).toBeGreaterThan(0); // sent, not recorded
      // What the receiver had before the restart: the crash may come on another channel's send while the
      // webhook's request is still on its way (begun, but not received).
      const receivedBeforeRestart = hook.forAlert(alertId).length;
      await spawn('alerts', env);
      // The stalled job is taken again once its lock lapses (BullMQ's stall check).
      await waitFor(
        'every delivery recorded',
        async () =>
          (
            await ds.query(
              `SELECT count(*)::int AS n FROM alert_deliveries WHERE alert_id = $1 AND status <> 'delivered'`,
              [alertId],
            )
          )[0].n === 0,
        120_000,
        500,
      );
      const deliveries: { id: string; channel: string; recipient: string }[] = await ds.query(
        'SELECT id, channel, recipient FROM alert_deliveries WHERE alert_id = $1',
        [alertId],
      );
      expect(new Set(deliveries.map((d) => `${d.channel}|${d.recipient}`)).size).toBe(deliveries.length);
      const webhook = deliveries.filter((d) => d.channel === 'webhook');
      expect(webhook).toHaveLength(1);
      // The receiver de-duplicates by the delivery id header: one delivery id for this alert, whatever the attempts.
      const atReceiver = hook.forAlert(alertId);
      expect(new Set(atReceiver.map((w) => w.deliveryId))).toEqual(new Set([webhook[0].id]));
      // Received but not recorded when the process died: it must have been sent again after the restart.
      if (receivedBeforeRestart > 0) expect(atReceiver.length).toBeGreaterThan(receivedBeforeRestart);
    });
  });
});
