import { Criteria } from './criteria-types';
import { CriteriaInputError } from './errors';
import { DAY_MS, dayOfIsoDate, toLondon } from './london-time';
import { PersonIdentity } from './person-matching';
import { fillReasonText } from './reason-texts';
import { NeedLevel, Priority, Reason } from './vocabulary';
import { addClockHours, addWorkingDays } from './working-time';

export interface PriorityAssessment {
  priority: Priority;
  dueAt: string;
  strategyDiscussion: boolean;
  reasons: Reason[];
}

/** Section 4: priority, due time (from the contact's own receivedAt) and strategy discussion. */
export function assessPriority(
  needLevel: NeedLevel,
  immediate: boolean,
  indicators: ReadonlySet<string>,
  child: PersonIdentity,
  receivedMs: number,
  criteria: Criteria,
): PriorityAssessment {
  const { underOne, strategyDiscussion } = criteria.file;
  const reasons: Reason[] = [];
  let priority: Priority;
  if (immediate) {
    priority = 'IMMEDIATE';
  } else if (needLevel === underOne.level && isUnderOne(child, receivedMs)) {
    priority = underOne.priority;
    reasons.push({
      code: 'under_one',
      text: fillReasonText(criteria.file.reasonTexts.under_one, { level: needLevel, priority }),
    });
  } else {
    priority = criteria.levels.get(needLevel)!.priority;
  }

  const due = criteria.file.priorities[priority]!;
  const received = new Date(receivedMs);
  const dueAt =
    'clockHours' in due
      ? addClockHours(received, due.clockHours)
      : addWorkingDays(received, due.workingDays, criteria.calendar, criteria.workingDayStartMs);

  return {
    priority,
    dueAt: dueAt.toISOString(),
    strategyDiscussion:
      priority === 'IMMEDIATE' ||
      (needLevel === strategyDiscussion.level && hasAny(indicators, criteria.strategyIndicators)),
    reasons,
  };
}

/**
 * Unborn, or before the first birthday on the London date of receipt. A 29 February birthday falls on
 * 1 March in a year without one.
 */
function isUnderOne(child: PersonIdentity, receivedMs: number): boolean {
  if (!child.dateOfBirth) return child.expectedDateOfBirth !== undefined && child.expectedDateOfBirth !== '';
  if (dayOfIsoDate(child.dateOfBirth) === undefined) {
    throw new CriteriaInputError([
      { path: 'contact.child.dateOfBirth', message: 'is not a date (YYYY-MM-DD)' },
    ]);
  }
  const [year, month, date] = child.dateOfBirth.split('-').map(Number);
  const firstBirthday = Date.UTC(year + 1, month - 1, date) / DAY_MS;
  return toLondon(receivedMs).day < firstBirthday;
}

function hasAny(indicators: ReadonlySet<string>, codes: ReadonlySet<string>): boolean {
  for (const code of codes) if (indicators.has(code)) return true;
  return false;
}
