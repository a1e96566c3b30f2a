/** A UUID in its usual text form (any version), unanchored: for building a route pattern around it. */
export const UUID_TEXT = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/** The one UUID check: every id from outside the process (a path, a query, an event) goes through it. */
export const UUID_PATTERN = new RegExp(`^${UUID_TEXT}$`, 'i');

export const isUuid = (value: unknown): value is string =>
  typeof value === 'string' && UUID_PATTERN.test(value);
