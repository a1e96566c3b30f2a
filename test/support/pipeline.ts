import { DataSource } from 'typeorm';
import { waitFor } from '@app/testing';
import { PartnerAdmin, RecordContactUseCase } from '@app/intake';
import { RunningApp } from './apps';

let partnerSeq = 0;

/** A partner of the test's own, with its key (registered for the agency, or each of the agencies, given). */
export async function createTestPartner(intake: RunningApp, agency: string | string[] = 'school') {
  const admin = new PartnerAdmin(intake.app.get(DataSource));
  const name = `test-${[agency].flat()[0]}-${process.pid}-${Date.now()}-${partnerSeq++}`;
  const { partnerId, key } = await admin.create(name, agency, `Test ${agency}`);
  return { partnerId, key, name };
}

/** Records a contact as the partner API does, but at a chosen receipt time (for picture and history windows). */
export async function recordAt(
  intake: RunningApp,
  partnerId: string,
  body: unknown,
  receivedAt: Date,
  idempotencyKey = `k-${Math.random()}`,
) {
  const { id } = await intake.app
    .get(RecordContactUseCase)
    .execute({ partnerId, idempotencyKey, body, receivedAt });
  return id;
}

/** Posts a contact through the partner API. */
export async function postContact(
  intake: RunningApp,
  key: string,
  body: unknown,
  idempotencyKey = `k-${Math.random()}`,
) {
  return fetch(`${intake.url}/v1/contacts`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${key}`,
      'content-type': 'application/json',
      'idempotency-key': idempotencyKey,
    },
    body: JSON.stringify(body),
  });
}

/** Waits until the contact's current decision was made at (or after) the given triage time. */
export async function waitForDecision(
  ds: DataSource,
  contactId: string,
  triagedAtLeast?: Date,
  timeoutMs = 30000,
) {
  return waitFor(
    `a decision for contact ${contactId}`,
    async () => {
      const [row] = await ds.query('SELECT * FROM decisions WHERE contact_id = $1 AND is_current', [
        contactId,
      ]);
      if (!row) return null;
      if (triagedAtLeast && new Date(row.triaged_at) < triagedAtLeast) return null;
      return row;
    },
    timeoutMs,
  );
}
