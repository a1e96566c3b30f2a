import { NotFoundError } from '@app/contracts';
import { EntityManager } from 'typeorm';
import { appendAudit } from '@app/audit';

import type { Actor } from '../actor';
import { LockedPlacementRequest, PlacementRequestsRepository } from './placement-requests.repository';

export type { Actor };

/** A social worker sees the requests they made; every other reader sees every request. */
export const onlyOwn = (actor: Actor): string | undefined =>
  actor.role === 'social_worker' ? actor.username : undefined;

export const notFound = () => new NotFoundError('No such placement request');

/**
 * The request row for a change, locked, or 404 when it does not exist or the actor may not see it (a social
 * worker and another worker's request: not revealed).
 */
export async function lockRequest(
  requests: PlacementRequestsRepository,
  m: EntityManager,
  id: string,
  actor: Actor,
): Promise<LockedPlacementRequest> {
  const row = await requests.lockForChange(m, id);
  const own = onlyOwn(actor);
  if (!row || (own !== undefined && row.submittedBy !== own)) throw notFound();
  return row;
}

/**
 * Every read of a request is audited (its reason and evidence hold the child's details): one entry per
 * request read, in one transaction, so the trail can be searched by request and by child.
 */
export async function auditReads(
  m: EntityManager,
  actor: Actor,
  requests: { id: string; childId: string }[],
  via: string,
  at = new Date(),
): Promise<void> {
  for (const r of requests) {
    await appendAudit(
      m,
      {
        actor: actor.username,
        actorRole: actor.role,
        action: 'placement_request.read',
        subjectType: 'placement_request',
        subjectId: r.id,
        childId: r.childId,
        details: { via },
      },
      at,
    );
  }
}
