import type { PartnerPrincipal } from '@app/auth';
import { ForbiddenError, SOURCE_AGENCIES } from '@app/contracts';

/**
 * A partner may send only as an agency it is registered for (`npm run partners -- create --agency ...`):
 * a police key cannot claim to be the council's own social care. 403 naming the field at fault. A value
 * that is not an agency of the contract is left to the contract's validation (400/422).
 */
export function assertAgencyAllowed(
  principal: PartnerPrincipal,
  agencies: unknown[],
  pathOf: (index: number) => string,
): void {
  agencies.forEach((agency, index) => {
    const known = (SOURCE_AGENCIES as readonly unknown[]).includes(agency);
    if (known && !principal.agencies.includes(agency as string)) {
      throw new ForbiddenError('1 field(s) at fault', {
        path: pathOf(index),
        message: 'is not an agency this partner is registered for',
      });
    }
  });
}
