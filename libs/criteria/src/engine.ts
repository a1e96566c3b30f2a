import { Criteria } from './criteria-types';
import { Decision, EvaluateInput } from './decision';
import { assessLevel } from './level';
import { gather } from './picture';
import { assessPriority } from './priority';
import { assessRoute } from './routing';

export { localityOf } from './routing';

/**
 * The decision the criteria make for a contact at a triage. Pure: the time of triage is `input.at`, and
 * everything else the decision depends on is in `input` and `criteria`.
 *
 * @throws CriteriaInputError for an unknown indicator, a malformed postcode or date, a time that is not an instant
 */
export function evaluate(input: EvaluateInput, criteria: Criteria): Decision {
  const { contact } = input;
  const gathered = gather(input, criteria);
  const level = assessLevel(gathered.indicators, contact.immediateRisk, gathered.history, criteria);
  const priority = assessPriority(
    level.needLevel,
    gathered.immediateIndicator || contact.immediateRisk,
    gathered.indicators,
    contact.child,
    gathered.receivedMs,
    criteria,
  );
  const route = assessRoute(level.needLevel, contact, input.openCase, criteria);
  return {
    needLevel: level.needLevel,
    route: route.route,
    team: route.team,
    priority: priority.priority,
    dueAt: priority.dueAt,
    strategyDiscussion: priority.strategyDiscussion,
    consentRequired: route.consentRequired,
    reasons: [...level.reasons, ...priority.reasons, ...route.reasons],
    criteriaVersion: criteria.version,
    picture: { indicators: [...gathered.indicators], contactIds: gathered.contactIds },
    history: gathered.history,
    locality: route.locality,
  };
}
