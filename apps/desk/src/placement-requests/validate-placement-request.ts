import { normaliseNhsNumber, normalisePostcode } from '@app/contracts';
import { BodyRule, checkBody } from '../request-input/validate-input';
import { londonDay } from './gatekeeping';
import { EvidenceBody } from './panel.dto';
import { PlacementRequestBody } from './placement-requests.openapi';
import { LegalBasis, PlacementEvidence, PlacementType } from './placement-vocabulary';

/** The child as an id the service knows, or identifiers as in a contact (matched as there). */
export type PlacementChild =
  | { id: string }
  | {
      identifiers: {
        firstName?: string;
        lastName: string;
        dateOfBirth?: string;
        expectedDateOfBirth?: string;
        nhsNumber?: string;
        upn?: string;
        postcode?: string;
      };
    };

export interface PlacementRequestInput {
  child: PlacementChild;
  requestedBy: { name: string; role: string; team?: string } | null;
  placementType: PlacementType;
  legalBasis: LegalBasis;
  emergency: boolean;
  reason: string | null;
  evidence: PlacementEvidence;
}

export type PlacementValidation =
  | { ok: true; request: PlacementRequestInput }
  | { ok: false; status: 400 | 422; errors: { path: string; message: string }[] };

/**
 * The complete check of a placement request body, every fault at once: PlacementRequestBody (the class the
 * OpenAPI document describes) checks each field, 400 when malformed (not an object, a wrong JSON type, an
 * unknown field), else 422; then the rules that need more than one field or the day it was received.
 */
export function validatePlacementRequest(body: unknown, receivedAt: Date): PlacementValidation {
  const receivedDay = londonDay(receivedAt);
  const checked = checkBody(PlacementRequestBody, body, [
    childRules(receivedDay),
    (b) => (b.evidence ? prefixed('evidence', evidenceRules(receivedDay)(b.evidence)) : []),
  ]);
  if (!checked.ok) return checked;
  const b = checked.value;
  return {
    ok: true,
    request: {
      child: toChild(b.child),
      requestedBy: b.requestedBy
        ? {
            name: b.requestedBy.name.trim(),
            role: b.requestedBy.role.trim(),
            ...(b.requestedBy.team ? { team: b.requestedBy.team.trim() } : {}),
          }
        : null,
      placementType: b.placementType as PlacementType,
      legalBasis: b.legalBasis as LegalBasis,
      emergency: b.emergency ?? false,
      reason: b.reason ?? null,
      evidence: withDefaults(b.evidence),
    },
  };
}

function childRules(receivedDay: string): BodyRule<PlacementRequestBody> {
  return ({ child: c }) => {
    const out: { path: string; message: string }[] = [];
    if (!c) return out;
    const given = (v: unknown) => v !== undefined && v !== null;
    const identifiers = [
      c.firstName,
      c.lastName,
      c.dateOfBirth,
      c.expectedDateOfBirth,
      c.gender,
      c.nhsNumber,
      c.upn,
      c.address,
    ].some(given);
    if (given(c.id)) {
      if (identifiers)
        out.push({ path: 'child', message: "give either the child's id or their identifiers, not both" });
      return out;
    }
    if (!identifiers) {
      out.push({ path: 'child', message: "is required: the child's id, or identifiers as in a contact" });
      return out;
    }
    if (!given(c.lastName)) out.push({ path: 'child.lastName', message: 'is required' });
    if (given(c.dateOfBirth) && given(c.expectedDateOfBirth))
      out.push({ path: 'child.dateOfBirth', message: 'give dateOfBirth or expectedDateOfBirth, not both' });
    if (c.dateOfBirth && c.dateOfBirth > receivedDay)
      out.push({ path: 'child.dateOfBirth', message: notAfter(receivedDay) });
    if (![c.nhsNumber, c.upn, c.dateOfBirth, c.expectedDateOfBirth].some(given))
      out.push({
        path: 'child',
        message: 'identifiers must include an NHS number, a UPN or a date of birth to be matched',
      });
    return out;
  };
}

function toChild(c: PlacementRequestBody['child']): PlacementChild {
  if (c.id) return { id: c.id.toLowerCase() };
  return {
    identifiers: {
      firstName: c.firstName?.trim(),
      lastName: c.lastName!.trim(),
      dateOfBirth: c.dateOfBirth,
      expectedDateOfBirth: c.expectedDateOfBirth,
      nhsNumber: c.nhsNumber ? normaliseNhsNumber(c.nhsNumber) : undefined,
      upn: c.upn,
      postcode: c.address?.postcode ? normalisePostcode(c.address.postcode) : undefined,
    },
  };
}

/** An evidence item not given was not done. */
function withDefaults(e: EvidenceBody | undefined): PlacementEvidence {
  const item = <T extends object>(o: T | undefined, status: string) =>
    o ? Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null)) : { status };
  return {
    familyGroupConference: item(e?.familyGroupConference, 'not_offered'),
    kinshipAssessment: item(e?.kinshipAssessment, 'not_explored'),
    familySupport: item(e?.familySupport, 'not_provided'),
    inHouseFosterSearch: item(e?.inHouseFosterSearch, 'not_done'),
  } as PlacementEvidence;
}

const notAfter = (day: string) => `must not be after the day the request was received (${day})`;

function prefixed(at: string, faults: { path: string; message: string }[]) {
  return faults.map((f) => ({ ...f, path: f.path ? `${at}.${f.path}` : at }));
}

/**
 * The rules of a request's evidence that need more than one field: a date where the status says something
 * happened, and no date after the day the request was received, save the end of support still going on.
 * Paths are relative to the evidence object (the body of PATCH .../evidence).
 */
export function evidenceRules(receivedDay: string): BodyRule<EvidenceBody> {
  return (e) => {
    const out: { path: string; message: string }[] = [];
    const date = (v: string | undefined, path: string, required: boolean, future = false) => {
      if (v === undefined || v === null) {
        if (required) out.push({ path, message: 'is required (YYYY-MM-DD)' });
      } else if (!future && v > receivedDay) {
        out.push({ path, message: notAfter(receivedDay) });
      }
    };
    const fgc = e.familyGroupConference;
    if (fgc) {
      date(fgc.date, 'familyGroupConference.date', ['held', 'declined_by_family'].includes(fgc.status));
    }
    const kin = e.kinshipAssessment;
    if (kin) {
      date(
        kin.date,
        'kinshipAssessment.date',
        ['no_viable_carer', 'viable_carer_found'].includes(kin.status),
      );
    }
    const fs = e.familySupport;
    if (fs) {
      date(fs.from, 'familySupport.from', fs.status === 'provided');
      date(fs.to, 'familySupport.to', false, true);
      date(fs.date, 'familySupport.date', fs.status === 'declined');
      if (fs.from && fs.to && fs.to < fs.from) {
        out.push({ path: 'familySupport.to', message: 'must not be before from' });
      }
    }
    const search = e.inHouseFosterSearch;
    if (search) date(search.date, 'inHouseFosterSearch.date', search.status === 'no_match');
    return out;
  };
}
