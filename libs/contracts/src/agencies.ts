/**
 * Source agencies of the partner contract (contact-api.md), each with its Children in Need census referral
 * source code, and the groups the dashboards report by. The codes are fixed by the contract.
 */

/** Agency code -> CIN census referral source code. Declaration order is the contract's table order. */
export const CIN_CODE_BY_AGENCY = {
  family_member: '1A',
  acquaintance: '1B',
  self: '1C',
  individual: '1D',
  school: '2A',
  education_service: '2B',
  health_gp: '3A',
  health_visitor: '3B',
  school_nurse: '3C',
  health_other_primary: '3D',
  health_ae: '3E',
  health_other: '3F',
  housing: '4',
  la_social_care: '5A',
  la_other_internal: '5B',
  la_external: '5C',
  early_help: '5D',
  police: '6',
  legal_agency: '7',
  other: '8',
  anonymous: '9',
  unknown: '10',
} as const;

export type SourceAgency = keyof typeof CIN_CODE_BY_AGENCY;
export type CinCode = (typeof CIN_CODE_BY_AGENCY)[SourceAgency];

export const SOURCE_AGENCIES = Object.keys(CIN_CODE_BY_AGENCY) as readonly SourceAgency[];

/** Private individuals have no organisation to name. */
export const ORGANISATION_OPTIONAL_AGENCIES: ReadonlySet<SourceAgency> = new Set<SourceAgency>([
  'family_member',
  'acquaintance',
  'self',
  'individual',
  'anonymous',
]);

/** An anonymous contact has, by definition, no referrer to call back. */
export const REFERRER_OPTIONAL_AGENCIES: ReadonlySet<SourceAgency> = new Set<SourceAgency>(['anonymous']);

export function isSourceAgency(value: unknown): value is SourceAgency {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(CIN_CODE_BY_AGENCY, value);
}

export function cinCodeOf(agency: SourceAgency): CinCode {
  return CIN_CODE_BY_AGENCY[agency];
}

export function isOrganisationRequired(agency: SourceAgency): boolean {
  return !ORGANISATION_OPTIONAL_AGENCIES.has(agency);
}

export function isReferrerRequired(agency: SourceAgency): boolean {
  return !REFERRER_OPTIONAL_AGENCIES.has(agency);
}

/** Dashboard groups, defined (as the contract does) by CIN code rather than by agency. */
export const SOURCE_GROUP_CIN_CODES = {
  individuals: ['1A', '1B', '1C', '1D', '9'],
  schools: ['2A', '2B'],
  health: ['3A', '3B', '3C', '3D', '3E', '3F'],
  police: ['6'],
  council_other: ['4', '5A', '5B', '5C', '5D', '7', '8', '10'],
} as const satisfies Record<string, readonly CinCode[]>;

export type SourceGroup = keyof typeof SOURCE_GROUP_CIN_CODES;

export const SOURCE_GROUPS = Object.keys(SOURCE_GROUP_CIN_CODES) as readonly SourceGroup[];

export const SOURCE_GROUP_LABELS: Readonly<Record<SourceGroup, string>> = {
  individuals: 'Individuals',
  schools: 'Schools and education',
  health: 'Health',
  police: 'Police',
  council_other: 'Council and other services',
};

const GROUP_BY_CIN_CODE = new Map<CinCode, SourceGroup>(
  SOURCE_GROUPS.flatMap((group) =>
    SOURCE_GROUP_CIN_CODES[group].map((code): [CinCode, SourceGroup] => [code, group]),
  ),
);

export function sourceGroupOfCinCode(code: CinCode): SourceGroup {
  const group = GROUP_BY_CIN_CODE.get(code);
  // Unreachable while the table above covers every CIN code (a unit test checks that it does).
  if (!group) throw new Error(`CIN code ${code} is in no source group`);
  return group;
}

export function sourceGroupOf(agency: SourceAgency): SourceGroup {
  return sourceGroupOfCinCode(cinCodeOf(agency));
}
