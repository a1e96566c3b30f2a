import { SOURCE_GROUPS } from '@app/contracts';

/** Localities of the county (criteria), by the child's home postcode. */
export const INSIGHT_LOCALITIES = ['CITY', 'NORTH', 'WEST', 'SOUTH', 'OUT_OF_AREA', 'UNKNOWN'] as const;

/**
 * The count series that spike detection watches and the daily read serves by default (insights-api.md):
 * the total, each CIN source group, each locality.
 */
export const SPIKE_SERIES: readonly string[] = [
  'total',
  ...SOURCE_GROUPS.map((g) => `source_group:${g}`),
  ...INSIGHT_LOCALITIES.map((l) => `locality:${l}`),
];

/** Series kept for breakdowns beside the spike series (agency, level, route, re-contacts, imports...). */
export const SERIES_NAME =
  /^(total|triaged|recontact|imported|(source_group|locality|agency|level|route|timeliness):[A-Za-z0-9_]+)$/;

export function isSeriesName(name: string): boolean {
  return SERIES_NAME.test(name);
}
