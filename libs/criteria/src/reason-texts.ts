import { FixedReasonCode, REASON_CODES } from './vocabulary';

/**
 * The placeholders each reason text may use. A criteria file's `reasonTexts` must give a text for every key
 * here (`indicator` stands for every `indicator:<code>`) and may use only these placeholders.
 */
export const REASON_PLACEHOLDERS: Record<'indicator' | FixedReasonCode, readonly string[]> = {
  indicator: ['indicator', 'domain', 'level'],
  toxic_trio: ['level', 'indicators'],
  multiple_additional_needs: ['level', 'count', 'domainCount', 'indicators'],
  immediate_risk_flag: ['level'],
  cumulative_concerns: ['history', 'historyDays', 'from', 'to'],
  under_one: ['level', 'priority'],
  open_case: ['team'],
  out_of_area: ['district', 'postcode'],
  consent_refused: ['team'],
  locality_unknown: ['team'],
  no_indicators: [],
};

export const REASON_TEXT_KEYS = ['indicator', ...REASON_CODES] as const;

const PLACEHOLDER = /\{(\w+)\}/g;

export function placeholdersIn(template: string): string[] {
  return Array.from(template.matchAll(PLACEHOLDER), (match) => match[1]);
}

export function fillReasonText(template: string, values: Record<string, string | number>): string {
  return template.replace(PLACEHOLDER, (whole, name: string) =>
    name in values ? String(values[name]) : whole,
  );
}
