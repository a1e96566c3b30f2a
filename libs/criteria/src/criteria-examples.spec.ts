import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundledCriteriaRegistry } from './criteria-registry';
import { EvaluateRequest, evaluateRequest } from './evaluate-request';

/** The worked examples of the spec (criteria-examples.json), each decided in full. */
interface Example {
  name: string;
  request: EvaluateRequest;
  expect: {
    needLevel: number;
    route: string;
    team: string | null;
    priority: string;
    dueAt: string;
    strategyDiscussion: boolean;
    consentRequired: boolean;
    reasonCodes: string[];
    linkedContactIds: string[];
    criteriaVersion: string;
  };
}

const examples: Example[] = JSON.parse(
  readFileSync(join(__dirname, '..', 'test-fixtures', 'criteria-examples.json'), 'utf8'),
);

describe('criteria examples', () => {
  it('has all sixteen examples', () => {
    expect(examples).toHaveLength(16);
  });

  it.each(examples.map((example) => [example.name, example] as const))('%s', (_name, example) => {
    const { decision } = evaluateRequest(example.request, bundledCriteriaRegistry());
    const { reasonCodes, ...expected } = example.expect;
    expect({
      needLevel: decision.needLevel,
      route: decision.route,
      team: decision.team,
      priority: decision.priority,
      dueAt: decision.dueAt,
      strategyDiscussion: decision.strategyDiscussion,
      consentRequired: decision.consentRequired,
      linkedContactIds: decision.linkedContactIds,
      criteriaVersion: decision.criteriaVersion,
    }).toEqual(expected);
    // The examples list every reason the decision gives, no more: compared as sets.
    expect(decision.reasons.map((reason) => reason.code).sort()).toEqual([...reasonCodes].sort());
    expect(new Set(decision.reasons.map((reason) => reason.code)).size).toBe(decision.reasons.length);
    for (const reason of decision.reasons) expect(reason.text).not.toMatch(/\{\w+\}/);
  });
});
