import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * A webhook signing secret must be kept to sign with (a hash would not do), so it is stored sealed with
 * AES-256-GCM under a key from configuration (`PARTNER_CALLBACK_KEY`): a copy of the table alone signs
 * nothing. Format: `v1.<iv>.<tag>.<ciphertext>`, base64url.
 */
export class WebhookSecretBox {
  private readonly key: Buffer;

  constructor(masterKey: string) {
    if (!masterKey) throw new Error('no key to seal webhook secrets with');
    this.key = createHash('sha256').update(masterKey).digest();
  }

  seal(secret: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const ct = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return ['v1', iv, cipher.getAuthTag(), ct]
      .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
      .join('.');
  }

  open(sealed: string): string {
    const [v, iv, tag, ct] = sealed.split('.');
    if (v !== 'v1' || !iv || !tag || ct === undefined) throw new Error('not a sealed webhook secret');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
  }
}

/** A new signing secret: 32 random bytes, prefixed so it is recognisable in a partner's secret store. */
export const newWebhookSecret = (): string => `whsec_${randomBytes(32).toString('base64url')}`;
