import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { Criteria, evaluate } from '@app/criteria';
import { ContactRow, toCriteriaContact } from './contact-record';
import { DecisionTimer, storeDecisions } from './store-decisions';

/**
 * Triage's common case, set-based: contacts each about a child nobody has written about before (person
 * matching found no stored contact and no other contact of the batch that could be the same child). Each
 * becomes a new child with one contact, decided alone at its own receivedAt, exactly as decideAwaitingContacts
 * would decide it, and all are stored together. Returns the SLA timers to place after the commit.
 */
export async function decideNewChildren(
  m: EntityManager,
  criteria: Criteria,
  contacts: ContactRow[],
): Promise<DecisionTimer[]> {
  return storeDecisions(
    m,
    contacts.map((contact) => {
      const T = new Date(contact.received_at);
      return {
        contact,
        childId: randomUUID(),
        newChild: true,
        triggeredBy: contact.id,
        triagedAt: T,
        decision: evaluate(
          { contact: toCriteriaContact(contact), sameChildContacts: [], openCase: null, at: T },
          criteria,
        ),
        linkedContactIds: [],
        possibleMatches: [],
      };
    }),
  );
}
