// The public face of the contact contract. Helpers used only inside validation stay unexported.
export * from './canonical-contact';
export * from './contact-codes';
export * from './contact.dto';
export { isCalendarDate, isIsoInstant } from './dates';
export * from './nhs-number';
export * from './postcode';
export * from './upn';
export * from './validate-contact';
// For partner adapters, which validate their own native formats the same way (additive exports).
export { addDays, IsCalendarDate, IsIsoInstant, serviceDateOf } from './dates';
export { IsPhoneNumber } from './phone';
export { IsNotBlank, isPresent, Required } from './field-rules';
export { finaliseIssues, flattenValidationErrors, joinPath, type ContactIssue } from './contact-issues';
export { withoutReservedKeys } from './reserved-keys';
export { PossibleMatchDto } from './possible-match.dto';
