import { MigrationInterface, QueryRunner } from 'typeorm';

/** Partners, contacts, children, decisions, the desk queue, and the outbox/inbox that make Kafka safe. */
export class Foundation1763800000000 implements MigrationInterface {
  name = 'Foundation1763800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE partners (
        id uuid PRIMARY KEY,
        name text NOT NULL UNIQUE,
        agency text NOT NULL,
        organisation text,
        rate_limit_per_minute integer,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE partner_keys (
        id uuid PRIMARY KEY,
        partner_id uuid NOT NULL REFERENCES partners(id),
        key_hash text NOT NULL UNIQUE,
        key_prefix text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz
      );
      CREATE INDEX partner_keys_partner ON partner_keys(partner_id);

      CREATE TABLE children (
        id uuid PRIMARY KEY,
        created_at timestamptz NOT NULL DEFAULT now(),
        merged_into uuid REFERENCES children(id)
      );

      CREATE TABLE contacts (
        id uuid PRIMARY KEY,
        partner_id uuid NOT NULL REFERENCES partners(id),
        idempotency_key text NOT NULL,
        request_hash text NOT NULL,
        received_at timestamptz NOT NULL,
        agency text NOT NULL,
        cin_code text NOT NULL,
        source_group text NOT NULL,
        locality text NOT NULL,
        body jsonb NOT NULL,
        nhs_number text,
        upn text,
        last_name_norm text NOT NULL,
        first_name_norm text,
        birth_date date,
        postcode text,
        household_ref text,
        child_id uuid REFERENCES children(id),
        status text NOT NULL DEFAULT 'received' CHECK (status IN ('received','triaged','decided','closed')),
        imported boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (partner_id, idempotency_key)
      );
      CREATE INDEX contacts_nhs ON contacts(nhs_number) WHERE nhs_number IS NOT NULL;
      CREATE INDEX contacts_upn ON contacts(upn) WHERE upn IS NOT NULL;
      CREATE INDEX contacts_name_birth ON contacts(last_name_norm, birth_date);
      CREATE INDEX contacts_child ON contacts(child_id, received_at);
      CREATE INDEX contacts_received ON contacts(received_at);

      CREATE TABLE decisions (
        id uuid PRIMARY KEY,
        contact_id uuid NOT NULL REFERENCES contacts(id),
        child_id uuid NOT NULL REFERENCES children(id),
        triggered_by uuid NOT NULL REFERENCES contacts(id),
        triaged_at timestamptz NOT NULL,
        criteria_version text NOT NULL,
        need_level smallint NOT NULL CHECK (need_level BETWEEN 1 AND 4),
        route text NOT NULL,
        team text,
        priority text NOT NULL,
        due_at timestamptz NOT NULL,
        strategy_discussion boolean NOT NULL,
        consent_required boolean NOT NULL,
        reasons jsonb NOT NULL,
        picture jsonb NOT NULL,
        history integer NOT NULL,
        linked_contact_ids jsonb NOT NULL,
        possible_matches jsonb NOT NULL,
        is_current boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (contact_id, triaged_at)
      );
      CREATE UNIQUE INDEX decisions_one_current ON decisions(contact_id) WHERE is_current;

      CREATE TABLE desk_items (
        contact_id uuid PRIMARY KEY REFERENCES contacts(id),
        child_id uuid NOT NULL REFERENCES children(id),
        need_level smallint NOT NULL,
        route text NOT NULL,
        team text,
        locality text NOT NULL,
        priority text NOT NULL,
        priority_rank smallint NOT NULL,
        due_at timestamptz NOT NULL,
        state text NOT NULL DEFAULT 'awaiting' CHECK (state IN ('awaiting','decided','closed')),
        overdue boolean NOT NULL DEFAULT false,
        claimed_by text,
        claimed_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX desk_items_queue ON desk_items(due_at, priority_rank) WHERE state = 'awaiting';

      CREATE TABLE outbox (
        id bigserial PRIMARY KEY,
        topic text NOT NULL,
        message_key text,
        payload jsonb NOT NULL,
        headers jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE inbox (
        consumer text NOT NULL,
        event_id text NOT NULL,
        processed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer, event_id)
      );
    `);
    // The relay sleeps on this channel instead of polling hard: a committed outbox row wakes it at once.
    await q.query(`
      CREATE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN PERFORM pg_notify('outbox', ''); RETURN NULL; END $$;
      CREATE TRIGGER outbox_notify AFTER INSERT ON outbox FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE IF EXISTS inbox, outbox, desk_items, decisions, contacts, children, partner_keys, partners CASCADE;
      DROP FUNCTION IF EXISTS outbox_notify();
    `);
  }
}
