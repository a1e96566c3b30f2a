import { EntityManager } from 'typeorm';

/**
 * The dashboard's referral figures for a window, from the same rows as Annex A's List 3 (statutory-returns.md,
 * "Reconciliation"): referrals with their referral date in the window, those with another referral in the 12
 * months before (re-referrals) and the share they are, and those closed with no further action.
 *
 * Read from the figures kept per referral date (referral_daily, migration 1763800015000): the days changed
 * since they were last read are recomputed first, so a window costs its days, not the referrals in it, and
 * ten years cost the same whatever the history.
 */
export async function referralSummary(m: EntityManager, from: string, to: string) {
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
