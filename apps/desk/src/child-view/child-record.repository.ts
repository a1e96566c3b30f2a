import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { TriageDecisionRow } from '@app/decisions';

/** A contact about the child, with who sent it and its desk item (if it reached the desk). */
export interface ChildContactRow {
  id: string;
  receivedAt: Date;
  status: string;
  agency: string;
  cinCode: string | null;
  locality: string | null;
  /** The contact as the partner sent it (contact-api.md). */
  body: {
    source?: { organisation?: string; referrer?: unknown };
    child?: unknown;
    concerns?: unknown;
    consent?: unknown;
    occurredAt?: string;
  };
  imported: boolean;
  partnerName: string;
  deskItem: {
    state: string;
    needLevel: number;
    route: string;
    team: string | null;
    priority: string;
    dueAt: Date;
    overdue: boolean;
    claimedBy: string | null;
  } | null;
}

/** A triage decision on one of the child's contacts, with the picture and history the criteria used. */
export type ChildDecisionRow = TriageDecisionRow;

/** A contact that may be about the same child, recorded against another child. */
export interface OtherContactRow {
  id: string;
  childId: string | null;
  receivedAt: Date;
  agency: string;
  child: unknown;
  partnerName: string;
}

/**
 * A child's record as the child view reads it: the child (following merges), its contacts, their triage
 * decisions and the match reviews. Duty decisions and notes come from the desk's own repository.
 */
@Injectable()
export class ChildRecordRepository {
  constructor(private readonly ds: DataSource) {}

  /** The child a (possibly merged) child id now lives on, or null when there is no such child. */
  async survivor(id: string): Promise<string | null> {
    let current = id;
    for (let i = 0; i < 20; i++) {
      const [row]: { id: string; merged_into: string | null }[] = await this.ds.query(
        'SELECT id, merged_into FROM children WHERE id = $1',
        [current],
      );
      if (!row) return null;
      if (!row.merged_into) return row.id;
      current = row.merged_into;
    }
    return current;
  }

  async createdAt(childId: string): Promise<Date> {
    const [child]: { created_at: Date }[] = await this.ds.query(
      'SELECT created_at FROM children WHERE id = $1',
      [childId],
    );
    return child.created_at;
  }

  /** The children merged into this one, oldest first. */
  async mergedInto(childId: string): Promise<string[]> {
    const rows: { id: string }[] = await this.ds.query(
      'SELECT id FROM children WHERE merged_into = $1 ORDER BY created_at',
      [childId],
    );
    return rows.map((r) => r.id);
  }

  /** Every contact about the child, in the order received. */
  async contacts(childId: string): Promise<ChildContactRow[]> {
    const rows: Record<string, any>[] = await this.ds.query(
      `SELECT c.id, c.received_at, c.status, c.agency, c.cin_code, c.locality, c.body, c.imported, p.name AS partner_name,
              d.need_level, d.route, d.team, d.priority, d.due_at, d.state, d.overdue, d.claimed_by
         FROM contacts c JOIN partners p ON p.id = c.partner_id
         LEFT JOIN desk_items d ON d.contact_id = c.id
        WHERE c.child_id = $1 ORDER BY c.received_at, c.id`,
      [childId],
    );
    return rows.map((c) => ({
      id: c.id,
      receivedAt: c.received_at,
      status: c.status,
      agency: c.agency,
      cinCode: c.cin_code,
      locality: c.locality,
      body: c.body ?? {},
      imported: c.imported,
      partnerName: c.partner_name,
      deskItem: c.state
        ? {
            state: c.state,
            needLevel: c.need_level,
            route: c.route,
            team: c.team,
            priority: c.priority,
            dueAt: c.due_at,
            overdue: c.overdue,
            claimedBy: c.claimed_by,
          }
        : null,
    }));
  }

  /** Every triage decision on these contacts, in the order they were made. */
  async decisions(contactIds: string[]): Promise<ChildDecisionRow[]> {
    const rows: Record<string, any>[] = await this.ds.query(
      `SELECT id, contact_id, is_current, triaged_at, triggered_by, criteria_version, need_level, route, team,
              priority, due_at, strategy_discussion, consent_required, reasons, picture, history,
              linked_contact_ids, possible_matches
         FROM decisions WHERE contact_id = ANY($1::uuid[]) ORDER BY triaged_at, created_at`,
      [contactIds],
    );
    return rows.map((d) => ({
      id: d.id,
      contactId: d.contact_id,
      isCurrent: d.is_current,
      triagedAt: d.triaged_at,
      triggeredBy: d.triggered_by,
      criteriaVersion: d.criteria_version,
      needLevel: d.need_level,
      route: d.route,
      team: d.team,
      priority: d.priority,
      dueAt: d.due_at,
      strategyDiscussion: d.strategy_discussion,
      consentRequired: d.consent_required,
      reasons: d.reasons,
      picture: d.picture,
      history: d.history,
      linkedContactIds: d.linked_contact_ids,
      possibleMatches: d.possible_matches,
    }));
  }

  /** The contacts whose possible match with this child a worker has already confirmed or rejected. */
  async reviewedMatches(childId: string): Promise<Set<string>> {
    const rows: { other_contact_id: string }[] = await this.ds.query(
      'SELECT other_contact_id FROM match_reviews WHERE child_id = $1',
      [childId],
    );
    return new Set(rows.map((r) => r.other_contact_id));
  }

  /** Other contacts by id, with the child they are recorded against and what they said of the child. */
  async otherContacts(ids: string[]): Promise<OtherContactRow[]> {
    if (!ids.length) return [];
    const rows: Record<string, any>[] = await this.ds.query(
      `SELECT c.id, c.child_id, c.received_at, c.agency, c.body->'child' AS child, p.name AS partner_name
         FROM contacts c JOIN partners p ON p.id = c.partner_id WHERE c.id = ANY($1::uuid[])`,
      [ids],
    );
    return rows.map((o) => ({
      id: o.id,
      childId: o.child_id,
      receivedAt: o.received_at,
      agency: o.agency,
      child: o.child,
      partnerName: o.partner_name,
    }));
  }
}
