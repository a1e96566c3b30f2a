import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { explainMatch } from '@app/criteria';
import { CONTACT_COLUMNS, ContactRow, toCriteriaContact } from '@app/decisions';
import { lockKeys } from '@app/persistence';

export interface ChildMatch {
  childId: string;
  /** True when no stored contact matched: the child was created by this transaction (nobody else knows it). */
  isNew: boolean;
  possibleMatches: { contactId: string; childId: string | null; reason: string }[];
}

/**
 * Person matching (criteria section 6) against every stored contact that could be the same child, and the
 * child id that follows: an existing child's, a new one, or (when this contact joins two known children)
 * the older of them, the other merged into it. The caller holds the advisory locks on the contact's
 * identity keys (childIdentity().lockKeys, locked with @app/persistence's lockKeys): they serialise this for contacts that could
 * be the same child, even when they arrived on different partitions.
 */
export async function matchChild(m: EntityManager, contact: ContactRow): Promise<ChildMatch> {
  const candidates = await findCandidates(m, [contact]);
  const { sameChildren, possibleMatches } = matchAgainst(contact, candidates);
  const childId = await resolveChild(m, sameChildren, contact.id);
  return {
    childId,
    isNew: sameChildren.length === 0,
    possibleMatches: possibleMatches.filter((p) => p.childId !== childId),
  };
}

/**
 * Every stored contact, already matched to a child, that could be the same child as any of `contacts`:
 * the same NHS number, the same UPN, or the same family name with the same (or day/month-swapped) birth
 * date. One query for any number of contacts.
 */
export async function findCandidates(m: EntityManager, contacts: ContactRow[]): Promise<ContactRow[]> {
  const ids = contacts.map(childIdentity);
  const names = ids.flatMap((i) => i.births.map((b) => ({ name: i.lastName, birth: b })));
  // Index lookups, one per identifier value: each a LATERAL subquery kept apart by OFFSET 0, so the plan
  // is a loop of index scans whatever the table's statistics say. As one OR, or as joins the planner may
  // flatten, it read the whole table for each batch when statistics were missing or stale after a bulk
  // load (measured: 0.3 s a batch at 40,000 contacts, 0.7 s at 130,000; the drain of 100,000 took 100 s).
  const rows: ContactRow[] = await m.query(
    `SELECT c.* FROM unnest($1::text[]) AS k(nhs)
       CROSS JOIN LATERAL (SELECT ${CONTACT_COLUMNS} FROM contacts WHERE nhs_number = k.nhs AND child_id IS NOT NULL OFFSET 0) c
     UNION ALL
     SELECT c.* FROM unnest($2::text[]) AS k(upn)
       CROSS JOIN LATERAL (SELECT ${CONTACT_COLUMNS} FROM contacts WHERE upn = k.upn AND child_id IS NOT NULL OFFSET 0) c
     UNION ALL
     SELECT c.* FROM unnest($3::text[], $4::date[]) AS k(last_name, birth)
       CROSS JOIN LATERAL (SELECT ${CONTACT_COLUMNS} FROM contacts
                            WHERE last_name_norm = k.last_name AND birth_date = k.birth AND child_id IS NOT NULL OFFSET 0) c`,
    [
      [...new Set(ids.map((i) => i.nhsNumber).filter(Boolean))],
      [...new Set(ids.map((i) => i.upn).filter(Boolean))],
      names.map((n) => n.name),
      names.map((n) => n.birth),
    ],
  );
  // Not one of the contacts themselves, each once.
  const own = new Set(contacts.map((c) => c.id));
  const found = new Map<string, ContactRow>();
  for (const row of rows) if (!own.has(row.id)) found.set(row.id, row);
  return [...found.values()];
}

/**
 * Person matching (criteria section 6) of one contact against candidates (any may be for other contacts):
 * the children it is the same as, and the near misses to offer a person.
 */
export function matchAgainst(
  contact: ContactRow,
  candidates: ContactRow[],
): { sameChildren: string[]; possibleMatches: ChildMatch['possibleMatches'] } {
  const c = toCriteriaContact(contact);
  const sameChildren = new Set<string>();
  const possible = new Map<string, { contactId: string; childId: string | null; reason: string }>();
  for (const candidate of candidates) {
    if (candidate.id === contact.id) continue;
    const result = explainMatch(c.child, toCriteriaContact(candidate).child);
    if (result.result === 'same') sameChildren.add(candidate.child_id!);
    else if (result.result === 'near_miss')
      possible.set(candidate.id, {
        contactId: candidate.id,
        childId: candidate.child_id,
        reason: result.reason,
      });
  }
  return { sameChildren: [...sameChildren], possibleMatches: [...possible.values()] };
}

/**
 * The one child id for the matched children: new when none (the contact is pointed at it here), else the
 * oldest, the rest merged into it.
 */
async function resolveChild(m: EntityManager, childIds: string[], contactId: string): Promise<string> {
  if (!childIds.length) {
    // A new child, and this contact pointed at it, in one statement.
    const id = randomUUID();
    await m.query(
      `WITH child AS (INSERT INTO children (id) VALUES ($1)) UPDATE contacts SET child_id = $1 WHERE id = $2`,
      [id, contactId],
    );
    return id;
  }
  if (childIds.length === 1) return childIds[0];
  await lockKeys(m, 'child', childIds);
  const [keep]: { id: string }[] = await m.query(
    'SELECT id FROM children WHERE id = ANY($1::uuid[]) ORDER BY created_at, id LIMIT 1',
    [childIds],
  );
  const others = childIds.filter((id) => id !== keep.id);
  await m.query('UPDATE contacts SET child_id = $1 WHERE child_id = ANY($2::uuid[])', [keep.id, others]);
  await m.query('UPDATE decisions SET child_id = $1 WHERE child_id = ANY($2::uuid[])', [keep.id, others]);
  await m.query('UPDATE desk_items SET child_id = $1 WHERE child_id = ANY($2::uuid[])', [keep.id, others]);
  await m.query('UPDATE children SET merged_into = $1 WHERE id = ANY($2::uuid[])', [keep.id, others]);
  return keep.id;
}

/** What person matching looks a contact's child up by, and the advisory locks that guard those lookups. */
export interface ChildIdentity {
  nhsNumber: string | null;
  upn: string | null;
  lastName: string;
  /** The birth (or expected birth) date, and its day/month swap when that is another valid date. */
  births: string[];
  /** The keys this contact is found by: `nhs:`, `upn:` and `name:<last name>|<birth>`. */
  ownKeys: string[];
  /** ownKeys and the swapped-date name key: every key a matching contact could be found by. */
  lockKeys: string[];
}

export function childIdentity(contact: ContactRow): ChildIdentity {
  const child = contact.body.child;
  const birth = child.dateOfBirth ?? child.expectedDateOfBirth ?? null;
  const lastName = contact.last_name_norm;
  const swapped = birth ? swapDayMonth(birth) : null;
  const ownKeys = [`name:${lastName}|${birth}`];
  if (child.nhsNumber) ownKeys.push(`nhs:${child.nhsNumber}`);
  if (child.upn) ownKeys.push(`upn:${child.upn}`);
  // The swapped date's key is locked too: a contact with that date is a candidate (a near miss) of this one.
  const lockKeys = swapped ? [...ownKeys, `name:${lastName}|${swapped}`] : ownKeys;
  return {
    nhsNumber: child.nhsNumber ?? null,
    upn: child.upn ?? null,
    lastName,
    births: [birth, swapped].filter((b): b is string => !!b),
    ownKeys,
    lockKeys,
  };
}

function swapDayMonth(isoDate: string): string | null {
  const [y, mo, d] = isoDate.split('-');
  if (mo === d || Number(d) > 12) return null;
  return `${y}-${d}-${mo}`;
}
