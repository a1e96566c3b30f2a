import { DataSource } from 'typeorm';
import { loadConfig } from '@app/config';
import { isolateTestFile } from '@app/testing';
import { RunningApp, startIntake } from '../support/apps';

describe('metrics', () => {
  let intake: RunningApp;
  beforeAll(async () => {
    isolateTestFile();
    intake = await startIntake();
  });
  afterAll(() => intake?.close());

  it('serves Prometheus metrics with the outbox relay lag read from Postgres', async () => {
    const ds = intake.app.get(DataSource);
    // An event 90 s old that the relay cannot remove while this test holds its row lock: the lag shows.
    const [{ id }] = await ds.query(
      `INSERT INTO outbox (topic, message_key, payload, created_at)
       VALUES ('contact.received.v1', 'k', '{"eventId":"metrics-test","type":"contact.received.v1","payload":{}}', now() - interval '90 seconds')
       RETURNING id`,
    );
    const holder = ds.createQueryRunner();
    await holder.startTransaction();
    await holder.query('SELECT id FROM outbox WHERE id = $1 FOR UPDATE', [id]);
    try {
      await fetch(`${intake.url}/health/live`);
      // Not for partners or anyone without the operations token.
      expect((await fetch(`${intake.url}/metrics`)).status).toBe(401);
      const res = await fetch(`${intake.url}/metrics`, {
        headers: { authorization: `Bearer ${loadConfig().OPS_TOKEN}` },
      });
      expect(res.status).toBe(200);
      const text = await res.text();
      expect(text).toMatch(/front_door_http_request_duration_seconds_bucket/);
      expect(Number(/^front_door_outbox_pending (\d+)/m.exec(text)?.[1])).toBeGreaterThanOrEqual(1);
      expect(
        Number(/^front_door_outbox_oldest_age_seconds ([\d.]+)/m.exec(text)?.[1]),
      ).toBeGreaterThanOrEqual(90);
      expect(text).toMatch(/process_resident_memory_bytes/);
    } finally {
      await holder.rollbackTransaction();
      await holder.release();
    }
  });
});
