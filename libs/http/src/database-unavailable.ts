/** Errors that mean Postgres cannot be reached or is restarting: the client should retry, nothing was kept. */
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08006',
]);

export function isDatabaseUnavailable(e: unknown): boolean {
  if (!e || typeof e !== 'object') return false;
  const err = e as { code?: string; message?: string; driverError?: unknown };
  if (err.code && CONNECTION_CODES.has(err.code)) return true;
  if (err.driverError && isDatabaseUnavailable(err.driverError)) return true;
  const m = err.message ?? '';
  return /Connection terminated|timeout exceeded when trying to connect|connect ECONNREFUSED|Client has encountered a connection error|the database system is (starting up|shutting down|in recovery)/i.test(
    m,
  );
}
