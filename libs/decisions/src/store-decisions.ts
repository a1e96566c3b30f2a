import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { ContactTriagedPayload, SlaJob, Topic } from '@app/contracts';
import { Decision } from '@app/criteria';
import { derivedEventId, eventEnvelope } from '@app/messaging';
import { ContactRow, PRIORITY_RANK } from './contact-record';
import { DecisionsRepository, StoredDecisionRow } from './decisions.repository';

const decisions = new DecisionsRepository();

export interface PossibleMatch {
  contactId: string;
  childId: string | null;
  reason: string;
}

/** An SLA timer to place after the commit; `firstTimer` when the contact never had one. */
export type DecisionTimer = SlaJob & { firstTimer?: boolean };

/** One decision made by the criteria engine, and what to store beside it. */
export interface DecisionToStore {
  contact: ContactRow;
  childId: string;
  /** The child was made up for this contact: the child row is written too. */
  newChild?: boolean;
  /** The contact whose arrival (or the merge) called for this decision. */
  triggeredBy: string;
  triagedAt: Date;
  decision: Decision;
  linkedContactIds: string[];
  possibleMatches: PossibleMatch[];
  raisedWhileHeld?: boolean;
}

/**
 * Stores decisions, set-based, in the caller's transaction: for each, the decision (updated in place when
 * the contact was already decided at the same triage time: one decision per contact and triage time), the
 * desk item, the contact's child and status, and `contact.triaged.v1` through the outbox; new children's
 * rows too. Two statements whatever the number: the earlier current decisions are retired first (the
 * one-current index is checked row by row), then everything else at once. Returns the SLA timers to place
 * after the commit.
 */
export async function storeDecisions(m: EntityManager, items: DecisionToStore[]): Promise<DecisionTimer[]> {
  if (!items.length) return [];
  // A contact still 'received' has never been decided (its first decision and 'triaged' commit together).
  const decidedBefore = items.filter((i) => i.contact.status !== 'received').map((i) => i.contact.id);
  if (decidedBefore.length) {
    await decisions.retireCurrent(m, decidedBefore);
  }
  const now = new Date();
  const rows = items.map((item, n): StoredDecisionRow => {
    const { contact, decision } = item;
    const payload: ContactTriagedPayload = {
      ...triagedPayload({ ...item, contactId: contact.id, decisionId: '' }),
      ...(item.raisedWhileHeld ? { raisedWhileHeld: true } : {}),
    };
    return {
      n,
      new_child: !!item.newChild,
      decision_id: randomUUID(),
      contact_id: contact.id,
      child_id: item.childId,
      triggered_by: item.triggeredBy,
      triaged_at: item.triagedAt.toISOString(),
      criteria_version: decision.criteriaVersion,
      need_level: decision.needLevel,
      route: decision.route,
      team: decision.team,
      priority: decision.priority,
      priority_rank: PRIORITY_RANK[decision.priority],
      due_at: decision.dueAt,
      strategy_discussion: decision.strategyDiscussion,
      consent_required: decision.consentRequired,
      reasons: decision.reasons,
      picture: decision.picture,
      history: decision.history,
      linked_contact_ids: item.linkedContactIds,
      possible_matches: item.possibleMatches,
      locality: contact.locality,
      // The stored decision's id is filled in by the statement (an update in place keeps the earlier id).
      envelope: eventEnvelope(Topic.ContactTriaged, payload, now, triagedEventId(payload)),
    };
  });
  // One statement: the foreign key checks run at its end, after every part has written.
  await decisions.storeSet(m, rows);
  return items.map((i) => ({
    contactId: i.contact.id,
    dueAt: i.decision.dueAt,
    firstTimer: i.contact.status === 'received',
  }));
}

/**
 * The id of the `contact.triaged.v1` event announcing a decision: derived from the contact, the triage time
 * and what was decided (not the stored decision's row id, which an update in place keeps), so a re-run of
 * the same triage publishes the same id and consumers take it once.
 */
export function triagedEventId(p: ContactTriagedPayload): string {
  return derivedEventId(Topic.ContactTriaged, [
    p.contactId,
    p.triagedAt,
    p.childId,
    p.criteriaVersion,
    p.needLevel,
    p.route,
    p.team,
    p.priority,
    p.dueAt,
    p.triggeredBy,
    p.raisedWhileHeld ?? false,
  ]);
}

/** The `contact.triaged.v1` payload for a decision stored as `decisionId`. */
export function triagedPayload(d: {
  contactId: string;
  childId: string;
  decisionId: string;
  triggeredBy: string;
  triagedAt: Date;
  decision: Decision;
}): ContactTriagedPayload {
  const { decision } = d;
  return {
    contactId: d.contactId,
    childId: d.childId,
    decisionId: d.decisionId,
    triggeredBy: d.triggeredBy,
    triagedAt: d.triagedAt.toISOString(),
    criteriaVersion: decision.criteriaVersion,
    needLevel: decision.needLevel,
    route: decision.route,
    team: decision.team,
    priority: decision.priority,
    dueAt: decision.dueAt,
  };
}
