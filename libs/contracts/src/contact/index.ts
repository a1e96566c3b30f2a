// The public face of the contact contract. Helpers used only inside validation stay unexported.
export * from './canonical-contact';
export * from './contact-codes';
export * from './contact.dto';
export { isCalendarDate, isIsoInstant } from './dates';
export * from './nhs-number';
export * from './postcode';
export * from './upn';
export * from './validate-contact';
