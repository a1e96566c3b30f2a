import { createHmac } from 'node:crypto';
import { signWebhook, verifyWebhookSignature } from './webhook-signature';

const NOW = Date.parse('2026-11-23T10:00:00Z');
const BODY = '{"type":"alert.raised","deliveryId":"dlv_1"}';

describe('webhook signature', () => {
  it('is HMAC-SHA256 over `${timestamp}.${rawBody}`, hex, with the timestamp in seconds', () => {
    const header = signWebhook(BODY, ['s3cret'], NOW);
    const t = Math.floor(NOW / 1000);
    const expected = createHmac('sha256', 's3cret').update(`${t}.${BODY}`).digest('hex');
    expect(header).toBe(`t=${t},v1=${expected}`);
  });

  it('signs with every active secret (v1 repeated), so either verifies during a rotation', () => {
    const header = signWebhook(BODY, ['old', 'new'], NOW);
    expect(header.match(/v1=/g)).toHaveLength(2);
    expect(verifyWebhookSignature(BODY, header, ['old'], NOW).ok).toBe(true);
    expect(verifyWebhookSignature(BODY, header, ['new'], NOW).ok).toBe(true);
    expect(verifyWebhookSignature(BODY, header, ['other'], NOW)).toEqual({
      ok: false,
      reason: 'no signature matches',
    });
  });

  it('refuses a changed body, a missing header and a timestamp outside the 5-minute replay window', () => {
    const header = signWebhook(BODY, ['k'], NOW);
    expect(verifyWebhookSignature(`${BODY} `, header, ['k'], NOW).ok).toBe(false);
    expect(verifyWebhookSignature(BODY, undefined, ['k'], NOW).ok).toBe(false);
    expect(verifyWebhookSignature(BODY, header, ['k'], NOW + 300_000).ok).toBe(true);
    expect(verifyWebhookSignature(BODY, header, ['k'], NOW + 301_000)).toEqual({
      ok: false,
      reason: 'outside the replay window',
    });
  });
});
