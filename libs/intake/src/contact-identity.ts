import { createHmac } from 'node:crypto';
import { CanonicalContact } from '@app/contracts';
import { normaliseName } from '@app/criteria';

/** The identifier columns person matching searches on, taken from a validated contact. */
export function identityColumns(contact: CanonicalContact) {
  const child = contact.child;
  return {
    nhsNumber: child.nhsNumber ?? null,
    upn: child.upn ?? null,
    lastNameNorm: normaliseName(child.lastName),
    firstNameNorm: child.firstName ? normaliseName(child.firstName) : null,
    birthDate: child.dateOfBirth ?? child.expectedDateOfBirth ?? null,
    postcode: child.address?.postcode ?? null,
  };
}

/**
 * The Kafka key for a contact: its strongest identifier, so that contacts about one child land on one
 * partition and are triaged in order. (When two keys turn out to be one child, triage's advisory locks
 * keep the order.) The key is an HMAC under the installation's secret pepper (KAFKA_KEY_PEPPER), not a
 * plain hash: without the pepper nobody who reads a topic can test a known child's NHS number or name and
 * date of birth against the keys, nor recover an NHS number by trying all of them.
 */
export function partitionKey(contact: CanonicalContact, pepper: string): string {
  if (!pepper) throw new Error('partitionKey: the Kafka key pepper is missing');
  const id = identityColumns(contact);
  const raw = id.nhsNumber
    ? `nhs:${id.nhsNumber}`
    : id.upn
      ? `upn:${id.upn}`
      : `name:${id.lastNameNorm}|${id.birthDate}`;
  return createHmac('sha256', pepper).update(raw).digest('hex').slice(0, 32);
}
