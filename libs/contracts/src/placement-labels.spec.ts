import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  CHECK_LABELS,
  CHECK_PASSED_TEXT,
  DIVERSION_LABELS,
  EVIDENCE_LABELS,
  FINAL_OUTCOME_LABELS,
  GATEKEEPING_OUTCOME_LABELS,
  LEGAL_BASIS_LABELS,
  PANEL_ACTION_LABELS,
  PANEL_DECISION_LABELS,
  PLACEMENT_STATUS_LABELS,
  PLACEMENT_TIMELINE_LABELS,
  PLACEMENT_TYPE_LABELS,
  PROVIDER_LABELS,
} from './placement-labels';
import {
  CHECK_CODES,
  DIVERSIONS,
  FAMILY_SUPPORT_STATUSES,
  FGC_STATUSES,
  FINAL_OUTCOMES,
  GATEKEEPING_OUTCOMES,
  IN_HOUSE_SEARCH_STATUSES,
  KINSHIP_STATUSES,
  LEGAL_BASES,
  PANEL_ACTIONS,
  PANEL_DECISIONS,
  PLACEMENT_STATUSES,
  PLACEMENT_TIMELINE_KINDS,
  PLACEMENT_TYPES,
  PROVIDERS,
} from './placement-vocabulary';

const keys = (o: object) => Object.keys(o).sort();

describe('placement labels', () => {
  it('has words for every code of every placement vocabulary', () => {
    expect(keys(PLACEMENT_TYPE_LABELS)).toEqual([...PLACEMENT_TYPES].sort());
    expect(keys(LEGAL_BASIS_LABELS)).toEqual([...LEGAL_BASES].sort());
    expect(keys(CHECK_LABELS)).toEqual([...CHECK_CODES].sort());
    expect(keys(CHECK_PASSED_TEXT)).toEqual([...CHECK_CODES].sort());
    expect(keys(GATEKEEPING_OUTCOME_LABELS)).toEqual([...GATEKEEPING_OUTCOMES].sort());
    expect(keys(PLACEMENT_STATUS_LABELS)).toEqual([...PLACEMENT_STATUSES].sort());
    expect(keys(PANEL_DECISION_LABELS)).toEqual([...PANEL_DECISIONS].sort());
    expect(keys(PANEL_ACTION_LABELS)).toEqual([...PANEL_ACTIONS].sort());
    expect(keys(FINAL_OUTCOME_LABELS)).toEqual([...FINAL_OUTCOMES].sort());
    expect(keys(PROVIDER_LABELS)).toEqual([...PROVIDERS].sort());
    expect(keys(DIVERSION_LABELS)).toEqual([...DIVERSIONS].sort());
    expect(keys(PLACEMENT_TIMELINE_LABELS)).toEqual([...PLACEMENT_TIMELINE_KINDS].sort());
    expect(keys(EVIDENCE_LABELS.familyGroupConference.statuses)).toEqual([...FGC_STATUSES].sort());
    expect(keys(EVIDENCE_LABELS.kinshipAssessment.statuses)).toEqual([...KINSHIP_STATUSES].sort());
    expect(keys(EVIDENCE_LABELS.familySupport.statuses)).toEqual([...FAMILY_SUPPORT_STATUSES].sort());
    expect(keys(EVIDENCE_LABELS.inHouseFosterSearch.statuses)).toEqual([...IN_HOUSE_SEARCH_STATUSES].sort());
  });

  it('imports nothing but the pure placement vocabulary, which imports nothing', () => {
    const read = (f: string) => readFileSync(path.join(__dirname, f), 'utf8');
    const imports = (src: string) => [...src.matchAll(/from '([^']+)'/g)].map((m) => m[1]);
    expect(imports(read('placement-labels.ts'))).toEqual(['./placement-vocabulary']);
    expect(imports(read('placement-vocabulary.ts'))).toEqual([]);
  });
});
