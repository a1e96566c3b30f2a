/**
 * A message that can never be processed as it is (malformed, or failing validation). It goes to the
 * dead-letter topic at once: retrying it would only hold up its partition.
 */
export class InvalidMessageError extends Error {
  readonly invalidMessage = true;
}

export function isInvalidMessage(e: unknown): boolean {
  return !!e && typeof e === 'object' && (e as { invalidMessage?: boolean }).invalidMessage === true;
}
