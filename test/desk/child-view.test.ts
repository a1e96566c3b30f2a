import { DataSource } from 'typeorm';
import { contactBody, isolateTestFile, nhsNumberFor } from '@app/testing';
import { RunningApp, startDeskWithConsumer, startIntake, startTriage } from '../support/apps';
import { createTestPartner, postContact, waitForDecision } from '../support/pipeline';
import { call, staffUser } from './desk-harness';

/** Reads the worker's server-sent events until one of `type` arrives. */
async function nextEvent(desk: RunningApp, token: string, type: string, started: () => Promise<void>) {
  const abort = new AbortController();
  const res = await fetch(`${desk.url}/v1/events`, {
    headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
    signal: abort.signal,
  });
  expect(res.status).toBe(200);
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  await started();
  const deadline = Date.now() + 30000;
  try {
    while (Date.now() < deadline) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      for (const chunk of buffer.split('\n\n')) {
        if (chunk.includes(`event: ${type}`)) {
          const data = chunk.split('\n').find((l) => l.startsWith('data:'))!;
          return JSON.parse(data.slice(5));
        }
      }
    }
    throw new Error(`no ${type} event`);
  } finally {
    abort.abort();
  }
}

describe("desk: the child's view, merges and held-item notices (through the real pipeline)", () => {
  let intake: RunningApp;
  let triage: RunningApp;
  let desk: RunningApp;
  let ds: DataSource;
  let key: string;
  let worker: { username: string; token: string };

  beforeAll(async () => {
    isolateTestFile();
    intake = await startIntake();
    triage = await startTriage();
    desk = await startDeskWithConsumer();
    ds = desk.app.get(DataSource);
    ({ key } = await createTestPartner(intake, 'school'));
    worker = await staffUser(desk, 'duty_worker');
  });
  afterAll(async () => {
    await desk?.close();
    await triage?.close();
    await intake?.close();
  });

  const submit = async (body: unknown) => {
    const res = await postContact(intake, key, body);
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as { id: string };
    await waitForDecision(ds, id);
    return id;
  };

  it('shows every contact and decision about the child, who sent each, and the picture used; the read is audited', async () => {
    const nhs = nhsNumberFor(Date.now() % 100000000);
    const first = await submit(contactBody({ child: { nhsNumber: nhs, lastName: 'Viewtest' } }));
    const second = await submit(
      contactBody({
        child: { nhsNumber: nhs, lastName: 'Viewtest' },
        concerns: { indicators: ['neglect_emerging'] },
      }),
    );
    const [{ child_id: childId }] = await ds.query('SELECT child_id FROM contacts WHERE id = $1', [second]);
    const view = await call(desk, worker.token, 'GET', `/v1/children/${childId}`);
    expect(view.status).toBe(200);
    expect(view.body.contacts.map((c: any) => c.id)).toEqual([first, second]);
    const c2 = view.body.contacts[1];
    expect(c2.sentBy).toMatchObject({
      organisation: 'Cherwell Valley Primary School',
      referrer: { name: 'A. Patel' },
    });
    expect(c2.decisions[0]).toMatchObject({
      current: true,
      linkedContactIds: [first],
      picture: expect.any(Object),
    });
    const [audit] = await ds.query(
      `SELECT actor FROM audit_log WHERE action = 'child.read' AND child_id = $1`,
      [childId],
    );
    expect(audit.actor).toBe(worker.username);
  });

  it('a re-triage that raises an item a worker holds tells that worker at once (server-sent event)', async () => {
    const nhs = nhsNumberFor((Date.now() + 7) % 100000000);
    const held = await submit(contactBody({ child: { nhsNumber: nhs, lastName: 'Heldtest' } }));
    expect((await call(desk, worker.token, 'POST', `/v1/queue/${held}/claim`)).status).toBe(200);
    const event = await nextEvent(desk, worker.token, 'held-item-raised', async () => {
      const posted = await postContact(
        intake,
        key,
        contactBody({
          child: { nhsNumber: nhs, lastName: 'Heldtest' },
          concerns: { indicators: ['physical_abuse_injury'], immediateRisk: true },
        }),
      );
      expect(posted.status).toBe(202);
    }).catch(async (e) => {
      const rows = await ds.query(`SELECT topic, payload FROM outbox WHERE payload->>'contactId' = $1`, [
        held,
      ]);
      const [item] = await ds.query('SELECT * FROM desk_items WHERE contact_id = $1', [held]);
      throw new Error(`${e.message}; outbox ${JSON.stringify(rows)}; item ${JSON.stringify(item)}`);
    });
    expect(event).toMatchObject({ type: 'held-item-raised', contactId: held, username: worker.username });
    expect(event.needLevel).toBeGreaterThan(2);
  });

  it('a possible match can be rejected, or confirmed: the children merge and awaiting contacts are re-triaged', async () => {
    // Same family name and birth date, first names one letter apart, no NHS numbers: a near miss.
    const same = {
      lastName: `Mergetest${Date.now() % 100000}`,
      dateOfBirth: '2015-06-02',
      nhsNumber: undefined,
    };
    const a = await submit(contactBody({ child: { ...same, firstName: 'Ada' } }));
    const b = await submit(
      contactBody({ child: { ...same, firstName: 'Adah' }, concerns: { indicators: ['neglect_emerging'] } }),
    );
    const [rowA] = await ds.query('SELECT child_id FROM contacts WHERE id = $1', [a]);
    const [rowB] = await ds.query('SELECT child_id FROM contacts WHERE id = $1', [b]);
    expect(rowA.child_id).not.toBe(rowB.child_id);
    const view = await call(desk, worker.token, 'GET', `/v1/children/${rowB.child_id}`);
    expect(view.body.possibleMatches.map((p: any) => p.contactId)).toEqual([a]);

    const other = await staffUser(desk, 'duty_manager');
    const wrong = await call(
      desk,
      other.token,
      'POST',
      `/v1/children/${rowB.child_id}/possible-matches/${b}/confirm`,
      {},
    );
    expect(wrong.status).toBe(404);
    const before = await ds.query(
      'SELECT count(*)::int AS n FROM decisions WHERE child_id = ANY($1::uuid[])',
      [[rowA.child_id, rowB.child_id]],
    );
    const res = await call(
      desk,
      worker.token,
      'POST',
      `/v1/children/${rowB.child_id}/possible-matches/${a}/confirm`,
      {
        reason: 'Same school, same address; NHS number typo.',
      },
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ verdict: 'confirmed', retriaged: 2 });
    const kept = res.body.childId;
    const contacts = await ds.query('SELECT id FROM contacts WHERE child_id = $1 ORDER BY received_at', [
      kept,
    ]);
    expect(contacts.map((c: any) => c.id)).toEqual([a, b]);
    const after = await ds.query('SELECT count(*)::int AS n FROM decisions WHERE child_id = $1', [kept]);
    expect(after[0].n).toBe(before[0].n + 2);
    const [current] = await ds.query(
      'SELECT linked_contact_ids FROM decisions WHERE contact_id = $1 AND is_current',
      [b],
    );
    expect(current.linked_contact_ids).toEqual([a]);
    // The merged-away child id still opens the (one) child.
    const merged = await call(desk, worker.token, 'GET', `/v1/children/${res.body.mergedChildId}`);
    expect(merged.body).toMatchObject({ childId: kept, possibleMatches: [] });
    expect(merged.body.contacts).toHaveLength(2);
    const [mergeAudit] = await ds.query(
      `SELECT actor FROM audit_log WHERE action = 'child.merge' AND child_id = $1`,
      [kept],
    );
    expect(mergeAudit.actor).toBe(worker.username);

    // Rejecting: another near miss (day and month of birth swapped), rejected, is no longer offered.
    const other2 = { lastName: `Rejecttest${Date.now() % 100000}`, firstName: 'Noor', nhsNumber: undefined };
    const c = await submit(contactBody({ child: { ...other2, dateOfBirth: '2014-03-07' } }));
    const d = await submit(contactBody({ child: { ...other2, dateOfBirth: '2014-07-03' } }));
    const [rowD] = await ds.query('SELECT child_id FROM contacts WHERE id = $1', [d]);
    const offered = (await call(desk, worker.token, 'GET', `/v1/children/${rowD.child_id}`)).body
      .possibleMatches;
    expect(offered.map((p: any) => p.contactId)).toEqual([c]);
    const rej = await call(
      desk,
      worker.token,
      'POST',
      `/v1/children/${rowD.child_id}/possible-matches/${c}/reject`,
      {},
    );
    expect(rej.status).toBe(200);
    const again = (await call(desk, worker.token, 'GET', `/v1/children/${rowD.child_id}`)).body
      .possibleMatches;
    expect(again).toEqual([]);
    const [dChild] = await ds.query('SELECT child_id FROM contacts WHERE id = $1', [d]);
    expect(dChild.child_id).toBe(rowD.child_id);
  });

  it('the event stream refuses callers without a token or with another role', async () => {
    expect((await fetch(`${desk.url}/v1/events`)).status).toBe(401);
    const sw = await staffUser(desk, 'social_worker');
    expect(
      (await fetch(`${desk.url}/v1/events`, { headers: { authorization: `Bearer ${sw.token}` } })).status,
    ).toBe(403);
  });
});
