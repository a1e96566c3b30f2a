import { Criteria, Decision } from '@app/criteria';
import { ContactRow, byArrival } from './contact-record';
import { NO_RECORD, replayArrivals } from './decide-child';

/** The decision a contact should hold after every contact about its child arrived, one at a time, in order. */
export interface ReplayedDecision {
  decision: Decision;
  triagedAt: Date;
}

/**
 * The oracle for reliability runs: decides every contact again, single-threaded, in arrival order (the
 * duty criteria, section 2: a triage at each arrival, T = the newest receivedAt), from the stored inputs
 * alone. Each child's desk is rebuilt as the replay goes, so what one round decides (a level 4 routed to
 * statutory assessment opens a case) is what the next round sees, whatever order the service processed
 * the contacts in across partitions, processes and crashes. For runs without duty workers: nothing held,
 * closed or merged by hand.
 */
export function replayInArrivalOrder(
  criteria: Criteria,
  contacts: ContactRow[],
): Map<string, ReplayedDecision> {
  const byChild = new Map<string, ContactRow[]>();
  for (const c of contacts) {
    if (!c.child_id) throw new Error(`contact ${c.id} has no child: it was never triaged`);
    byChild.set(c.child_id, [...(byChild.get(c.child_id) ?? []), c]);
  }
  const replayed = new Map<string, ReplayedDecision>();
  for (const [childId, arrivals] of byChild) {
    const { decided } = replayArrivals(criteria, childId, [...arrivals].sort(byArrival), NO_RECORD);
    for (const [id, { decision, triagedAt }] of decided) replayed.set(id, { decision, triagedAt });
  }
  return replayed;
}
