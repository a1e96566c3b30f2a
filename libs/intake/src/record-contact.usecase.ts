import { Inject, Injectable } from '@nestjs/common';
import { AppConfig, loadConfig } from '@app/config';
import { createHash, randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import {
  CanonicalContact,
  ConflictError,
  invalidInput,
  MalformedInputError,
  sourceGroupOf,
  Topic,
  validateContact,
} from '@app/contracts';
import { CriteriaRegistry, localityOf } from '@app/criteria';
import { isDatabaseUnavailable } from '@app/http';
import { GroupCommit } from '@app/persistence';
import { eventEnvelope, signalOutboxWritten } from '@app/messaging';
import { identityColumns, partitionKey } from './contact-identity';
import { ContactsRepository, ContactToWrite } from './contacts.repository';

const contactsTable = new ContactsRepository();

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

/** 1 to 128 printable ASCII characters; no comma (two keys joined by a comma are never read as one). */
const IDEMPOTENCY_KEY = /^[\x20-\x2b\x2d-\x7e]{1,128}$/;

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
  private readonly writer = new GroupCommit<ContactToWrite, RecordContactResult>(
    (rows) => this.writeBatch(rows),
    { maxBatch: 250, maxConcurrent: 2 },
  );

  constructor(
    private readonly dataSource: DataSource,
    private readonly criteria: CriteriaRegistry,
    // The installation's config when built outside Nest (a test wiring the import by hand).
    @Inject(AppConfig) private readonly config: AppConfig = loadConfig(),
  ) {}

  async execute(cmd: RecordContactCommand): Promise<RecordContactResult> {
    assertIdempotencyKey(cmd.idempotencyKey);
    const receivedAt = cmd.receivedAt ?? new Date();
    const result = validateContact(cmd.body, {
      receivedAt,
      knownIndicators: this.criteria.current().indicatorCodes,
    });
    if (!result.ok) throw invalidInput(result.status, result.errors);
    // Written with the concurrent requests' contacts, one statement for all (each answered on the commit).
    const outcome = await this.writer.submit(
      this.prepare(cmd, result.contact, receivedAt, hashBody(cmd.body)),
    );
    if (outcome instanceof Error) throw outcome;
    return outcome;
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
    if (!checked.ok) throw invalidInput(checked.status, checked.errors);
    const rows = checked.contacts.map((contact, i) => {
      const item = cmd.items[i];
      return this.prepare(
        { partnerId: cmd.partnerId, idempotencyKey: item.idempotencyKey, body: item.body },
        contact,
        receivedAt,
        item.requestHash ?? hashBody(item.body),
      );
    });
    // One transaction: a key reused with a different body undoes the whole request.
    const results = await this.dataSource.transaction(async (manager) => {
      const outcomes = await this.writeRows(manager, rows);
      const fault = outcomes.find((o): o is Error => o instanceof Error);
      if (fault) throw fault;
      return outcomes as RecordContactResult[];
    });
    signalOutboxWritten();
    return results;
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

  /** The contact's row and its `contact.received.v1` event, ready to write. */
  private prepare(
    cmd: RecordContactCommand,
    contact: CanonicalContact,
    receivedAt: Date,
    requestHash: string,
  ): ContactToWrite {
    const id = randomUUID();
    const identity = identityColumns(contact);
    return {
      id,
      partner_id: cmd.partnerId,
      idempotency_key: cmd.idempotencyKey,
      request_hash: requestHash,
      received_at: receivedAt.toISOString(),
      agency: contact.source.agency,
      cin_code: contact.source.cinCode,
      source_group: sourceGroupOf(contact.source.agency),
      locality: localityOf(identity.postcode ?? undefined, this.criteria.current()),
      body: contact,
      nhs_number: identity.nhsNumber,
      upn: identity.upn,
      last_name_norm: identity.lastNameNorm,
      first_name_norm: identity.firstNameNorm,
      birth_date: identity.birthDate,
      postcode: identity.postcode,
      household_ref: contact.householdRef ?? null,
      status: cmd.imported ? 'closed' : 'received',
      imported: !!cmd.imported,
      partition_key: partitionKey(contact, this.config.KAFKA_KEY_PEPPER),
      event: eventEnvelope(
        Topic.ContactReceived,
        { contactId: id, receivedAt: receivedAt.toISOString(), ...(cmd.imported ? { imported: true } : {}) },
        receivedAt,
      ),
    };
  }

  /**
   * Group commit for single contacts: the rows of concurrent requests in one statement. If that fails for
   * a reason of one row's making (not the database being away), each row is written alone, so one bad
   * row fails only its own request.
   */
  private async writeBatch(rows: ContactToWrite[]): Promise<(RecordContactResult | Error)[]> {
    try {
      const outcomes = await this.writeRows(this.dataSource.manager, rows);
      signalOutboxWritten();
      return outcomes;
    } catch (e) {
      if (rows.length === 1 || isDatabaseUnavailable(e)) throw e;
      return Promise.all(
        rows.map((row) =>
          this.writeRows(this.dataSource.manager, [row]).then(
            ([r]) => r,
            (err: Error) => err,
          ),
        ),
      );
    }
  }

  /**
   * Writes contacts and their outbox rows in one statement: each contact with its event, or (a replayed
   * idempotency key) neither. Answers each row in order: created, the first contact for a replay with the
   * same body, or a ConflictError for the same key with a different body.
   */
  private async writeRows(
    manager: EntityManager,
    rows: ContactToWrite[],
  ): Promise<(RecordContactResult | Error)[]> {
    const created = await contactsTable.insertWithEvents(manager, rows);
    const replays = rows.filter((r) => !created.has(r.id));
    // A replayed key (or two requests with one key in the same batch): the contact the key first recorded.
    const existing = replays.length
      ? await contactsTable.byKeys(
          manager,
          replays.map((r) => ({ partnerId: r.partner_id, idempotencyKey: r.idempotency_key })),
        )
      : [];
    const first = new Map(existing.map((e) => [`${e.partner_id}|${e.idempotency_key}`, e]));
    return rows.map((row) => {
      if (created.has(row.id)) return { id: row.id, created: true };
      const earlier = first.get(`${row.partner_id}|${row.idempotency_key}`)!;
      if (earlier.request_hash !== row.request_hash) {
        return new ConflictError('This Idempotency-Key was already used with a different body');
      }
      return { id: earlier.id, created: false };
    });
  }
}

/** The contract's Idempotency-Key rule: 1 to 128 printable ASCII characters (400 otherwise). */
export function assertIdempotencyKey(key: string | undefined): void {
  if (!IDEMPOTENCY_KEY.test(key ?? '')) {
    throw new MalformedInputError([
      {
        path: 'header:Idempotency-Key',
        message: 'is required, sent once: 1 to 128 printable ASCII characters, no comma',
      },
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
