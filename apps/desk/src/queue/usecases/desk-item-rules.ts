import { ConflictError, DomainError, NotFoundError } from '@app/contracts';
import { EntityManager } from 'typeorm';
import { appendAudit } from '@app/audit';
import type { Actor } from '../../actor';
import { CLAIM_IDLE_MINUTES, DeskItemView } from '../desk-item.view';
import { DeskItemsRepository, LockedItem, Recommendation } from '../desk-items.repository';

/** The desk's rules shared by its verbs: who holds an item, and what a duty decision answers. */

export const NO_SUCH_ITEM = 'No such item on the desk';

/**
 * The item, locked, provided the actor holds it (and the claim has not lapsed: 30 idle minutes) and it is in
 * one of `states`.
 */
export async function itemHeldBy(
  items: DeskItemsRepository,
  m: EntityManager,
  contactId: string,
  actor: Actor,
  states: string[],
): Promise<LockedItem> {
  const item = await items.lockForDecision(m, contactId);
  if (!item) throw new NotFoundError(NO_SUCH_ITEM);
  const lapsed =
    !!item.claimedAt && new Date(item.claimedAt).getTime() < Date.now() - CLAIM_IDLE_MINUTES * 60000;
  if (item.claimedBy !== actor.username || lapsed)
    throw new ConflictError(
      item.claimedBy && item.claimedBy !== actor.username
        ? `Held by ${item.claimedBy}: claim it first`
        : 'Claim this item first (a claim idle for 30 minutes is released)',
    );
  if (!states.includes(item.state))
    throw new ConflictError(`This item is ${item.state}; this needs it to be ${states.join(' or ')}`);
  return item;
}

/** The triage decision a duty decision answers; a contact not yet triaged cannot be decided. */
export async function recommendationFor(
  items: DeskItemsRepository,
  m: EntityManager,
  contactId: string,
): Promise<Recommendation> {
  const rec = await items.currentRecommendation(m, contactId);
  if (!rec) throw new ConflictError('This contact has no recommendation yet');
  return rec;
}

/** Gives a locked, claimable item to the actor, audited. */
export async function takeItem(
  items: DeskItemsRepository,
  m: EntityManager,
  contactId: string,
  actor: Actor,
): Promise<DeskItemView> {
  await items.setHolder(m, contactId, actor.username);
  await appendAudit(m, {
    actor: actor.username,
    actorRole: actor.role,
    action: 'desk_item.claim',
    subjectType: 'contact',
    subjectId: contactId,
  });
  return items.view(m, contactId);
}

/** Why a claim was refused: no such item, closed, or someone else holds (or is taking) it. */
export async function whyNotClaimable(
  items: DeskItemsRepository,
  m: EntityManager,
  contactId: string,
): Promise<DomainError> {
  const r = await items.claimState(m, contactId);
  if (!r) return new NotFoundError(NO_SUCH_ITEM);
  if (r.state === 'closed') return new ConflictError('This item is closed');
  return new ConflictError(
    r.claimedBy ? `Held by ${r.claimedBy}` : 'Another worker is claiming this item at this moment',
  );
}
