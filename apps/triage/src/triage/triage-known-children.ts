import { EntityManager } from 'typeorm';
import { Criteria } from '@app/criteria';
import {
  ContactRow,
  decideAwaitingContacts,
  DecisionTimer,
  DecisionToStore,
  planNewChild,
  planAwaitingDecisions,
  readChildren,
  storeDecisions,
} from '@app/decisions';
import { lockKeys } from '@app/persistence';
import { ChildMatchingRepository } from './child-matching.repository';
import { childIdentity, findCandidates, matchAgainst, matchChild } from './match-child';

const children = new ChildMatchingRepository();

/**
 * Triage of the batch's contacts that person matching may join to a child: children already known, or one
 * child written about more than once in the batch. They are decided in waves, set-based: a wave holds the
 * contacts, in offset order, that share no identity key with an earlier contact still waiting and no child
 * with another contact of the wave, so deciding them together is deciding them one after another. Per wave:
 * one query for candidates, one lock of the children, one read of them, and the decisions stored together.
 * A contact that joins two known children (a merge) or is imported history goes alone, through matchChild.
 *
 * The caller holds the identity locks of every contact. `candidates` are stored contacts found for them
 * before this call (reused by the first wave).
 */
export async function triageKnownChildren(
  m: EntityManager,
  criteria: Criteria,
  contacts: ContactRow[],
  candidates: ContactRow[],
): Promise<DecisionTimer[]> {
  const timers: DecisionTimer[] = [];
  const order = new Map(contacts.map((c, i) => [c.id, i]));
  let rest = contacts;
  let found: ContactRow[] | null = candidates;
  while (rest.length) {
    const { wave, later } = nextWave(rest);
    if (!wave.length) {
      // The first waiting contact is imported history: alone, in its place.
      timers.push(...(await triageAlone(m, criteria, rest[0])));
      rest = rest.slice(1);
      found = null;
      continue;
    }
    const outcome = await decideWave(m, criteria, wave, found ?? (await findCandidates(m, wave)));
    found = null;
    timers.push(...outcome.timers);
    for (const contact of outcome.alone) timers.push(...(await triageAlone(m, criteria, contact)));
    rest = [...outcome.deferred, ...later].sort((a, b) => order.get(a.id)! - order.get(b.id)!);
  }
  return timers;
}

/** The contacts, in order, related by no identity key to an earlier waiting contact (imported ones wait). */
function nextWave(rest: ContactRow[]): { wave: ContactRow[]; later: ContactRow[] } {
  const earlierKeys = new Set<string>();
  const wave: ContactRow[] = [];
  const later: ContactRow[] = [];
  for (const contact of rest) {
    const identity = childIdentity(contact);
    const related = identity.lockKeys.some((k) => earlierKeys.has(k));
    (related || contact.imported ? later : wave).push(contact);
    for (const k of identity.ownKeys) earlierKeys.add(k);
  }
  return { wave, later };
}

async function decideWave(
  m: EntityManager,
  criteria: Criteria,
  wave: ContactRow[],
  candidates: ContactRow[],
): Promise<{ timers: DecisionTimer[]; deferred: ContactRow[]; alone: ContactRow[] }> {
  const claimed = new Set<string>();
  const deferred: ContactRow[] = [];
  const alone: ContactRow[] = [];
  const matched: {
    contact: ContactRow;
    childId: string | null;
    possible: DecisionToStore['possibleMatches'];
  }[] = [];
  for (const contact of wave) {
    const { sameChildren, possibleMatches } = matchAgainst(contact, candidates);
    // A child an earlier contact of the wave joins: this one waits for the next wave, to see that one.
    if (sameChildren.some((id) => claimed.has(id))) {
      deferred.push(contact);
      continue;
    }
    for (const id of sameChildren) claimed.add(id);
    if (sameChildren.length > 1) alone.push(contact);
    else matched.push({ contact, childId: sameChildren[0] ?? null, possible: possibleMatches });
  }

  const known = matched.flatMap((x) => (x.childId ? [x.childId] : []));
  if (known.length) await lockKeys(m, 'child', known);
  const records = known.length ? await readChildren(m, known) : new Map();
  const toStore = matched.flatMap(({ contact, childId, possible }) =>
    childId
      ? planAwaitingDecisions(
          criteria,
          {
            trigger: contact,
            childId,
            possibleMatches: possible.filter((p) => p.childId !== childId),
            includeTrigger: true,
          },
          records.get(childId)!,
        )
      : planNewChild(criteria, contact, possible),
  );
  return { timers: await storeDecisions(m, toStore), deferred, alone };
}

/** One contact through person matching (with any merge) and its child's re-triage. */
async function triageAlone(
  m: EntityManager,
  criteria: Criteria,
  contact: ContactRow,
): Promise<DecisionTimer[]> {
  const { childId, isNew, possibleMatches } = await matchChild(m, contact);
  // A child created by this transaction is known to no other until the commit: no lock to wait for.
  if (!isNew) await lockKeys(m, 'child', [childId]);
  // Imported history counts in pictures and histories, but enters no queue and starts no timer.
  if (contact.imported) {
    if (!isNew) await children.pointAtChild(m, contact.id, childId);
    return [];
  }
  // decideAwaitingContacts points the contact at the child as it stores its decision.
  return decideAwaitingContacts(m, criteria, {
    trigger: contact,
    childId,
    possibleMatches,
    isNewChild: isNew,
    includeTrigger: true,
  });
}
