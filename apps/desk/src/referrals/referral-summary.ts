import { EntityManager } from 'typeorm';
import { referralsInWindow } from './referral-read';

/**
 * The dashboard's referral figures for a window, from the same rows as Annex A's List 3 (statutory-returns.md,
 * "Reconciliation"): referrals with their referral date in the window, those with another referral in the 12
 * months before (re-referrals) and the share they are, and those closed with no further action.
 */
export async function referralSummary(m: EntityManager, from: string, to: string) {
  const rows = await referralsInWindow(m, from, to);
  const reReferrals = rows.filter((r) => r.reReferral).length;
  const nfa = rows.filter((r) => r.noFurtherAction).length;
  const daily = new Map<string, number>();
  for (const r of rows) daily.set(r.referralDate, (daily.get(r.referralDate) ?? 0) + 1);
  return {
    count: rows.length,
    reReferrals,
    reReferralRate: rows.length ? reReferrals / rows.length : null,
    noFurtherAction: nfa,
    byDay: Object.fromEntries([...daily.entries()].sort()),
  };
}
