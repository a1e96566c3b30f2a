import { newWebhookSecret, WebhookSecretBox } from './webhook-secret-box';

describe('WebhookSecretBox', () => {
  it('opens what it sealed, and the sealed form does not contain the secret', () => {
    const box = new WebhookSecretBox('a master key');
    const secret = newWebhookSecret();
    const sealed = box.seal(secret);
    expect(sealed).not.toContain(secret.slice(6));
    expect(box.open(sealed)).toBe(secret);
  });

  it('refuses a sealed secret under another key or tampered with', () => {
    const sealed = new WebhookSecretBox('one key').seal(newWebhookSecret());
    expect(() => new WebhookSecretBox('another key').open(sealed)).toThrow();
    const parts = sealed.split('.');
    parts[3] = Buffer.from('tampered').toString('base64url');
    expect(() => new WebhookSecretBox('one key').open(parts.join('.'))).toThrow();
  });

  it('makes secrets of at least 32 random bytes, each different', () => {
    const a = newWebhookSecret();
    expect(Buffer.from(a.slice('whsec_'.length), 'base64url').length).toBe(32);
    expect(newWebhookSecret()).not.toBe(a);
  });
});
