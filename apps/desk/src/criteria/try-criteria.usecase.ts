import { Injectable } from '@nestjs/common';
import { CanonicalContact, validateContact } from '@app/contracts';
import {
  ContactBody,
  CriteriaInputError,
  CriteriaRegistry,
  evaluateRequest,
  UnknownCriteriaVersionError,
} from '@app/criteria';
import { FieldError, Problem } from '@app/http';

/**
 * POST /v1/criteria/evaluate (contact-api.md "Trying the criteria"): the decision a criteria version would
 * make for a contact, its earlier contacts and an open case. Each contact body is checked exactly as
 * POST /v1/contacts checks it (judged at `at`, against that version's indicators). Records nothing.
 */
@Injectable()
export class TryCriteriaUseCase {
  constructor(private readonly registry: CriteriaRegistry) {}

  execute(body: unknown) {
    if (!isRecord(body))
      throw Problem.validation(400, [{ path: '', message: 'the body must be a JSON object' }]);
    const malformed: FieldError[] = [];
    const broken: FieldError[] = [];
    const known = new Set(['criteriaVersion', 'at', 'contact', 'otherContacts', 'openCase']);
    for (const key of Object.keys(body))
      if (!known.has(key)) malformed.push({ path: key, message: 'is not a field of this request' });

    let version: string;
    if (body.criteriaVersion === undefined) version = this.registry.current().version;
    else if (typeof body.criteriaVersion !== 'string') {
      malformed.push({ path: 'criteriaVersion', message: 'must be a string' });
      version = this.registry.current().version;
    } else version = body.criteriaVersion;
    let criteria;
    try {
      criteria = this.registry.get(version);
    } catch (e) {
      if (!(e instanceof UnknownCriteriaVersionError)) throw e;
      throw Problem.validation(422, [
        {
          path: 'criteriaVersion',
          message: `is not a known criteria version (known: ${this.registry.versions().join(', ')})`,
        },
      ]);
    }

    const at = typeof body.at === 'string' ? new Date(body.at) : null;
    if (typeof body.at !== 'string') malformed.push({ path: 'at', message: 'is required: an instant' });
    else if (!at || Number.isNaN(at.getTime()) || !/T.*(Z|[+-]\d\d:?\d\d)$/.test(body.at))
      broken.push({ path: 'at', message: 'must be an instant with a time zone, e.g. 2026-11-20T15:12:03Z' });
    const atOk = !!at && !Number.isNaN(at.getTime());

    const check = (value: unknown, path: string, receivedAt: Date): CanonicalContact | null => {
      const r = validateContact(value, { receivedAt, knownIndicators: criteria.indicatorCodes });
      if (r.ok) return r.contact;
      for (const e of r.errors) {
        const fault = { path: e.path ? `${path}.${e.path}` : path, message: e.message };
        (r.status === 400 ? malformed : broken).push(fault);
      }
      return null;
    };

    const contact = atOk ? check(body.contact, 'contact', at!) : null;
    const others: { receivedAt: string; contact: CanonicalContact }[] = [];
    if (body.otherContacts !== undefined && body.otherContacts !== null) {
      if (!Array.isArray(body.otherContacts))
        malformed.push({ path: 'otherContacts', message: 'must be an array' });
      else
        body.otherContacts.forEach((o: unknown, i: number) => {
          const path = `otherContacts[${i}]`;
          if (!isRecord(o)) return malformed.push({ path, message: 'must be an object' });
          for (const key of Object.keys(o))
            if (key !== 'receivedAt' && key !== 'contact')
              malformed.push({ path: `${path}.${key}`, message: 'is not a field of this request' });
          const received = typeof o.receivedAt === 'string' ? new Date(o.receivedAt) : null;
          if (!received || Number.isNaN(received.getTime())) {
            broken.push({ path: `${path}.receivedAt`, message: 'is required: an instant' });
            return;
          }
          const c = check(o.contact, `${path}.contact`, received);
          if (c) others.push({ receivedAt: o.receivedAt as string, contact: c });
        });
    }
    let openCase: { team: string } | null = null;
    if (body.openCase !== undefined && body.openCase !== null) {
      if (!isRecord(body.openCase) || typeof body.openCase.team !== 'string' || !body.openCase.team)
        malformed.push({ path: 'openCase', message: 'must be null or { "team": "<team>" }' });
      else openCase = { team: body.openCase.team };
    }
    if (malformed.length) throw Problem.validation(400, [...malformed, ...broken]);
    if (broken.length || !contact) throw Problem.validation(422, broken);

    try {
      return evaluateRequest(
        {
          criteriaVersion: version,
          at: body.at as string,
          contact: contact as unknown as ContactBody,
          otherContacts: others.map((o) => ({
            receivedAt: o.receivedAt,
            contact: o.contact as unknown as ContactBody,
          })),
          openCase,
        },
        this.registry,
      );
    } catch (e) {
      if (e instanceof CriteriaInputError) throw Problem.validation(422, e.faults);
      throw e;
    }
  }
}

function isRecord(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
