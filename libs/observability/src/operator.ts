import { timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';

/**
 * Whether the request carries the installation's operations token (`Authorization: Bearer <OPS_TOKEN>`):
 * what Prometheus and an operator's readiness probe send. Partners and staff never have it, so /metrics and
 * readiness details are not theirs to read, on any port.
 */
export function isOperator(req: Pick<Request, 'headers'>, opsToken: string): boolean {
  const given = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1]?.trim();
  if (!given || !opsToken) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(opsToken);
  return a.length === b.length && timingSafeEqual(a, b);
}
