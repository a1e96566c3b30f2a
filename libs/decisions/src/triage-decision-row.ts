/**
 * A triage decision as it is read back from `decisions` (camelCase, dates as read): the one row type the
 * desk's item view, the child view and the partner contract's staff read all take their fields from.
 */
export interface TriageDecisionRow {
  id: string;
  contactId: string;
  isCurrent: boolean;
  triagedAt: Date;
  triggeredBy: string;
  criteriaVersion: string;
  needLevel: number;
  route: string;
  team: string | null;
  priority: string;
  dueAt: Date;
  strategyDiscussion: boolean;
  consentRequired: boolean;
  reasons: unknown;
  picture: unknown;
  history: unknown;
  linkedContactIds: string[];
  possibleMatches: { contactId: string; reason: string }[] | null;
}

/** Some of a triage decision's fields as a JSON answer shows them: its dates as ISO strings. */
export type TriageDecisionJson<K extends keyof TriageDecisionRow> = {
  [P in K]: TriageDecisionRow[P] extends Date ? string : TriageDecisionRow[P];
};
