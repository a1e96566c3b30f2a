import { AppConfig } from '@app/config';
import { AlertSettings, parseRecipients } from './alert-settings';

const config = (over: Partial<AppConfig>) =>
  Object.assign(new AppConfig(), { ALERT_WEBHOOK_SECRETS: 'w'.repeat(43) }, over);

describe('AlertSettings', () => {
  it('in-app always; webhook and e-mail only when configured', () => {
    expect(new AlertSettings(config({})).channels).toEqual(['in_app']);
    expect(
      new AlertSettings(config({ ALERT_WEBHOOK_URLS: 'http://a.example/h', SMTP_URL: 'smtp://127.0.0.1:25' }))
        .channels,
    ).toEqual(['in_app', 'webhook', 'email']);
  });

  it('recipients by role: the feed per role, each webhook, the e-mail addresses of the roles (once each)', () => {
    const s = new AlertSettings(
      config({
        ALERT_WEBHOOK_URLS: 'http://a.example/h',
        SMTP_URL: 'smtp://127.0.0.1:25',
        ALERT_RECIPIENTS: JSON.stringify({
          duty_manager: ['dm@county.example', 'both@county.example'],
          head_of_service: ['hos@county.example', 'both@county.example'],
          admin: ['admin@county.example'],
        }),
      }),
    );
    expect(s.recipients(['duty_manager', 'head_of_service'])).toEqual([
      { channel: 'in_app', recipient: 'role:duty_manager' },
      { channel: 'in_app', recipient: 'role:head_of_service' },
      { channel: 'webhook', recipient: 'http://a.example/h' },
      { channel: 'email', recipient: 'dm@county.example' },
      { channel: 'email', recipient: 'both@county.example' },
      { channel: 'email', recipient: 'hos@county.example' },
    ]);
  });

  it('fails at start-up on a bad recipients list or a webhook without a secret', () => {
    expect(() => parseRecipients('{"duty_manager": ["not an address"]}', '')).toThrow(/duty_manager/);
    expect(() => parseRecipients('nope', '')).toThrow(/not JSON/);
    expect(
      () => new AlertSettings(config({ ALERT_WEBHOOK_URLS: 'http://a/h', ALERT_WEBHOOK_SECRETS: '' })),
    ).toThrow(/ALERT_WEBHOOK_SECRETS/);
  });
});
