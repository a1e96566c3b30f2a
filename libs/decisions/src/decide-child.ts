import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { ContactTriagedPayload, SlaJob, Topic } from '@app/contracts';
import { Criteria, evaluate } from '@app/criteria';
import { enqueueEvents } from '@app/messaging';
import { CONTACT_COLUMNS, ContactRow, PRIORITY_RANK, toCriteriaContact } from './contact-record';

export interface PossibleMatch {
  contactId: string;
  childId: string | null;
  reason: string;
}

/** An SLA timer to place after the commit; `firstTimer` when the contact never had one. */
export type DecisionTimer = SlaJob & { firstTimer?: boolean };

export interface DecideChildCommand {
  /** The contact whose arrival (or the merge whose latest contact) calls for the decisions. */
  trigger: ContactRow;
  childId: string;
  /** Near misses found for the trigger by person matching (used when the trigger is included). */
  possibleMatches: PossibleMatch[];
  /** The child was created for the trigger in this transaction: it has no other contacts or items. */
  isNewChild?: boolean;
  /** Decide the trigger itself (a new contact); false when it may already be decided (a merge). */
  includeTrigger: boolean;
  /**
   * When the decisions are stored as made. Triage: the picture's time T (so a late arrival re-decides in
   * place: one decision per contact and triage time). A merge is a new decision, made now, kept beside the
   * ones it replaces.
   */
  triagedAt?: Date;
}

interface DeskRow {
  contact_id: string;
  need_level: number;
  priority: string;
  claimed_by: string | null;
  state: string;
  route: string;
  team: string | null;
}

/**
 * Decides every contact of a child still awaiting a duty decision (criteria sections 2 to 5 and 8), in the
 * caller's transaction: the decision, the desk item and the status in one statement per contact, and
 * `contact.triaged.v1` through the outbox. Used by triage (a new contact) and by the desk (a confirmed
 * merge), so that both decide the same way. Returns the SLA timers to place after the commit.
 */
export async function decideAwaitingContacts(
  m: EntityManager,
  criteria: Criteria,
  cmd: DecideChildCommand,
): Promise<DecisionTimer[]> {
  const { trigger, childId, possibleMatches, isNewChild = false, includeTrigger } = cmd;
  // A new child has this one contact and no desk items: the two reads below would find only that.
  const childContacts: ContactRow[] = isNewChild
    ? [trigger]
    : await m.query(`SELECT ${CONTACT_COLUMNS} FROM contacts WHERE child_id = $1`, [childId]);
  // T is the trigger's receivedAt, unless a later contact about the child was triaged first (it came on
  // another partition): then the picture is as of that later arrival, exactly as if they had come in order.
  const T = new Date(Math.max(...childContacts.map((c) => new Date(c.received_at).getTime())));
  const triagedAt = cmd.triagedAt ?? T;
  const desk: DeskRow[] = isNewChild
    ? []
    : await m.query(
        `SELECT d.contact_id, d.need_level, d.priority, d.claimed_by, d.state, d.route, d.team
           FROM desk_items d WHERE d.child_id = $1`,
        [childId],
      );
  const deskByContact = new Map(desk.map((d) => [d.contact_id, d]));
  const toTriage = childContacts.filter(
    (c) => (includeTrigger && c.id === trigger.id) || c.status === 'triaged',
  );
  const sameChild = new Set(childContacts.map((c) => c.id));
  const timers: DecisionTimer[] = [];
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
    // Possible matches stay offered until they are confirmed (then they are this child) or rejected.
    const ownPossible = (
      includeTrigger && contact.id === trigger.id
        ? possibleMatches
        : await currentPossibleMatches(m, contact.id)
    ).filter((p) => !sameChild.has(p.contactId));
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
        triagedAt,
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
        triagedAt: triagedAt.toISOString(),
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
  return timers;
}

async function currentPossibleMatches(m: EntityManager, contactId: string): Promise<PossibleMatch[]> {
  const [row] = await m.query('SELECT possible_matches FROM decisions WHERE contact_id = $1 AND is_current', [
    contactId,
  ]);
  return row?.possible_matches ?? [];
}
