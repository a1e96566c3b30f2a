import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { ConsumerGroup } from '@app/contracts';
import { CriteriaRegistry } from '@app/criteria';
import {
  CONTACT_COLUMNS,
  ContactRow,
  decideAwaitingContacts,
  decideNewChildren,
  DecisionTimer,
} from '@app/decisions';
import { InvalidMessageError } from '@app/messaging';
import { lockKeys } from '@app/persistence';
import { childIdentity, ChildIdentity, lockAll, matchChild } from './match-child';

export interface TriageContactCommand {
  eventId: string;
  contactId: string;
}

export interface TriageOutcome {
  /** SLA timers to put in place once the transaction has committed. */
  timers: DecisionTimer[];
  /** Contacts whose event had been handled before (a redelivery) or that needed no triage. */
  skipped: number;
  /** Contacts decided set-based as new children (the rest went one by one through person matching). */
  newChildren: number;
}

type ClaimedContact = ContactRow & { event_id: string; claimed: boolean };

/**
 * Triage of received contacts (criteria sections 2 to 6), a Kafka batch in one transaction with the events'
 * inbox entries, so a redelivered event changes nothing:
 *  1. claim the events and lock the contacts; lock every identifier person matching will look them up by;
 *  2. find, in one query, every stored contact that could be the same child as any of them;
 *  3. contacts with no such contact, in the store or in the batch, are new children: decided together,
 *     set-based (decideNewChildren); the others go one by one, in offset order, through person matching and
 *     decideAwaitingContacts (matching, merges, re-triage of the child's awaiting contacts, never lowering one
 *     a worker holds).
 * The two groups share no possible child, so deciding one before the other changes nothing; the result is
 * the same as triaging each contact in its own transaction in offset order.
 */
@Injectable()
export class TriageContactUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly criteria: CriteriaRegistry,
  ) {}

  async execute(cmd: TriageContactCommand): Promise<TriageOutcome> {
    return this.executeBatch([cmd]);
  }

  /** `cmds` in offset order. Throws InvalidMessageError (for the whole batch) if a contact does not exist. */
  async executeBatch(cmds: TriageContactCommand[]): Promise<TriageOutcome> {
    return this.dataSource.transaction(async (m) => {
      const contacts = await this.claim(m, cmds);
      const outcome: TriageOutcome = { timers: [], skipped: 0, newChildren: 0 };
      const toTriage: ClaimedContact[] = [];
      for (const contact of contacts) {
        if (!contact.claimed) {
          // Already triaged. Its timers may not have been placed (a crash after the commit): return them
          // again; placing a timer that exists with the same due time does nothing.
          outcome.timers.push(...(await this.awaitingTimers(m, contact.id)));
          outcome.skipped++;
        } else if (contact.status !== 'received' && !contact.imported) outcome.skipped++;
        else toTriage.push(contact);
      }
      if (!toTriage.length) return outcome;

      const identities = new Map(toTriage.map((c) => [c.id, childIdentity(c)]));
      await lockAll(
        m,
        'child-identity',
        [...identities.values()].flatMap((i) => i.lockKeys),
      );
      const isNewChild = await this.newChildFinder(m, toTriage, identities);
      const fresh = toTriage.filter((c) => !c.imported && isNewChild(c));
      outcome.timers.push(...(await decideNewChildren(m, this.criteria.current(), fresh)));
      outcome.newChildren = fresh.length;
      const freshIds = new Set(fresh.map((c) => c.id));
      for (const contact of toTriage) {
        if (!freshIds.has(contact.id)) outcome.timers.push(...(await this.triageOne(m, contact)));
      }
      return outcome;
    });
  }

  /**
   * Claims each event in the inbox and reads its contact, locked, in one round trip, in offset order;
   * `claimed` is false for a redelivery (an event id seen twice in one batch counts as one).
   */
  private async claim(m: EntityManager, cmds: TriageContactCommand[]): Promise<ClaimedContact[]> {
    const unique = [...new Map(cmds.map((c) => [c.eventId, c])).values()];
    const rows: ClaimedContact[] = await m.query(
      `WITH claim AS (
         INSERT INTO inbox (consumer, event_id) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING RETURNING event_id
       )
       SELECT ${CONTACT_COLUMNS}, u.event_id, u.event_id IN (SELECT event_id FROM claim) AS claimed
         FROM unnest($2::text[], $3::uuid[]) AS u(event_id, contact_id) JOIN contacts ON contacts.id = u.contact_id
        ORDER BY contacts.id FOR UPDATE OF contacts`,
      [ConsumerGroup.Triage, unique.map((c) => c.eventId), unique.map((c) => c.contactId)],
    );
    const byEvent = new Map(rows.map((r) => [r.event_id, r]));
    const missing = unique.filter((c) => !byEvent.has(c.eventId));
    if (missing.length) throw new InvalidMessageError(`contact ${missing[0].contactId} does not exist`);
    const seen = new Set<string>();
    const ordered = cmds.map((c) => {
      const row = byEvent.get(c.eventId)!;
      // The same event twice in one batch (republished by the relay): the second is a redelivery.
      return seen.has(c.eventId) ? { ...row, claimed: false } : (seen.add(c.eventId), row);
    });
    return ordered;
  }

  /**
   * Which contacts are about a child no stored contact and no other contact of the batch could be: one query
   * for the stored candidates of the whole batch (the same conditions person matching uses), then the batch
   * against itself.
   */
  private async newChildFinder(
    m: EntityManager,
    contacts: ContactRow[],
    identities: Map<string, ChildIdentity>,
  ): Promise<(c: ContactRow) => boolean> {
    const ids = [...identities.values()];
    const names = ids.flatMap((i) => i.births.map((b) => ({ name: i.lastName, birth: b })));
    const stored: {
      nhs_number: string | null;
      upn: string | null;
      last_name_norm: string;
      birth: string | null;
    }[] = await m.query(
      `SELECT nhs_number, upn, last_name_norm, to_char(birth_date, 'YYYY-MM-DD') AS birth FROM contacts
          WHERE child_id IS NOT NULL AND id <> ALL($1::uuid[])
            AND (nhs_number = ANY($2::text[]) OR upn = ANY($3::text[])
                 OR (last_name_norm, birth_date) IN (SELECT * FROM unnest($4::text[], $5::date[])))`,
      [
        contacts.map((c) => c.id),
        ids.map((i) => i.nhsNumber).filter(Boolean),
        ids.map((i) => i.upn).filter(Boolean),
        names.map((n) => n.name),
        names.map((n) => n.birth),
      ],
    );
    const storedKeys = new Set<string>();
    for (const s of stored) {
      if (s.nhs_number) storedKeys.add(`nhs:${s.nhs_number}`);
      if (s.upn) storedKeys.add(`upn:${s.upn}`);
      if (s.birth) storedKeys.add(`name:${s.last_name_norm}|${s.birth}`);
    }
    // How many contacts of the batch are found by each key.
    const batchKeys = new Map<string, number>();
    for (const i of ids) for (const k of i.ownKeys) batchKeys.set(k, (batchKeys.get(k) ?? 0) + 1);
    return (c) => {
      const identity = identities.get(c.id)!;
      return identity.lockKeys.every((k) => {
        const own = identity.ownKeys.includes(k);
        return !storedKeys.has(k) && (batchKeys.get(k) ?? 0) <= (own ? 1 : 0);
      });
    };
  }

  /** One contact through person matching and the child's re-triage, in the batch's transaction. */
  private async triageOne(m: EntityManager, contact: ContactRow): Promise<DecisionTimer[]> {
    const { childId, isNew, possibleMatches } = await matchChild(m, contact);
    // A child created by this transaction is known to no other until the commit: no lock to wait for.
    if (!isNew) await lockKeys(m, 'child', [childId]);
    // Imported history counts in pictures and histories, but enters no queue and starts no timer.
    if (contact.imported) {
      if (!isNew) await m.query('UPDATE contacts SET child_id = $2 WHERE id = $1', [contact.id, childId]);
      return [];
    }
    // decideAwaitingContacts points the contact at the child as it stores its decision.
    return decideAwaitingContacts(m, this.criteria.current(), {
      trigger: contact,
      childId,
      possibleMatches,
      isNewChild: isNew,
      includeTrigger: true,
    });
  }

  private async awaitingTimers(m: EntityManager, contactId: string): Promise<DecisionTimer[]> {
    const rows: { contact_id: string; due_at: Date }[] = await m.query(
      `SELECT d.contact_id, d.due_at FROM desk_items d
        WHERE d.state = 'awaiting' AND d.child_id = (SELECT child_id FROM contacts WHERE id = $1)`,
      [contactId],
    );
    return rows.map((r) => ({ contactId: r.contact_id, dueAt: new Date(r.due_at).toISOString() }));
  }
}
