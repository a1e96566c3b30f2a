import { NotFoundError } from '@app/contracts';
import { EntityManager } from 'typeorm';
import { appendAudit } from '@app/audit';

import type { Actor } from '../actor';

export type { Actor };

/** A social worker sees the requests they made; every other reader sees every request. */
export const onlyOwn = (actor: Actor): string | undefined =>
  actor.role === 'social_worker' ? actor.username : undefined;

export const notFound = () => new NotFoundError('No such placement request');

/**
 * The request row for a change, locked, or 404 when it does not exist or the actor may not see it (a social
 * worker and another worker's request: not revealed).
 */
export async function lockRequest(m: EntityManager, id: string, actor: Actor): Promise<Record<string, any>> {
  const [row] = await m.query(
    `SELECT id, child_id, received_at, submitted_by, placement_type, legal_basis, emergency, evidence, outcome,
            failed_checks, review_due_at, status, linked_to, panel_decision,
            EXISTS (SELECT 1 FROM placement_outcomes o WHERE o.request_id = p.id) AS has_outcome
       FROM placement_requests p WHERE id = $1 FOR UPDATE`,
    [id],
  );
  const own = onlyOwn(actor);
  if (!row || (own !== undefined && row.submitted_by !== own)) throw notFound();
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
