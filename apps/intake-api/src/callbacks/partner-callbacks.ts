import { DataSource, EntityManager } from 'typeorm';
import { FieldError, newWebhookSecret, WebhookSecretBox } from '@app/http';
import { PartnerCallbacksRepository } from './partner-callbacks.repository';

/** How long the previous secret still signs after a rotation, so a receiver can switch without a gap. */
export const PREVIOUS_SECRET_GRACE_HOURS = 24;

export interface CallbackView {
  url: string;
  registeredAt: string;
  updatedAt: string;
  secretCreatedAt: string;
  /** During a rotation: until when the previous secret also signs (a second `v1=`). */
  previousSecretValidUntil: string | null;
}

export interface FeedbackDeliveryView {
  id: string;
  contactId: string;
  status: 'pending' | 'retrying' | 'delivered' | 'failed';
  attempts: number;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The callback URL's faults, if any: an absolute HTTPS URL without credentials or fragment; plain http only
 * to this machine outside production (a receiver on a developer's laptop). The value is never echoed back.
 */
export function callbackUrlFaults(url: unknown, production: boolean): FieldError[] {
  if (typeof url !== 'string' || !url.trim())
    return [{ path: 'url', message: 'is required: an https:// URL' }];
  if (url.length > 2000) return [{ path: 'url', message: 'is at most 2000 characters' }];
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return [
      { path: 'url', message: 'must be an absolute URL such as https://partner.example/front-door/feedback' },
    ];
  }
  if (u.username || u.password) return [{ path: 'url', message: 'must not carry a user name or password' }];
  if (u.hash) return [{ path: 'url', message: 'must not have a fragment (#...)' }];
  if (u.protocol === 'https:') return [];
  if (u.protocol === 'http:' && !production && LOCAL_HOSTS.has(u.hostname)) return [];
  return [
    {
      path: 'url',
      message: production
        ? 'must be an https:// URL'
        : 'must be an https:// URL (http:// only to localhost outside production)',
    },
  ];
}

/**
 * A partner's callback for feedback on its contacts (the partner API and `npm run partners -- callback`).
 * Each partner has its own signing secret, generated here (32 random bytes), returned once when the
 * callback is first registered or the secret rotated, and stored sealed (it must be kept to sign with).
 */
export class PartnerCallbacks {
  constructor(
    private readonly ds: DataSource,
    private readonly repository: PartnerCallbacksRepository,
    private readonly box: WebhookSecretBox,
    private readonly production: boolean,
  ) {}

  /** Registers or moves the callback. A first registration generates the secret and returns it, once. */
  async put(
    partnerId: string,
    url: unknown,
  ): Promise<{ created: boolean; view: CallbackView; secret?: string }> {
    const faults = callbackUrlFaults(url, this.production);
    if (faults.length) throw new CallbackUrlError(faults);
    return this.ds.transaction(async (m) => {
      // callbackUrlFaults found none: the URL is a string.
      const checked = url as string;
      if (await this.repository.lockExisting(m, partnerId)) {
        await this.repository.moveUrl(m, partnerId, checked);
        return { created: false, view: (await this.get(partnerId, m))! };
      }
      const secret = newWebhookSecret();
      await this.repository.insert(m, partnerId, checked, this.box.seal(secret));
      return { created: true, view: (await this.get(partnerId, m))!, secret };
    });
  }

  async get(partnerId: string, m: EntityManager = this.ds.manager): Promise<CallbackView | null> {
    const r = await this.repository.find(partnerId, m);
    if (!r) return null;
    return {
      url: r.url,
      registeredAt: iso(r.createdAt)!,
      updatedAt: iso(r.updatedAt)!,
      secretCreatedAt: iso(r.secretCreatedAt)!,
      previousSecretValidUntil: iso(r.previousValidUntil),
    };
  }

  /** A new secret, returned once; the previous one keeps signing too for the grace period. */
  async rotateSecret(partnerId: string): Promise<{ view: CallbackView; secret: string } | null> {
    const secret = newWebhookSecret();
    const rotated = await this.repository.rotateSecret(
      partnerId,
      this.box.seal(secret),
      PREVIOUS_SECRET_GRACE_HOURS,
    );
    if (!rotated) return null;
    return { view: (await this.get(partnerId))!, secret };
  }

  /** Removes the callback: nothing more is sent (feedback not yet delivered fails as "no callback"). */
  async remove(partnerId: string): Promise<boolean> {
    return this.repository.remove(partnerId);
  }

  /** The partner's recent feedback webhooks, newest first, with what went wrong with any not delivered. */
  async deliveries(partnerId: string, limit = 100): Promise<FeedbackDeliveryView[]> {
    const rows = await this.repository.feedbackOf(partnerId, limit);
    return rows.map((r) => ({ ...r, createdAt: iso(r.createdAt)!, deliveredAt: iso(r.deliveredAt) }));
  }
}

export class CallbackUrlError extends Error {
  constructor(readonly faults: FieldError[]) {
    super(faults.map((f) => `${f.path} ${f.message}`).join('; '));
  }
}

const iso = (d: Date | string | null): string | null => (d ? new Date(d).toISOString() : null);
