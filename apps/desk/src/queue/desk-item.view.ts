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

/** A row of DESK_ITEM_COLUMNS as Postgres returns it. */
export interface DeskItemRow {
  contact_id: string;
  child_id: string;
  received_at: Date;
  agency: string;
  need_level: number | string;
  route: string;
  team: string | null;
  locality: string;
  priority: string;
  priority_rank: number | string;
  due_at: Date;
  state: string;
  overdue: boolean;
  claimed_by: string | null;
  claimed_at: Date | null;
}

export function toDeskItemView(r: DeskItemRow): DeskItemView {
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

/**
 * A queue row: the item with what a worker needs to judge it without opening it (who the child is, who sent
 * the concern, its first line). Names are shown to staff only; they never reach logs or events.
 */
export interface QueueRowView extends DeskItemView {
  childName: string;
  /** Whole years on the day read; null for an unborn child or a child without a date of birth. */
  childAge: number | null;
  unborn: boolean;
  organisation: string | null;
  /** The concern summary's first line, at most CONCERN_FIRST_LINE_MAX characters. */
  concernFirstLine: string;
}

export const CONCERN_FIRST_LINE_MAX = 160;

export const QUEUE_ROW_COLUMNS = `${DESK_ITEM_COLUMNS},
  concat_ws(' ', c.body->'child'->>'firstName', c.body->'child'->>'lastName') AS child_name,
  c.body->'child'->>'dateOfBirth' AS child_dob,
  (c.body->'child'->>'expectedDateOfBirth') IS NOT NULL AS child_unborn,
  c.body->'source'->>'organisation' AS organisation,
  left(split_part(btrim(coalesce(c.body->'concerns'->>'summary', '')), E'\\n', 1), ${CONCERN_FIRST_LINE_MAX}) AS concern_first_line`;

/** Whole years between a date of birth (YYYY-MM-DD) and today (UTC date). */
export function ageInYears(dateOfBirth: string | null, today = new Date()): number | null {
  if (!dateOfBirth || !/^\d{4}-\d{2}-\d{2}$/.test(dateOfBirth)) return null;
  const [y, m, d] = dateOfBirth.split('-').map(Number);
  let age = today.getUTCFullYear() - y;
  const beforeBirthday =
    today.getUTCMonth() + 1 < m || (today.getUTCMonth() + 1 === m && today.getUTCDate() < d);
  if (beforeBirthday) age -= 1;
  return Math.max(0, age);
}

/** A row of QUEUE_ROW_COLUMNS as Postgres returns it. */
export interface QueueRow extends DeskItemRow {
  child_name: string | null;
  child_dob: string | null;
  child_unborn: boolean | null;
  organisation: string | null;
  concern_first_line: string | null;
}

/**
 * A filter taking in closed items (status closed or all) matches the years of history: its total is counted
 * up to this many and no further (the answer says so), so its cost is bounded whatever the history.
 */
export const QUEUE_TOTAL_CAP = 10_000;

export function toQueueRowView(r: QueueRow): QueueRowView {
  return {
    ...toDeskItemView(r),
    childName: r.child_name ?? '',
    childAge: r.child_unborn ? null : ageInYears(r.child_dob),
    unborn: Boolean(r.child_unborn),
    organisation: r.organisation ?? null,
    concernFirstLine: r.concern_first_line ?? '',
  };
}
