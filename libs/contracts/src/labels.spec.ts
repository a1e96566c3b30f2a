import { readFileSync } from 'node:fs';
import path from 'node:path';
import { AlertChannel } from './alert-delivery';
import { SOURCE_AGENCIES } from './agencies';
import { CLOSURE_REASONS, DISABILITIES, PRIMARY_NEEDS, SEXES } from './cin-codes';
import { CONSENTS, GENDERS } from './contact/contact-codes';
import { COUNTY_LOCALITIES, NEED_LEVELS, PRIORITIES, ROUTES } from './duty-vocabulary';
import {
  AGENCY_LABELS,
  ALERT_CHANNEL_LABELS,
  CLOSURE_REASON_LABELS,
  CONSENT_LABELS,
  GENDER_LABELS,
  DISABILITY_LABELS,
  PRIMARY_NEED_LABELS,
  SEX_LABELS,
  CLOSE_OUTCOME_LABELS,
  INDICATOR_LABELS,
  LOCALITY_LABELS,
  NEED_LEVEL_LABELS,
  PRIORITY_LABELS,
  ROUTE_LABELS,
} from './labels';
import { CLOSE_OUTCOMES } from './outcomes';

describe('plain-English labels', () => {
  it('has a word for every code of every vocabulary', () => {
    expect(Object.keys(PRIORITY_LABELS).sort()).toEqual([...PRIORITIES].sort());
    expect(Object.keys(ROUTE_LABELS).sort()).toEqual([...ROUTES].sort());
    expect(Object.keys(NEED_LEVEL_LABELS).map(Number)).toEqual([...NEED_LEVELS]);
    expect(Object.keys(CLOSE_OUTCOME_LABELS).sort()).toEqual([...CLOSE_OUTCOMES].sort());
    expect(Object.keys(AGENCY_LABELS).sort()).toEqual([...SOURCE_AGENCIES].sort());
    expect(Object.keys(CONSENT_LABELS).sort()).toEqual([...CONSENTS].sort());
    expect(Object.keys(GENDER_LABELS).sort()).toEqual([...GENDERS].sort());
    expect(Object.keys(PRIMARY_NEED_LABELS).sort()).toEqual([...PRIMARY_NEEDS].sort());
    expect(Object.keys(SEX_LABELS).sort()).toEqual([...SEXES].sort());
    expect(Object.keys(DISABILITY_LABELS).sort()).toEqual([...DISABILITIES].sort());
    expect(Object.keys(CLOSURE_REASON_LABELS).sort()).toEqual([...CLOSURE_REASONS].sort());
    expect(Object.keys(ALERT_CHANNEL_LABELS).sort()).toEqual(Object.values(AlertChannel).sort());
    for (const l of COUNTY_LOCALITIES) expect(LOCALITY_LABELS[l]).toBeTruthy();
  });

  it('names every indicator of every bundled criteria version', () => {
    const dir = path.resolve(__dirname, '../../criteria/src/data');
    const file = JSON.parse(readFileSync(path.join(dir, 'criteria-2026-1.json'), 'utf8'));
    const codes: string[] = file.indicators.map((i: { code: string }) => i.code);
    expect(codes.filter((c) => !INDICATOR_LABELS[c])).toEqual([]);
    expect(Object.keys(INDICATOR_LABELS).sort()).toEqual([...codes].sort());
  });

  it('imports nothing but the pure vocabulary modules, so the browser bundle can take it', () => {
    const source = readFileSync(path.join(__dirname, 'labels.ts'), 'utf8');
    const imports = [...source.matchAll(/from '([^']+)'/g)].map((m) => m[1]).sort();
    expect(imports).toEqual([
      './agencies',
      './cin-codes',
      './contact/contact-codes',
      './duty-vocabulary',
      './outcomes',
    ]);
  });
});
