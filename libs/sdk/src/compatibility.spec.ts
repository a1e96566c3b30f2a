import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { breakingChanges, V1_CORRECTIONS } from '../../../scripts/sdk/compatibility';

const read = (path: string) => JSON.parse(readFileSync(resolve(__dirname, '..', path), 'utf8'));
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v));

/**
 * v1 only grows: the documents the apps produce now (libs/sdk/openapi, kept equal to the apps by
 * generated.spec.ts and to /docs-json by test/contract/openapi-documents) against the v1 baselines.
 */
describe('the v1 contract only grows', () => {
  it.each(['partner', 'staff'])('the %s document breaks nothing of its v1 baseline', (name) => {
    expect(breakingChanges(read(`openapi/v1/${name}.json`), read(`openapi/${name}.json`))).toEqual([]);
  });

  it('each listed v1 correction excuses a change the documents make now, and says why', () => {
    const raw = breakingChanges(read('openapi/v1/staff.json'), read('openapi/staff.json'), []);
    for (const c of V1_CORRECTIONS) {
      expect(raw).toContain(c.fault);
      expect(c.reason.length).toBeGreaterThan(20);
    }
  });

  it('a correction excuses its own fault only: another field required beside it is caught', () => {
    const now = clone(read('openapi/staff.json'));
    now.components.schemas.OpenCase.properties.since = { type: 'string', format: 'date' };
    now.components.schemas.OpenCase.required.push('since');
    expect(breakingChanges(read('openapi/v1/staff.json'), now)).toEqual([
      'POST /v1/criteria/evaluate body.openCase.since: newly required in the request',
    ]);
  });

  describe('a narrowing change is caught', () => {
    const partner = read('openapi/v1/partner.json');
    const changed = (edit: (d: any) => void) => {
      const d = clone(partner);
      edit(d);
      return breakingChanges(partner, d);
    };

    it.each([
      [
        'a removed path',
        (d: any) => delete d.paths['/v1/contacts/{id}'],
        'GET /v1/contacts/{id}: operation removed',
      ],
      [
        'a removed operation',
        (d: any) => delete d.paths['/v1/contacts'].post,
        'POST /v1/contacts: operation removed',
      ],
      [
        'a removed response property',
        (d: any) => delete d.components.schemas.ContactReceived.properties.status,
        'POST /v1/contacts 202.status: removed from the response',
      ],
      [
        'a new required request property',
        (d: any) => d.components.schemas.ChildDto.required.push('gender'),
        'POST /v1/contacts body.child.gender: newly required in the request',
      ],
      [
        'a narrowed request enum',
        (d: any) => d.components.schemas.ContactDto.properties.consent.enum.pop(),
        'POST /v1/contacts body.consent: enum narrowed',
      ],
      [
        'a changed type',
        (d: any) => (d.components.schemas.ContactDecision.properties.needLevel.type = 'string'),
        'GET /v1/contacts/{id} 200.decision.needLevel: type integer became string',
      ],
      [
        'a removed success response',
        (d: any) => delete d.paths['/v1/contacts'].post.responses['202'],
        'POST /v1/contacts: response 202 removed',
      ],
    ])('%s', (_, edit, fault) => {
      expect(changed(edit).join('\n')).toContain(fault);
    });

    it('an additive change is allowed: a new path, an optional request field, a new response field', () => {
      expect(
        changed((d) => {
          d.paths['/v1/new'] = { get: { responses: { '200': { description: 'ok' } } } };
          d.components.schemas.ChildDto.properties.ethnicity = { type: 'string' };
          d.components.schemas.ContactReceived.properties.receivedAt = { type: 'string' };
          d.components.schemas.ContactDto.properties.consent.enum.push('withdrawn');
        }),
      ).toEqual([]);
    });
  });
});
