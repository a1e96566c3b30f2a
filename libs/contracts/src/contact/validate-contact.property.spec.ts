import fc from 'fast-check';
import { bundledCriteriaRegistry } from '@app/criteria';
import {
  CORRUPTIONS,
  corruptedContactArb,
  validContactArb,
  type ContactArbitraryOptions,
} from '../../../testing/src/contact-arbitraries';
import { validateContact } from './validate-contact';

/**
 * Property-based tests of the partner contract (contact-api.md): every generated valid body is accepted,
 * and every single-field corruption is rejected naming exactly that field's path.
 */
const RECEIVED_AT = new Date('2026-11-20T15:12:03Z');
const knownIndicators = bundledCriteriaRegistry().current().indicatorCodes;
const opts: ContactArbitraryOptions = { receivedAt: RECEIVED_AT, indicatorCodes: [...knownIndicators] };
const RUNS = { numRuns: 300, seed: 20261120 };

describe('validateContact (property-based)', () => {
  it('accepts every valid canonical contact body', () => {
    fc.assert(
      fc.property(validContactArb(opts), (body) => {
        const result = validateContact(body, { receivedAt: RECEIVED_AT, knownIndicators });
        if (!result.ok) throw new Error(`rejected: ${JSON.stringify(result.errors)}`);
      }),
      RUNS,
    );
  });

  it('accepts them with any seed, too (200 runs)', () => {
    fc.assert(
      fc.property(validContactArb(opts), (body) => {
        expect(validateContact(body, { receivedAt: RECEIVED_AT, knownIndicators })).toMatchObject({
          ok: true,
        });
      }),
      { numRuns: 200 },
    );
  });

  it('rejects every single-field corruption, naming only that field', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(corruptedContactArb(opts), ({ corruption, body, path, status }) => {
        seen.add(corruption);
        const result = validateContact(body, { receivedAt: RECEIVED_AT, knownIndicators });
        expect({ corruption, result }).toMatchObject({ corruption, result: { ok: false, status } });
        if (result.ok) return;
        expect({ corruption, paths: result.errors.map((e) => e.path) }).toEqual({
          corruption,
          paths: [path],
        });
      }),
      { numRuns: 1000, seed: 20261121 },
    );
    // Every corruption was tried at least once.
    expect([...seen].sort()).toEqual(Object.keys(CORRUPTIONS).sort());
  });
});
