import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DataSourceRepository } from '@app/persistence';

/** A panel action at its timer, locked, with its request's facts the overdue alert needs. */
export interface LockedPanelAction {
  id: string;
  requestId: string;
  action: string;
  owner: string;
  ownerRole: string | null;
  dueBy: string;
  overdueAt: Date;
  doneAt: Date | null;
  childId: string;
  placementType: string;
  hasOutcome: boolean;
}

/** A request at its retrospective review's timer, locked. */
export interface LockedReview {
  id: string;
  childId: string;
  placementType: string;
  legalBasis: string;
  reviewDueAt: Date | null;
  status: string;
  withdrawn: boolean;
}

/** The panel's timers' reads: what is due (each locked in the caller's transaction) and what to put back. */
@Injectable()
export class PanelTimersRepository extends DataSourceRepository {
  async lockAction(m: EntityManager, actionId: string): Promise<LockedPanelAction | null> {
    const [a]: {
      id: string;
      request_id: string;
      action: string;
      owner: string;
      owner_role: string | null;
      due_by: string;
      overdue_at: Date;
      done_at: Date | null;
      child_id: string;
      placement_type: string;
      has_outcome: boolean;
    }[] = await m.query(
      `SELECT a.id, a.request_id, a.action, a.owner, a.owner_role, to_char(a.due_by, 'YYYY-MM-DD') AS due_by,
              a.overdue_at, a.done_at, p.child_id, p.placement_type,
              EXISTS (SELECT 1 FROM placement_outcomes o WHERE o.request_id = p.id) AS has_outcome
         FROM placement_panel_actions a JOIN placement_requests p ON p.id = a.request_id
        WHERE a.id = $1 FOR UPDATE OF a`,
      [actionId],
    );
    return a
      ? {
          id: a.id,
          requestId: a.request_id,
          action: a.action,
          owner: a.owner,
          ownerRole: a.owner_role,
          dueBy: a.due_by,
          overdueAt: a.overdue_at,
          doneAt: a.done_at,
          childId: a.child_id,
          placementType: a.placement_type,
          hasOutcome: a.has_outcome,
        }
      : null;
  }

  async lockReview(m: EntityManager, requestId: string): Promise<LockedReview | null> {
    const [p]: {
      id: string;
      child_id: string;
      placement_type: string;
      legal_basis: string;
      review_due_at: Date | null;
      status: string;
      withdrawn: boolean;
    }[] = await m.query(
      `SELECT p.id, p.child_id, p.placement_type, p.legal_basis, p.review_due_at, p.status,
              EXISTS (SELECT 1 FROM placement_outcomes o WHERE o.request_id = p.id AND o.outcome = 'withdrawn')
                AS withdrawn
         FROM placement_requests p WHERE p.id = $1 FOR UPDATE`,
      [requestId],
    );
    return p
      ? {
          id: p.id,
          childId: p.child_id,
          placementType: p.placement_type,
          legalBasis: p.legal_basis,
          reviewDueAt: p.review_due_at,
          status: p.status,
          withdrawn: p.withdrawn,
        }
      : null;
  }

  /** Open actions whose overdue alert is not yet raised. */
  async openActions(): Promise<{ id: string; overdueAt: Date }[]> {
    const rows: { id: string; overdue_at: Date }[] = await this.ds.query(
      `SELECT a.id, a.overdue_at FROM placement_panel_actions a
        WHERE a.done_at IS NULL
          AND NOT EXISTS (SELECT 1 FROM placement_outcomes o WHERE o.request_id = a.request_id)
          AND NOT EXISTS (SELECT 1 FROM alerts x WHERE x.dedupe_key = 'panel-action-overdue:' || a.id::text)`,
    );
    return rows.map((r) => ({ id: r.id, overdueAt: r.overdue_at }));
  }

  /** Undecided retrospective reviews whose overdue alert is not yet raised. */
  async openReviews(): Promise<{ id: string; reviewDueAt: Date }[]> {
    const rows: { id: string; review_due_at: Date }[] = await this.ds.query(
      `SELECT p.id, p.review_due_at FROM placement_requests p
        WHERE p.status = 'under_review' AND p.review_due_at IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM alerts x WHERE x.dedupe_key = 'review-overdue:' || p.id::text)`,
    );
    return rows.map((r) => ({ id: r.id, reviewDueAt: r.review_due_at }));
  }
}
