import { EntityManager } from 'typeorm';
import type { ContactTriagedPayload } from '@app/contracts';

/**
 * Adds to the daily (Europe/London) and hourly counts. Rows are touched in one sorted order, so two
 * transactions counting at once never deadlock.
 */
export async function bump(
  m: EntityManager,
  day: string,
  hour: Date | null,
  deltas: Map<string, number>,
): Promise<void> {
  const series = [...deltas.keys()].filter((s) => deltas.get(s) !== 0).sort();
  if (!series.length) return;
  const counts = series.map((s) => deltas.get(s)!);
  await m.query(
    `INSERT INTO insight_daily (day, series, count)
     SELECT $1::date, s, c FROM unnest($2::text[], $3::int[]) AS t(s, c)
     ON CONFLICT (series, day) DO UPDATE SET count = insight_daily.count + EXCLUDED.count`,
    [day, series, counts],
  );
  if (hour) {
    await m.query(
      `INSERT INTO insight_hourly (hour, series, count)
       SELECT $1::timestamptz, s, c FROM unnest($2::text[], $3::int[]) AS t(s, c)
       ON CONFLICT (series, hour) DO UPDATE SET count = insight_hourly.count + EXCLUDED.count`,
      [hour, series, counts],
    );
  }
}

interface CountedContact {
  day: string;
  hour: Date;
  need_level: number | null;
  route: string | null;
  triaged_at: Date | null;
  recontact: boolean | null;
}

/**
 * Counts a received contact once, whoever asks first (its event, a replay, or the historical import): the
 * insight_contacts row is the proof it was counted. Returns false when it already had been, or when the
 * contact does not exist.
 */
export async function countReceived(m: EntityManager, contactId: string): Promise<boolean> {
  const rows: {
    day: string;
    hour: Date;
    agency: string;
    source_group: string;
    locality: string;
    imported: boolean;
  }[] = await m.query(
    `WITH c AS (SELECT id, received_at, agency, source_group, locality, imported FROM contacts WHERE id = $1),
       ins AS (
         INSERT INTO insight_contacts (contact_id, day, hour, imported)
         SELECT id, (received_at AT TIME ZONE 'Europe/London')::date, date_trunc('hour', received_at), imported FROM c
         ON CONFLICT (contact_id) DO NOTHING RETURNING contact_id)
       SELECT to_char((c.received_at AT TIME ZONE 'Europe/London')::date, 'YYYY-MM-DD') AS day,
              date_trunc('hour', c.received_at) AS hour, c.agency, c.source_group, c.locality, c.imported
         FROM c JOIN ins ON ins.contact_id = c.id`,
    [contactId],
  );
  if (!rows.length) return false;
  const c = rows[0];
  const deltas = new Map<string, number>([
    ['total', 1],
    [`agency:${c.agency}`, 1],
    [`source_group:${c.source_group}`, 1],
    [`locality:${c.locality}`, 1],
  ]);
  if (c.imported) deltas.set('imported', 1);
  await bump(m, c.day, c.hour, deltas);
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
  const [row]: CountedContact[] = await m.query(
    `SELECT to_char(day, 'YYYY-MM-DD') AS day, hour, need_level, route, triaged_at, recontact
       FROM insight_contacts WHERE contact_id = $1 FOR UPDATE`,
    [p.contactId],
  );
  if (!row) return;
  const triagedAt = new Date(p.triagedAt);
  if (row.triaged_at && new Date(row.triaged_at).getTime() > triagedAt.getTime()) return; // an older decision
  const deltas = new Map<string, number>();
  const add = (s: string, d: number) => deltas.set(s, (deltas.get(s) ?? 0) + d);
  if (row.need_level === null) add('triaged', 1);
  if (row.need_level !== p.needLevel) {
    if (row.need_level !== null) add(`level:${row.need_level}`, -1);
    add(`level:${p.needLevel}`, 1);
  }
  if (row.route !== p.route) {
    if (row.route !== null) add(`route:${row.route}`, -1);
    add(`route:${p.route}`, 1);
  }
  let recontact = row.recontact;
  if (recontact === null) {
    recontact = await isRecontact(m, p.contactId, p.childId);
    if (recontact) add('recontact', 1);
  }
  await m.query(
    `UPDATE insight_contacts SET need_level = $2, route = $3, triaged_at = $4, recontact = $5 WHERE contact_id = $1`,
    [p.contactId, p.needLevel, p.route, triagedAt, recontact],
  );
  await bump(m, row.day, new Date(row.hour), deltas);
}

async function isRecontact(m: EntityManager, contactId: string, childId: string): Promise<boolean> {
  const [r]: { found: boolean }[] = await m.query(
    `SELECT EXISTS (
       SELECT 1 FROM contacts o, contacts c
        WHERE c.id = $1 AND o.child_id = $2 AND o.id <> c.id
          AND o.received_at < c.received_at AND o.received_at >= c.received_at - interval '12 months') AS found`,
    [contactId, childId],
  );
  return r.found;
}

/**
 * Counts what no event announces, once each: re-contacts among imported history (triage gives imported
 * contacts their child without a decision event), and duty decisions settled against their due time (met:
 * a duty decision recorded by the due time; missed: none by then). Returns how many it counted.
 */
export async function settlePending(m: EntityManager, limit = 5000): Promise<number> {
  const re: { n: number }[] = await m.query(
    `WITH pending AS (
       SELECT ic.contact_id, ic.day, c.child_id, c.received_at
         FROM insight_contacts ic JOIN contacts c ON c.id = ic.contact_id
        WHERE ic.recontact IS NULL AND ic.imported AND c.child_id IS NOT NULL
        LIMIT $1 FOR UPDATE OF ic SKIP LOCKED),
     flagged AS (
       SELECT p.contact_id, p.day, EXISTS (
         SELECT 1 FROM contacts o WHERE o.child_id = p.child_id AND o.id <> p.contact_id
            AND o.received_at < p.received_at AND o.received_at >= p.received_at - interval '12 months') AS re
         FROM pending p),
     updated AS (
       UPDATE insight_contacts ic SET recontact = f.re FROM flagged f WHERE ic.contact_id = f.contact_id
       RETURNING f.day, f.re),
     counted AS (
       INSERT INTO insight_daily (day, series, count)
       SELECT day, 'recontact', count(*) FROM updated WHERE re GROUP BY day
       ON CONFLICT (series, day) DO UPDATE SET count = insight_daily.count + EXCLUDED.count)
     SELECT count(*)::int AS n FROM updated`,
    [limit],
  );
  const due: { n: number }[] = await m.query(
    `WITH settled AS (
       INSERT INTO insight_timeliness (contact_id, due_day, met)
       SELECT d.contact_id, (d.due_at AT TIME ZONE 'Europe/London')::date,
              EXISTS (SELECT 1 FROM duty_decisions dd WHERE dd.contact_id = d.contact_id AND dd.created_at <= d.due_at)
         FROM desk_items d
        WHERE (d.due_at < now() OR EXISTS (SELECT 1 FROM duty_decisions dd WHERE dd.contact_id = d.contact_id))
          AND NOT EXISTS (SELECT 1 FROM insight_timeliness t WHERE t.contact_id = d.contact_id)
        LIMIT $1
       ON CONFLICT (contact_id) DO NOTHING
       RETURNING due_day, met),
     counted AS (
       INSERT INTO insight_daily (day, series, count)
       SELECT due_day, CASE WHEN met THEN 'timeliness:met' ELSE 'timeliness:missed' END, count(*)
         FROM settled GROUP BY 1, 2
       ON CONFLICT (series, day) DO UPDATE SET count = insight_daily.count + EXCLUDED.count)
     SELECT count(*)::int AS n FROM settled`,
    [limit],
  );
  return re[0].n + due[0].n;
}

/**
 * Counts, in one statement, every stored contact not counted yet (the same series as countReceived). For a
 * bulk load that bypassed the events (the dashboard benchmark), or to backfill after restoring contacts.
 */
export async function countUncounted(m: EntityManager): Promise<number> {
  const [r]: { n: number }[] = await m.query(
    `WITH ins AS (
       INSERT INTO insight_contacts (contact_id, day, hour, imported)
       SELECT c.id, (c.received_at AT TIME ZONE 'Europe/London')::date, date_trunc('hour', c.received_at), c.imported
         FROM contacts c WHERE NOT EXISTS (SELECT 1 FROM insight_contacts i WHERE i.contact_id = c.id)
       ON CONFLICT (contact_id) DO NOTHING
       RETURNING contact_id, day, hour, imported),
     s AS (
       SELECT i.day, i.hour, unnest(ARRAY['total', 'agency:' || c.agency, 'source_group:' || c.source_group,
                                          'locality:' || c.locality]
                                    || CASE WHEN i.imported THEN ARRAY['imported'] ELSE ARRAY[]::text[] END) AS series
         FROM ins i JOIN contacts c ON c.id = i.contact_id),
     daily AS (
       INSERT INTO insight_daily (day, series, count) SELECT day, series, count(*) FROM s GROUP BY 1, 2
       ON CONFLICT (series, day) DO UPDATE SET count = insight_daily.count + EXCLUDED.count),
     hourly AS (
       INSERT INTO insight_hourly (hour, series, count) SELECT hour, series, count(*) FROM s GROUP BY 1, 2
       ON CONFLICT (series, hour) DO UPDATE SET count = insight_hourly.count + EXCLUDED.count)
     SELECT count(*)::int AS n FROM ins`,
  );
  return r.n;
}
