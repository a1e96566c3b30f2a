import { Criteria } from './criteria-types';
import { fillReasonText } from './reason-texts';
import { NeedLevel, Reason } from './vocabulary';

export interface LevelAssessment {
  /** The level the picture sets (section 3, rules 1 to 4). */
  baseLevel: NeedLevel;
  /** The base level after cumulative concerns. */
  needLevel: NeedLevel;
  reasons: Reason[];
}

/**
 * Section 3. The ordered rules (4, then 3, then 2, then 1) come to the highest level any rule reaches:
 * the highest indicator level, raised by the toxic trio, the immediate risk flag and multiple additional needs.
 */
export function assessLevel(
  indicators: ReadonlySet<string>,
  immediateRisk: boolean,
  history: number,
  criteria: Criteria,
): LevelAssessment {
  const { toxicTrio, immediateRiskFlag, multipleAdditionalNeeds: needs, cumulativeConcerns } = criteria.file;
  let base: NeedLevel = 1;
  const additionalNeeds: string[] = [];
  const needDomains = new Set<string>();
  for (const code of indicators) {
    const indicator = criteria.indicators.get(code)!;
    if (indicator.level > base) base = indicator.level;
    if (indicator.level === needs.indicatorLevel) {
      additionalNeeds.push(code);
      needDomains.add(indicator.domain);
    }
  }
  const trio = criteria.toxicTrioTerms.every((term) => hasAny(indicators, term));
  const multipleNeeds = additionalNeeds.length >= needs.minIndicators && needDomains.size >= needs.minDomains;
  if (trio) base = higher(base, toxicTrio.level);
  if (immediateRisk) base = higher(base, immediateRiskFlag.level);
  if (multipleNeeds) base = higher(base, needs.level);

  const texts = criteria.file.reasonTexts;
  const reasons: Reason[] = [];
  for (const code of indicators) {
    if (criteria.indicators.get(code)!.level === base) reasons.push(criteria.indicatorReasons.get(code)!);
  }
  if (trio && base === toxicTrio.level) {
    const present = [...indicators].filter((code) => criteria.toxicTrioTerms.some((term) => term.has(code)));
    reasons.push({
      code: 'toxic_trio',
      text: fillReasonText(texts.toxic_trio, { level: base, indicators: present.join(', ') }),
    });
  }
  if (multipleNeeds && base === needs.level) {
    reasons.push({
      code: 'multiple_additional_needs',
      text: fillReasonText(texts.multiple_additional_needs, {
        level: base,
        count: additionalNeeds.length,
        domainCount: needDomains.size,
        indicators: additionalNeeds.join(', '),
      }),
    });
  }
  if (immediateRisk) {
    reasons.push({
      code: 'immediate_risk_flag',
      text: fillReasonText(texts.immediate_risk_flag, { level: base }),
    });
  }
  if (indicators.size === 0) reasons.push({ code: 'no_indicators', text: texts.no_indicators });

  // History alone raises by one level at most, and only the levels the criteria name (never 3 to 4).
  let needLevel = base;
  if (history >= cumulativeConcerns.minHistory && cumulativeConcerns.raisesLevels.includes(base)) {
    needLevel = (base + 1) as NeedLevel;
    reasons.push({
      code: 'cumulative_concerns',
      text: fillReasonText(texts.cumulative_concerns, {
        history,
        historyDays: criteria.file.windows.historyDays,
        from: base,
        to: needLevel,
      }),
    });
  }
  return { baseLevel: base, needLevel, reasons };
}

function hasAny(indicators: ReadonlySet<string>, term: ReadonlySet<string>): boolean {
  for (const code of term) if (indicators.has(code)) return true;
  return false;
}

function higher(a: NeedLevel, b: NeedLevel): NeedLevel {
  return a > b ? a : b;
}
