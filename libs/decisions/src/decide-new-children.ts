import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { Criteria } from '@app/criteria';
import { ContactRow } from './contact-record';
import { NO_RECORD, planAwaitingDecisions } from './decide-child';
import { DecisionTimer, DecisionToStore, PossibleMatch, storeDecisions } from './store-decisions';

/**
 * The decision for a contact about a child nobody has written about before: a new child (its row written
 * with the decision), the contact decided alone at its own receivedAt, as decideAwaitingContacts decides.
 */
export function planNewChild(
  criteria: Criteria,
  contact: ContactRow,
  possibleMatches: PossibleMatch[] = [],
): DecisionToStore[] {
  const plan = planAwaitingDecisions(
    criteria,
    { trigger: contact, childId: randomUUID(), possibleMatches, isNewChild: true, includeTrigger: true },
    NO_RECORD,
  );
  return plan.map((d) => ({ ...d, newChild: true }));
}

/**
 * Triage's common case, set-based: contacts each about a child nobody has written about before (person
 * matching found no stored contact and no other contact of the batch that could be the same child), all
 * stored together. Returns the SLA timers to place after the commit.
 */
export async function decideNewChildren(
  m: EntityManager,
  criteria: Criteria,
  contacts: ContactRow[],
): Promise<DecisionTimer[]> {
  return storeDecisions(
    m,
    contacts.flatMap((contact) => planNewChild(criteria, contact)),
  );
}
