import { RuleBrokenError } from '@app/contracts';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import type { Criteria } from '@app/criteria';
import { lockKeys } from '@app/persistence';
import { londonDate, NFA_CLOSURE_REASON, suggestPrimaryNeed } from './referral-codes';

/** How a contact was ended, by a duty worker at the desk or by a historical import line. */
export interface ContactOutcome {
  contactId: string;
  outcome: string;
  noFurtherAction: boolean;
  /** Confirmed or changed by the duty worker; absent: the criteria's suggestion. */
  primaryNeed: string | null;
  decidedAt: Date;
  team: string | null;
  worker: string | null;
  imported: boolean;
}

export interface RecordedReferral {
  referralId: string;
  /** True when the contact joined a referral still open rather than making a new one. */
  joined: boolean;
  primaryNeed: string | null;
}

/**
 * Makes or joins the child's referral for a contact closed with one of the county's referral outcomes
 * (statutory-returns.md); any other outcome makes none (null). A referral is open until its closure date
 * (a referral with no further action closes on the date of that decision; one going on to further action
 * stays open until closed); a contact received while one is open, or on the day it closed, joins it, so
 * a child's referrals never overlap (CIN census rule 8820), and two referral outcomes on one day make one
 * referral (one closed with no further action that day is reopened by a same-day further action). The referral date is the London date the
 * contact was received, its source the contact's CIN code. Runs in the caller's transaction, under the
 * child's lock.
 */
export async function recordReferral(
  m: EntityManager,
  o: ContactOutcome,
  referralOutcomes: ReadonlySet<string>,
  criteria: Criteria,
): Promise<RecordedReferral | null> {
  if (!referralOutcomes.has(o.outcome)) return null;
  const [contact]: {
    child_id: string | null;
    received_at: Date;
    cin_code: string;
    indicators: string[] | null;
    picture: string[] | null;
  }[] = await m.query(
    `SELECT c.child_id, c.received_at, c.cin_code, c.body->'concerns'->'indicators' AS indicators,
            d.picture->'indicators' AS picture
       FROM contacts c LEFT JOIN decisions d ON d.contact_id = c.id AND d.is_current
      WHERE c.id = $1`,
    [o.contactId],
  );
  if (!contact?.child_id) throw new Error(`contact ${o.contactId} has no child yet`);
  await lockKeys(m, 'child', [contact.child_id]);
  const already: { referral_id: string }[] = await m.query(
    'SELECT referral_id FROM referral_contacts WHERE contact_id = $1',
    [o.contactId],
  );
  if (already.length) return { referralId: already[0].referral_id, joined: false, primaryNeed: null };

  const referralDate = londonDate(new Date(contact.received_at));
  const [open]: { id: string; primary_need: string | null; no_further_action: boolean }[] = await m.query(
    `SELECT r.id, r.primary_need, r.no_further_action FROM referrals r JOIN contacts c ON c.id = r.contact_id
      WHERE c.child_id = $1 AND (r.closed_on IS NULL OR r.closed_on >= $2::date)
      ORDER BY r.referral_date LIMIT 1`,
    [contact.child_id, referralDate],
  );
  const suggested = suggestPrimaryNeed(criteria, [...(contact.indicators ?? []), ...(contact.picture ?? [])]);
  if (open) {
    await m.query('INSERT INTO referral_contacts (contact_id, referral_id, outcome) VALUES ($1, $2, $3)', [
      o.contactId,
      open.id,
      o.outcome,
    ]);
    // A referral closed with no further action on this contact's day, and this contact goes on to further
    // action: the referral did not end there. It is reopened rather than a second one made the same day.
    if (open.no_further_action && !o.noFurtherAction) {
      const primaryNeed = o.primaryNeed ?? open.primary_need ?? suggested;
      if (!primaryNeed && !o.imported) throw primaryNeedRequired();
      await m.query(
        `UPDATE referrals SET no_further_action = false, closed_on = NULL, closure_reason = NULL,
                primary_need = $2, suggested_need = coalesce(suggested_need, $3) WHERE id = $1`,
        [open.id, primaryNeed, suggested],
      );
      return { referralId: open.id, joined: true, primaryNeed };
    }
    return { referralId: open.id, joined: true, primaryNeed: open.primary_need };
  }

  const primaryNeed = o.primaryNeed ?? suggested;
  if (!primaryNeed && !o.noFurtherAction && !o.imported) throw primaryNeedRequired();
  const decidedOn = londonDate(o.decidedAt);
  const closedOn = o.noFurtherAction ? (decidedOn < referralDate ? referralDate : decidedOn) : null;
  const id = randomUUID();
  await m.query(
    `INSERT INTO referrals (id, contact_id, referral_date, source, outcome, no_further_action, primary_need,
                            suggested_need, decided_at, closed_on, closure_reason, team, worker, imported)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14)`,
    [
      id,
      o.contactId,
      referralDate,
      contact.cin_code,
      o.outcome,
      o.noFurtherAction,
      primaryNeed,
      suggested,
      o.decidedAt,
      closedOn,
      closedOn ? NFA_CLOSURE_REASON : null,
      o.team,
      o.worker,
      o.imported,
    ],
  );
  await m.query('INSERT INTO referral_contacts (contact_id, referral_id, outcome) VALUES ($1, $2, $3)', [
    o.contactId,
    id,
    o.outcome,
  ]);
  return { referralId: id, joined: false, primaryNeed };
}

function primaryNeedRequired() {
  return new RuleBrokenError([
    {
      path: 'primaryNeed',
      message: 'is required for a referral going on to further action (N1 to N9): the criteria suggest none',
    },
  ]);
}

/**
 * Turns the outcomes of imported lines into referrals once triage has given their contacts a child, in the
 * order the contacts were received (so joining and re-referral read as they happened). Returns how many it
 * settled; lines whose child is not known yet wait for the next call.
 */
export async function settleImportedOutcomes(
  m: EntityManager,
  referralOutcomes: ReadonlySet<string>,
  criteria: Criteria,
  limit = 20000,
): Promise<number> {
  const pending: {
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
  for (const p of pending) {
    await recordReferral(
      m,
      {
        contactId: p.contact_id,
        outcome: p.outcome,
        noFurtherAction: p.no_further_action,
        primaryNeed: p.primary_need,
        decidedAt: new Date(p.decided_at),
        team: null,
        worker: null,
        imported: true,
      },
      referralOutcomes,
      criteria,
    );
    await m.query('UPDATE imported_outcomes SET settled = true WHERE contact_id = $1', [p.contact_id]);
  }
  return pending.length;
}
