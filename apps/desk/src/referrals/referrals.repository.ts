import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { lockKeys, DataSourceRepository } from '@app/persistence';

/** What a referral is made from: the contact's child, when it came, its CIN source and what it said. */
export interface ContactForReferral {
  childId: string | null;
  receivedAt: Date;
  cinCode: string;
  /** The contact's own indicators and its current decision's picture: what the primary need is suggested from. */
  indicators: string[];
}

/** The child's referral still open on a date (or closed that very day). */
export interface OpenReferral {
  id: string;
  /** YYYY-MM-DD. */
  referralDate: string;
  primaryNeed: string | null;
  noFurtherAction: boolean;
}

export interface NewReferral {
  contactId: string;
  referralDate: string;
  source: string;
  outcome: string;
  noFurtherAction: boolean;
  primaryNeed: string | null;
  suggestedNeed: string | null;
  decidedAt: Date;
  closedOn: string | null;
  closureReason: string | null;
  team: string | null;
  worker: string | null;
  imported: boolean;
}

export interface ImportedOutcome {
  contactId: string;
  decidedAt: Date;
  outcome: string;
  noFurtherAction: boolean;
  primaryNeed: string | null;
}

export interface ChildCharacteristics {
  childId: string;
  sex: string | null;
  ethnicity: string | null;
  disabilities: string[] | null;
  upn: string | null;
  recordedBy: string;
  updatedAt: string;
}

/**
 * Referrals (statutory-returns.md), the contacts that made or joined them, imported outcomes waiting for
 * their child, and what the desk records on a child for the returns: the one way the referral use cases
 * reach these tables. Every method takes the caller's transaction. The returns' bulk reads are in
 * ReferralReadsRepository.
 */
@Injectable()
export class ReferralsRepository extends DataSourceRepository {
  /** The contact as a referral needs it; `onDesk`: only a contact on the duty desk. Null when there is none. */
  async contactForReferral(
    m: EntityManager,
    contactId: string,
    opts: { onDesk: boolean } = { onDesk: false },
  ): Promise<ContactForReferral | null> {
    const [c]: {
      child_id: string | null;
      received_at: Date;
      cin_code: string;
      indicators: string[] | null;
      picture: string[] | null;
    }[] = await m.query(
      `SELECT c.child_id, c.received_at, c.cin_code, c.body->'concerns'->'indicators' AS indicators,
              d.picture->'indicators' AS picture
         FROM contacts c LEFT JOIN decisions d ON d.contact_id = c.id AND d.is_current
        WHERE c.id = $1 AND (NOT $2 OR EXISTS (SELECT 1 FROM desk_items i WHERE i.contact_id = c.id))`,
      [contactId, opts.onDesk],
    );
    if (!c) return null;
    return {
      childId: c.child_id,
      receivedAt: c.received_at,
      cinCode: c.cin_code,
      indicators: [...(c.indicators ?? []), ...(c.picture ?? [])],
    };
  }

  /** Referrals are made under the child's lock, so two contacts of one child never make two at once. */
  lockChild(m: EntityManager, childId: string): Promise<void> {
    return lockKeys(m, 'child', [childId]);
  }

  /** The referral this contact already made or joined, if any (a redelivered close makes nothing twice). */
  async referralOfContact(m: EntityManager, contactId: string): Promise<string | null> {
    const [r]: { referral_id: string }[] = await m.query(
      'SELECT referral_id FROM referral_contacts WHERE contact_id = $1',
      [contactId],
    );
    return r?.referral_id ?? null;
  }

  /** The child's earliest referral open on `onDate` (YYYY-MM-DD) or closed on it. */
  async openReferral(m: EntityManager, childId: string, onDate: string): Promise<OpenReferral | null> {
    const [r]: {
      id: string;
      referral_date: string;
      primary_need: string | null;
      no_further_action: boolean;
    }[] = await m.query(
      `SELECT r.id, to_char(r.referral_date, 'YYYY-MM-DD') AS referral_date, r.primary_need, r.no_further_action
           FROM referrals r JOIN contacts c ON c.id = r.contact_id
          WHERE c.child_id = $1 AND (r.closed_on IS NULL OR r.closed_on >= $2::date)
          ORDER BY r.referral_date LIMIT 1`,
      [childId, onDate],
    );
    return r
      ? {
          id: r.id,
          referralDate: r.referral_date,
          primaryNeed: r.primary_need,
          noFurtherAction: r.no_further_action,
        }
      : null;
  }

  async addContact(m: EntityManager, referralId: string, contactId: string, outcome: string): Promise<void> {
    await m.query('INSERT INTO referral_contacts (contact_id, referral_id, outcome) VALUES ($1, $2, $3)', [
      contactId,
      referralId,
      outcome,
    ]);
  }

  /** A referral closed with no further action that goes on after all: open again, with its primary need. */
  async reopen(m: EntityManager, id: string, primaryNeed: string | null, suggestedNeed: string | null) {
    await m.query(
      `UPDATE referrals SET no_further_action = false, closed_on = NULL, closure_reason = NULL,
              primary_need = $2, suggested_need = coalesce(suggested_need, $3) WHERE id = $1`,
      [id, primaryNeed, suggestedNeed],
    );
  }

  /** A new referral, with the contact that made it. */
  async insert(m: EntityManager, r: NewReferral): Promise<string> {
    const id = randomUUID();
    await m.query(
      `INSERT INTO referrals (id, contact_id, referral_date, source, outcome, no_further_action, primary_need,
                              suggested_need, decided_at, closed_on, closure_reason, team, worker, imported)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14)`,
      [
        id,
        r.contactId,
        r.referralDate,
        r.source,
        r.outcome,
        r.noFurtherAction,
        r.primaryNeed,
        r.suggestedNeed,
        r.decidedAt,
        r.closedOn,
        r.closureReason,
        r.team,
        r.worker,
        r.imported,
      ],
    );
    await this.addContact(m, id, r.contactId, r.outcome);
    return id;
  }

  /** Imported outcomes whose contact triage has given a child, in the order the contacts came. */
  async pendingImportedOutcomes(m: EntityManager, limit: number): Promise<ImportedOutcome[]> {
    const rows: {
      contact_id: string;
      decided_at: Date;
      outcome: string;
      no_further_action: boolean;
      primary_need: string | null;
    }[] = await m.query(
      `SELECT o.contact_id, o.decided_at, o.outcome, o.no_further_action, o.primary_need
         FROM imported_outcomes o JOIN contacts c ON c.id = o.contact_id
        WHERE NOT o.settled AND c.child_id IS NOT NULL
        ORDER BY c.received_at, c.id LIMIT $1`,
      [limit],
    );
    return rows.map((p) => ({
      contactId: p.contact_id,
      decidedAt: new Date(p.decided_at),
      outcome: p.outcome,
      noFurtherAction: p.no_further_action,
      primaryNeed: p.primary_need,
    }));
  }

  async markImportedSettled(m: EntityManager, contactId: string): Promise<void> {
    await m.query('UPDATE imported_outcomes SET settled = true WHERE contact_id = $1', [contactId]);
  }

  /** The referral locked for closing; null when there is none. */
  async lockForClose(
    m: EntityManager,
    referralId: string,
  ): Promise<{ childId: string; referralDate: string; closedOn: string | null } | null> {
    const [r]: { child_id: string; referral_date: string; closed_on: string | null }[] = await m.query(
      `SELECT c.child_id, to_char(r.referral_date, 'YYYY-MM-DD') AS referral_date, r.closed_on
         FROM referrals r JOIN contacts c ON c.id = r.contact_id WHERE r.id = $1 FOR UPDATE OF r`,
      [referralId],
    );
    return r ? { childId: r.child_id, referralDate: r.referral_date, closedOn: r.closed_on } : null;
  }

  async close(m: EntityManager, referralId: string, closedOn: string, reason: string): Promise<void> {
    await m.query('UPDATE referrals SET closed_on = $2, closure_reason = $3 WHERE id = $1', [
      referralId,
      closedOn,
      reason,
    ]);
  }

  /** The child a (possibly merged) id now reads as; null for no such child. */
  async survivor(m: EntityManager, id: string): Promise<string | null> {
    const [row]: { id: string; merged_into: string | null }[] = await m.query(
      'SELECT id, merged_into FROM children WHERE id = $1',
      [id],
    );
    return row ? (row.merged_into ?? row.id) : null;
  }

  /** Records the given characteristics (absent ones keep what was recorded before). */
  async recordCharacteristics(
    m: EntityManager,
    childId: string,
    given: {
      sex?: string | null;
      ethnicity?: string | null;
      disabilities?: string[] | null;
      upn?: string | null;
    },
    by: string,
  ): Promise<void> {
    await m.query(
      `INSERT INTO child_characteristics (child_id, sex, ethnicity, disabilities, upn, recorded_by)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (child_id) DO UPDATE SET
         sex = CASE WHEN $7 THEN EXCLUDED.sex ELSE child_characteristics.sex END,
         ethnicity = CASE WHEN $8 THEN EXCLUDED.ethnicity ELSE child_characteristics.ethnicity END,
         disabilities = CASE WHEN $9 THEN EXCLUDED.disabilities ELSE child_characteristics.disabilities END,
         upn = CASE WHEN $10 THEN EXCLUDED.upn ELSE child_characteristics.upn END,
         recorded_by = EXCLUDED.recorded_by, updated_at = now()`,
      [
        childId,
        given.sex ?? null,
        given.ethnicity ?? null,
        given.disabilities ?? null,
        given.upn ?? null,
        by,
        given.sex !== undefined,
        given.ethnicity !== undefined,
        given.disabilities !== undefined,
        given.upn !== undefined,
      ],
    );
  }

  async characteristics(m: EntityManager, childId: string): Promise<ChildCharacteristics | null> {
    const [r] = await m.query(
      'SELECT child_id, sex, ethnicity, disabilities, upn, recorded_by, updated_at FROM child_characteristics WHERE child_id = $1',
      [childId],
    );
    return r
      ? {
          childId: r.child_id,
          sex: r.sex,
          ethnicity: r.ethnicity,
          disabilities: r.disabilities,
          upn: r.upn,
          recordedBy: r.recorded_by,
          updatedAt: new Date(r.updated_at).toISOString(),
        }
      : null;
  }
}
