import { DataSource } from 'typeorm';
import { Criteria, evaluate } from '@app/criteria';
import { ContactRow, toCriteriaContact } from '@app/decisions';

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
