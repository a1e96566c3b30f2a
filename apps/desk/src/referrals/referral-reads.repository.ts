import { Injectable } from '@nestjs/common';
import { EntityManager, QueryRunner } from 'typeorm';
import { DataSourceRepository } from '@app/persistence';

/** One referral as the returns and the child's view read it. */
export interface ReferralRow {
  id: string;
  childId: string;
  contactId: string;
  referralDate: string;
  source: string;
  outcome: string;
  noFurtherAction: boolean;
  primaryNeed: string | null;
  suggestedNeed: string | null;
  closedOn: string | null;
  closureReason: string | null;
  team: string | null;
  worker: string | null;
  imported: boolean;
  /** Referrals of the child in the 12 months up to and including this one's date (this one included). */
  referralsInLast12Months: number;
  /** The child had another referral in the 12 months before this one's referral date. */
  reReferral: boolean;
  /** The contacts recorded against it (the first made it). */
  contactIds: string[];
}

/** What the returns know of a child: recorded by a duty worker, else the latest contact that said. */
export interface ChildFacts {
  childId: string;
  sex: 'M' | 'F' | 'U';
  /** Annex A's gender: female, male, neither (other), or not stated. */
  gender: 'female' | 'male' | 'other' | null;
  ethnicity: string;
  disabilities: string[] | null;
  upn: string | null;
  dateOfBirth: string | null;
  expectedDateOfBirth: string | null;
}

/** A contact as Annex A's List 1 reads it; `at` is its received time as text, the page's keyset. */
export interface List1Contact {
  id: string;
  childId: string | null;
  cinCode: string;
  /** The London date it came. */
  day: string;
  gender: string | null;
  ethnicity: string | null;
  birthDate: string | null;
  at: string;
}

/** The dashboard's referral figures for a window. */
export interface ReferralSummary {
  count: number;
  reReferrals: number;
  reReferralRate: number | null;
  noFurtherAction: number;
  byDay: Record<string, number>;
}

interface ReferralDbRow {
  id: string;
  child_id: string;
  contact_id: string;
  referral_date: string;
  source: string;
  outcome: string;
  no_further_action: boolean;
  primary_need: string | null;
  suggested_need: string | null;
  closed_on: string | null;
  closure_reason: string | null;
  team: string | null;
  worker: string | null;
  imported: boolean;
  in_last_12: number;
  contact_ids: string[];
}

// NOT MATERIALIZED: referenced twice, the CTE would otherwise be computed whole (every referral ever, joined
// to its contact) before any filter, and each row's 12-month count would scan all of it: a year's returns
// cost grew with the square of the history. Inlined, the window's filter uses referrals_date and the count
// the child's contacts (contacts_child) and referrals' contact_id.
const SELECT = `
  WITH r AS NOT MATERIALIZED (SELECT r.*, c.child_id FROM referrals r JOIN contacts c ON c.id = r.contact_id)
  SELECT r.id, r.child_id, r.contact_id, to_char(r.referral_date, 'YYYY-MM-DD') AS referral_date, r.source, r.outcome,
         r.no_further_action, r.primary_need, r.suggested_need, to_char(r.closed_on, 'YYYY-MM-DD') AS closed_on,
         r.closure_reason, r.team, r.worker, r.imported,
         (SELECT count(*)::int FROM r p WHERE p.child_id = r.child_id AND p.id <> r.id
             AND p.referral_date >= r.referral_date - interval '12 months' AND p.referral_date <= r.referral_date) + 1
           AS in_last_12,
         ARRAY(SELECT rc.contact_id::text FROM referral_contacts rc JOIN contacts cc ON cc.id = rc.contact_id
                WHERE rc.referral_id = r.id ORDER BY cc.received_at, cc.id) AS contact_ids
    FROM r`;

function toRow(r: ReferralDbRow): ReferralRow {
  return {
    id: r.id,
    childId: r.child_id,
    contactId: r.contact_id,
    referralDate: r.referral_date,
    source: r.source,
    outcome: r.outcome,
    noFurtherAction: r.no_further_action,
    primaryNeed: r.primary_need,
    suggestedNeed: r.suggested_need,
    closedOn: r.closed_on,
    closureReason: r.closure_reason,
    team: r.team,
    worker: r.worker,
    imported: r.imported,
    referralsInLast12Months: r.in_last_12,
    reReferral: r.in_last_12 > 1,
    contactIds: r.contact_ids,
  };
}

/** A CIN census year's referrals: referral date in the year, or before it and open at its start. */
const IN_CENSUS = `r.referral_date <= $2::date AND (r.referral_date >= $1::date OR r.closed_on IS NULL OR r.closed_on >= $1::date)`;

let cursors = 0;

// The parts of a child's facts (child k) that its UPN comes from, shared by childFacts and the census's
// duplicate UPN check so the two cannot disagree.
const CHARACTERISTICS_OF_K = `LEFT JOIN LATERAL (SELECT * FROM child_characteristics x
                           WHERE x.child_id = k.id OR x.child_id IN (SELECT id FROM children WHERE merged_into = k.id)
                           ORDER BY x.child_id = k.id DESC, x.updated_at DESC LIMIT 1) ch ON true`;
const CONTACT_UPN_OF_K = `(SELECT c.upn FROM contacts c WHERE c.child_id = k.id AND c.upn IS NOT NULL
              ORDER BY c.received_at DESC LIMIT 1)`;

const SEX: Record<string, 'M' | 'F' | 'U'> = { male: 'M', female: 'F', other: 'U', unknown: 'U' };

/**
 * The referrals as the returns (Annex A, the CIN census), the child's view and the dashboard read them: the
 * one way those reads reach the referral and contact tables. Each read takes the caller's transaction (the
 * returns read from one snapshot).
 */
@Injectable()
export class ReferralReadsRepository extends DataSourceRepository {
  /** Work in one repeatable-read transaction: a return's passes read one snapshot. */
  inSnapshot<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction('REPEATABLE READ', work);
  }

  /** A connection in a repeatable-read transaction: one snapshot for a return read a page at a time. */
  async snapshot(): Promise<QueryRunner> {
    const q = this.ds.createQueryRunner();
    await q.connect();
    try {
      await q.startTransaction('REPEATABLE READ');
    } catch (e) {
      await q.release();
      throw e;
    }
    return q;
  }

  /** Referrals with their referral date in [from, to] (London dates), by date then child. */
  async inWindow(m: EntityManager, from: string, to: string): Promise<ReferralRow[]> {
    const rows: ReferralDbRow[] = await m.query(
      `${SELECT} WHERE r.referral_date BETWEEN $1::date AND $2::date ORDER BY r.referral_date, r.child_id, r.id`,
      [from, to],
    );
    return rows.map(toRow);
  }

  /**
   * Referrals a CIN census year holds (referral date in the year, or before it and open at its start: not
   * closed, or closed on or after its first day), by child then date, read through a server-side cursor
   * `batchRows` at a time: memory holds a batch whatever the year. `m` must be in a transaction (the cursor
   * lives as long as it).
   */
  async *censusBatches(
    m: EntityManager,
    start: string,
    end: string,
    batchRows: number,
  ): AsyncGenerator<ReferralRow[]> {
    const cursor = `census_referrals_${++cursors}`;
    await m.query(
      `DECLARE ${cursor} NO SCROLL CURSOR FOR ${SELECT} WHERE ${IN_CENSUS} ORDER BY r.child_id, r.referral_date, r.id`,
      [start, end],
    );
    try {
      for (;;) {
        const rows: ReferralDbRow[] = await m.query(
          `FETCH ${Math.max(1, Math.floor(batchRows))} FROM ${cursor}`,
        );
        if (!rows.length) return;
        yield rows.map(toRow);
      }
    } finally {
      // Ended early (the download closed) or failed: the transaction ends the cursor anyway.
      await m.query(`CLOSE ${cursor}`).catch(() => undefined);
    }
  }

  /**
   * The UPNs (as childFacts gives them) held by more than one child of a CIN census year, counted in Postgres
   * so the census's duplicate check (rule 1520) needs no map of every child: the children of the year's
   * referrals, less those `excludeNfaBefore` drops (no further action, referral date before that day).
   */
  async duplicateUpnsForCensus(
    m: EntityManager,
    start: string,
    end: string,
    excludeNfaBefore: string,
  ): Promise<Set<string>> {
    const rows: { upn: string }[] = await m.query(
      `SELECT upn FROM (
         SELECT coalesce(ch.upn, ${CONTACT_UPN_OF_K}) AS upn
           FROM (SELECT DISTINCT c.child_id AS id FROM referrals r JOIN contacts c ON c.id = r.contact_id
                  WHERE ${IN_CENSUS} AND NOT (r.no_further_action AND r.referral_date < $3::date)) AS k
           ${CHARACTERISTICS_OF_K}) u
        WHERE upn IS NOT NULL GROUP BY upn HAVING count(*) > 1`,
      [start, end, excludeNfaBefore],
    );
    return new Set(rows.map((r) => r.upn));
  }

  /** A child's referrals, oldest first. */
  async ofChild(m: EntityManager, childId: string): Promise<ReferralRow[]> {
    const rows: ReferralDbRow[] = await m.query(
      `${SELECT} WHERE r.child_id = $1 ORDER BY r.referral_date, r.id`,
      [childId],
    );
    return rows.map(toRow);
  }

  async childFacts(m: EntityManager, childIds: string[]): Promise<Map<string, ChildFacts>> {
    const rows: {
      child_id: string;
      sex: 'M' | 'F' | 'U' | null;
      ethnicity: string | null;
      disabilities: string[] | null;
      upn: string | null;
      gender: string | null;
      contact_ethnicity: string | null;
      contact_upn: string | null;
      birth_date: string | null;
      expected: string | null;
    }[] = await m.query(
      `SELECT k.id AS child_id, ch.sex, ch.ethnicity, ch.disabilities, ch.upn,
            (SELECT c.body->'child'->>'gender' FROM contacts c WHERE c.child_id = k.id AND c.body->'child' ? 'gender'
              ORDER BY c.received_at DESC LIMIT 1) AS gender,
            (SELECT c.body->'child'->>'ethnicity' FROM contacts c WHERE c.child_id = k.id AND c.body->'child' ? 'ethnicity'
              ORDER BY c.received_at DESC LIMIT 1) AS contact_ethnicity,
            ${CONTACT_UPN_OF_K} AS contact_upn,
            (SELECT to_char(c.birth_date, 'YYYY-MM-DD') FROM contacts c WHERE c.child_id = k.id AND c.birth_date IS NOT NULL
              ORDER BY c.received_at DESC LIMIT 1) AS birth_date,
            (SELECT c.body->'child'->>'expectedDateOfBirth' FROM contacts c
              WHERE c.child_id = k.id AND c.body->'child' ? 'expectedDateOfBirth'
              ORDER BY c.received_at DESC LIMIT 1) AS expected
       FROM unnest($1::uuid[]) AS k(id)
       ${CHARACTERISTICS_OF_K}`,
      [childIds],
    );
    const facts = new Map<string, ChildFacts>();
    for (const r of rows) {
      const gender = r.gender === 'female' || r.gender === 'male' || r.gender === 'other' ? r.gender : null;
      const sex: 'M' | 'F' | 'U' = r.sex ?? (r.gender !== null ? SEX[r.gender] : undefined) ?? 'U';
      facts.set(r.child_id, {
        childId: r.child_id,
        sex,
        gender: r.sex === 'M' ? 'male' : r.sex === 'F' ? 'female' : gender,
        ethnicity: r.ethnicity ?? r.contact_ethnicity ?? 'NOBT',
        disabilities: r.disabilities ?? null,
        upn: r.upn ?? r.contact_upn ?? null,
        dateOfBirth: r.birth_date ?? null,
        expectedDateOfBirth: r.birth_date ? null : (r.expected ?? null),
      });
    }
    return facts;
  }

  /** A page of List 1's contacts for a window (London dates, inclusive) in received order, after `after`. */
  async list1Contacts(
    m: EntityManager,
    from: string,
    to: string,
    limit: number,
    after: [string, string] | null,
  ): Promise<List1Contact[]> {
    const contacts: {
      id: string;
      child_id: string | null;
      cin_code: string;
      day: string;
      gender: string | null;
      ethnicity: string | null;
      birth_date: string | null;
      at: string;
    }[] = await m.query(
      `SELECT c.id, c.child_id, c.cin_code,
                to_char((c.received_at AT TIME ZONE 'Europe/London')::date, 'YYYY-MM-DD') AS day,
                c.body->'child'->>'gender' AS gender, c.body->'child'->>'ethnicity' AS ethnicity,
                to_char(c.birth_date, 'YYYY-MM-DD') AS birth_date, c.received_at::text AS at
           FROM contacts c
          WHERE c.received_at >= ($1::date::timestamp AT TIME ZONE 'Europe/London')
            AND c.received_at < (($2::date + 1)::timestamp AT TIME ZONE 'Europe/London')
            ${after ? 'AND c.received_at >= $4::timestamptz AND (c.received_at, c.id) > ($4::timestamptz, $5::uuid)' : ''}
          ORDER BY c.received_at, c.id LIMIT $3`,
      after ? [from, to, limit, ...after] : [from, to, limit],
    );
    return contacts.map((c) => ({
      id: c.id,
      childId: c.child_id,
      cinCode: c.cin_code,
      day: c.day,
      gender: c.gender,
      ethnicity: c.ethnicity,
      birthDate: c.birth_date,
      at: c.at,
    }));
  }

  /** How many rows Annex A's List 1 and List 3 hold for a window. */
  async annexACounts(m: EntityManager, from: string, to: string): Promise<{ list1: number; list3: number }> {
    const [counts]: { list1: number; list3: number }[] = await m.query(
      `SELECT (SELECT count(*)::int FROM contacts c
                  WHERE c.received_at >= ($1::date::timestamp AT TIME ZONE 'Europe/London')
                    AND c.received_at < (($2::date + 1)::timestamp AT TIME ZONE 'Europe/London')) AS list1,
                (SELECT count(*)::int FROM referrals r WHERE r.referral_date BETWEEN $1::date AND $2::date) AS list3`,
      [from, to],
    );
    return { list1: counts.list1, list3: counts.list3 };
  }

  /**
   * The dashboard's referral figures for a window, from the same rows as Annex A's List 3 (statutory-returns.md,
   * "Reconciliation"): referrals with their referral date in the window, those with another referral in the 12
   * months before (re-referrals) and the share they are, and those closed with no further action.
   *
   * Read from the figures kept per referral date (referral_daily, migration 1763800015000): the days changed
   * since they were last read are recomputed first, so a window costs its days, not the referrals in it, and
   * ten years cost the same whatever the history.
   */
  async summary(m: EntityManager, from: string, to: string): Promise<ReferralSummary> {
    await m.query('SELECT referral_daily_refresh($1::date, $2::date)', [from, to]);
    const days: { day: string; referrals: number; re_referrals: number; no_further_action: number }[] =
      await m.query(
        `SELECT to_char(day, 'YYYY-MM-DD') AS day, referrals, re_referrals, no_further_action FROM referral_daily
          WHERE day BETWEEN $1::date AND $2::date AND referrals > 0 ORDER BY day`,
        [from, to],
      );
    const count = days.reduce((s, d) => s + d.referrals, 0);
    const reReferrals = days.reduce((s, d) => s + d.re_referrals, 0);
    return {
      count,
      reReferrals,
      reReferralRate: count ? reReferrals / count : null,
      noFurtherAction: days.reduce((s, d) => s + d.no_further_action, 0),
      byDay: Object.fromEntries(days.map((d) => [d.day, d.referrals])),
    };
  }
}
