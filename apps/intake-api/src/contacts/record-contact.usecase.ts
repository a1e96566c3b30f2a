import { Injectable } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { CanonicalContact, sourceGroupOf, Topic, validateContact } from '@app/contracts';
import { CriteriaRegistry, localityOf } from '@app/criteria';
import { Problem } from '@app/http';
import { enqueueEvents } from '@app/messaging';
import { identityColumns, partitionKey } from './contact-identity';

export interface RecordContactCommand {
  partnerId: string;
  idempotencyKey: string;
  body: unknown;
  receivedAt?: Date;
  /** Historical import: stored as closed history, no desk item, timer or alert. */
  imported?: boolean;
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
 * contact; the same key with a different body is a conflict.
 */
@Injectable()
export class RecordContactUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly criteria: CriteriaRegistry,
  ) {}

  async execute(cmd: RecordContactCommand): Promise<RecordContactResult> {
    if (!IDEMPOTENCY_KEY.test(cmd.idempotencyKey ?? '')) {
      throw Problem.validation(400, [
        { path: 'header:Idempotency-Key', message: 'is required: 1 to 128 printable ASCII characters' },
      ]);
    }
    const receivedAt = cmd.receivedAt ?? new Date();
    const result = validateContact(cmd.body, {
      receivedAt,
      knownIndicators: this.criteria.current().indicatorCodes,
    });
    if (!result.ok) throw Problem.validation(result.status, result.errors);
    const requestHash = hashBody(cmd.body);
    return this.dataSource.transaction((manager) =>
      this.insert(manager, cmd, result.contact, receivedAt, requestHash),
    );
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
    const inserted: { id: string }[] = await manager.query(
      `INSERT INTO contacts (id, partner_id, idempotency_key, request_hash, received_at, agency, cin_code, source_group,
                             locality, body, nhs_number, upn, last_name_norm, first_name_norm, birth_date, postcode,
                             household_ref, status, imported)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19)
       ON CONFLICT (partner_id, idempotency_key) DO NOTHING
       RETURNING id`,
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
    await enqueueEvents(manager, [
      {
        topic: Topic.ContactReceived,
        key: partitionKey(contact),
        payload: {
          contactId: id,
          receivedAt: receivedAt.toISOString(),
          ...(cmd.imported ? { imported: true } : {}),
        },
      },
    ]);
    return { id, created: true };
  }
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
