import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reads whose cost must not grow with the years of history (issue 21).
 *
 * The dashboard's referral figures (count, re-referrals, no further action, by day) are kept per referral
 * date in `referral_daily`, so ten years cost at most 3,700 rows whatever the county's history. A day's
 * figures are recomputed from the referrals of that day when it is read after a change: every write that
 * can change a day (a referral made, changed or removed; a contact moved to another child by a merge or a
 * correction) marks it, and the days up to twelve months after where the child has other referrals (a
 * re-referral is a referral with another of the child's in the twelve months before), in
 * `referral_days_stale`. Triggers make the marks, so no write path can forget them. The reader recomputes
 * the marked days of its window (`referral_daily_refresh`), locking their marks in day order; a mark made
 * meanwhile has a newer version and stays for the next read. A reader never waits for another: days another
 * reader is recounting (or a writer is marking, uncommitted) are skipped and read as last counted.
 *
 * The duty queue: an index of the items not closed, in the queue's order, for the states a duty worker
 * works (awaiting, decided), and one in the queue's order over all items for pages that include closed
 * ones, so a page is read in order and stops at its limit instead of sorting every match of the history.
 */
export class ScaleReads1763800015000 implements MigrationInterface {
  name = 'ScaleReads1763800015000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE referral_daily (
        day date PRIMARY KEY,
        referrals int NOT NULL,
        re_referrals int NOT NULL,
        no_further_action int NOT NULL
      );
      CREATE SEQUENCE referral_days_stale_version;
      CREATE TABLE referral_days_stale (day date PRIMARY KEY, version bigint NOT NULL);

      -- Marks the days whose figures (children, days) can have changed: each day, and the referral dates
      -- of the child's referrals in the twelve months (and a day, for month arithmetic) after it.
      CREATE FUNCTION referral_days_mark(children uuid[], days date[]) RETURNS void LANGUAGE sql AS $$
        INSERT INTO referral_days_stale (day, version)
        SELECT d.day, nextval('referral_days_stale_version') FROM (
          SELECT x.day FROM unnest(children, days) x(child_id, day) WHERE x.day IS NOT NULL
          UNION
          SELECT p.referral_date FROM unnest(children, days) x(child_id, day)
            JOIN contacts pc ON pc.child_id = x.child_id
            JOIN referrals p ON p.contact_id = pc.id
           WHERE p.referral_date > x.day AND p.referral_date <= x.day + 367) d
        ORDER BY d.day
        ON CONFLICT (day) DO UPDATE SET version = excluded.version
      $$;

      CREATE FUNCTION referrals_mark_new() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM referral_days_mark(array_agg(c.child_id), array_agg(n.referral_date))
           FROM new_rows n LEFT JOIN contacts c ON c.id = n.contact_id;
        RETURN NULL;
      END $$;
      CREATE FUNCTION referrals_mark_old() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM referral_days_mark(array_agg(c.child_id), array_agg(o.referral_date))
           FROM old_rows o LEFT JOIN contacts c ON c.id = o.contact_id;
        RETURN NULL;
      END $$;
      CREATE TRIGGER referrals_inserted AFTER INSERT ON referrals
        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION referrals_mark_new();
      CREATE TRIGGER referrals_updated_new AFTER UPDATE ON referrals
        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION referrals_mark_new();
      CREATE TRIGGER referrals_updated_old AFTER UPDATE ON referrals
        REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION referrals_mark_old();
      CREATE TRIGGER referrals_deleted AFTER DELETE ON referrals
        REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION referrals_mark_old();

      -- A contact moved to another child takes its referral along: both children's days change.
      CREATE FUNCTION contacts_mark_moved_referral() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM referral_days_mark(ARRAY[OLD.child_id, NEW.child_id], ARRAY[r.referral_date, r.referral_date])
           FROM referrals r WHERE r.contact_id = NEW.id;
        RETURN NULL;
      END $$;
      CREATE TRIGGER contacts_child_moved AFTER UPDATE OF child_id ON contacts FOR EACH ROW
        WHEN (OLD.child_id IS DISTINCT FROM NEW.child_id) EXECUTE FUNCTION contacts_mark_moved_referral();

      -- Recomputes the marked days in [lo, hi] (as referral-read.ts counts: a re-referral has another of
      -- the child's referrals dated in the twelve months up to its own date); returns how many.
      CREATE FUNCTION referral_daily_refresh(lo date, hi date) RETURNS int LANGUAGE plpgsql AS $$
      DECLARE
        days date[];
        versions bigint[];
      BEGIN
        SELECT array_agg(s.day), array_agg(s.version) INTO days, versions
          FROM (SELECT day, version FROM referral_days_stale WHERE day BETWEEN lo AND hi ORDER BY day
                FOR UPDATE SKIP LOCKED) s;
        IF days IS NULL THEN RETURN 0; END IF;
        INSERT INTO referral_daily (day, referrals, re_referrals, no_further_action)
        SELECT d.day, count(r.id), count(r.id) FILTER (WHERE x.re), count(r.id) FILTER (WHERE r.no_further_action)
          FROM unnest(days) d(day)
          LEFT JOIN referrals r ON r.referral_date = d.day
          LEFT JOIN contacts c ON c.id = r.contact_id
          LEFT JOIN LATERAL (
            SELECT EXISTS (SELECT 1 FROM contacts pc JOIN referrals p ON p.contact_id = pc.id
                            WHERE pc.child_id = c.child_id AND p.id <> r.id
                              AND p.referral_date >= r.referral_date - interval '12 months'
                              AND p.referral_date <= r.referral_date) AS re) x ON true
         GROUP BY d.day ORDER BY d.day
        ON CONFLICT (day) DO UPDATE SET referrals = excluded.referrals, re_referrals = excluded.re_referrals,
                                        no_further_action = excluded.no_further_action;
        DELETE FROM referral_days_stale s USING unnest(days, versions) v(day, version)
         WHERE s.day = v.day AND s.version = v.version;
        RETURN cardinality(days);
      END $$;

      -- Referrals made before this migration: every day of them counted now (once, here, rather than by
      -- the first dashboard read).
      INSERT INTO referral_days_stale (day, version)
      SELECT day, nextval('referral_days_stale_version') FROM (SELECT DISTINCT referral_date AS day FROM referrals) d;
      SELECT referral_daily_refresh('-infinity'::date, 'infinity'::date);

      CREATE INDEX desk_items_open ON desk_items(due_at, priority_rank, contact_id) WHERE state <> 'closed';
      CREATE INDEX desk_items_order ON desk_items(due_at, priority_rank, contact_id);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX IF EXISTS desk_items_order;
      DROP INDEX IF EXISTS desk_items_open;
      DROP TRIGGER IF EXISTS contacts_child_moved ON contacts;
      DROP FUNCTION IF EXISTS contacts_mark_moved_referral();
      DROP TRIGGER IF EXISTS referrals_deleted ON referrals;
      DROP TRIGGER IF EXISTS referrals_updated_old ON referrals;
      DROP TRIGGER IF EXISTS referrals_updated_new ON referrals;
      DROP TRIGGER IF EXISTS referrals_inserted ON referrals;
      DROP FUNCTION IF EXISTS referrals_mark_old();
      DROP FUNCTION IF EXISTS referrals_mark_new();
      DROP FUNCTION IF EXISTS referral_daily_refresh(date, date);
      DROP FUNCTION IF EXISTS referral_days_mark(uuid[], date[]);
      DROP TABLE IF EXISTS referral_days_stale, referral_daily;
      DROP SEQUENCE IF EXISTS referral_days_stale_version;
    `);
  }
}
