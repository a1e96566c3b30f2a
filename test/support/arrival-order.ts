import { DataSource } from 'typeorm';
import { Criteria, Decision, evaluate } from '@app/criteria';
import { ContactRow, DutyAction, replayInArrivalOrder, toCriteriaContact } from '@app/decisions';

interface StoredDecision {
  need_level: number;
  route: string;
  team: string | null;
  priority: string;
  due_at: Date;
  reasons: { code: string }[];
  picture: { contactIds: string[] };
  triaged_at: Date;
}

/** What a stored current decision says, in the terms compared with the criteria's own. */
const storedFacts = (d: StoredDecision) => ({
  level: d.need_level,
  route: d.route,
  team: d.team,
  priority: d.priority,
  dueAt: new Date(d.due_at).toISOString(),
  reasons: d.reasons.map((r) => r.code).sort(),
  picture: [...d.picture.contactIds].sort(),
  triagedAt: new Date(d.triaged_at).toISOString(),
});

const decidedFacts = (d: Decision, triagedAt: Date): ReturnType<typeof storedFacts> => ({
  level: d.needLevel,
  route: d.route,
  team: d.team,
  priority: d.priority,
  dueAt: d.dueAt,
  reasons: d.reasons.map((r) => r.code).sort(),
  picture: [...d.picture.contactIds].sort(),
  triagedAt: triagedAt.toISOString(),
});

/**
 * Asserts that each contact of one child holds exactly one current decision, equal to what the criteria
 * give when every contact of the child is triaged in arrival order: each seen with all the others, as of
 * the latest arrival (no open case: callers avoid level-4 combinations).
 */
export async function expectDecidedAsInArrivalOrder(
  ds: DataSource,
  criteria: Criteria,
  contacts: ContactRow[],
): Promise<void> {
  const T = new Date(Math.max(...contacts.map((c) => new Date(c.received_at).getTime())));
  for (const c of contacts) {
    const expected = evaluate(
      {
        contact: toCriteriaContact(c),
        sameChildContacts: contacts.filter((o) => o.id !== c.id).map(toCriteriaContact),
        openCase: null,
        at: T,
      },
      criteria,
    );
    const current = await ds.query('SELECT * FROM decisions WHERE contact_id = $1 AND is_current', [c.id]);
    expect(current).toHaveLength(1);
    expect(storedFacts(current[0])).toEqual(decidedFacts(expected, T));
  }
}

/**
 * What duty workers did that later decisions depend on, from the audit trail (ids and times only): claims,
 * releases (by hand or lapsed) and confirmed matches (merges), in the chain's order.
 */
export async function dutyActionsFromAudit(ds: DataSource): Promise<DutyAction[]> {
  const rows: {
    at: Date;
    action: string;
    actor: string;
    subject_id: string;
    details: { mergedChildId: string; movedContactIds: string[] };
  }[] = await ds.query(
    `SELECT at, action, actor, subject_id, details FROM audit_log
        WHERE action IN ('desk_item.claim', 'desk_item.release', 'desk_item.claim_lapsed', 'child.merge')
        ORDER BY seq`,
  );
  return rows.map((r): DutyAction => {
    const at = new Date(r.at);
    if (r.action === 'child.merge')
      return {
        kind: 'merge',
        at,
        keptChildId: r.subject_id,
        goneChildId: r.details.mergedChildId,
        movedContactIds: r.details.movedContactIds,
      };
    if (r.action === 'desk_item.claim')
      return { kind: 'claim', at, contactId: r.subject_id, holder: r.actor };
    return { kind: 'release', at, contactId: r.subject_id };
  });
}

/**
 * The oracle of a reliability run: every stored current decision compared with the decision the criteria
 * give when every contact is decided again, single-threaded, in arrival order (replayInArrivalOrder), with
 * the duty workers' claims, releases and merges from the audit trail applied at their times. Returns one line per contact
 * that differs (ids only), and how many were compared.
 */
export async function decisionsDifferingFromReplay(
  ds: DataSource,
  criteria: Criteria,
): Promise<{ compared: number; differing: string[] }> {
  const rows: (ContactRow & StoredDecision)[] = await ds.query(
    `SELECT c.id, c.received_at, c.body, c.status, c.child_id, c.imported, c.locality, c.last_name_norm,
            d.need_level, d.route, d.team, d.priority, d.due_at, d.reasons, d.picture, d.triaged_at
       FROM contacts c JOIN decisions d ON d.contact_id = c.id AND d.is_current`,
  );
  const replayed = replayInArrivalOrder(criteria, rows, await dutyActionsFromAudit(ds));
  const differing: string[] = [];
  for (const r of rows) {
    const { decision, triagedAt } = replayed.get(r.id)!;
    const expected = decidedFacts(decision, triagedAt);
    const actual = storedFacts(r);
    const fields = (Object.keys(expected) as (keyof typeof expected)[]).filter(
      (k) => JSON.stringify(actual[k]) !== JSON.stringify(expected[k]),
    );
    if (fields.length)
      differing.push(
        `${r.id} (child ${r.child_id}): ${fields.map((k) => `${k} ${JSON.stringify(actual[k])} != ${JSON.stringify(expected[k])}`).join('; ')}`,
      );
  }
  return { compared: rows.length, differing };
}
