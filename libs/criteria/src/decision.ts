import type { PersonIdentity } from './person-matching';
import type { Consent, Locality, NeedLevel, Priority, Reason, Route } from './vocabulary';

/** A contact as the criteria see it. */
export interface CriteriaContact {
  id?: string;
  /** ISO instant. */
  receivedAt: string;
  /** Postcode, when known, already normalised ("OX16 1AA"). */
  child: PersonIdentity;
  indicators: readonly string[];
  immediateRisk: boolean;
  allegedPerpetratorHasAccess: boolean;
  consent: Consent;
}

export interface EvaluateInput {
  contact: CriteriaContact;
  /** Other contacts already matched as the same child, at any time: the engine applies the windows. */
  sameChildContacts: readonly CriteriaContact[];
  /** A contact about the same child routed STATUTORY_ASSESSMENT and not yet closed, by the team holding it. */
  openCase: { team: string } | null;
  /** The time of this triage (T): the contact's receivedAt, or a later contact's on re-triage. */
  at: string | Date;
}

export interface Decision {
  needLevel: NeedLevel;
  route: Route;
  team: string | null;
  priority: Priority;
  /** ISO instant in UTC with milliseconds. */
  dueAt: string;
  strategyDiscussion: boolean;
  consentRequired: boolean;
  reasons: Reason[];
  criteriaVersion: string;
  /** Distinct indicators and the ids of the contacts (this one first) within the picture window. */
  picture: { indicators: string[]; contactIds: string[] };
  /** Contacts about the same child in the history window before this contact's receivedAt. */
  history: number;
  locality: Locality;
}
