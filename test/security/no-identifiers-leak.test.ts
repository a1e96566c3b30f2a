import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { flushLogs, loadConfig } from '@app/config';
import { upnCheckLetter } from '@app/contracts';
import { createKafka } from '@app/messaging';
import { contactBody, isolateTestFile, nhsNumberFor, waitFor } from '@app/testing';
import { StaffUserAdmin } from '../../apps/desk/src/staff-users/staff-user-admin';
import { call, login } from '../desk/desk-harness';
import { placementBody, WebhookReceiver } from '../placement/placement-support';
import {
  isolateDatabase,
  ownerDataSource,
  RunningApp,
  startAlerts,
  startDeskWithConsumer,
  startInsights,
  startIntake,
  startTriage,
} from '../support/apps';
import { createTestPartner } from '../support/pipeline';

/**
 * Issue 14, point 5: no name, date of birth, NHS number, UPN or postcode in any log line, event, Kafka key,
 * header or metric. Runs the five apps logging at debug, posts contacts with distinctive
 * identifiers and works them through triage, the desk (reads, a decision, a placement request, trying the
 * criteria), alerts (webhook delivery) and insights; then searches every log line the apps wrote (at
 * debug, into one file) and anything else written to standard output or error or the console meanwhile,
 * every message of every topic of the run read from the beginning (keys, values, headers), and every
 * app's metrics.
 */
describe('no child identifier in logs, events, keys, headers or metrics', () => {
  let db: Awaited<ReturnType<typeof isolateDatabase>>;
  let ds: DataSource;
  let prefix: string;
  let hook: WebhookReceiver;
  const apps: Record<string, RunningApp> = {};
  const logFile = path.join(mkdtempSync(path.join(tmpdir(), 'front-door-logs-')), 'run.log');
  /** Whatever reaches standard output or error or the console other than through the logger. */
  let printed = '';
  const restores: (() => void)[] = [];

  const firstName = 'Zebediah';
  const lastName = 'Quillfeatherstone';
  const dateOfBirth = '2013-07-19';
  const nhsNumber = nhsNumberFor(861_442);
  const upnBody = '938271640553';
  const upn = upnCheckLetter(upnBody) + upnBody;
  const postcode = 'OX16 9QZ';
  const needles = [
    firstName,
    lastName,
    dateOfBirth,
    '19/07/2013',
    '20130719',
    nhsNumber,
    `${nhsNumber.slice(0, 3)} ${nhsNumber.slice(3, 6)} ${nhsNumber.slice(6)}`,
    upn,
    postcode,
    postcode.replace(' ', ''),
  ];

  beforeAll(async () => {
    ({ prefix } = isolateTestFile());
    db = await isolateDatabase();
    ds = await ownerDataSource();
    const secret = randomBytes(32).toString('hex');
    hook = await new WebhookReceiver([secret]).start();
    for (const stream of [process.stdout, process.stderr]) {
      const write = stream.write.bind(stream);
      stream.write = ((chunk: unknown, ...rest: unknown[]) => {
        printed += String(chunk);
        return (write as any)(chunk, ...rest);
      }) as typeof stream.write;
      restores.push(() => (stream.write = write));
    }
    for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      const spy = jest.spyOn(console, level).mockImplementation((...args: unknown[]) => {
        printed += `${args.map(String).join(' ')}\n`;
      });
      restores.push(() => spy.mockRestore());
    }
    // Every log line of the apps, at their most talkative, into one file this test reads.
    Object.assign(process.env, {
      LOG_FILE: logFile,
      LOG_LEVEL: 'debug',
      ALERT_WEBHOOK_URLS: hook.url,
      ALERT_WEBHOOK_SECRETS: secret,
      ALERT_RETRY_BASE_MS: '100',
    });
    apps.intake = await startIntake();
    apps.triage = await startTriage();
    apps.desk = await startDeskWithConsumer();
    apps.alerts = await startAlerts();
    apps.insights = await startInsights();
  }, 300_000);
  afterAll(async () => {
    await closeAll();
    for (const restore of restores) restore();
    for (const name of ['LOG_FILE', 'ALERT_WEBHOOK_URLS', 'ALERT_WEBHOOK_SECRETS', 'ALERT_RETRY_BASE_MS'])
      delete process.env[name];
    await hook?.stop();
    await ds?.destroy();
    await db?.drop();
  });

  async function closeAll() {
    for (const [name, app] of Object.entries(apps).reverse()) {
      await app.close();
      delete apps[name];
    }
  }

  it('a whole run with those identifiers leaves none of them in logs, topics or metrics', async () => {
    const { intake, desk } = apps;
    const partner = await createTestPartner(
      { app: { get: () => ds } as any, url: '', close: async () => {} },
      ['police', 'school'],
    );
    const post = (body: unknown, headers: Record<string, string> = {}) =>
      fetch(`${intake.url}/v1/contacts`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${partner.key}`,
          'content-type': 'application/json',
          'idempotency-key': randomUUID(),
          ...headers,
        },
        body: JSON.stringify(body),
      });
    const child = {
      firstName,
      lastName,
      dateOfBirth,
      address: { line1: '1 Road', town: 'Banbury', postcode },
    };
    const bodies = [
      contactBody({ child: { ...child, nhsNumber } }),
      contactBody({ child: { ...child, nhsNumber: undefined, upn } }),
      contactBody({
        source: { agency: 'police', organisation: 'Thames Valley Police' },
        child: { ...child, nhsNumber: undefined },
        concerns: {
          indicators: ['domestic_abuse_high_risk'],
          summary: `${firstName} ${lastName} seen at ${postcode}`,
        },
      }),
    ];
    const ids: string[] = [];
    for (const body of bodies) {
      // A client's request id carrying the child's name and date of birth must not reach the log.
      const res = await post(body, {
        'x-request-id': `${firstName}-${lastName}-${dateOfBirth}-${'x'.repeat(3000)}`,
      });
      expect(res.status).toBe(202);
      ids.push(((await res.json()) as { id: string }).id);
    }
    // Refused contacts: their errors name fields, never the values.
    const refused = [
      await post(
        contactBody({
          child: { ...child, nhsNumber: `${nhsNumber.slice(0, 9)}0`, dateOfBirth: '2099-07-19' },
        }),
      ),
      await post(contactBody({ child: { ...child, address: { postcode: `${lastName} 9QZ` } } })),
    ];
    for (const res of refused) {
      expect(res.status).toBe(422);
      const text = await res.text();
      for (const needle of [lastName, nhsNumber.slice(0, 9)]) expect(text).not.toContain(needle);
    }
    await waitFor(
      'the three contacts on the desk',
      async () =>
        (await ds.query('SELECT count(*)::int AS n FROM desk_items WHERE contact_id = ANY($1)', [ids]))[0]
          .n === 3,
      60_000,
    );
    // Staff at work: a manager reads the child (audited), a duty worker decides an item, a social worker
    // asks for a placement without its evidence, whose gatekeeping alert the alerts app delivers by webhook.
    const admin = new StaffUserAdmin(ds);
    const staff = async (role: 'duty_manager' | 'duty_worker' | 'social_worker') => {
      const username = `leak-${role.replace(/_/g, '-')}-${Date.now()}`;
      await admin.create(username, role, 'a-long-test-password');
      return login(desk, username, 'a-long-test-password');
    };
    const [manager, worker, socialWorker] = [
      await staff('duty_manager'),
      await staff('duty_worker'),
      await staff('social_worker'),
    ];
    const [{ child_id: childId }] = await ds.query('SELECT child_id FROM contacts WHERE id = $1', [ids[0]]);
    const childView = await fetch(`${desk.url}/v1/children/${childId}`, {
      headers: { authorization: `Bearer ${manager}` },
    });
    expect(childView.status).toBe(200);
    expect(await childView.text()).toContain(lastName); // the record itself does hold them, for staff
    expect((await call(desk, worker, 'GET', `/v1/queue/${ids[0]}`)).status).toBe(200);
    expect((await call(desk, worker, 'POST', `/v1/queue/${ids[0]}/claim`)).status).toBe(200);
    expect((await call(desk, worker, 'POST', `/v1/queue/${ids[0]}/confirm`, { note: 'Seen.' })).status).toBe(
      200,
    );
    const placed = await call(
      desk,
      socialWorker,
      'POST',
      '/v1/placement-requests',
      placementBody(childId, { evidence: {} }),
    );
    expect(placed.status).toBe(201);
    expect(placed.body.alerts.length).toBeGreaterThan(0); // held for its evidence: an alert
    expect((await call(desk, socialWorker, 'GET', `/v1/placement-requests/${placed.body.id}`)).status).toBe(
      200,
    );
    await waitFor('the gatekeeping alert delivered by webhook', async () => hook.accepted.length > 0, 60_000);
    // Trying the criteria with contacts the criteria cannot read: the errors name fields, never values.
    const tried = await call(desk, manager, 'POST', '/v1/criteria/evaluate', {
      at: new Date().toISOString(),
      contact: contactBody({
        child: { ...child, nhsNumber, dateOfBirth: '19/07/2013', address: { postcode: `${postcode}!` } },
      }),
      otherContacts: [
        { receivedAt: dateOfBirth, contact: contactBody({ child: { ...child, upn: `${upn}X` } }) },
      ],
    });
    expect(tried.status).toBeGreaterThanOrEqual(400);
    expect(tried.body.errors?.length).toBeGreaterThan(0);
    for (const needle of needles) expect(JSON.stringify(tried.body)).not.toContain(needle);
    // The partner reads its contact back.
    const own = await fetch(`${intake.url}/v1/contacts/${ids[0]}`, {
      headers: { authorization: `Bearer ${partner.key}` },
    });
    expect(own.status).toBe(200);

    // Metrics of every app that serves them (intake, triage and the desk; alerts and insights have none).
    const opsToken = loadConfig().OPS_TOKEN;
    let metrics = '';
    for (const name of ['intake', 'triage', 'desk']) {
      const res = await fetch(`${apps[name].url}/metrics`, {
        headers: { authorization: `Bearer ${opsToken}` },
      });
      expect({ name, status: res.status }).toEqual({ name, status: 200 });
      metrics += await res.text();
    }

    // Every message of every topic of this run: keys, values and headers.
    const kafka = createKafka(loadConfig(), 'leak-check');
    const kafkaAdmin = kafka.admin();
    await kafkaAdmin.connect();
    const topics = (await kafkaAdmin.listTopics()).filter((t) => t.startsWith(prefix));
    expect(topics.length).toBeGreaterThanOrEqual(2);
    let expected = 0;
    for (const topic of topics)
      for (const p of await kafkaAdmin.fetchTopicOffsets(topic)) expected += Number(p.high) - Number(p.low);
    await kafkaAdmin.disconnect();
    const dump: string[] = [];
    const consumer = kafka.consumer({ groupId: `leak-check-${randomUUID()}` });
    await consumer.connect();
    await consumer.subscribe({ topics, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ topic, message }) => {
        dump.push(
          [
            topic,
            message.key?.toString('latin1') ?? '',
            message.value?.toString() ?? '',
            ...Object.entries(message.headers ?? {}).map(([k, v]) => `${k}=${String(v)}`),
          ].join('\n'),
        );
      },
    });
    await waitFor('every message of the run read', async () => dump.length >= expected, 30_000);
    await consumer.disconnect();
    expect(dump.length).toBeGreaterThanOrEqual(8); // three received, three triaged, a decision, an alert at least

    // Every line the apps logged, once they have stopped, and whatever else was printed.
    await closeAll();
    flushLogs();
    const logs = readFileSync(logFile, 'utf8') + printed;
    expect(logs.split('\n').length).toBeGreaterThan(50); // the apps did log (at debug)
    const haystacks = { logs, topics: dump.join('\n'), metrics };
    for (const [where, text] of Object.entries(haystacks)) {
      for (const needle of needles) {
        const at = text.toLowerCase().indexOf(needle.toLowerCase());
        if (at >= 0)
          throw new Error(`${needle} found in ${where}: ...${text.slice(Math.max(0, at - 200), at + 100)}`);
      }
    }
  }, 420_000);
});
