import type { Consent, Gender, SourceAgency } from '@app/contracts';

/**
 * A canonical contact body as POST /v1/contacts takes it (contact-api.md). Adapters build one per child
 * and it is validated by the same validateContact as any partner's body.
 */
export interface ContactBody {
  source: {
    agency: SourceAgency;
    organisation?: string;
    referrer?: { name: string; role: string; phone?: string; email?: string };
  };
  child: {
    firstName?: string;
    lastName: string;
    dateOfBirth?: string;
    expectedDateOfBirth?: string;
    gender?: Gender;
    nhsNumber?: string;
    upn?: string;
    address?: { line1?: string; town?: string; postcode: string };
  };
  concerns: {
    indicators: string[];
    summary: string;
    immediateRisk: boolean;
    allegedPerpetratorHasAccess: boolean;
  };
  consent: Consent;
  occurredAt?: string;
  householdRef?: string;
}

/** Copies only the fields that are present: the canonical body never carries undefined. */
export function present<T extends Record<string, unknown>>(fields: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(fields).filter(([, v]) => v !== undefined && v !== null),
  ) as Partial<T>;
}

/** Indicator codes in first-seen order, each once (the contract refuses duplicates). */
export function unique(codes: (string | null | undefined | false)[]): string[] {
  return [...new Set(codes.filter((c): c is string => typeof c === 'string'))];
}

/** Maps a canonical field path back to the partner's own field, by longest matching prefix. */
export function pathMapper(
  table: (index: number) => [canonical: string, native: string][],
  fallback: (index: number) => string,
): (index: number, path: string) => string {
  return (index, path) => {
    const rows = table(index).sort((a, b) => b[0].length - a[0].length);
    for (const [canonical, native] of rows) {
      if (path === canonical) return native;
      if (path.startsWith(`${canonical}.`) || path.startsWith(`${canonical}[`)) {
        return native + path.slice(canonical.length);
      }
    }
    return `${fallback(index)} (contact field ${path || 'body'})`;
  };
}
