/** A desk item as the API answers it: ids and codes only, no child's name or identifiers. */
export interface DeskItemView {
  contactId: string;
  childId: string;
  receivedAt: string;
  agency: string;
  needLevel: number;
  route: string;
  team: string | null;
  locality: string;
  priority: string;
  dueAt: string;
  state: string;
  overdue: boolean;
  claimedBy: string | null;
  claimedAt: string | null;
}

export const DESK_ITEM_COLUMNS = `d.contact_id, d.child_id, c.received_at, c.agency, d.need_level, d.route, d.team,
  d.locality, d.priority, d.priority_rank, d.due_at, d.state, d.overdue, d.claimed_by, d.claimed_at`;

const iso = (v: Date | string | null) => (v === null ? null : new Date(v).toISOString());

export function toDeskItemView(r: any): DeskItemView {
  return {
    contactId: r.contact_id,
    childId: r.child_id,
    receivedAt: iso(r.received_at)!,
    agency: r.agency,
    needLevel: Number(r.need_level),
    route: r.route,
    team: r.team,
    locality: r.locality,
    priority: r.priority,
    dueAt: iso(r.due_at)!,
    state: r.state,
    overdue: r.overdue || (r.state === 'awaiting' && new Date(r.due_at).getTime() <= Date.now()),
    claimedBy: r.claimed_by,
    claimedAt: iso(r.claimed_at),
  };
}

/** A claim untouched for this long is released: the item goes back to the queue. */
export const CLAIM_IDLE_MINUTES = 30;
