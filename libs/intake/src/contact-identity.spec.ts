import { createHash } from 'node:crypto';
import type { CanonicalContact } from '@app/contracts';
import { partitionKey } from './contact-identity';

const contact = (child: Partial<CanonicalContact['child']>) =>
  ({ child: { lastName: 'Okafor', dateOfBirth: '2016-03-14', ...child } }) as unknown as CanonicalContact;

describe('partitionKey: a keyed pseudonym, not a hash anyone can recompute', () => {
  const pepper = 'p'.repeat(43);

  it('is not the plain SHA-256 of the identifier, and changes with the pepper', () => {
    const key = partitionKey(contact({ nhsNumber: '9434765919' }), pepper);
    const plain = createHash('sha256').update('nhs:9434765919').digest('hex').slice(0, 32);
    expect(key).not.toBe(plain);
    expect(partitionKey(contact({ nhsNumber: '9434765919' }), 'q'.repeat(43))).not.toBe(key);
    expect(key).not.toContain('9434765919');
  });

  it('is stable for one child (one partition, in order) and refuses to run without a pepper', () => {
    expect(partitionKey(contact({ nhsNumber: '9434765919' }), pepper)).toBe(
      partitionKey(contact({ nhsNumber: '9434765919', lastName: 'Other' }), pepper),
    );
    expect(() => partitionKey(contact({}), '')).toThrow(/pepper/);
  });
});
