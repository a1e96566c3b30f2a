import { InvalidMessageError } from '@app/contracts';

// Defined beside the event decoders (libs/contracts), which throw it; re-exported for handlers that reject
// a well-formed event on what Postgres says (an alert that does not exist).
export { InvalidMessageError };

export function isInvalidMessage(e: unknown): boolean {
  return !!e && typeof e === 'object' && (e as { invalidMessage?: boolean }).invalidMessage === true;
}
