import { DataSource } from 'typeorm';
import { Criteria, evaluate } from '@app/criteria';
import { ContactRow, replayInArrivalOrder, toCriteriaContact } from '@app/decisions';

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
    const [actual] = current;
    expect({
      level: actual.need_level,
      route: actual.route,
      team: actual.team,
      priority: actual.priority,
      dueAt: new Date(actual.due_at).toISOString(),
      reasons: actual.reasons.map((r: { code: string }) => r.code).sort(),
      picture: [...actual.picture.contactIds].sort(),
      triagedAt: new Date(actual.triaged_at).toISOString(),
    }).toEqual({
      level: expected.needLevel,
      route: expected.route,
      team: expected.team,
      priority: expected.priority,
      dueAt: expected.dueAt,
      reasons: expected.reasons.map((r) => r.code).sort(),
      picture: [...expected.picture.contactIds].sort(),
      triagedAt: T.toISOString(),
    });
  }
}

/**
 * The oracle of a reliability run: every stored current decision compared with the decision the criteria
 * give when every contact is decided again, single-threaded, in arrival order (replayInArrivalOrder).
 * Returns one line per contact that differs (ids only), and how many were compared.
 */
export async function decisionsDifferingFromReplay(
  ds: DataSource,
  criteria: Criteria,
): Promise<{ compared: number; differing: string[] }> {
  const rows: (ContactRow & {
    need_level: number;
    route: string;
    team: string | null;
    priority: string;
    due_at: Date;
    reasons: { code: string }[];
    picture: { contactIds: string[] };
    triaged_at: Date;
  })[] = await ds.query(
    `SELECT c.id, c.received_at, c.body, c.status, c.child_id, c.imported, c.locality, c.last_name_norm,
            d.need_level, d.route, d.team, d.priority, d.due_at, d.reasons, d.picture, d.triaged_at
       FROM contacts c JOIN decisions d ON d.contact_id = c.id AND d.is_current`,
  );
  const replayed = replayInArrivalOrder(criteria, rows);
  const stored = (r: (typeof rows)[number]) => ({
    level: r.need_level,
    route: r.route,
    team: r.team,
    priority: r.priority,
    dueAt: new Date(r.due_at).toISOString(),
    reasons: r.reasons.map((x) => x.code).sort(),
    picture: [...r.picture.contactIds].sort(),
    triagedAt: new Date(r.triaged_at).toISOString(),
  });
  const differing: string[] = [];
  for (const r of rows) {
    const { decision, triagedAt } = replayed.get(r.id)!;
    const expected = {
      level: decision.needLevel,
      route: decision.route,
      team: decision.team,
      priority: decision.priority,
      dueAt: decision.dueAt,
      reasons: decision.reasons.map((x) => x.code).sort(),
      picture: [...decision.picture.contactIds].sort(),
      triagedAt: triagedAt.toISOString(),
    };
    const actual = stored(r);
    const fields = Object.keys(expected).filter(
      (k) =>
        JSON.stringify(actual[k as keyof typeof actual]) !==
        JSON.stringify(expected[k as keyof typeof expected]),
    );
    if (fields.length)
      differing.push(
        `${r.id} (child ${r.child_id}): ${fields.map((k) => `${k} ${JSON.stringify(actual[k as keyof typeof actual])} != ${JSON.stringify(expected[k as keyof typeof expected])}`).join('; ')}`,
      );
  }
  return { compared: rows.length, differing };
}
