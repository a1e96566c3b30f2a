import { joinPath, UNKNOWN_FIELD, type ContactIssue } from './contact-issues';

const NUL_CHARACTER = 'must not contain the NUL character (\\u0000)';

/**
 * Keys such as `__proto__`, `constructor` or `hasOwnProperty` are never contract fields, but
 * class-transformer silently drops some of them and class-validator's whitelist mistakes others for known
 * properties. They are reported here and removed from the copy that goes on to validation.
 * Text with the NUL character is reported here too: Postgres cannot store it (in text or jsonb), so it
 * would otherwise fail the write rather than be named as the partner's fault.
 */
export function withoutReservedKeys(value: unknown, path = ''): { value: unknown; issues: ContactIssue[] } {
  const issues: ContactIssue[] = [];
  const clean = (node: unknown, at: string): unknown => {
    if (Array.isArray(node)) return node.map((item, i) => clean(item, joinPath(at, i)));
    if (typeof node === 'string' && node.includes('\u0000')) {
      issues.push({ path: at, message: NUL_CHARACTER, kind: 'rule' });
    }
    if (node === null || typeof node !== 'object') return node;
    const copy: Record<string, unknown> = {};
    for (const key of Object.keys(node)) {
      if (key in Object.prototype) {
        issues.push({ path: joinPath(at, key), message: UNKNOWN_FIELD, kind: 'shape' });
        continue;
      }
      copy[key] = clean((node as Record<string, unknown>)[key], joinPath(at, key));
    }
    return copy;
  };
  return { value: clean(value, path), issues };
}
