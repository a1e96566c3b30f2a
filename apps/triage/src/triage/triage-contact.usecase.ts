import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { faultPoint } from '@app/config';
import { ConsumerGroup } from '@app/contracts';
import { CriteriaRegistry } from '@app/criteria';
import { ContactRow, decideNewChildren, DecisionTimer } from '@app/decisions';
import { InvalidMessageError } from '@app/messaging';
import { lockKeys } from '@app/persistence';
import { ChildMatchingRepository, ClaimedContact } from './child-matching.repository';
import { childIdentity, ChildIdentity, findCandidates } from './match-child';
import { triageKnownChildren } from './triage-known-children';

export interface TriageContactCommand {
  eventId: string;
  contactId: string;
}

export interface TriageOutcome {
  /** SLA timers to put in place once the transaction has committed. */
  timers: DecisionTimer[];
  /** Contacts whose event had been handled before (a redelivery) or that needed no triage. */
  skipped: number;
  /** Contacts decided as new children in one set (the rest went through triageKnownChildren). */
  newChildren: number;
}

const children = new ChildMatchingRepository();

/**
 * Triage of received contacts (criteria sections 2 to 6), a Kafka batch in one transaction with the events'
 * inbox entries, so a redelivered event changes nothing:
 *  1. claim the events and lock the contacts; lock every identifier person matching will look them up by;
 *  2. find, in one query, every stored contact that could be the same child as any of them;
 *  3. contacts with no such contact, in the store or in the batch, are new children: decided together,
 *     set-based (decideNewChildren); the others go through person matching and their child's re-triage
 *     (never lowering a contact a worker holds) in waves, also set-based (triageKnownChildren).
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
      await lockKeys(
        m,
        'child-identity',
        [...identities.values()].flatMap((i) => i.lockKeys),
      );
      const candidates = await findCandidates(m, toTriage);
      const isNewChild = newChildFinder(toTriage, identities, candidates);
      const fresh = toTriage.filter((c) => !c.imported && isNewChild(c));
      outcome.timers.push(...(await decideNewChildren(m, this.criteria.current(), fresh)));
      outcome.newChildren = fresh.length;
      const freshIds = new Set(fresh.map((c) => c.id));
      const known = toTriage.filter((c) => !freshIds.has(c.id));
      outcome.timers.push(...(await triageKnownChildren(m, this.criteria.current(), known, candidates)));
      faultPoint('triage.before-commit');
      return outcome;
    });
  }

  /**
   * Claims each event in the inbox and reads its contact, locked, in one round trip, in offset order;
   * `claimed` is false for a redelivery (an event id seen twice in one batch counts as one).
   */
  private async claim(m: EntityManager, cmds: TriageContactCommand[]): Promise<ClaimedContact[]> {
    const unique = [...new Map(cmds.map((c) => [c.eventId, c])).values()];
    const rows = await children.claimContacts(m, ConsumerGroup.Triage, unique);
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

  private async awaitingTimers(m: EntityManager, contactId: string): Promise<DecisionTimer[]> {
    const rows = await children.awaitingOfChildOf(m, contactId);
    return rows.map((r) => ({ contactId: r.contactId, dueAt: r.dueAt.toISOString() }));
  }
}

/**
 * Which contacts are about a child no stored contact and no other contact of the batch could be: the
 * stored candidates (found for the whole batch with person matching's own conditions) and the batch
 * against itself, by identity key.
 */
function newChildFinder(
  contacts: ContactRow[],
  identities: Map<string, ChildIdentity>,
  candidates: ContactRow[],
): (c: ContactRow) => boolean {
  const storedKeys = new Set(candidates.flatMap((c) => childIdentity(c).ownKeys));
  // How many contacts of the batch are found by each key.
  const batchKeys = new Map<string, number>();
  for (const c of contacts) {
    for (const k of identities.get(c.id)!.ownKeys) batchKeys.set(k, (batchKeys.get(k) ?? 0) + 1);
  }
  return (c) => {
    const identity = identities.get(c.id)!;
    return identity.lockKeys.every((k) => {
      const own = identity.ownKeys.includes(k);
      return !storedKeys.has(k) && (batchKeys.get(k) ?? 0) <= (own ? 1 : 0);
    });
  };
}
