import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { toCanonicalContact, type CanonicalContact } from './canonical-contact';
import { ContactDto } from './contact.dto';
import { finaliseIssues, flattenValidationErrors, type ContactIssue } from './contact-issues';
import { checkIndicators } from './indicator-rules';
import { withoutReservedKeys } from './reserved-keys';
import { checkTimedRules } from './timed-rules';

export interface ValidateContactOptions {
  /** When the server received the contact: ages, due dates and "not in the future" are judged at it. */
  receivedAt: Date;
  /** The indicator codes of the criteria version in force. */
  knownIndicators: ReadonlySet<string>;
}

export interface ContactFieldError {
  path: string;
  message: string;
}

export type ContactValidationResult =
  { ok: true; contact: CanonicalContact } | { ok: false; status: 400 | 422; errors: ContactFieldError[] };

/**
 * The complete check of a contact body against the partner contract, reporting every fault at once.
 *
 * Status split:
 * - 400: the body is malformed: not a JSON object; a field of the wrong JSON type (a number where a string
 *   belongs, an array where an object belongs, a non-string indicator); or a field the contract does not
 *   name, at any depth. If any fault is of this kind the answer is 400, and it still lists the rule faults.
 * - 422: the body is well-formed but breaks a rule: a required field missing (or null: null reads as
 *   absent everywhere), a length, an enumerated code, a date or check digit, a conditional requirement
 *   (referrer, organisation, firstName, exactly one date of birth), an unknown or duplicate indicator, or a
 *   time rule judged at receivedAt.
 *
 * Paths are dotted with array indexes (`concerns.indicators[2]`); the whole body is the path "".
 */
export function validateContact(body: unknown, opts: ValidateContactOptions): ContactValidationResult {
  if (Number.isNaN(opts.receivedAt.getTime()))
    throw new TypeError('validateContact: receivedAt is not a valid Date');
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return { ok: false, status: 400, errors: [{ path: '', message: 'the body must be a JSON object' }] };
  }

  const reserved = withoutReservedKeys(body);
  const plain = reserved.value as Record<string, unknown>;
  const dto = plainToInstance(ContactDto, plain);
  const structural = validateSync(dto, {
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    validationError: { target: false, value: false },
  });
  const concerns = plain.concerns as Record<string, unknown> | null | undefined;
  const issues: ContactIssue[] = finaliseIssues([
    ...reserved.issues,
    ...flattenValidationErrors(structural),
    ...checkTimedRules(plain, opts.receivedAt),
    ...checkIndicators(isRecord(concerns) ? concerns.indicators : undefined, opts.knownIndicators),
  ]);

  if (issues.length > 0) {
    return {
      ok: false,
      status: issues.some((i) => i.kind === 'shape') ? 400 : 422,
      errors: issues.map(({ path, message }) => ({ path, message })),
    };
  }
  return { ok: true, contact: toCanonicalContact(dto) };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
