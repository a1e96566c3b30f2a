import { CONTACT_LIMITS as L } from './contact-codes';
import { addDays, addMonths, isCalendarDate, isIsoInstant, isUnderAge, serviceDateOf } from './dates';
import type { ContactIssue } from './contact-issues';

/**
 * The rules that depend on when the contact was received, not on the body alone. Each looks only at a
 * value already well-formed (a malformed one is reported by the DTO). Dates are Europe/London days.
 */
export function checkTimedRules(body: Record<string, unknown>, receivedAt: Date): ContactIssue[] {
  const issues: ContactIssue[] = [];
  const rule = (path: string, message: string) => issues.push({ path, message, kind: 'rule' });
  const today = serviceDateOf(receivedAt);

  const child = asRecord(body.child);
  const dob = child?.dateOfBirth;
  if (typeof dob === 'string' && isCalendarDate(dob)) {
    // "A past date": today counts, or a child born on the day of the contact could not be referred.
    if (dob > today) {
      rule('child.dateOfBirth', `must not be after the day the contact was received (${today})`);
    } else if (!isUnderAge(dob, L.adultAge, today)) {
      rule(
        'child.dateOfBirth',
        `the child must be under ${L.adultAge} on the day the contact was received (${today})`,
      );
    }
  }

  const due = child?.expectedDateOfBirth;
  if (typeof due === 'string' && isCalendarDate(due)) {
    const earliest = addDays(today, -7 * L.expectedBirthOverdueWeeks);
    const latest = addMonths(today, L.expectedBirthWithinMonths);
    if (due < earliest) {
      rule(
        'child.expectedDateOfBirth',
        `must be at most ${L.expectedBirthOverdueWeeks} weeks before the contact: ${earliest} at the earliest`,
      );
    } else if (due > latest) {
      rule(
        'child.expectedDateOfBirth',
        `must be within ${L.expectedBirthWithinMonths} months of the contact: ${latest} at the latest`,
      );
    }
  }

  const occurredAt = body.occurredAt;
  if (
    typeof occurredAt === 'string' &&
    isIsoInstant(occurredAt) &&
    Date.parse(occurredAt) > receivedAt.getTime()
  ) {
    rule('occurredAt', `must not be after the contact was received (${receivedAt.toISOString()})`);
  }
  return issues;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}
