import { EntityManager } from 'typeorm';

/** How the duty desk ended an imported contact. */
export interface ImportedOutcome {
  decidedAt: Date;
  outcome: string;
  noFurtherAction: boolean;
  primaryNeed: string | null;
}

/** Imported contacts' outcomes (statutory-returns.md), kept until triage knows the child. Stateless. */
export class ImportedOutcomesRepository {
  /** Keeps the contact's outcome, unless it has one already (a second import of the same line). */
  async keep(m: EntityManager, contactId: string, outcome: ImportedOutcome): Promise<void> {
    await m.query(
      `INSERT INTO imported_outcomes (contact_id, decided_at, outcome, no_further_action, primary_need)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT (contact_id) DO NOTHING`,
      [contactId, outcome.decidedAt, outcome.outcome, outcome.noFurtherAction, outcome.primaryNeed],
    );
  }
}
