import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { flushLogs, loadConfig } from '@app/config';
import { upnCheckLetter } from '@app/contracts';
import { createKafka } from '@app/messaging';
import { createDataSource } from '@app/persistence';
import { contactBody, isolateTestFile, nhsNumberFor, waitFor } from '@app/testing';
import { StaffUserAdmin } from '../../apps/desk/src/staff-users/staff-user-admin';
import {
  isolateDatabase,
  RunningApp,
  startDeskWithConsumer,
  startIntake,
  startTriage,
} from '../support/apps';
import { createTestPartner } from '../support/pipeline';

/**
 * Issue 14, point 5: no name, date of birth, NHS number, UPN or postcode in any log line, event, Kafka key,
 * header or metric. Posts contacts with distinctive identifiers through the running apps (real processes,
 * logging at debug), then searches every line they wrote and every message of every topic of the run.
 */
describe('no child identifier in logs, events, keys, headers or metrics', () => {
  let db: Awaited<ReturnType<typeof isolateDatabase>>;
  let ds: DataSource;
  let prefix: string;
  const apps: RunningApp[] = [];
  const logFile = path.join(mkdtempSync(path.join(tmpdir(), 'front-door-logs-')), 'run.log');

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
    nhsNumber,
    `${nhsNumber.slice(0, 3)} ${nhsNumber.slice(3, 6)} ${nhsNumber.slice(6)}`,
    upn,
    postcode,
    postcode.replace(' ', ''),
  ];

  beforeAll(async () => {
    ({ prefix } = isolateTestFile());
    // Every log line of the apps, at their most talkative, into one file this test reads.
    process.env.LOG_FILE = logFile;
    process.env.LOG_LEVEL = 'debug';
    db = await isolateDatabase();
    ds = createDataSource(db.url);
    await ds.initialize();
  });
  afterAll(async () => {
    for (const app of apps.reverse()) await app.close();
    delete process.env.LOG_FILE;
    await ds?.destroy();
    await db?.drop();
  });

  it('a whole run with those identifiers leaves none of them in logs, topics or metrics', async () => {
    const intake = await startIntake();
    apps.push(intake);
    apps.push(await startTriage());
    const desk = await startDeskWithConsumer();
    apps.push(desk);
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
    // Staff read the child and the contacts (audited reads).
    const admin = new StaffUserAdmin(ds);
    const username = `leak-check-${Date.now()}`;
    await admin.create(username, 'duty_manager', 'a-long-test-password');
    const login = await fetch(`${desk.url}/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: 'a-long-test-password' }),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const [{ child_id: childId }] = await ds.query('SELECT child_id FROM contacts WHERE id = $1', [ids[0]]);
    const childView = await fetch(`${desk.url}/v1/children/${childId}`, {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    expect(childView.status).toBe(200);
    expect(await childView.text()).toContain(lastName); // the record itself does hold them, for staff

    // Metrics of every app with an operations surface.
    const opsToken = loadConfig().OPS_TOKEN;
    let metrics = '';
    for (const app of [intake, desk]) {
      const res = await fetch(`${app.url}/metrics`, {
        headers: { authorization: `Bearer ${opsToken}` },
      });
      expect(res.status).toBe(200);
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
    expect(dump.length).toBeGreaterThanOrEqual(6); // three received, three triaged at least

    flushLogs();
    const logs = readFileSync(logFile, 'utf8');
    expect(logs.split('\n').length).toBeGreaterThan(20); // the apps did log (at debug)
    const haystacks = { logs, topics: dump.join('\n'), metrics };
    for (const [where, text] of Object.entries(haystacks)) {
      for (const needle of needles) {
        const at = text.toLowerCase().indexOf(needle.toLowerCase());
        if (at >= 0)
          throw new Error(`${needle} found in ${where}: ...${text.slice(Math.max(0, at - 200), at + 100)}`);
      }
    }
  });
});
