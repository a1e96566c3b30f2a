import { RuleBrokenError } from '@app/contracts';
import { EntityManager } from 'typeorm';
import type { Criteria } from '@app/criteria';
import { londonDate, NFA_CLOSURE_REASON, suggestPrimaryNeed } from './referral-codes';
import { ReferralsRepository } from './referrals.repository';

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
  referrals: ReferralsRepository,
  m: EntityManager,
  o: ContactOutcome,
  referralOutcomes: ReadonlySet<string>,
  criteria: Criteria,
): Promise<RecordedReferral | null> {
  if (!referralOutcomes.has(o.outcome)) return null;
  const contact = await referrals.contactForReferral(m, o.contactId);
  if (!contact?.childId) throw new Error(`contact ${o.contactId} has no child yet`);
  await referrals.lockChild(m, contact.childId);
  const already = await referrals.referralOfContact(m, o.contactId);
  if (already) return { referralId: already, joined: false, primaryNeed: null };

  const referralDate = londonDate(new Date(contact.receivedAt));
  const open = await referrals.openReferral(m, contact.childId, referralDate);
  const suggested = suggestPrimaryNeed(criteria, contact.indicators);
  if (open) {
    await referrals.addContact(m, open.id, o.contactId, o.outcome);
    // A referral closed with no further action on this contact's day, and this contact goes on to further
    // action: the referral did not end there. It is reopened rather than a second one made the same day.
    if (open.noFurtherAction && !o.noFurtherAction) {
      const primaryNeed = o.primaryNeed ?? open.primaryNeed ?? suggested;
      if (!primaryNeed && !o.imported) throw primaryNeedRequired();
      await referrals.reopen(m, open.id, primaryNeed, suggested);
      return { referralId: open.id, joined: true, primaryNeed };
    }
    return { referralId: open.id, joined: true, primaryNeed: open.primaryNeed };
  }

  const primaryNeed = o.primaryNeed ?? suggested;
  if (!primaryNeed && !o.noFurtherAction && !o.imported) throw primaryNeedRequired();
  const decidedOn = londonDate(o.decidedAt);
  const closedOn = o.noFurtherAction ? (decidedOn < referralDate ? referralDate : decidedOn) : null;
  const id = await referrals.insert(m, {
    contactId: o.contactId,
    referralDate,
    source: contact.cinCode,
    outcome: o.outcome,
    noFurtherAction: o.noFurtherAction,
    primaryNeed,
    suggestedNeed: suggested,
    decidedAt: o.decidedAt,
    closedOn,
    closureReason: closedOn ? NFA_CLOSURE_REASON : null,
    team: o.team,
    worker: o.worker,
    imported: o.imported,
  });
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
  referrals: ReferralsRepository,
  m: EntityManager,
  referralOutcomes: ReadonlySet<string>,
  criteria: Criteria,
  limit = 20000,
): Promise<number> {
  const pending = await referrals.pendingImportedOutcomes(m, limit);
  for (const p of pending) {
    await recordReferral(
      referrals,
      m,
      { ...p, team: null, worker: null, imported: true },
      referralOutcomes,
      criteria,
    );
    await referrals.markImportedSettled(m, p.contactId);
  }
  return pending.length;
}
