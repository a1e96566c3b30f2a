import type { WorkingCalendar } from './working-time';
import type { CountyLocality, Immediacy, NeedLevel, Priority, Reason, Route } from './vocabulary';

/**
 * The shape of a criteria file (data/criteria-<version>.json). Each version of the county's duty criteria
 * is one such file; a decision records the version that made it.
 */
export interface CriteriaFile {
  version: string;
  title?: string;
  domains: string[];
  indicators: IndicatorDefinition[];
  /** Named groups of indicators: "domestic abuse" is any of its three risk grades. */
  families: Record<string, string[]>;
  /** Level set when every term is in the picture; a term is one indicator or any of a family. */
  toxicTrio: { level: NeedLevel; allOf: IndicatorTerm[] };
  /** Level set by the contact's own `immediateRisk: true`. */
  immediateRiskFlag: { level: NeedLevel };
  /** `minIndicators` distinct indicators of `indicatorLevel` from `minDomains` domains set `level`. */
  multipleAdditionalNeeds: {
    indicatorLevel: NeedLevel;
    minIndicators: number;
    minDomains: number;
    level: NeedLevel;
  };
  /** A history of `minHistory` or more contacts raises a base level in `raisesLevels` by one. */
  cumulativeConcerns: { minHistory: number; raisesLevels: NeedLevel[] };
  windows: { pictureDays: number; historyDays: number };
  /** "HH:MM": when a contact received on a non-working day counts as received on the next working day. */
  workingDayStart: string;
  priorities: Partial<Record<Priority, DueRule>>;
  /** Priority at `level` for a child under one year old or unborn. */
  underOne: { level: NeedLevel; priority: Priority };
  /** Strategy discussion at `level` when any of `indicators` is in the picture (and always when IMMEDIATE). */
  strategyDiscussion: { level: NeedLevel; indicators: string[] };
  levels: LevelDefinition[];
  routing: {
    openCaseRoute: Route;
    outOfAreaRoute: Route;
    consentRefused: { route: Route; team: string };
    unknownLocalityTeam: string;
  };
  localities: { name: CountyLocality; districts: string[] }[];
  /** One line per reason code (`indicator` for every `indicator:<code>`), with `{placeholders}`. */
  reasonTexts: Record<string, string>;
  /**
   * The CIN census primary need (N1 to N9) a referral is suggested from its indicators: the first entry
   * with an indicator in the picture wins, so the order is the precedence (abuse or neglect, N1, first).
   */
  primaryNeeds?: { code: string; indicators: string[] }[];
}

export interface IndicatorDefinition {
  code: string;
  domain: string;
  level: NeedLevel;
  immediate: Immediacy;
}

export type IndicatorTerm = { indicator: string } | { family: string };

export type DueRule = { clockHours: number } | { workingDays: number };

/** A level's own route. `team` is a fixed team; `teamPrefix` + locality name makes a locality team. */
export interface LevelDefinition {
  level: NeedLevel;
  route: Route;
  priority: Priority;
  team?: string;
  teamPrefix?: string;
  /** Whether the service is voluntary, so that consent rules apply (levels 2 and 3). */
  consentApplies: boolean;
}

/** A validated criteria file with the lookups the engine needs, built once per version. */
export interface Criteria {
  readonly version: string;
  readonly file: Readonly<CriteriaFile>;
  readonly indicators: ReadonlyMap<string, IndicatorDefinition>;
  /** Every indicator code of this version: a contact with any other code is invalid. */
  readonly indicatorCodes: ReadonlySet<string>;
  readonly toxicTrioTerms: readonly ReadonlySet<string>[];
  readonly strategyIndicators: ReadonlySet<string>;
  readonly levels: ReadonlyMap<NeedLevel, LevelDefinition>;
  readonly districts: ReadonlyMap<string, CountyLocality>;
  /** Ready-made `indicator:<code>` reasons. */
  readonly indicatorReasons: ReadonlyMap<string, Reason>;
  readonly pictureWindowMs: number;
  readonly historyWindowMs: number;
  readonly workingDayStartMs: number;
  readonly calendar: WorkingCalendar;
}
