import type { CanonicalContact } from '@app/contracts';
import type { CriteriaContact } from '@app/criteria';

/** A stored contact as triage reads it. */
export interface ContactRow {
  id: string;
  received_at: Date;
  body: CanonicalContact;
  status: string;
  child_id: string | null;
  imported: boolean;
  locality: string;
  last_name_norm: string;
}

/** The columns of a ContactRow, for SELECTs. */
export const CONTACT_COLUMNS = 'id, received_at, body, status, child_id, imported, locality, last_name_norm';

/** Arrival order: receivedAt, then id (two contacts may share a millisecond). */
export const byArrival = (a: ContactRow, b: ContactRow): number =>
  new Date(a.received_at).getTime() - new Date(b.received_at).getTime() || a.id.localeCompare(b.id);

/** What the criteria engine and person matching need from a stored contact. */
export function toCriteriaContact(row: ContactRow): CriteriaContact {
  const { child, concerns, consent } = row.body;
  return {
    id: row.id,
    receivedAt: new Date(row.received_at).toISOString(),
    child: {
      firstName: child.firstName,
      lastName: child.lastName,
      dateOfBirth: child.dateOfBirth,
      expectedDateOfBirth: child.expectedDateOfBirth,
      nhsNumber: child.nhsNumber,
      upn: child.upn,
      postcode: child.address?.postcode,
    },
    indicators: concerns.indicators ?? [],
    immediateRisk: !!concerns.immediateRisk,
    allegedPerpetratorHasAccess: !!concerns.allegedPerpetratorHasAccess,
    consent,
  };
}

export const PRIORITY_RANK: Record<string, number> = {
  IMMEDIATE: 0,
  SAME_DAY: 1,
  ONE_WORKING_DAY: 2,
  THREE_WORKING_DAYS: 3,
  FIVE_WORKING_DAYS: 4,
};
