import { readFileSync } from 'node:fs';
import { AppConfig } from '@app/config';
import { AlertChannel } from '@app/contracts';

/**
 * The alerts app's settings, read from AppConfig once and checked at start-up (a bad recipients file or a
 * webhook without a secret stops the app, not the first delivery).
 */
export class AlertSettings {
  /** E-mail addresses by role. */
  readonly emailsByRole: ReadonlyMap<string, readonly string[]>;
  readonly webhookUrls: readonly string[];
  readonly webhookSecrets: readonly string[];
  readonly webhookTimeoutMs: number;
  readonly smtpUrl: string;
  readonly emailFrom: string;
  readonly attempts: number;
  readonly retryBaseMs: number;
  readonly escalationDelayMs: number;
  readonly concurrency: number;
  readonly redisPrefix: string;

  constructor(config: AppConfig) {
    this.emailsByRole = parseRecipients(config.ALERT_RECIPIENTS, config.ALERT_RECIPIENTS_FILE);
    this.webhookUrls = list(config.ALERT_WEBHOOK_URLS);
    for (const url of this.webhookUrls) {
      if (!/^https?:\/\/.+/.test(url)) throw new Error(`ALERT_WEBHOOK_URLS: "${url}" is not an http(s) URL`);
    }
    this.webhookSecrets = list(config.ALERT_WEBHOOK_SECRETS);
    if (this.webhookUrls.length && !this.webhookSecrets.length)
      throw new Error('ALERT_WEBHOOK_SECRETS: at least one secret is needed to sign webhooks');
    this.webhookTimeoutMs = config.ALERT_WEBHOOK_TIMEOUT_MS;
    this.smtpUrl = config.SMTP_URL;
    if (this.smtpUrl && !/^smtps?:\/\/.+/.test(this.smtpUrl))
      throw new Error('SMTP_URL must be an smtp:// or smtps:// URL');
    this.emailFrom = config.ALERT_EMAIL_FROM;
    this.attempts = config.ALERT_DELIVERY_ATTEMPTS;
    this.retryBaseMs = config.ALERT_RETRY_BASE_MS;
    this.escalationDelayMs = config.ALERT_ESCALATION_DELAY_MS;
    this.concurrency = config.ALERT_DELIVERY_CONCURRENCY;
    this.redisPrefix = config.REDIS_PREFIX;
  }

  /** The channels in use: the in-app feed always; webhook and e-mail when configured. */
  get channels(): AlertChannel[] {
    return [
      AlertChannel.InApp,
      ...(this.webhookUrls.length ? [AlertChannel.Webhook] : []),
      ...(this.smtpUrl ? [AlertChannel.Email] : []),
    ];
  }

  /** Every recipient of an alert on every configured channel. */
  recipients(recipientRoles: readonly string[]): { channel: AlertChannel; recipient: string }[] {
    const out: { channel: AlertChannel; recipient: string }[] = [];
    for (const role of new Set(recipientRoles))
      out.push({ channel: AlertChannel.InApp, recipient: `role:${role}` });
    for (const url of this.webhookUrls) out.push({ channel: AlertChannel.Webhook, recipient: url });
    if (this.smtpUrl) {
      const emails = new Set(recipientRoles.flatMap((r) => this.emailsByRole.get(r) ?? []));
      for (const email of emails) out.push({ channel: AlertChannel.Email, recipient: email });
    }
    return out;
  }
}

const list = (s: string): string[] =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

const EMAIL = /^[^\s@]+@[^\s@]+$/;

/** `{"duty_manager": ["a@x"], ...}` (or `{"roles": {...}}`), inline and from a file, merged. */
export function parseRecipients(inline: string, file: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const merge = (text: string, where: string) => {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      throw new Error(`${where}: not JSON`);
    }
    const roles = (raw as { roles?: unknown })?.roles ?? raw;
    if (!roles || typeof roles !== 'object' || Array.isArray(roles))
      throw new Error(`${where}: must be an object of role -> list of e-mail addresses`);
    for (const [role, emails] of Object.entries(roles as Record<string, unknown>)) {
      if (!Array.isArray(emails) || !emails.every((e) => typeof e === 'string' && EMAIL.test(e)))
        throw new Error(`${where}: "${role}" must be a list of e-mail addresses`);
      out.set(role, [...new Set([...(out.get(role) ?? []), ...(emails as string[])])]);
    }
  };
  if (file) merge(readFileSync(file, 'utf8'), `ALERT_RECIPIENTS_FILE ${file}`);
  if (inline) merge(inline, 'ALERT_RECIPIENTS');
  return out;
}
