import { ForbiddenError } from '@app/contracts';
import { Injectable } from '@nestjs/common';
import type { PartnerPrincipal } from '@app/auth';
import { assertIdempotencyKey, hashBody, RecordContactUseCase } from '@app/intake';
import { assertAgencyAllowed } from '../../contacts/agency-check';
import { accepted, AdapterAccepted } from './adapter-response';
import type { ContactBody } from './canonical-body';

export interface AdapterSubmission {
  adapter: 'police' | 'schools' | 'health';
  principal: PartnerPrincipal;
  /** The agencies whose partners may use this adapter. */
  agencies: readonly string[];
  idempotencyKey: string | undefined;
  /** The partner's body as sent: a replay is recognised by it. */
  nativeBody: unknown;
  contacts: ContactBody[];
  householdRef?: string;
  nativePath: (index: number, path: string) => string;
  /** When the submission arrived, if the mapping already used it. */
  receivedAt?: Date;
}

/**
 * The one way adapters record: each child's canonical contact through RecordContactUseCase, all or none,
 * keyed `${key}:${index}` and recognised on replay by the hash of the partner's native body.
 */
@Injectable()
export class RecordAdapterContacts {
  constructor(private readonly recordContact: RecordContactUseCase) {}

  async execute(s: AdapterSubmission): Promise<AdapterAccepted> {
    // The agency each mapped contact claims must be one the partner is registered for.
    assertAgencyAllowed(
      s.principal,
      s.contacts.map((c) => c.source?.agency),
      (index) => s.nativePath(index, 'source.agency'),
    );
    const nativeHash = hashBody({ adapter: s.adapter, body: s.nativeBody });
    const results = await this.recordContact.executeMany({
      partnerId: s.principal.partnerId,
      items: s.contacts.map((body, index) => ({
        idempotencyKey: `${s.idempotencyKey}:${index}`,
        body,
        requestHash: hashBody({ nativeHash, index }),
      })),
      nativePath: s.nativePath,
      receivedAt: s.receivedAt,
    });
    return accepted(
      results.map((r) => r.id),
      s.householdRef,
    );
  }

  /**
   * The contract's own faults in the contacts mapped from a native body (a date of birth in the future,
   * say), named in the partner's format, so that they are reported with the native format's faults.
   */
  check(
    contacts: ContactBody[],
    nativePath: (index: number, path: string) => string,
    receivedAt: Date,
  ): { path: string; message: string }[] {
    const result = this.recordContact.validateMany(
      contacts.map((body) => ({ body })),
      receivedAt,
      nativePath,
    );
    return result.ok ? [] : result.errors;
  }

  /** Checks the caller may use this adapter and sent a usable key, before the body is read. */
  static admit(s: Pick<AdapterSubmission, 'principal' | 'agencies' | 'idempotencyKey' | 'adapter'>): void {
    if (!s.agencies.some((a) => s.principal.agencies.includes(a))) {
      throw new ForbiddenError(
        `The ${s.adapter} adapter takes submissions from ${s.agencies.join(' or ')} partners only`,
      );
    }
    assertIdempotencyKey(s.idempotencyKey);
  }
}
