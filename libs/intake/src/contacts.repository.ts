import { EntityManager } from 'typeorm';
import { CanonicalContact, Topic } from '@app/contracts';

/** A contact's columns, and what the statement needs beside them, as the group commit writes it. */
export interface ContactToWrite {
  id: string;
  partner_id: string;
  idempotency_key: string;
  request_hash: string;
  received_at: string;
  agency: string;
  cin_code: string;
  source_group: string;
  locality: string;
  body: CanonicalContact;
  nhs_number: string | null;
  upn: string | null;
  last_name_norm: string;
  first_name_norm: string | null;
  birth_date: string | null;
  postcode: string | null;
  household_ref: string | null;
  status: 'received' | 'closed';
  imported: boolean;
  partition_key: string;
  event: object;
}

/** The contact an idempotency key first recorded. */
export interface RecordedKey {
  id: string;
  partner_id: string;
  idempotency_key: string;
  request_hash: string;
}

/**
 * Contacts as the door records them (the contacts table and their `contact.received.v1` outbox rows).
 * Stateless: runs on the group commit's connection or the caller's transaction.
 */
export class ContactsRepository {
  /**
   * Writes contacts and their outbox rows in one statement (a group commit's whole batch): each contact
   * with its event, or (a replayed idempotency key) neither. Returns the ids it created.
   */
  async insertWithEvents(manager: EntityManager, rows: ContactToWrite[]): Promise<Set<string>> {
    const inserted: { id: string }[] = await manager.query(
      `WITH r AS MATERIALIZED (
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(
           id uuid, partner_id uuid, idempotency_key text, request_hash text, received_at timestamptz, agency text,
           cin_code text, source_group text, locality text, body jsonb, nhs_number text, upn text,
           last_name_norm text, first_name_norm text, birth_date date, postcode text, household_ref text,
           status text, imported boolean, partition_key text, event jsonb, n int)
       ), contact AS (
         INSERT INTO contacts (id, partner_id, idempotency_key, request_hash, received_at, agency, cin_code, source_group,
                               locality, body, nhs_number, upn, last_name_norm, first_name_norm, birth_date, postcode,
                               household_ref, status, imported)
         SELECT id, partner_id, idempotency_key, request_hash, received_at, agency, cin_code, source_group, locality,
                body, nhs_number, upn, last_name_norm, first_name_norm, birth_date, postcode, household_ref, status,
                imported
           FROM r ORDER BY n
         ON CONFLICT (partner_id, idempotency_key) DO NOTHING
         RETURNING id
       ), event AS (
         INSERT INTO outbox (topic, message_key, payload)
         SELECT $2, r.partition_key, r.event FROM r JOIN contact ON contact.id = r.id ORDER BY r.n
       )
       SELECT id FROM contact`,
      [JSON.stringify(rows.map((row, n) => ({ ...row, n }))), Topic.ContactReceived],
    );
    return new Set(inserted.map((r) => r.id));
  }

  /** The contacts the keys first recorded (partner id and idempotency key pairs). */
  async byKeys(
    manager: EntityManager,
    keys: { partnerId: string; idempotencyKey: string }[],
  ): Promise<RecordedKey[]> {
    return manager.query(
      `SELECT c.id, c.partner_id, c.idempotency_key, c.request_hash
               FROM unnest($1::uuid[], $2::text[]) AS k(partner_id, idempotency_key)
               JOIN contacts c ON c.partner_id = k.partner_id AND c.idempotency_key = k.idempotency_key`,
      [keys.map((k) => k.partnerId), keys.map((k) => k.idempotencyKey)],
    );
  }
}
