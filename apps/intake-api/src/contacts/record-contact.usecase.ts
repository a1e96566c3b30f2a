import { Injectable } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { CanonicalContact, sourceGroupOf, Topic, validateContact } from '@app/contracts';
import { CriteriaRegistry, localityOf } from '@app/criteria';
import { Problem } from '@app/http';
import { eventEnvelope } from '@app/messaging';
import { identityColumns, partitionKey } from './contact-identity';

export interface RecordContactCommand {
  partnerId: string;
  idempotencyKey: string;
  body: unknown;
  receivedAt?: Date;
  /** Historical import: stored as closed history, no desk item, timer or alert. */
  imported?: boolean;
}

/**
 * Several contacts from one partner record (a police notification naming a household's children): each
 * with its own idempotency key (the adapter derives `${key}:${index}`) and, optionally, a request hash of
 * the partner's native body so that a replay is recognised whatever the canonical mapping produced.
 */
export interface RecordContactsCommand {
  partnerId: string;
  items: { idempotencyKey: string; body: unknown; requestHash?: string }[];
  receivedAt?: Date;
  /** Where a fault in item `index` at canonical `path` lies in the partner's own body. */
  nativePath?: (index: number, path: string) => string;
}

export interface RecordContactResult {
  id: string;
  /** False when the idempotency key had already recorded this very contact. */
  created: boolean;
}

const IDEMPOTENCY_KEY = /^[\x20-\x7e]{1,128}$/;

/**
 * Records one contact durably: the contact and its `contact.received.v1` outbox row in one transaction.
 * Returns only after the commit, so "accepted" means it survives any single crash from then on.
 * Idempotent per (partner, key): the unique index makes two concurrent identical requests record one
 * contact; the same key with a different body is a conflict. Keys are kept as long as the contact itself
 * (the unique index has no expiry), so a replay days or months later still gets the first answer: well
 * beyond the 24 hours the contract promises.
 */
@Injectable()
export class RecordContactUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly criteria: CriteriaRegistry,
  ) {}

  async execute(cmd: RecordContactCommand): Promise<RecordContactResult> {
    assertIdempotencyKey(cmd.idempotencyKey);
    const receivedAt = cmd.receivedAt ?? new Date();
    const result = validateContact(cmd.body, {
      receivedAt,
      knownIndicators: this.criteria.current().indicatorCodes,
    });
    if (!result.ok) throw Problem.validation(result.status, result.errors);
    // One statement (contact and outbox row together, atomic without BEGIN/COMMIT round trips).
    return this.insert(this.dataSource.manager, cmd, result.contact, receivedAt, hashBody(cmd.body));
  }

  /**
   * Records several contacts all or none: every body is validated first (faults named by `nativePath`),
   * then all are inserted in one transaction, in item order (so two concurrent identical requests wait on
   * each other's first row rather than deadlock). A replay returns the same ids; a key reused with a
   * different body is a 409 and nothing of the request is recorded.
   */
  async executeMany(cmd: RecordContactsCommand): Promise<RecordContactResult[]> {
    const receivedAt = cmd.receivedAt ?? new Date();
    const checked = this.validateMany(cmd.items, receivedAt, cmd.nativePath);
    if (!checked.ok) throw Problem.validation(checked.status, checked.errors);
    const prepared = checked.contacts.map((contact, i) => ({ item: cmd.items[i], contact }));
    return this.dataSource.transaction(async (manager) => {
      const results: RecordContactResult[] = [];
      for (const { item, contact } of prepared) {
        results.push(
          await this.insert(
            manager,
            { partnerId: cmd.partnerId, idempotencyKey: item.idempotencyKey, body: item.body },
            contact,
            receivedAt,
            item.requestHash ?? hashBody(item.body),
          ),
        );
      }
      return results;
    });
  }

  /**
   * Validates several bodies against the contract without recording anything; faults are named by
   * `nativePath(index, path)` (an adapter names them in its partner's own format).
   */
  validateMany(
    items: { body: unknown }[],
    receivedAt: Date,
    nativePath: (index: number, path: string) => string = (i, path) => `[${i}].${path}`,
  ):
    | { ok: true; contacts: CanonicalContact[] }
    | { ok: false; status: 400 | 422; errors: { path: string; message: string }[] } {
    const knownIndicators = this.criteria.current().indicatorCodes;
    const errors: { path: string; message: string }[] = [];
    const contacts: CanonicalContact[] = [];
    let status: 400 | 422 = 422;
    items.forEach((item, index) => {
      const result = validateContact(item.body, { receivedAt, knownIndicators });
      if (result.ok) return contacts.push(result.contact);
      if (result.status === 400) status = 400;
      for (const e of result.errors) errors.push({ path: nativePath(index, e.path), message: e.message });
    });
    return errors.length ? { ok: false, status, errors: dedupeByPath(errors) } : { ok: true, contacts };
  }

  private async insert(
    manager: EntityManager,
    cmd: RecordContactCommand,
    contact: CanonicalContact,
    receivedAt: Date,
    requestHash: string,
  ): Promise<RecordContactResult> {
    const id = randomUUID();
    const identity = identityColumns(contact);
    const locality = localityOf(identity.postcode ?? undefined, this.criteria.current());
    const event = eventEnvelope(
      Topic.ContactReceived,
      { contactId: id, receivedAt: receivedAt.toISOString(), ...(cmd.imported ? { imported: true } : {}) },
      receivedAt,
    );
    // The contact and its contact.received.v1 outbox row in one statement: both or neither. On a replayed
    // idempotency key nothing is inserted and the first contact is returned below.
    const inserted: { id: string }[] = await manager.query(
      `WITH contact AS (
         INSERT INTO contacts (id, partner_id, idempotency_key, request_hash, received_at, agency, cin_code, source_group,
                               locality, body, nhs_number, upn, last_name_norm, first_name_norm, birth_date, postcode,
                               household_ref, status, imported)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19)
         ON CONFLICT (partner_id, idempotency_key) DO NOTHING
         RETURNING id
       ), event AS (
         INSERT INTO outbox (topic, message_key, payload) SELECT $20, $21, $22::jsonb FROM contact
       )
       SELECT id FROM contact`,
      [
        id,
        cmd.partnerId,
        cmd.idempotencyKey,
        requestHash,
        receivedAt,
        contact.source.agency,
        contact.source.cinCode,
        sourceGroupOf(contact.source.agency),
        locality,
        JSON.stringify(contact),
        identity.nhsNumber,
        identity.upn,
        identity.lastNameNorm,
        identity.firstNameNorm,
        identity.birthDate,
        identity.postcode,
        contact.householdRef ?? null,
        cmd.imported ? 'closed' : 'received',
        !!cmd.imported,
        Topic.ContactReceived,
        partitionKey(contact),
        JSON.stringify(event),
      ],
    );
    if (!inserted.length) {
      const [existing]: { id: string; request_hash: string }[] = await manager.query(
        'SELECT id, request_hash FROM contacts WHERE partner_id = $1 AND idempotency_key = $2',
        [cmd.partnerId, cmd.idempotencyKey],
      );
      if (existing.request_hash !== requestHash) {
        throw Problem.conflict('This Idempotency-Key was already used with a different body');
      }
      return { id: existing.id, created: false };
    }
    return { id, created: true };
  }
}

/** The contract's Idempotency-Key rule: 1 to 128 printable ASCII characters (400 otherwise). */
export function assertIdempotencyKey(key: string | undefined): void {
  if (!IDEMPOTENCY_KEY.test(key ?? '')) {
    throw Problem.validation(400, [
      { path: 'header:Idempotency-Key', message: 'is required: 1 to 128 printable ASCII characters' },
    ]);
  }
}

/** One fault per path: children of one household share the address, say, and it is named once. */
function dedupeByPath(errors: { path: string; message: string }[]) {
  const seen = new Map<string, { path: string; message: string }>();
  for (const e of errors) if (!seen.has(e.path)) seen.set(e.path, e);
  return [...seen.values()];
}

/** A stable hash of the request body: key order does not matter, content does. */
export function hashBody(body: unknown): string {
  return createHash('sha256').update(stableJson(body)).digest('hex');
}

function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}
