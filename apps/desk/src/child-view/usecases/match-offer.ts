import { ConflictError, NotFoundError } from '@app/contracts';
import { EntityManager } from 'typeorm';
import { MatchReviewsRepository } from '../match-reviews.repository';

/**
 * The other contact's child, provided the match is on offer for this child: offered by its current
 * decisions, about another child, and not yet confirmed or rejected.
 */
export async function childOfferedAsMatch(
  reviews: MatchReviewsRepository,
  m: EntityManager,
  childId: string,
  otherContactId: string,
): Promise<string> {
  const offer = await reviews.offer(m, childId, otherContactId);
  if (!offer || !offer.offered) throw new NotFoundError('No such possible match for this child');
  if (!offer.otherChildId || offer.otherChildId === childId)
    throw new ConflictError('That contact is already about this child');
  if (offer.verdict) throw new ConflictError(`This match was already ${offer.verdict}`);
  return offer.otherChildId;
}
