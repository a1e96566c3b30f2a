/**
 * The fixed words of the partner contract (contact-api.md) and of the criteria document, kept here so that the
 * web app reads the same lists as the services (libs/criteria re-exports them). A criteria file may only use
 * these: a new route or priority is a contract change, not a data change. Plain data, no imports: safe to
 * bundle for the browser.
 */
export const ROUTES = [
  'LOCALITY_ADVICE',
  'LOCALITY_EARLY_HELP',
  'FAMILY_SUPPORT',
  'STATUTORY_ASSESSMENT',
  'ALLOCATED_TEAM',
  'TRANSFER_OUT',
  'DUTY_REVIEW',
] as const;
export type Route = (typeof ROUTES)[number];

export const PRIORITIES = [
  'IMMEDIATE',
  'SAME_DAY',
  'ONE_WORKING_DAY',
  'THREE_WORKING_DAYS',
  'FIVE_WORKING_DAYS',
] as const;
export type Priority = (typeof PRIORITIES)[number];

export const NEED_LEVELS = [1, 2, 3, 4] as const;
export type NeedLevel = (typeof NEED_LEVELS)[number];

export const COUNTY_LOCALITIES = ['CITY', 'NORTH', 'WEST', 'SOUTH'] as const;
export type CountyLocality = (typeof COUNTY_LOCALITIES)[number];
export type Locality = CountyLocality | 'OUT_OF_AREA' | 'UNKNOWN';

/** A desk item's state. */
export const DESK_ITEM_STATES = ['awaiting', 'decided', 'closed'] as const;
export type DeskItemStateCode = (typeof DESK_ITEM_STATES)[number];
