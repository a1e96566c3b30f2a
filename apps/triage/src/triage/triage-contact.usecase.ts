import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { ConsumerGroup, ContactTriagedPayload, SlaJob, Topic } from '@app/contracts';
import { CriteriaRegistry, evaluate } from '@app/criteria';
import { enqueueEvents, InvalidMessageError } from '@app/messaging';
import { lockKeys } from '@app/persistence';
import { ContactRow, PRIORITY_RANK, toCriteriaContact } from './contact-record';
import { CONTACT_COLUMNS, matchChild } from './match-child';

export interface TriageContactCommand {
  eventId: string;
  contactId: string;
}

export interface TriageOutcome {
  /** SLA timers to put in place once the transaction has committed. */
  timers: (SlaJob & { firstTimer?: boolean })[];
  skipped: boolean;
}

interface HeldItem {
  contact_id: string;
  need_level: number;
  priority: string;
  claimed_by: string | null;
  state: string;
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
  private readonly logger = new Logger(TriageContactUseCase.name);

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

      const timers = await this.triageChild(m, contact, childId, possibleMatches, isNew);
      return { timers, skipped: false };
    });
  }

  private async triageChild(
    m: EntityManager,
    trigger: ContactRow,
    childId: string,
    possibleMatches: { contactId: string; childId: string | null; reason: string }[],
    isNewChild = false,
  ): Promise<TriageOutcome['timers']> {
    const criteria = this.criteria.current();
    // A new child has this one contact and no desk items: the two reads below would find only that.
    const childContacts: ContactRow[] = isNewChild
      ? [trigger]
      : await m.query(`SELECT ${CONTACT_COLUMNS} FROM contacts WHERE child_id = $1`, [childId]);
    // T is the trigger's receivedAt, unless a later contact about the child was triaged first (it came on
    // another partition): then the picture is as of that later arrival, exactly as if they had come in order.
    const T = new Date(Math.max(...childContacts.map((c) => new Date(c.received_at).getTime())));
    const desk: (HeldItem & { route: string; team: string | null })[] = isNewChild
      ? []
      : await m.query(
          `SELECT d.contact_id, d.need_level, d.priority, d.claimed_by, d.state, d.route, d.team
             FROM desk_items d WHERE d.child_id = $1`,
          [childId],
        );
    const deskByContact = new Map(desk.map((d) => [d.contact_id, d]));
    const toTriage = childContacts.filter((c) => c.id === trigger.id || c.status === 'triaged');
    const timers: TriageOutcome['timers'] = [];
    const events: { topic: typeof Topic.ContactTriaged; key: string; payload: ContactTriagedPayload }[] = [];

    for (const contact of toTriage) {
      // Open case: another contact about the child routed to statutory assessment and not closed.
      const open = desk.find(
        (d) => d.contact_id !== contact.id && d.route === 'STATUTORY_ASSESSMENT' && d.state !== 'closed',
      );
      const others = childContacts.filter((c) => c.id !== contact.id).map(toCriteriaContact);
      const decision = evaluate(
        {
          contact: toCriteriaContact(contact),
          sameChildContacts: others,
          openCase: open ? { team: open.team ?? 'ASSESSMENT' } : null,
          at: T,
        },
        criteria,
      );
      const held = deskByContact.get(contact.id);
      const isHeld = !!held?.claimed_by;
      const raised =
        !!held &&
        (decision.needLevel > held.need_level ||
          PRIORITY_RANK[decision.priority] < PRIORITY_RANK[held.priority]);
      const lowered =
        !!held &&
        (decision.needLevel < held.need_level ||
          PRIORITY_RANK[decision.priority] > PRIORITY_RANK[held.priority]);
      // Section 8: a re-triage never lowers the level or priority of a contact a worker holds.
      if (isHeld && lowered) continue;

      const decisionId = randomUUID();
      const linked = others.map((o) => o.id!).filter(Boolean);
      const ownPossible =
        contact.id === trigger.id ? possibleMatches : await this.currentPossibleMatches(m, contact.id);
      // A contact still 'received' has never been decided (its first decision and 'triaged' commit together).
      if (contact.status !== 'received') {
        await m.query('UPDATE decisions SET is_current = false WHERE contact_id = $1 AND is_current', [
          contact.id,
        ]);
      }
      // The decision, the desk item and the contact's status in one statement (one round trip).
      const inserted: { id: string }[] = await m.query(
        `WITH decision AS (
           INSERT INTO decisions (id, contact_id, child_id, triggered_by, triaged_at, criteria_version, need_level, route,
                                  team, priority, due_at, strategy_discussion, consent_required, reasons, picture, history,
                                  linked_contact_ids, possible_matches, is_current)
           VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,true)
           ON CONFLICT (contact_id, triaged_at) DO UPDATE SET triggered_by = EXCLUDED.triggered_by,
             criteria_version = EXCLUDED.criteria_version, need_level = EXCLUDED.need_level, route = EXCLUDED.route,
             team = EXCLUDED.team, priority = EXCLUDED.priority, due_at = EXCLUDED.due_at,
             strategy_discussion = EXCLUDED.strategy_discussion, consent_required = EXCLUDED.consent_required,
             reasons = EXCLUDED.reasons, picture = EXCLUDED.picture, history = EXCLUDED.history,
             linked_contact_ids = EXCLUDED.linked_contact_ids, possible_matches = EXCLUDED.possible_matches,
             is_current = true
           RETURNING id
         ), desk_item AS (
           INSERT INTO desk_items (contact_id, child_id, need_level, route, team, locality, priority, priority_rank, due_at)
           VALUES ($2,$3,$7,$8,$9,$19,$10,$20,$11)
           ON CONFLICT (contact_id) DO UPDATE SET child_id = EXCLUDED.child_id, need_level = EXCLUDED.need_level,
             route = EXCLUDED.route, team = EXCLUDED.team, locality = EXCLUDED.locality, priority = EXCLUDED.priority,
             priority_rank = EXCLUDED.priority_rank, due_at = EXCLUDED.due_at,
             overdue = EXCLUDED.due_at <= now() AND desk_items.overdue, updated_at = now()
         ), status AS (
           UPDATE contacts SET status = 'triaged' WHERE id = $2 AND status = 'received'
         )
         SELECT id FROM decision`,
        [
          decisionId,
          contact.id,
          childId,
          trigger.id,
          T,
          decision.criteriaVersion,
          decision.needLevel,
          decision.route,
          decision.team,
          decision.priority,
          decision.dueAt,
          decision.strategyDiscussion,
          decision.consentRequired,
          JSON.stringify(decision.reasons),
          JSON.stringify(decision.picture),
          decision.history,
          JSON.stringify(linked),
          JSON.stringify(ownPossible),
          contact.locality,
          PRIORITY_RANK[decision.priority],
        ],
      );
      // Decided again at a time it was already decided at (a late arrival joined its picture): that
      // decision is updated in place, so there is one decision per contact and triage time.
      const storedDecisionId = inserted[0].id;
      timers.push({
        contactId: contact.id,
        dueAt: decision.dueAt,
        firstTimer: contact.status === 'received',
      });
      events.push({
        topic: Topic.ContactTriaged,
        key: childId,
        payload: {
          contactId: contact.id,
          childId,
          decisionId: storedDecisionId,
          triggeredBy: trigger.id,
          triagedAt: T.toISOString(),
          criteriaVersion: decision.criteriaVersion,
          needLevel: decision.needLevel,
          route: decision.route,
          team: decision.team,
          priority: decision.priority,
          dueAt: decision.dueAt,
          ...(isHeld && raised ? { raisedWhileHeld: true } : {}),
        },
      });
    }
    await enqueueEvents(m, events);
    this.logger.debug(`triaged ${events.length} contact(s) for one child`);
    return timers;
  }

  private async awaitingTimers(m: EntityManager, contactId: string): Promise<SlaJob[]> {
    const rows: { contact_id: string; due_at: Date }[] = await m.query(
      `SELECT d.contact_id, d.due_at FROM desk_items d
        WHERE d.state = 'awaiting' AND d.child_id = (SELECT child_id FROM contacts WHERE id = $1)`,
      [contactId],
    );
    return rows.map((r) => ({ contactId: r.contact_id, dueAt: new Date(r.due_at).toISOString() }));
  }

  private async currentPossibleMatches(m: EntityManager, contactId: string) {
    const [row] = await m.query(
      'SELECT possible_matches FROM decisions WHERE contact_id = $1 AND is_current',
      [contactId],
    );
    return row?.possible_matches ?? [];
  }
}
