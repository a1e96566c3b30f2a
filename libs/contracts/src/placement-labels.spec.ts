import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  DIVERSION_LABELS,
  LEGAL_BASIS_LABELS,
  PANEL_DECISION_LABELS,
  PLACEMENT_TYPE_LABELS,
  PROVIDER_LABELS,
} from './placement-labels';
import { DIVERSIONS, LEGAL_BASES, PANEL_DECISIONS, PLACEMENT_TYPES, PROVIDERS } from './placement-vocabulary';

describe('placement labels', () => {
  it('has a word for every code of every placement vocabulary', () => {
    expect(Object.keys(PLACEMENT_TYPE_LABELS).sort()).toEqual([...PLACEMENT_TYPES].sort());
    expect(Object.keys(LEGAL_BASIS_LABELS).sort()).toEqual([...LEGAL_BASES].sort());
    expect(Object.keys(PANEL_DECISION_LABELS).sort()).toEqual([...PANEL_DECISIONS].sort());
    expect(Object.keys(DIVERSION_LABELS).sort()).toEqual([...DIVERSIONS].sort());
    expect(Object.keys(PROVIDER_LABELS).sort()).toEqual([...PROVIDERS].sort());
  });

  it('imports nothing but the pure vocabulary, so the browser bundle can take it', () => {
    for (const file of ['placement-labels.ts', 'placement-vocabulary.ts']) {
      const source = readFileSync(path.join(__dirname, file), 'utf8');
      const imports = [...source.matchAll(/from '([^']+)'/g)].map((m) => m[1]);
      expect(imports).toEqual(file === 'placement-labels.ts' ? ['./placement-vocabulary'] : []);
    }
  });
});
