import { Injectable } from '@nestjs/common';
import { CanonicalContact, MalformedInputError, RuleBrokenError, validateContact } from '@app/contracts';
import {
  ContactBody,
  CriteriaInputError,
  CriteriaRegistry,
  evaluateRequest,
  UnknownCriteriaVersionError,
} from '@app/criteria';
import { FieldError } from '@app/http';
import type { EvaluateCriteriaBody } from './criteria.openapi';

/**
 * POST /v1/criteria/evaluate (contact-api.md "Trying the criteria"): the decision a criteria version would
 * make for a contact, its earlier contacts and an open case. Each contact body is checked exactly as
 * POST /v1/contacts checks it (judged at `at`, against that version's indicators). Records nothing.
 */
@Injectable()
export class TryCriteriaUseCase {
  constructor(private readonly registry: CriteriaRegistry) {}

  /** `body` is shaped by EvaluateCriteriaBody; the contacts are checked here, as POST /v1/contacts does. */
  execute(body: EvaluateCriteriaBody) {
    const version = body.criteriaVersion ?? this.registry.current().version;
    let criteria;
    try {
      criteria = this.registry.get(version);
    } catch (e) {
      if (!(e instanceof UnknownCriteriaVersionError)) throw e;
      throw new RuleBrokenError([
        {
          path: 'criteriaVersion',
          message: `is not a known criteria version (known: ${this.registry.versions().join(', ')})`,
        },
      ]);
    }

    const malformed: FieldError[] = [];
    const broken: FieldError[] = [];
    const check = (value: unknown, path: string, receivedAt: Date): CanonicalContact | null => {
      const r = validateContact(value, { receivedAt, knownIndicators: criteria.indicatorCodes });
      if (r.ok) return r.contact;
      for (const e of r.errors) {
        const fault = { path: e.path ? `${path}.${e.path}` : path, message: e.message };
        (r.status === 400 ? malformed : broken).push(fault);
      }
      return null;
    };

    const contact = check(body.contact, 'contact', new Date(body.at));
    const others: { receivedAt: string; contact: CanonicalContact }[] = [];
    (body.otherContacts ?? []).forEach((o, i) => {
      const c = check(o.contact, `otherContacts[${i}].contact`, new Date(o.receivedAt));
      if (c) others.push({ receivedAt: o.receivedAt, contact: c });
    });
    const openCase = body.openCase ? { team: body.openCase.team } : null;
    if (malformed.length) throw new MalformedInputError([...malformed, ...broken]);
    if (broken.length || !contact) throw new RuleBrokenError(broken);

    try {
      return evaluateRequest(
        {
          criteriaVersion: version,
          at: body.at,
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
      if (e instanceof CriteriaInputError) throw new RuleBrokenError(e.faults);
      throw e;
    }
  }
}
