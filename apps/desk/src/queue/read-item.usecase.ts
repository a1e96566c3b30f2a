import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { appendAudit } from '@app/audit';
import type { Actor } from '../actor';
import { DESK_ITEM_COLUMNS, toDeskItemView } from './desk-item.view';
import { isUuid, NotFoundError } from '@app/contracts';

/**
 * One desk item as the worker sees it: the item, the recommendation with its reasons, every duty decision
 * (each with the recommendation it answered) and the notes. A read of a child's record: audited.
 */
@Injectable()
export class ReadItemUseCase {
  constructor(private readonly ds: DataSource) {}

  async execute(contactId: string, actor: Actor) {
    if (!isUuid(contactId)) throw new NotFoundError('No such item on the desk');
    const [row] = await this.ds.query(
      `SELECT ${DESK_ITEM_COLUMNS} FROM desk_items d JOIN contacts c ON c.id = d.contact_id WHERE d.contact_id = $1`,
      [contactId],
    );
    if (!row) throw new NotFoundError('No such item on the desk');
    const [rec] = await this.ds.query(
      `SELECT id, triaged_at, criteria_version, need_level, route, team, priority, due_at, strategy_discussion,
              consent_required, reasons, triggered_by
         FROM decisions WHERE contact_id = $1 AND is_current`,
      [contactId],
    );
    const dutyDecisions = await this.ds.query(
      `SELECT id, kind, actor, actor_role, recommendation_id, recommended, need_level, route, team, reason, outcome,
              cin_no_further_action, created_at
         FROM duty_decisions WHERE contact_id = $1 ORDER BY created_at`,
      [contactId],
    );
    const notes = await this.ds.query(
      'SELECT id, author, body, created_at FROM desk_notes WHERE contact_id = $1 ORDER BY created_at',
      [contactId],
    );
    await appendAudit(this.ds, {
      actor: actor.username,
      actorRole: actor.role,
      action: 'desk_item.read',
      subjectType: 'contact',
      subjectId: contactId,
      childId: row.child_id,
    });
    return {
      item: toDeskItemView(row),
      recommendation: rec
        ? {
            decisionId: rec.id,
            triagedAt: new Date(rec.triaged_at).toISOString(),
            triggeredBy: rec.triggered_by,
            criteriaVersion: rec.criteria_version,
            needLevel: rec.need_level,
            route: rec.route,
            team: rec.team,
            priority: rec.priority,
            dueAt: new Date(rec.due_at).toISOString(),
            strategyDiscussion: rec.strategy_discussion,
            consentRequired: rec.consent_required,
            reasons: rec.reasons,
          }
        : null,
      dutyDecisions: dutyDecisions.map(toDutyDecisionView),
      notes: notes.map((n: any) => ({
        id: n.id,
        author: n.author,
        text: n.body,
        at: new Date(n.created_at).toISOString(),
      })),
    };
  }
}

export function toDutyDecisionView(d: any) {
  return {
    id: d.id,
    kind: d.kind,
    by: d.actor,
    role: d.actor_role,
    at: new Date(d.created_at).toISOString(),
    recommendationId: d.recommendation_id,
    recommended: d.recommended,
    decided: { needLevel: d.need_level, route: d.route, team: d.team },
    reason: d.reason,
    outcome: d.outcome,
    cinNoFurtherAction: d.cin_no_further_action,
  };
}
