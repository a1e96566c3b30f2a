import { createHash } from 'node:crypto';
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
 * keep the order.) The key is hashed: identifiers must not travel in clear through the broker.
 */
export function partitionKey(contact: CanonicalContact): string {
  const id = identityColumns(contact);
  const raw = id.nhsNumber
    ? `nhs:${id.nhsNumber}`
    : id.upn
      ? `upn:${id.upn}`
      : `name:${id.lastNameNorm}|${id.birthDate}`;
  return createHash('sha256').update(raw).digest('hex').slice(0, 32);
}
