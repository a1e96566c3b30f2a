import type { ValidationError } from 'class-validator';

/**
 * One fault in a contact body. `shape` faults make the body malformed (400): not an object, a JSON type
 * the contract does not allow, or a field it does not name. `rule` faults are a well-formed body breaking
 * a rule of the contract (422), including a required field that is missing or null.
 */
export interface ContactIssue {
  path: string;
  message: string;
  kind: 'shape' | 'rule';
}

export const UNKNOWN_FIELD = 'is not a field of the contract';

/** class-validator constraints that are about JSON types or field names, with the message we give. */
const SHAPE_CONSTRAINTS: Readonly<Record<string, string>> = {
  isString: 'must be a string',
  isBoolean: 'must be true or false',
  isArray: 'must be an array',
  isObject: 'must be an object',
  nestedValidation: 'must be an object',
  unknownValue: 'must be an object',
  whitelistValidation: UNKNOWN_FIELD,
};

/** `child.address`, `concerns.indicators[2]`; a key that is not a plain name is quoted: `child["a b"]`. */
export function joinPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  if (!/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key)) return `${parent}[${JSON.stringify(key)}]`;
  return parent === '' ? key : `${parent}.${key}`;
}

/**
 * Flattens class-validator's error tree to one issue per path. A missing value is reported as missing
 * (not also as the wrong type), and a value of the wrong type hides every other fault at or under it.
 */
export function flattenValidationErrors(errors: readonly ValidationError[], parent = ''): ContactIssue[] {
  const issues: ContactIssue[] = [];
  for (const error of errors) {
    const path = joinPath(parent, error.property);
    const constraints = error.constraints ?? {};
    const names = Object.keys(constraints);
    const shape = names.find((name) => name in SHAPE_CONSTRAINTS);
    if ('isDefined' in constraints) {
      issues.push({ path, message: constraints.isDefined, kind: 'rule' });
      continue;
    }
    if (shape) {
      issues.push({ path, message: SHAPE_CONSTRAINTS[shape], kind: 'shape' });
      continue;
    }
    if (names.length > 0) issues.push({ path, message: constraints[names[0]], kind: 'rule' });
    issues.push(...flattenValidationErrors(error.children ?? [], path));
  }
  return issues;
}

/** One issue per path (the first found), none under a malformed value, ordered by path. */
export function finaliseIssues(issues: readonly ContactIssue[]): ContactIssue[] {
  const malformed = issues.filter((i) => i.kind === 'shape').map((i) => i.path);
  const isUnder = (path: string, root: string) =>
    root === '' ? path !== '' : path.startsWith(`${root}.`) || path.startsWith(`${root}[`);
  const byPath = new Map<string, ContactIssue>();
  for (const issue of issues) {
    if (byPath.has(issue.path) || malformed.some((root) => isUnder(issue.path, root))) continue;
    byPath.set(issue.path, issue);
  }
  return [...byPath.values()].sort((a, b) => compareKeys(sortKey(a.path), sortKey(b.path)));
}

// Indexes compare as numbers: concerns.indicators[2] before concerns.indicators[10].
const sortKey = (path: string) => path.replace(/\[(\d+)\]/g, (_, n: string) => `[${n.padStart(10, '0')}]`);
const compareKeys = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
