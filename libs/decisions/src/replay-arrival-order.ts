import { Criteria, Decision } from '@app/criteria';
import { ContactRow, byArrival } from './contact-record';
import { ChildRecord, DeskRow, planAwaitingDecisions } from './decide-child';

/** The decision a contact should hold after every contact about its child arrived, one at a time, in order. */
export interface ReplayedDecision {
  decision: Decision;
  triagedAt: Date;
}

/**
 * What a duty worker did that changes later decisions, at the time the audit trail records it: a claim (a
 * held item is never lowered by a re-triage), its release (by the holder, a duty manager, or lapsed after
 * 30 idle minutes), and a confirmed match (two children merged: the joined child's awaiting contacts decided
 * again at the merge's time).
 */
export type DutyAction =
  | { kind: 'claim'; at: Date; contactId: string; holder: string }
  | { kind: 'release'; at: Date; contactId: string }
  | {
      kind: 'merge';
      at: Date;
      keptChildId: string;
      goneChildId: string;
      /** The gone child's contacts, moved to the kept one. */
      movedContactIds: string[];
    };

type Happening = { at: number; contact: ContactRow } | { at: number; action: DutyAction };

/**
 * The oracle for reliability runs: decides every contact again, single-threaded, in arrival order (the
 * duty criteria, section 2: a triage at each arrival, T = the newest receivedAt), from the stored inputs
 * and the duty workers' actions, each applied at its time between the arrivals. Each child's desk is rebuilt
 * as the replay goes, so what one round decides (a level 4 routed to statutory assessment opens a case) is
 * what the next round sees, whatever order the service processed the contacts in across partitions,
 * processes and crashes; a claimed item keeps its level and priority against a lowering re-triage until it
 * is released; a merge joins two children's contacts and desks and decides the awaiting ones again, as of
 * the newest arrival, stored at the merge's time. Not modelled: items decided or closed by hand.
 */
export function replayInArrivalOrder(
  criteria: Criteria,
  contacts: ContactRow[],
  actions: DutyAction[] = [],
): Map<string, ReplayedDecision> {
  // Each contact's child when it arrived: its current child, undone merge by merge, the latest first.
  const firstChild = new Map<string, string>();
  for (const c of contacts) {
    if (!c.child_id) throw new Error(`contact ${c.id} has no child: it was never triaged`);
    firstChild.set(c.id, c.child_id);
  }
  const merges = actions.filter((a) => a.kind === 'merge');
  for (const merge of merges.sort((a, b) => new Date(b.at).getTime() - new Date(a.at).getTime()))
    for (const id of merge.movedContactIds) if (firstChild.has(id)) firstChild.set(id, merge.goneChildId);

  const happenings: Happening[] = [
    ...contacts.map((contact) => ({ at: new Date(contact.received_at).getTime(), contact })),
    ...actions.map((action) => ({ at: new Date(action.at).getTime(), action })),
  ].sort(
    (a, b) =>
      a.at - b.at ||
      // An arrival in the same millisecond as an action is taken first; arrivals among themselves by id.
      ('contact' in a ? 0 : 1) - ('contact' in b ? 0 : 1) ||
      ('contact' in a && 'contact' in b ? byArrival(a.contact, b.contact) : 0),
  );

  const records = new Map<string, ChildRecord>();
  const mergedInto = new Map<string, string>();
  const holders = new Map<string, string>();
  const childNow = (id: string): string => {
    while (mergedInto.has(id)) id = mergedInto.get(id)!;
    return id;
  };
  const recordOf = (childId: string): ChildRecord => {
    let r = records.get(childId);
    if (!r) records.set(childId, (r = { contacts: [], desk: [], possibleMatches: {} }));
    return r;
  };
  const replayed = new Map<string, ReplayedDecision>();
  const decide = (record: ChildRecord, cmd: Parameters<typeof planAwaitingDecisions>[1]) => {
    for (const planned of planAwaitingDecisions(criteria, cmd, record)) {
      replayed.set(planned.contact.id, { decision: planned.decision, triagedAt: planned.triagedAt });
      const item: DeskRow = {
        contact_id: planned.contact.id,
        need_level: planned.decision.needLevel,
        priority: planned.decision.priority,
        claimed_by: holders.get(planned.contact.id) ?? null,
        state: 'awaiting',
        route: planned.decision.route,
        team: planned.decision.team,
      };
      const at = record.desk.findIndex((d) => d.contact_id === item.contact_id);
      if (at >= 0) record.desk[at] = item;
      else record.desk.push(item);
    }
  };

  for (const h of happenings) {
    if ('contact' in h) {
      const { contact } = h;
      const childId = childNow(firstChild.get(contact.id)!);
      const record = recordOf(childId);
      if (contact.imported) {
        record.contacts.push(contact);
        continue;
      }
      const trigger = { ...contact, status: 'triaged' };
      decide(record, { trigger, childId, possibleMatches: [], includeTrigger: true });
      record.contacts.push(trigger);
      continue;
    }
    const { action } = h;
    if (action.kind === 'merge') {
      const kept = childNow(action.keptChildId);
      const gone = childNow(action.goneChildId);
      if (kept === gone) continue;
      const record = recordOf(kept);
      const joining = recordOf(gone);
      record.contacts.push(...joining.contacts);
      record.desk.push(...joining.desk);
      records.delete(gone);
      mergedInto.set(gone, kept);
      if (!record.contacts.length) continue;
      // As the desk does: the latest contact is the trigger, not decided itself unless still awaiting.
      const trigger = [...record.contacts].sort(byArrival)[record.contacts.length - 1];
      decide(record, {
        trigger,
        childId: kept,
        possibleMatches: [],
        includeTrigger: false,
        triagedAt: new Date(action.at),
      });
      continue;
    }
    if (action.kind === 'claim') holders.set(action.contactId, action.holder);
    else holders.delete(action.contactId);
    for (const record of records.values()) {
      const item = record.desk.find((d) => d.contact_id === action.contactId);
      if (item) item.claimed_by = holders.get(action.contactId) ?? null;
    }
  }
  return replayed;
}
