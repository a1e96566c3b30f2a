import { EntityManager } from 'typeorm';
import type { ContactTriagedPayload } from '@app/contracts';
import { CountsRepository } from './counts.repository';

const counts = new CountsRepository();

/**
 * Counts a received contact once, whoever asks first (its event, a replay, or the historical import): the
 * insight_contacts row is the proof it was counted. Returns false when it already had been, or when the
 * contact does not exist.
 */
export async function countReceived(m: EntityManager, contactId: string): Promise<boolean> {
  const c = await counts.claimReceived(m, contactId);
  if (!c) return false;
  const deltas = new Map<string, number>([
    ['total', 1],
    [`agency:${c.agency}`, 1],
    [`source_group:${c.sourceGroup}`, 1],
    [`locality:${c.locality}`, 1],
  ]);
  if (c.imported) deltas.set('imported', 1);
  await counts.bump(m, c.day, c.hour, deltas);
  return true;
}

/**
 * Counts a triage decision: the contact's level and route (moved when a re-triage changes them, so each
 * contact counts once, at its latest decision), whether it was triaged at all, and (at its first decision)
 * whether it is a re-contact: the child had another contact in the 12 months before it.
 */
export async function countTriaged(m: EntityManager, p: ContactTriagedPayload): Promise<void> {
  // The received event may not have been counted yet (two topics, no order between them).
  await countReceived(m, p.contactId);
  const row = await counts.lockCounted(m, p.contactId);
  if (!row) return;
  const triagedAt = new Date(p.triagedAt);
  if (row.triagedAt && new Date(row.triagedAt).getTime() > triagedAt.getTime()) return; // an older decision
  const deltas = new Map<string, number>();
  const add = (s: string, d: number) => deltas.set(s, (deltas.get(s) ?? 0) + d);
  if (row.needLevel === null) add('triaged', 1);
  if (row.needLevel !== p.needLevel) {
    if (row.needLevel !== null) add(`level:${row.needLevel}`, -1);
    add(`level:${p.needLevel}`, 1);
  }
  if (row.route !== p.route) {
    if (row.route !== null) add(`route:${row.route}`, -1);
    add(`route:${p.route}`, 1);
  }
  let recontact = row.recontact;
  if (recontact === null) {
    recontact = await counts.isRecontact(m, p.contactId, p.childId);
    if (recontact) add('recontact', 1);
  }
  await counts.markTriaged(m, p.contactId, { needLevel: p.needLevel, route: p.route, triagedAt, recontact });
  await counts.bump(m, row.day, new Date(row.hour), deltas);
}

/**
 * Counts what no event announces, once each: re-contacts among imported history (triage gives imported
 * contacts their child without a decision event), and duty decisions settled against their due time (met:
 * a duty decision recorded by the due time; missed: none by then). Returns how many it counted.
 */
export async function settlePending(m: EntityManager, limit = 5000): Promise<number> {
  const re = await counts.settleImportedRecontacts(m, limit);
  const due = await counts.settleTimeliness(m, limit);
  return re + due;
}

/**
 * Counts, in one statement, every stored contact not counted yet (the same series as countReceived). For a
 * bulk load that bypassed the events (the dashboard benchmark), or to backfill after restoring contacts.
 */
export async function countUncounted(m: EntityManager): Promise<number> {
  return counts.countUncounted(m);
}
