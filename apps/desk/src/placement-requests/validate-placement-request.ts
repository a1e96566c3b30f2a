import {
  isCalendarDate,
  isUuid,
  isValidNhsNumber,
  isValidPostcode,
  isValidUpn,
  normalisePostcode,
} from '@app/contracts';
import { londonDay } from './gatekeeping';
import {
  FAMILY_SUPPORT_STATUSES,
  FGC_STATUSES,
  IN_HOUSE_SEARCH_STATUSES,
  KINSHIP_STATUSES,
  LEGAL_BASES,
  LegalBasis,
  PLACEMENT_TYPES,
  PlacementEvidence,
  PlacementType,
} from './placement-vocabulary';

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

export interface FieldIssue {
  path: string;
  message: string;
  /** `shape`: malformed (400); `rule`: well-formed but breaks a rule (422). */
  kind: 'shape' | 'rule';
}

export type PlacementValidation =
  | { ok: true; request: PlacementRequestInput }
  | { ok: false; status: 400 | 422; errors: { path: string; message: string }[] };

const REASON_MAX = 10000;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * The complete check of a placement request body, every fault at once, with the same split as contacts:
 * 400 when malformed (not an object, a wrong JSON type, an unknown field), else 422 for a broken rule (a
 * required field missing, an unknown code, a bad date or check digit, a date after the request was received).
 * `null` reads as absent everywhere.
 */
export function validatePlacementRequest(body: unknown, receivedAt: Date): PlacementValidation {
  if (!isObj(body)) {
    return { ok: false, status: 400, errors: [{ path: '', message: 'the body must be a JSON object' }] };
  }
  const v = new Checker(londonDay(receivedAt));
  v.known(body, '', [
    'child',
    'requestedBy',
    'placementType',
    'legalBasis',
    'emergency',
    'reason',
    'evidence',
  ]);

  const child = v.child(body.child);
  const requestedBy = v.requestedBy(body.requestedBy);
  const placementType = v.code(body.placementType, 'placementType', PLACEMENT_TYPES, true);
  const legalBasis = v.code(body.legalBasis, 'legalBasis', LEGAL_BASES, true);
  const emergency = v.boolean(body.emergency, 'emergency') ?? false;
  const reason = v.string(body.reason, 'reason', 0, REASON_MAX);
  const evidence = v.evidence(body.evidence);

  if (v.issues.length) {
    return {
      ok: false,
      status: v.issues.some((i) => i.kind === 'shape') ? 400 : 422,
      errors: v.issues.map(({ path, message }) => ({ path, message })),
    };
  }
  return {
    ok: true,
    request: {
      child: child!,
      requestedBy,
      placementType: placementType as PlacementType,
      legalBasis: legalBasis as LegalBasis,
      emergency,
      reason: reason ?? null,
      evidence: evidence!,
    },
  };
}

class Checker {
  readonly issues: FieldIssue[] = [];
  constructor(private readonly receivedDay: string) {}

  shape(path: string, message: string) {
    this.issues.push({ path, message, kind: 'shape' });
  }
  rule(path: string, message: string) {
    this.issues.push({ path, message, kind: 'rule' });
  }

  known(o: Obj, at: string, fields: string[]) {
    for (const k of Object.keys(o)) {
      if (!fields.includes(k)) this.shape(join(at, k), 'is not a field of a placement request');
    }
  }

  object(v: unknown, path: string, required: boolean): Obj | undefined {
    if (v === undefined || v === null) {
      if (required) this.rule(path, 'is required');
      return undefined;
    }
    if (!isObj(v)) {
      this.shape(path, 'must be an object');
      return undefined;
    }
    return v;
  }

  string(v: unknown, path: string, min: number, max: number, required = false): string | undefined {
    if (v === undefined || v === null) {
      if (required) this.rule(path, 'is required');
      return undefined;
    }
    if (typeof v !== 'string') {
      this.shape(path, 'must be a string');
      return undefined;
    }
    const t = v.trim();
    if (t.length < min || v.length > max) {
      this.rule(path, min > 0 ? `must be ${min} to ${max} characters` : `must be at most ${max} characters`);
      return undefined;
    }
    return min > 0 ? t : v;
  }

  boolean(v: unknown, path: string): boolean | undefined {
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'boolean') {
      this.shape(path, 'must be true or false');
      return undefined;
    }
    return v;
  }

  code<T extends string>(v: unknown, path: string, codes: readonly T[], required: boolean): T | undefined {
    if (v === undefined || v === null) {
      if (required) this.rule(path, `is required: one of ${codes.join(', ')}`);
      return undefined;
    }
    if (typeof v !== 'string') {
      this.shape(path, 'must be a string');
      return undefined;
    }
    if (!codes.includes(v as T)) {
      this.rule(path, `must be one of ${codes.join(', ')}`);
      return undefined;
    }
    return v as T;
  }

  /** A calendar date, not after the day the request was received (unless `future` is allowed). */
  date(v: unknown, path: string, required: boolean, future = false): string | undefined {
    if (v === undefined || v === null) {
      if (required) this.rule(path, 'is required (YYYY-MM-DD)');
      return undefined;
    }
    if (typeof v !== 'string') {
      this.shape(path, 'must be a string');
      return undefined;
    }
    if (!isCalendarDate(v)) {
      this.rule(path, 'must be a date (YYYY-MM-DD)');
      return undefined;
    }
    if (!future && v > this.receivedDay) {
      this.rule(path, `must not be after the day the request was received (${this.receivedDay})`);
      return undefined;
    }
    return v;
  }

  child(v: unknown): PlacementChild | undefined {
    const c = this.object(v, 'child', true);
    if (!c) return undefined;
    const identifierFields = [
      'firstName',
      'lastName',
      'dateOfBirth',
      'expectedDateOfBirth',
      'gender',
      'nhsNumber',
      'upn',
      'address',
    ];
    this.known(c, 'child', ['id', ...identifierFields]);
    const hasIdentifiers = identifierFields.some((k) => c[k] !== undefined && c[k] !== null);
    if (c.id !== undefined && c.id !== null) {
      if (typeof c.id !== 'string') return void this.shape('child.id', 'must be a string');
      if (!isUuid(c.id)) return void this.rule('child.id', 'must be the id of a child the service knows');
      if (hasIdentifiers)
        return void this.rule('child', "give either the child's id or their identifiers, not both");
      return { id: c.id.toLowerCase() };
    }
    if (!hasIdentifiers)
      return void this.rule('child', "is required: the child's id, or identifiers as in a contact");
    const lastName = this.string(c.lastName, 'child.lastName', 1, 100, true);
    const firstName = this.string(c.firstName, 'child.firstName', 1, 100);
    this.code(c.gender, 'child.gender', ['female', 'male', 'other', 'unknown'], false);
    const dateOfBirth = this.date(c.dateOfBirth, 'child.dateOfBirth', false);
    const expectedDateOfBirth = this.date(c.expectedDateOfBirth, 'child.expectedDateOfBirth', false, true);
    if (c.dateOfBirth != null && c.expectedDateOfBirth != null) {
      this.rule('child.dateOfBirth', 'give dateOfBirth or expectedDateOfBirth, not both');
    }
    let nhsNumber: string | undefined;
    if (c.nhsNumber != null) {
      if (typeof c.nhsNumber !== 'string') this.shape('child.nhsNumber', 'must be a string');
      else if (!isValidNhsNumber(c.nhsNumber.replace(/\s+/g, '')))
        this.rule('child.nhsNumber', 'must be a valid 10-digit NHS number');
      else nhsNumber = c.nhsNumber.replace(/\s+/g, '');
    }
    let upn: string | undefined;
    if (c.upn != null) {
      if (typeof c.upn !== 'string') this.shape('child.upn', 'must be a string');
      else if (!isValidUpn(c.upn)) this.rule('child.upn', 'must be a valid unique pupil number');
      else upn = c.upn;
    }
    let postcode: string | undefined;
    const address = this.object(c.address, 'child.address', false);
    if (address) {
      this.known(address, 'child.address', ['line1', 'town', 'postcode']);
      this.string(address.line1, 'child.address.line1', 0, 200);
      this.string(address.town, 'child.address.town', 0, 200);
      const p = this.string(address.postcode, 'child.address.postcode', 1, 20, true);
      if (p !== undefined) {
        if (!isValidPostcode(p)) this.rule('child.address.postcode', 'must be a UK postcode');
        else postcode = normalisePostcode(p);
      }
    }
    if (!nhsNumber && !upn && !dateOfBirth && !expectedDateOfBirth && c.nhsNumber == null && c.upn == null) {
      this.rule('child', 'identifiers must include an NHS number, a UPN or a date of birth to be matched');
    }
    if (lastName === undefined) return undefined;
    return {
      identifiers: { firstName, lastName, dateOfBirth, expectedDateOfBirth, nhsNumber, upn, postcode },
    };
  }

  requestedBy(v: unknown): PlacementRequestInput['requestedBy'] {
    const r = this.object(v, 'requestedBy', false);
    if (!r) return null;
    this.known(r, 'requestedBy', ['name', 'role', 'team']);
    const name = this.string(r.name, 'requestedBy.name', 1, 200, true);
    const role = this.string(r.role, 'requestedBy.role', 1, 200, true);
    const team = this.string(r.team, 'requestedBy.team', 1, 100);
    return name && role ? { name, role, ...(team ? { team } : {}) } : null;
  }

  evidence(v: unknown): PlacementEvidence | undefined {
    const e = this.object(v, 'evidence', false) ?? {};
    this.known(e, 'evidence', [
      'familyGroupConference',
      'kinshipAssessment',
      'familySupport',
      'inHouseFosterSearch',
    ]);

    const fgc = this.object(e.familyGroupConference, 'evidence.familyGroupConference', false);
    const fgcStatus = fgc
      ? this.itemStatus(fgc, 'evidence.familyGroupConference', FGC_STATUSES, ['date'])
      : undefined;
    const fgcDate = fgc
      ? this.date(
          fgc.date,
          'evidence.familyGroupConference.date',
          fgcStatus === 'held' || fgcStatus === 'declined_by_family',
        )
      : undefined;

    const kin = this.object(e.kinshipAssessment, 'evidence.kinshipAssessment', false);
    const kinStatus = kin
      ? this.itemStatus(kin, 'evidence.kinshipAssessment', KINSHIP_STATUSES, ['date'])
      : undefined;
    const kinDate = kin
      ? this.date(
          kin.date,
          'evidence.kinshipAssessment.date',
          kinStatus === 'no_viable_carer' || kinStatus === 'viable_carer_found',
        )
      : undefined;

    const fs = this.object(e.familySupport, 'evidence.familySupport', false);
    const fsStatus = fs
      ? this.itemStatus(fs, 'evidence.familySupport', FAMILY_SUPPORT_STATUSES, [
          'service',
          'from',
          'to',
          'date',
        ])
      : undefined;
    let fsFields: { service?: string; from?: string; to?: string; date?: string } = {};
    if (fs) {
      const service = this.string(fs.service, 'evidence.familySupport.service', 1, 100);
      const from = this.date(fs.from, 'evidence.familySupport.from', fsStatus === 'provided');
      // The end may lie after the request: support still going on, planned to end then.
      const to = this.date(fs.to, 'evidence.familySupport.to', false, true);
      const date = this.date(fs.date, 'evidence.familySupport.date', fsStatus === 'declined');
      if (from && to && to < from) this.rule('evidence.familySupport.to', 'must not be before from');
      fsFields = { service, from, to, date };
    }

    const search = this.object(e.inHouseFosterSearch, 'evidence.inHouseFosterSearch', false);
    const searchStatus = search
      ? this.itemStatus(search, 'evidence.inHouseFosterSearch', IN_HOUSE_SEARCH_STATUSES, ['date'])
      : undefined;
    const searchDate = search
      ? this.date(search.date, 'evidence.inHouseFosterSearch.date', searchStatus === 'no_match')
      : undefined;

    return {
      familyGroupConference: { status: fgcStatus ?? 'not_offered', ...(fgcDate ? { date: fgcDate } : {}) },
      kinshipAssessment: { status: kinStatus ?? 'not_explored', ...(kinDate ? { date: kinDate } : {}) },
      familySupport: { status: fsStatus ?? 'not_provided', ...dropUndefined(fsFields) },
      inHouseFosterSearch: {
        status: searchStatus ?? 'not_done',
        ...(searchDate ? { date: searchDate } : {}),
      },
    };
  }

  private itemStatus<T extends string>(
    o: Obj,
    path: string,
    codes: readonly T[],
    fields: string[],
  ): T | undefined {
    this.known(o, path, ['status', ...fields]);
    return this.code(o.status, `${path}.status`, codes, true);
  }
}

function join(at: string, key: string): string {
  return at ? `${at}.${key}` : key;
}

function dropUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
