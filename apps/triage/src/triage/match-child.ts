import { EntityManager } from 'typeorm';
import { explainMatch } from '@app/criteria';
import { ContactRow, toCriteriaContact } from '@app/decisions';
import { lockKeys } from '@app/persistence';
import { ChildMatchingRepository } from './child-matching.repository';

const children = new ChildMatchingRepository();

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
  // The lookup's plan (a loop of index scans) and why it is written so: ChildMatchingRepository.candidates.
  const rows = await children.candidates(m, {
    nhsNumbers: [...new Set(ids.map((i) => i.nhsNumber).filter((v): v is string => !!v))],
    upns: [...new Set(ids.map((i) => i.upn).filter((v): v is string => !!v))],
    lastNames: names.map((n) => n.name),
    births: names.map((n) => n.birth),
  });
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
  // A new child, and this contact pointed at it, in one statement.
  if (!childIds.length) return children.newChildFor(m, contactId);
  if (childIds.length === 1) return childIds[0];
  await lockKeys(m, 'child', childIds);
  const keep = await children.oldestChild(m, childIds);
  await children.mergeInto(
    m,
    keep,
    childIds.filter((id) => id !== keep),
  );
  return keep;
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
