import { CONTACT_LIMITS as L } from './contact-codes';
import { joinPath, type ContactIssue } from './contact-issues';

/**
 * Each indicator code must be one the criteria in force define (an unknown code is an error, never
 * ignored: duty-criteria.md section 1), and none may be listed twice. Faults name the index.
 */
export function checkIndicators(
  indicators: unknown,
  known: ReadonlySet<string>,
  path = 'concerns.indicators',
): ContactIssue[] {
  // Not an array, or too long: the DTO reports that once, for the whole list.
  if (!Array.isArray(indicators) || indicators.length > L.indicatorsMax) return [];
  const issues: ContactIssue[] = [];
  const firstIndex = new Map<string, number>();
  indicators.forEach((code: unknown, i) => {
    const at = joinPath(path, i);
    if (typeof code !== 'string') {
      issues.push({ path: at, message: 'must be a string: an indicator code', kind: 'shape' });
    } else if (!known.has(code)) {
      issues.push({
        path: at,
        message: `"${code}" is not an indicator code of the duty criteria`,
        kind: 'rule',
      });
    } else if (firstIndex.has(code)) {
      const first = joinPath(path, firstIndex.get(code) as number);
      issues.push({
        path: at,
        message: `"${code}" is a duplicate: it is already listed at ${first}`,
        kind: 'rule',
      });
    } else {
      firstIndex.set(code, i);
    }
  });
  return issues;
}
