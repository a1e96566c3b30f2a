import { InvalidMessageError, isDomainError } from '@app/contracts';

// Defined beside the event decoders (libs/contracts), which throw it; re-exported for handlers that reject
// a well-formed event on what Postgres says (an alert that does not exist).
export { InvalidMessageError };

/** Handling that no retry can mend: a malformed message, or one a use case refused (a domain error). */
export function isInvalidMessage(e: unknown): boolean {
  if (isDomainError(e)) return true;
  return !!e && typeof e === 'object' && (e as { invalidMessage?: boolean }).invalidMessage === true;
}
