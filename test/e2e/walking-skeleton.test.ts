import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { StaffTokens } from '@app/auth';
import { Topic } from '@app/contracts';
import { createKafka, TopicNames } from '@app/messaging';
import { loadConfig } from '@app/config';
import { contactBody, isolateTestFile, TopicWatcher } from '@app/testing';
import { PartnerAdmin } from '@app/intake';
import { TriageContactUseCase } from '../../apps/triage/src/triage/triage-contact.usecase';
import { RunningApp, startIntake, startTriage } from '../support/apps';

describe('walking skeleton: a contact posted to the partner API is triaged through real Kafka', () => {
  let intake: RunningApp;
  let triage: RunningApp;
  let key: string;
  let watcher: TopicWatcher;
  let receivedWatcher: TopicWatcher;

  beforeAll(async () => {
    isolateTestFile();
    intake = await startIntake();
    triage = await startTriage();
    const admin = new PartnerAdmin(intake.app.get(DataSource));
    ({ key } = await admin.create(
      `skeleton-school-${Date.now()}`,
      'school',
      'Cherwell Valley Primary School',
    ));
    const config = loadConfig();
    const kafka = createKafka(config, 'test-watcher');
    watcher = await new TopicWatcher(kafka, TopicNames.from(config).topic(Topic.ContactTriaged)).start();
    receivedWatcher = await new TopicWatcher(
      kafka,
      TopicNames.from(config).topic(Topic.ContactReceived),
    ).start();
  });

  afterAll(async () => {
    await watcher?.stop();
    await receivedWatcher?.stop();
    await triage?.close();
    await intake?.close();
  });

  const post = (body: unknown, idempotencyKey: string) =>
    fetch(`${intake.url}/v1/contacts`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${key}`,
        'content-type': 'application/json',
        'idempotency-key': idempotencyKey,
      },
      body: JSON.stringify(body),
    });

  it('answers 202 with an id, publishes contact.received.v1, and the decision reads back as triaged', async () => {
    const res = await post(contactBody(), `skeleton-${Date.now()}`);
    expect(res.status).toBe(202);
    const accepted: any = await res.json();
    expect(accepted).toEqual({ id: expect.any(String), status: 'received' });
    expect(res.headers.get('location')).toBe(`/v1/contacts/${accepted.id}`);

    const triaged = await watcher.next((e) => e.payload.contactId === accepted.id);
    expect(triaged.payload).toMatchObject({
      needLevel: 2,
      route: 'LOCALITY_EARLY_HELP',
      team: 'LOCALITY_NORTH',
      criteriaVersion: '2026-1',
    });

    // The partner reads its status and outcome only (contact-api.md, "Reading a contact").
    const own = await fetch(`${intake.url}/v1/contacts/${accepted.id}`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(await own.json()).toEqual({
      id: accepted.id,
      status: 'triaged',
      receivedAt: expect.any(String),
      outcome: null,
    });
    const staff = intake.app
      .get(StaffTokens)
      .issue({ id: randomUUID(), username: 'duty', role: 'duty_worker' });
    const read = await fetch(`${intake.url}/v1/contacts/${accepted.id}`, {
      headers: { authorization: `Bearer ${staff}` },
    });
    expect(read.status).toBe(200);
    const view: any = await read.json();
    expect(view.status).toBe('triaged');
    expect(view.childId).toEqual(expect.any(String));
    expect(view.decision).toMatchObject({
      needLevel: 2,
      priority: 'THREE_WORKING_DAYS',
      criteriaVersion: '2026-1',
    });
    expect(view.decision.reasons.map((r: { code: string }) => r.code)).toEqual([
      'indicator:attendance_persistent_absence',
    ]);
  });

  it('a redelivered event changes nothing: the inbox skips it and one decision remains', async () => {
    const res = await post(
      contactBody({ child: { nhsNumber: '4010232137', firstName: 'Theo', lastName: 'Nowak' } }),
      `redeliver-${Date.now()}`,
    );
    const { id }: any = await res.json();
    await watcher.next((e) => e.payload.contactId === id);
    const received = await receivedWatcher.next((e) => e.payload.contactId === id);
    const usecase = triage.app.get(TriageContactUseCase);
    const outcome = await usecase.execute({ eventId: received.eventId, contactId: id });
    expect(outcome.skipped).toBe(1);
    const ds = intake.app.get(DataSource);
    const [{ n }] = await ds.query('SELECT count(*)::int AS n FROM decisions WHERE contact_id = $1', [id]);
    expect(n).toBe(1);
  });
});
