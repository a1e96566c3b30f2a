import { CriteriaRegistry } from './criteria-registry';
import { Criteria } from './criteria-types';
import { CriteriaContact, Decision } from './decision';
import { evaluate } from './engine';
import { CriteriaInputError, InputFault } from './errors';
import { MatchReason, PersonIdentity, explainMatch } from './person-matching';
import { isWellFormedPostcode, normalisePostcode } from './postcode';
import { Consent } from './vocabulary';

/**
 * POST /v1/criteria/evaluate (contact-api.md, "Trying the criteria"): the decision the criteria would make,
 * recording nothing. The contact bodies are the canonical contact of POST /v1/contacts; checking them
 * against that contract is the caller's job. Here only what the criteria read is checked.
 */
export interface ContactBody {
  source?: unknown;
  child: {
    firstName?: string;
    lastName: string;
    dateOfBirth?: string;
    expectedDateOfBirth?: string;
    gender?: string;
    nhsNumber?: string;
    upn?: string;
    address?: { line1?: string; town?: string; postcode: string };
  };
  concerns: {
    indicators: string[];
    summary?: string;
    immediateRisk: boolean;
    allegedPerpetratorHasAccess: boolean;
  };
  consent: Consent;
  occurredAt?: string;
}

export interface EvaluateRequest {
  /** Absent: the version in force. */
  criteriaVersion?: string;
  /** The contact's receivedAt and the time of triage. */
  at: string;
  contact: ContactBody;
  otherContacts?: { receivedAt: string; contact: ContactBody }[];
  openCase?: { team: string } | null;
}

/** A near miss of person matching, left for the duty worker: `index` into otherContacts, as a string. */
export interface PossibleMatch {
  index: string;
  reason: MatchReason;
}

export interface EvaluatedDecision extends Decision {
  /** Indexes (as strings) of the otherContacts matched as the same child. */
  linkedContactIds: string[];
  possibleMatches: PossibleMatch[];
}

/**
 * @throws UnknownCriteriaVersionError when criteriaVersion names no known version
 * @throws CriteriaInputError naming every field the criteria cannot read
 */
export function evaluateRequest(
  request: EvaluateRequest,
  registry: CriteriaRegistry,
): { decision: EvaluatedDecision } {
  const criteria =
    request.criteriaVersion === undefined ? registry.current() : registry.get(request.criteriaVersion);
  const faults: InputFault[] = [];
  const atMs = Date.parse(request.at);
  if (Number.isNaN(atMs)) faults.push({ path: 'at', message: 'is not an instant' });
  const read = (body: ContactBody, receivedAt: string, id: string | undefined, path: string) =>
    toCriteriaContact(body, receivedAt, id, path, criteria, faults);
  const contact = read(request.contact, request.at, undefined, 'contact');

  const sameChildContacts: CriteriaContact[] = [];
  const possibleMatches: PossibleMatch[] = [];
  (request.otherContacts ?? []).forEach((other, index) => {
    const path = `otherContacts[${index}]`;
    const receivedMs = Date.parse(other.receivedAt);
    if (Number.isNaN(receivedMs)) {
      faults.push({ path: `${path}.receivedAt`, message: 'is not an instant' });
      return;
    }
    // Later than `at`: not yet known at the time of triage.
    if (receivedMs > atMs) return;
    const candidate = read(other.contact, other.receivedAt, String(index), `${path}.contact`);
    const match = explainMatch(contact.child, candidate.child);
    if (match.result === 'same') {
      sameChildContacts.push(candidate);
    } else if (match.result === 'near_miss') {
      possibleMatches.push({ index: String(index), reason: match.reason });
    }
  });
  if (faults.length > 0) throw new CriteriaInputError(faults);

  const decision = evaluate(
    { contact, sameChildContacts, openCase: request.openCase ?? null, at: request.at },
    criteria,
  );
  return {
    decision: { ...decision, linkedContactIds: sameChildContacts.map((other) => other.id!), possibleMatches },
  };
}

/** The criteria's view of a contact body, with identifiers normalised as they are stored. */
function toCriteriaContact(
  body: ContactBody,
  receivedAt: string,
  id: string | undefined,
  path: string,
  criteria: Criteria,
  faults: InputFault[],
): CriteriaContact {
  body.concerns.indicators.forEach((code, index) => {
    if (!criteria.indicators.has(code)) {
      const message = `is not an indicator of criteria ${criteria.version}: "${code}"`;
      faults.push({ path: `${path}.concerns.indicators[${index}]`, message });
    }
  });
  return {
    id,
    receivedAt,
    child: toPersonIdentity(body.child, `${path}.child`, faults),
    indicators: body.concerns.indicators,
    immediateRisk: body.concerns.immediateRisk,
    allegedPerpetratorHasAccess: body.concerns.allegedPerpetratorHasAccess,
    consent: body.consent,
  };
}

function toPersonIdentity(child: ContactBody['child'], path: string, faults: InputFault[]): PersonIdentity {
  let postcode: string | undefined;
  if (child.address?.postcode !== undefined) {
    postcode = normalisePostcode(child.address.postcode);
    if (!isWellFormedPostcode(postcode)) {
      faults.push({
        path: `${path}.address.postcode`,
        message: 'is not a UK postcode',
      });
    }
  }
  return {
    firstName: child.firstName,
    lastName: child.lastName,
    dateOfBirth: child.dateOfBirth,
    expectedDateOfBirth: child.expectedDateOfBirth,
    nhsNumber: child.nhsNumber?.replace(/\s+/g, ''),
    upn: child.upn?.trim().toUpperCase(),
    postcode,
  };
}
