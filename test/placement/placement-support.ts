import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { DataSource } from 'typeorm';
import { StaffTokens, StaffRole } from '@app/auth';
import { contactBody, nhsNumberFor } from '@app/testing';
import type { RunningApp } from '../support/apps';

/** A staff bearer token for a role, issued by the app's own StaffTokens. */
export function tokenFor(app: RunningApp, role: StaffRole, username = `${role}-tester`): string {
  return app.app.get(StaffTokens).issue({ id: randomUUID(), username, role });
}

let seq = Math.floor(Math.random() * 1e6);

/**
 * A child the service knows, as triage leaves one: a contact (with the given identifiers) and its current
 * decision. `decision` sets level, priority and when it was triaged (days before now).
 */
export async function seedChild(
  ds: DataSource,
  opts: {
    decision?: { needLevel: number; priority: string; daysAgo: number };
    contactStatus?: 'triaged' | 'closed';
    child?: Record<string, unknown>;
  } = {},
): Promise<{ childId: string; contactId: string; child: Record<string, unknown> }> {
  const n = ++seq;
  const childId = randomUUID();
  const contactId = randomUUID();
  const partnerId = randomUUID();
  const child = {
    ...contactBody().child,
    nhsNumber: nhsNumberFor(n * 7919),
    lastName: `Testchild${n}`,
    ...opts.child,
  };
  const body = contactBody({ child });
  const daysAgo = opts.decision?.daysAgo ?? 2;
  const at = new Date(Date.now() - daysAgo * 86400000);
  await ds.transaction(async (m) => {
    await m.query('INSERT INTO partners (id, name, agency) VALUES ($1, $2, $3)', [
      partnerId,
      `placement-test-${partnerId}`,
      'school',
    ]);
    await m.query('INSERT INTO children (id) VALUES ($1)', [childId]);
    await m.query(
      `INSERT INTO contacts (id, partner_id, idempotency_key, request_hash, received_at, agency, cin_code, source_group,
          locality, body, nhs_number, upn, last_name_norm, first_name_norm, birth_date, postcode, child_id, status)
       VALUES ($1,$2,$3,'h',$4,'school','2A','schools','NORTH',$5,$6,$7,$8,$9,$10,$11,$12,$13)`,
      [
        contactId,
        partnerId,
        `k-${contactId}`,
        at,
        JSON.stringify(body),
        (child as { nhsNumber?: string }).nhsNumber ?? null,
        (child as { upn?: string }).upn ?? null,
        String(child.lastName)
          .toLowerCase()
          .replace(/[^a-z]/g, ''),
        child.firstName ? String(child.firstName).toLowerCase() : null,
        child.dateOfBirth ?? null,
        (child as { address?: { postcode?: string } }).address?.postcode ?? null,
        childId,
        opts.contactStatus ?? 'triaged',
      ],
    );
    const d = opts.decision ?? { needLevel: 2, priority: 'THREE_WORKING_DAYS', daysAgo };
    await m.query(
      `INSERT INTO decisions (id, contact_id, child_id, triggered_by, triaged_at, criteria_version, need_level, route,
          team, priority, due_at, strategy_discussion, consent_required, reasons, picture, history,
          linked_contact_ids, possible_matches)
       VALUES ($1,$2,$3,$2,$4,'2026-1',$5,'STATUTORY_ASSESSMENT','ASSESSMENT',$6,$4,false,false,'[]','{}',0,'[]','[]')`,
      [randomUUID(), contactId, childId, at, d.needLevel, d.priority],
    );
  });
  return { childId, contactId, child };
}

export const day = (daysBefore: number, from = new Date()): string =>
  new Date(from.getTime() - daysBefore * 86400000).toISOString().slice(0, 10);

/** Evidence that passes every check today. */
export const completeEvidence = () => ({
  familyGroupConference: { status: 'held', date: day(20) },
  kinshipAssessment: { status: 'no_viable_carer', date: day(15) },
  familySupport: { status: 'provided', service: 'FAMILY_SUPPORT_CITY', from: day(200), to: day(30) },
  inHouseFosterSearch: { status: 'no_match', date: day(5) },
});

export const placementBody = (childId: string, over: Record<string, unknown> = {}) => ({
  child: { id: childId },
  requestedBy: { name: 'J. Smith', role: 'Social Worker', team: 'ASSESSMENT' },
  placementType: 'ifa_foster',
  legalBasis: 's20',
  emergency: false,
  reason: 'The placement at home has broken down.',
  evidence: completeEvidence(),
  ...over,
});

export interface ReceivedWebhook {
  deliveryId: string;
  attempt: number;
  body: any;
  receivedAt: number;
}

/**
 * A real HTTP webhook receiver that checks signatures as apps/alerts/README.md tells receivers to (its own
 * code, not the app's): HMAC-SHA256 over `${t}.${rawBody}` with any secret it holds, within 5 minutes.
 * `mode` makes it answer 503 (down), 400 (refusing), or accept; `stop()` closes the port entirely.
 */
export class WebhookReceiver {
  readonly accepted: ReceivedWebhook[] = [];
  readonly rejected: { reason: string; deliveryId: string }[] = [];
  readonly attempts: { deliveryId: string; status: number }[] = [];
  mode: 'accept' | 'down' | 'refuse' = 'accept';
  private server: Server | null = null;
  port = 0;

  constructor(public secrets: string[]) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}/hooks/front-door`;
  }

  async start(port = 0): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((r) => this.server!.listen(port, '127.0.0.1', () => r()));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise((r) => this.server!.close(r));
    this.server = null;
  }

  forAlert(alertId: string): ReceivedWebhook[] {
    return this.accepted.filter((w) => w.body.alert.id === alertId);
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks);
    const deliveryId = String(req.headers['x-frontdoor-delivery-id'] ?? '');
    const answer = (status: number) => {
      this.attempts.push({ deliveryId, status });
      res.writeHead(status).end();
    };
    if (this.mode === 'down') return answer(503);
    if (this.mode === 'refuse') return answer(400);
    const header = String(req.headers['x-frontdoor-signature'] ?? '');
    const t = Number(/(?:^|,)t=(\d+)/.exec(header)?.[1]);
    const sigs = [...header.matchAll(/v1=([0-9a-f]{64})/g)].map((m) => Buffer.from(m[1], 'hex'));
    if (!t || Math.abs(Date.now() / 1000 - t) > 300) {
      this.rejected.push({ reason: 'stale or missing timestamp', deliveryId });
      return answer(401);
    }
    const ok = this.secrets.some((s) => {
      const expected = createHmac('sha256', s).update(`${t}.`).update(raw).digest();
      return sigs.some((g) => g.length === expected.length && timingSafeEqual(g, expected));
    });
    if (!ok) {
      this.rejected.push({ reason: 'bad signature', deliveryId });
      return answer(401);
    }
    this.accepted.push({
      deliveryId,
      attempt: Number(req.headers['x-frontdoor-attempt']),
      body: JSON.parse(raw.toString('utf8')),
      receivedAt: Date.now(),
    });
    answer(204);
  }
}

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
}

/** A real SMTP server on localhost (smtp-server): plain, no auth, keeping every message it receives. */
export class SmtpReceiver {
  readonly messages: ReceivedMail[] = [];
  private server: SMTPServer | null = null;
  port = 0;

  async start(): Promise<this> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          this.messages.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            raw: Buffer.concat(chunks).toString('utf8'),
          });
          callback();
        });
      },
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', () => r()));
    this.port = (this.server.server.address() as AddressInfo).port;
    return this;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }
}
