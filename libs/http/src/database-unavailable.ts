/**
 * Errors that mean Postgres cannot be reached, is restarting, or refuses connections for now: the client
 * should retry, and nothing was kept (a transaction cut short is rolled back by Postgres).
 */
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  // 53300 too_many_connections, 57P01-03 admin/crash shutdown and cannot connect now.
  '53300',
  '57P01',
  '57P02',
  '57P03',
]);

/** SQLSTATE class 08: connection exceptions (08000, 08001, 08003, 08004, 08006, 08P01...). */
const CONNECTION_CLASS = /^08[0-9A-Z]{3}$/;

export function isDatabaseUnavailable(e: unknown): boolean {
  if (!e || typeof e !== 'object') return false;
  const err = e as { code?: string; message?: string; driverError?: unknown; cause?: unknown };
  if (err.code && (CONNECTION_CODES.has(err.code) || CONNECTION_CLASS.test(err.code))) return true;
  if (err.driverError && err.driverError !== e && isDatabaseUnavailable(err.driverError)) return true;
  if (err.cause && err.cause !== e && isDatabaseUnavailable(err.cause)) return true;
  const m = err.message ?? '';
  // 55000 (object_not_in_prerequisite_state) is too broad a code alone: only its "closed to connections"
  // form (ALTER DATABASE ... ALLOW_CONNECTIONS false, or a database being dropped) is unavailability.
  return /Connection terminated|timeout exceeded when trying to connect|connect ECONNREFUSED|Client has encountered a connection error|Connection ended unexpectedly|the database system is (starting up|shutting down|in recovery)|is not currently accepting connections|terminating connection due to administrator command|too many clients already/i.test(
    m,
  );
}
