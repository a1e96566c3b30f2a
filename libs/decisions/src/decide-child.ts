import { EntityManager } from 'typeorm';
import { Criteria, evaluate } from '@app/criteria';
import { ContactRow, PRIORITY_RANK, byArrival, toCriteriaContact } from './contact-record';
import { DecisionsRepository } from './decisions.repository';
import { DecisionToStore, DecisionTimer, PossibleMatch, storeDecisions } from './store-decisions';

const decisions = new DecisionsRepository();

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

export interface DeskRow {
  contact_id: string;
  need_level: number;
  priority: string;
  claimed_by: string | null;
  state: string;
  route: string;
  team: string | null;
}

/** What deciding a child's contacts reads: its contacts, desk items and current possible matches. */
export interface ChildRecord {
  contacts: ContactRow[];
  desk: DeskRow[];
  /** Each contact's current decision's possible matches. */
  possibleMatches: Record<string, PossibleMatch[]>;
}

/**
 * Decides every contact of a child still awaiting a duty decision (criteria sections 2 to 5 and 8), in the
 * caller's transaction: one read of the child's contacts, desk items and possible matches, then the
 * decisions, desk items, statuses and `contact.triaged.v1` events stored together (storeDecisions). Used by
 * triage (a new contact) and by the desk (a confirmed merge), so that both decide the same way. The trigger
 * is pointed at the child here if it is not yet. Returns the SLA timers to place after the commit.
 */
export async function decideAwaitingContacts(
  m: EntityManager,
  criteria: Criteria,
  cmd: DecideChildCommand,
): Promise<DecisionTimer[]> {
  // A new child has this one contact and no desk items: the read would find only that.
  const child = cmd.isNewChild ? NO_RECORD : (await readChildren(m, [cmd.childId])).get(cmd.childId)!;
  return storeDecisions(m, planAwaitingDecisions(criteria, cmd, child));
}

/** A child with nothing stored yet. */
export const NO_RECORD: ChildRecord = { contacts: [], desk: [], possibleMatches: {} };

/**
 * The decisions decideAwaitingContacts makes for a child, from what was read of it: pure, so that triage
 * can decide many children from one read and store them with one write.
 */
export function planAwaitingDecisions(
  criteria: Criteria,
  cmd: DecideChildCommand,
  child: ChildRecord,
): DecisionToStore[] {
  const { trigger, childId, possibleMatches, includeTrigger } = cmd;
  // The trigger may not point at the child yet (storeDecisions does that): it is one of its contacts.
  const childContacts = [...child.contacts.filter((c) => c.id !== trigger.id), trigger].sort(byArrival);
  // Decisions carry from one arrival to the next (an item routed to statutory assessment is an open case
  // for the child's later contacts), so a contact that arrived before one already triaged (it came on
  // another partition, or after a crash) sees open cases as the earlier arrivals in order left them.
  // Held items are compared with what their worker holds, as stored.
  const newest = childContacts[childContacts.length - 1];
  const openCaseDesk =
    includeTrigger && newest.id !== trigger.id
      ? replayArrivals(criteria, childId, childContacts.slice(0, -1), child).desk
      : child.desk;
  // T is the trigger's receivedAt, unless a later contact about the child was triaged first (it came on
  // another partition): then the picture is as of that later arrival, exactly as if they had come in order.
  const T = new Date(Math.max(...childContacts.map((c) => new Date(c.received_at).getTime())));
  const triagedAt = cmd.triagedAt ?? T;
  const deskByContact = new Map(child.desk.map((d) => [d.contact_id, d]));
  const toTriage = childContacts.filter(
    (c) => (includeTrigger && c.id === trigger.id) || c.status === 'triaged',
  );
  const sameChild = new Set(childContacts.map((c) => c.id));
  const toStore: DecisionToStore[] = [];

  for (const contact of toTriage) {
    // Open case: another contact about the child routed to statutory assessment and not closed.
    const open = openCaseDesk.find(
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

    // Possible matches stay offered until they are confirmed (then they are this child) or rejected.
    const ownPossible = (
      includeTrigger && contact.id === trigger.id
        ? possibleMatches
        : (child.possibleMatches[contact.id] ?? [])
    ).filter((p) => !sameChild.has(p.contactId));
    toStore.push({
      contact,
      childId,
      triggeredBy: trigger.id,
      triagedAt,
      decision,
      linkedContactIds: others.map((o) => o.id!).filter(Boolean),
      possibleMatches: ownPossible,
      raisedWhileHeld: isHeld && raised,
    });
  }
  return toStore;
}

/**
 * Triage in arrival order, replayed: each contact still awaiting a duty decision, oldest first, is the
 * trigger of a round (planAwaitingDecisions) on the desk the rounds before it left. Items a worker has
 * decided or closed keep their stored state; a held item stays held. Returns the desk after the last
 * round and each contact's latest decision.
 */
export function replayArrivals(
  criteria: Criteria,
  childId: string,
  inArrivalOrder: ContactRow[],
  child: ChildRecord,
): { desk: DeskRow[]; decided: Map<string, DecisionToStore> } {
  const stored = new Map(child.desk.map((d) => [d.contact_id, d]));
  const awaiting = (c: ContactRow) => c.status === 'triaged' || !stored.has(c.id);
  // The desk starts with what workers have decided or closed; an item still awaiting a decision (the
  // newest arrival's included, though it is not replayed) is made by its round, not read as stored.
  const stillAwaiting = new Set(
    [...child.contacts, ...inArrivalOrder].filter((c) => awaiting(c)).map((c) => c.id),
  );
  const record: ChildRecord = {
    contacts: [],
    desk: child.desk.filter((d) => !stillAwaiting.has(d.contact_id)),
    possibleMatches: child.possibleMatches,
  };
  const decided = new Map<string, DecisionToStore>();
  for (const contact of inArrivalOrder) {
    if (!awaiting(contact) || contact.imported) {
      record.contacts.push(contact);
      continue;
    }
    const trigger = { ...contact, status: 'triaged' };
    const cmd = { trigger, childId, possibleMatches: [], includeTrigger: true };
    for (const planned of planAwaitingDecisions(criteria, cmd, record)) {
      decided.set(planned.contact.id, planned);
      const item: DeskRow = {
        contact_id: planned.contact.id,
        need_level: planned.decision.needLevel,
        priority: planned.decision.priority,
        claimed_by: stored.get(planned.contact.id)?.claimed_by ?? null,
        state: stored.get(planned.contact.id)?.state ?? 'awaiting',
        route: planned.decision.route,
        team: planned.decision.team,
      };
      const at = record.desk.findIndex((d) => d.contact_id === item.contact_id);
      if (at >= 0) record.desk[at] = item;
      else record.desk.push(item);
    }
    record.contacts.push(trigger);
  }
  return { desk: record.desk, decided };
}

/** Children's contacts, desk items and current possible matches, in one round trip for any number. */
export async function readChildren(m: EntityManager, childIds: string[]): Promise<Map<string, ChildRecord>> {
  const rows = await decisions.childRecords(m, childIds);
  return new Map(
    rows.map((r) => [r.child_id, { contacts: r.contacts, desk: r.desk, possibleMatches: r.possible }]),
  );
}
