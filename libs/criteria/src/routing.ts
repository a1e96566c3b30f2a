import { Criteria } from './criteria-types';
import { CriteriaContact } from './decision';
import { CriteriaInputError } from './errors';
import { isWellFormedPostcode, postcodeDistrict } from './postcode';
import { fillReasonText } from './reason-texts';
import { Locality, NeedLevel, Reason, Route } from './vocabulary';

export interface RouteAssessment {
  route: Route;
  team: string | null;
  consentRequired: boolean;
  locality: Locality;
  reasons: Reason[];
}

/** The county locality of a normalised postcode's district; OUT_OF_AREA outside it, UNKNOWN with none. */
export function localityOf(postcode: string | undefined, criteria: Criteria): Locality {
  if (postcode === undefined || postcode === '') return 'UNKNOWN';
  if (!isWellFormedPostcode(postcode)) {
    throw new CriteriaInputError([{ path: 'postcode', message: 'is not a normalised UK postcode' }]);
  }
  return criteria.districts.get(postcodeDistrict(postcode)) ?? 'OUT_OF_AREA';
}

/** Section 5, in order: open case, a level with a fixed team, out of area, consent, the locality team. */
export function assessRoute(
  needLevel: NeedLevel,
  contact: CriteriaContact,
  openCase: { team: string } | null,
  criteria: Criteria,
): RouteAssessment {
  const { routing, reasonTexts } = criteria.file;
  const level = criteria.levels.get(needLevel)!;
  const locality = localityOf(contact.child.postcode, criteria);
  const decided = (route: Route, team: string | null, reasons: Reason[] = [], consentRequired = false) => ({
    route,
    team,
    consentRequired,
    locality,
    reasons,
  });

  if (openCase) {
    const text = fillReasonText(reasonTexts.open_case, { team: openCase.team });
    return decided(routing.openCaseRoute, openCase.team, [{ code: 'open_case', text }]);
  }
  // Level 4 goes to its team wherever the child lives: the authority where the child is found acts first.
  if (level.team !== undefined) return decided(level.route, level.team);
  if (locality === 'OUT_OF_AREA') {
    const postcode = contact.child.postcode!;
    const text = fillReasonText(reasonTexts.out_of_area, { district: postcodeDistrict(postcode), postcode });
    return decided(routing.outOfAreaRoute, null, [{ code: 'out_of_area', text }]);
  }
  // Early help and family support are voluntary: a refusal goes to a duty social worker.
  if (level.consentApplies && contact.consent === 'refused') {
    const { route, team } = routing.consentRefused;
    return decided(route, team, [
      { code: 'consent_refused', text: fillReasonText(reasonTexts.consent_refused, { team }) },
    ]);
  }
  const consentRequired = level.consentApplies && contact.consent === 'not_asked';
  if (locality === 'UNKNOWN') {
    const team = routing.unknownLocalityTeam;
    const text = fillReasonText(reasonTexts.locality_unknown, { team });
    return decided(level.route, team, [{ code: 'locality_unknown', text }], consentRequired);
  }
  return decided(level.route, `${level.teamPrefix}${locality}`, [], consentRequired);
}
