import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { ConsumerGroup } from '@app/contracts';
import { CriteriaRegistry } from '@app/criteria';
import { CONTACT_COLUMNS, ContactRow, decideAwaitingContacts, DecisionTimer } from '@app/decisions';
import { InvalidMessageError } from '@app/messaging';
import { lockKeys } from '@app/persistence';
import { matchChild } from './match-child';

export interface TriageContactCommand {
  eventId: string;
  contactId: string;
}

export interface TriageOutcome {
  /** SLA timers to put in place once the transaction has committed. */
  timers: DecisionTimer[];
  skipped: boolean;
}

/**
 * Triage of one received contact (criteria sections 2 to 6), in one transaction with the event's inbox
 * entry, so a redelivered event changes nothing:
 *  1. match the child (and lock the child, so contacts about one child are triaged one after another);
 *  2. decide this contact at T = its receivedAt, and re-triage at T every other contact of the child still
 *     awaiting a duty decision (never lowering one a worker holds);
 *  3. store each decision, move the desk item, and emit `contact.triaged.v1` through the outbox.
 */
@Injectable()
export class TriageContactUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly criteria: CriteriaRegistry,
  ) {}

  async execute(cmd: TriageContactCommand): Promise<TriageOutcome> {
    return this.dataSource.transaction(async (m) => {
      // The inbox claim and the contact, locked, in one round trip: `claimed` is false for a redelivery.
      const [contact]: (ContactRow & { claimed: boolean })[] = await m.query(
        `WITH claim AS (
           INSERT INTO inbox (consumer, event_id) VALUES ($2, $3) ON CONFLICT DO NOTHING RETURNING event_id
         )
         SELECT ${CONTACT_COLUMNS}, EXISTS (SELECT 1 FROM claim) AS claimed FROM contacts WHERE id = $1 FOR UPDATE`,
        [cmd.contactId, ConsumerGroup.Triage, cmd.eventId],
      );
      if (contact && !contact.claimed) {
        // Already triaged. Its timers may not have been placed (a crash after the commit): return them again;
        // placing a timer that exists with the same due time does nothing.
        return { timers: await this.awaitingTimers(m, cmd.contactId), skipped: true };
      }
      if (!contact) throw new InvalidMessageError(`contact ${cmd.contactId} does not exist`);
      if (contact.status !== 'received' && !contact.imported) return { timers: [], skipped: true };

      const { childId, isNew, possibleMatches } = await matchChild(m, contact);
      // A child created by this transaction is known to no other until the commit: no lock to wait for.
      if (!isNew) await lockKeys(m, 'child', [childId]);
      if (!isNew) await m.query('UPDATE contacts SET child_id = $2 WHERE id = $1', [contact.id, childId]);
      contact.child_id = childId;
      // Imported history counts in pictures and histories, but enters no queue and starts no timer.
      if (contact.imported) return { timers: [], skipped: false };

      const timers = await decideAwaitingContacts(m, this.criteria.current(), {
        trigger: contact,
        childId,
        possibleMatches,
        isNewChild: isNew,
        includeTrigger: true,
      });
      return { timers, skipped: false };
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
