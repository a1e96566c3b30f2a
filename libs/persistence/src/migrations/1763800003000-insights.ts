import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Insights: counts kept from events (per Europe/London day and per hour, by series name such as `total`,
 * `source_group:police`, `locality:NORTH`, `agency:school`, `level:3`, `route:FAMILY_SUPPORT`, `recontact`),
 * the contacts already counted (so a replayed event, or an import after its event, never counts twice), the
 * settled duty decisions (met or missed their due time) and the intra-day spikes found.
 */
export class Insights1763800003000 implements MigrationInterface {
  name = 'Insights1763800003000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE insight_daily (
        day date NOT NULL,
        series text NOT NULL,
        count integer NOT NULL,
        PRIMARY KEY (series, day)
      );
      CREATE TABLE insight_hourly (
        hour timestamptz NOT NULL,
        series text NOT NULL,
        count integer NOT NULL,
        PRIMARY KEY (series, hour)
      );
      CREATE TABLE insight_contacts (
        contact_id uuid PRIMARY KEY,
        day date NOT NULL,
        hour timestamptz NOT NULL,
        imported boolean NOT NULL,
        need_level smallint,
        route text,
        triaged_at timestamptz,
        recontact boolean
      );
      CREATE INDEX insight_contacts_recontact_pending ON insight_contacts(day) WHERE recontact IS NULL;
      CREATE TABLE insight_timeliness (
        contact_id uuid PRIMARY KEY,
        due_day date NOT NULL,
        met boolean NOT NULL
      );
      CREATE TABLE insight_spikes (
        day date NOT NULL,
        series text NOT NULL,
        count integer NOT NULL,
        expected double precision NOT NULL,
        upper double precision NOT NULL,
        partial boolean NOT NULL,
        detected_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (day, series)
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      'DROP TABLE IF EXISTS insight_spikes, insight_timeliness, insight_contacts, insight_hourly, insight_daily',
    );
  }
}
