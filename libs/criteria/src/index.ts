// The criteria library: the county's duty criteria as versioned data, and the pure engine that applies them.
export * from './vocabulary';
export * from './errors';
export type {
  Criteria,
  CriteriaFile,
  DueRule,
  IndicatorDefinition,
  IndicatorTerm,
  LevelDefinition,
} from './criteria-types';
export { compileCriteria, loadCriteriaFile, validateCriteriaFile } from './criteria-file';
export { BUNDLED_DATA_DIR, CriteriaRegistry, bundledCriteriaRegistry } from './criteria-registry';
export { CriteriaModule } from './criteria.module';
export { loadBankHolidays } from './bank-holidays';
export type { BankHolidays } from './working-time';
export { WorkingCalendar, addClockHours, addWorkingDays } from './working-time';
export { isWellFormedPostcode, normalisePostcode, postcodeDistrict } from './postcode';
export type { MatchExplanation, MatchReason, MatchResult, PersonIdentity } from './person-matching';
export { explainMatch, matchPersons, normaliseName, postcodeSector } from './person-matching';
export type { CriteriaContact, Decision, EvaluateInput } from './decision';
export { evaluate, localityOf } from './engine';
export type { ContactBody, EvaluateRequest, EvaluatedDecision, PossibleMatch } from './evaluate-request';
export { evaluateRequest } from './evaluate-request';
