import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { CONTACT_COLUMNS, ContactRow } from '@app/decisions';

/** A contact of a triage batch, read locked with whether its event was claimed now (false: a redelivery). */
export type ClaimedContact = ContactRow & { event_id: string; claimed: boolean };

/** The identifier values person matching looks stored contacts up by. */
export interface CandidateKeys {
  nhsNumbers: string[];
  upns: string[];
  /** Pairs of a normalised last name and a birth date, the two lists the same length. */
  lastNames: string[];
  births: string[];
}

/**
 * Contacts and children as triage matches them: the batch's claim, the candidate lookup, new children and
 * merges. Stateless: every method runs in the triage batch's transaction (one per Kafka batch), so the
 * set-based statements below keep their one round trip for the whole batch.
 */
export class ChildMatchingRepository {
  /**
   * Claims each event in the inbox and reads its contact, locked, in one round trip; rows in contact id
   * order (the lock order), those of unknown contacts absent.
   */
  async claimContacts(
    m: EntityManager,
    consumer: string,
    claims: { eventId: string; contactId: string }[],
  ): Promise<ClaimedContact[]> {
    return m.query(
      `WITH claim AS (
         INSERT INTO inbox (consumer, event_id) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING RETURNING event_id
       )
       SELECT ${CONTACT_COLUMNS}, u.event_id, u.event_id IN (SELECT event_id FROM claim) AS claimed
         FROM unnest($2::text[], $3::uuid[]) AS u(event_id, contact_id) JOIN contacts ON contacts.id = u.contact_id
        ORDER BY contacts.id FOR UPDATE OF contacts`,
      [consumer, claims.map((c) => c.eventId), claims.map((c) => c.contactId)],
    );
  }

  /** The awaiting desk items of the contact's child, with their due times. */
  async awaitingOfChildOf(
    m: EntityManager,
    contactId: string,
  ): Promise<{ contactId: string; dueAt: Date }[]> {
    const rows: { contact_id: string; due_at: Date }[] = await m.query(
      `SELECT d.contact_id, d.due_at FROM desk_items d
        WHERE d.state = 'awaiting' AND d.child_id = (SELECT child_id FROM contacts WHERE id = $1)`,
      [contactId],
    );
    return rows.map((r) => ({ contactId: r.contact_id, dueAt: new Date(r.due_at) }));
  }

  /** Every stored contact, already matched to a child, found by any of the keys (a row per key it matched). */
  async candidates(m: EntityManager, keys: CandidateKeys): Promise<ContactRow[]> {
    // Index lookups, one per identifier value: each a LATERAL subquery kept apart by OFFSET 0, so the plan
    // is a loop of index scans whatever the table's statistics say. As one OR, or as joins the planner may
    // flatten, it read the whole table for each batch when statistics were missing or stale after a bulk
    // load (measured: 0.3 s a batch at 40,000 contacts, 0.7 s at 130,000; the drain of 100,000 took 100 s).
    return m.query(
      `SELECT c.* FROM unnest($1::text[]) AS k(nhs)
         CROSS JOIN LATERAL (SELECT ${CONTACT_COLUMNS} FROM contacts WHERE nhs_number = k.nhs AND child_id IS NOT NULL OFFSET 0) c
       UNION ALL
       SELECT c.* FROM unnest($2::text[]) AS k(upn)
         CROSS JOIN LATERAL (SELECT ${CONTACT_COLUMNS} FROM contacts WHERE upn = k.upn AND child_id IS NOT NULL OFFSET 0) c
       UNION ALL
       SELECT c.* FROM unnest($3::text[], $4::date[]) AS k(last_name, birth)
         CROSS JOIN LATERAL (SELECT ${CONTACT_COLUMNS} FROM contacts
                              WHERE last_name_norm = k.last_name AND birth_date = k.birth AND child_id IS NOT NULL OFFSET 0) c`,
      [keys.nhsNumbers, keys.upns, keys.lastNames, keys.births],
    );
  }

  /** A new child, and the contact pointed at it, in one statement; the child's id. */
  async newChildFor(m: EntityManager, contactId: string): Promise<string> {
    const id = randomUUID();
    await m.query(
      `WITH child AS (INSERT INTO children (id) VALUES ($1)) UPDATE contacts SET child_id = $1 WHERE id = $2`,
      [id, contactId],
    );
    return id;
  }

  /** The oldest of the children (the one a merge keeps). The caller holds their locks. */
  async oldestChild(m: EntityManager, childIds: string[]): Promise<string> {
    const [keep]: { id: string }[] = await m.query(
      'SELECT id FROM children WHERE id = ANY($1::uuid[]) ORDER BY created_at, id LIMIT 1',
      [childIds],
    );
    return keep.id;
  }

  /** Merges `others` into `keep`: their contacts, decisions and desk items move to it. */
  async mergeInto(m: EntityManager, keep: string, others: string[]): Promise<void> {
    await m.query('UPDATE contacts SET child_id = $1 WHERE child_id = ANY($2::uuid[])', [keep, others]);
    await m.query('UPDATE decisions SET child_id = $1 WHERE child_id = ANY($2::uuid[])', [keep, others]);
    await m.query('UPDATE desk_items SET child_id = $1 WHERE child_id = ANY($2::uuid[])', [keep, others]);
    await m.query('UPDATE children SET merged_into = $1 WHERE id = ANY($2::uuid[])', [keep, others]);
  }

  /** Points the contact at its child (imported history, which gets no decision to do it). */
  async pointAtChild(m: EntityManager, contactId: string, childId: string): Promise<void> {
    await m.query('UPDATE contacts SET child_id = $2 WHERE id = $1', [contactId, childId]);
  }
}
