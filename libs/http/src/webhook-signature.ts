import { createHmac, timingSafeEqual } from 'node:crypto';

/** Header carrying the signature: `t=<unix seconds>,v1=<hex>[,v1=<hex>...]`, one `v1` per active secret. */
export const SIGNATURE_HEADER = 'X-FrontDoor-Signature';
/** Header carrying the delivery id: the same on every retry of one delivery, so a receiver can de-duplicate. */
export const DELIVERY_ID_HEADER = 'X-FrontDoor-Delivery-Id';
/** Receivers should refuse a signature older (or newer) than this: the replay window. */
export const REPLAY_WINDOW_SECONDS = 300;

const hmac = (secret: string, timestamp: number, rawBody: string | Buffer) =>
  createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest('hex');

/** Signs `${timestamp}.${rawBody}` with HMAC-SHA256 under every active secret (rotation without a gap). */
export function signWebhook(
  rawBody: string | Buffer,
  secrets: readonly string[],
  nowMs = Date.now(),
): string {
  if (!secrets.length) throw new Error('no webhook secret to sign with');
  const t = Math.floor(nowMs / 1000);
  return [`t=${t}`, ...secrets.map((s) => `v1=${hmac(s, t, rawBody)}`)].join(',');
}

export type SignatureCheck = { ok: true; timestamp: number } | { ok: false; reason: string };

/**
 * The receiver's check (documented in apps/alerts/README.md): parse `t` and every `v1`; refuse when `t`
 * is more than the replay window from now; accept when any `v1` equals HMAC-SHA256(secret, `${t}.${rawBody}`)
 * for any secret the receiver holds, compared in constant time. Verify the raw bytes received, before any
 * JSON parsing.
 */
export function verifyWebhookSignature(
  rawBody: string | Buffer,
  header: string | undefined,
  secrets: readonly string[],
  nowMs = Date.now(),
  windowSeconds = REPLAY_WINDOW_SECONDS,
): SignatureCheck {
  if (!header) return { ok: false, reason: 'no signature header' };
  let t: number | undefined;
  const given: string[] = [];
  for (const part of header.split(',')) {
    const [k, v] = part.trim().split('=', 2);
    if (k === 't' && /^\d+$/.test(v ?? '')) t = Number(v);
    else if (k === 'v1' && /^[0-9a-f]{64}$/.test(v ?? '')) given.push(v);
  }
  if (t === undefined) return { ok: false, reason: 'no timestamp' };
  if (Math.abs(Math.floor(nowMs / 1000) - t) > windowSeconds)
    return { ok: false, reason: 'outside the replay window' };
  for (const secret of secrets) {
    const expected = Buffer.from(hmac(secret, t, rawBody), 'hex');
    if (given.some((g) => timingSafeEqual(Buffer.from(g, 'hex'), expected)))
      return { ok: true, timestamp: t };
  }
  return { ok: false, reason: 'no signature matches' };
}
