import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Referrals (statutory-returns.md): a contact closed with one of the county's referral outcomes makes the
 * child's referral, or joins the one still open. A referral's child is its first contact's child (contacts
 * move with a merge, so referrals do too). Beside them: what a duty worker records on the child for the
 * returns (sex, ethnicity, disability, UPN), and the outcomes carried by historical import lines, turned
 * into referrals once triage has matched their child.
 */
export class Referrals1763800008000 implements MigrationInterface {
  name = 'Referrals1763800008000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE referrals (
        id uuid PRIMARY KEY,
        contact_id uuid NOT NULL UNIQUE REFERENCES contacts(id),
        referral_date date NOT NULL,
        source text NOT NULL,
        outcome text NOT NULL,
        no_further_action boolean NOT NULL,
        primary_need text CHECK (primary_need ~ '^N[1-9]$'),
        suggested_need text CHECK (suggested_need ~ '^N[1-9]$'),
        decided_at timestamptz NOT NULL,
        closed_on date,
        closure_reason text CHECK (closure_reason ~ '^RC[1-9]$'),
        team text,
        worker text,
        imported boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((closed_on IS NULL) = (closure_reason IS NULL)),
        CHECK (closed_on IS NULL OR closed_on >= referral_date)
      );
      CREATE INDEX referrals_date ON referrals(referral_date);

      CREATE TABLE referral_contacts (
        contact_id uuid PRIMARY KEY REFERENCES contacts(id),
        referral_id uuid NOT NULL REFERENCES referrals(id),
        outcome text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX referral_contacts_referral ON referral_contacts(referral_id);

      CREATE TABLE child_characteristics (
        child_id uuid PRIMARY KEY REFERENCES children(id),
        sex text CHECK (sex IN ('M','F','U')),
        ethnicity text,
        disabilities text[],
        upn text,
        recorded_by text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE imported_outcomes (
        contact_id uuid PRIMARY KEY REFERENCES contacts(id),
        decided_at timestamptz NOT NULL,
        outcome text NOT NULL,
        no_further_action boolean NOT NULL,
        primary_need text CHECK (primary_need ~ '^N[1-9]$'),
        settled boolean NOT NULL DEFAULT false
      );
      CREATE INDEX imported_outcomes_pending ON imported_outcomes(contact_id) WHERE NOT settled;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      'DROP TABLE IF EXISTS imported_outcomes, child_characteristics, referral_contacts, referrals',
    );
  }
}
