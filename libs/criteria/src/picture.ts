import { Criteria } from './criteria-types';
import { CriteriaContact, EvaluateInput } from './decision';
import { CriteriaInputError, InputFault } from './errors';
import { isWellFormedPostcode } from './postcode';

/** What section 2 of the criteria gathers at a triage: the picture and the history. */
export interface Gathered {
  receivedMs: number;
  /** Distinct indicators of this contact and of the same child's contacts in the picture window. */
  indicators: Set<string>;
  contactIds: string[];
  /** An indicator in the picture makes the response IMMEDIATE. */
  immediateIndicator: boolean;
  history: number;
}

/**
 * Picture: this contact's indicators plus those of every same-child contact received in
 * [T - picture window, T]; contacts after T are not known yet at T.
 * History: same-child contacts received in [receivedAt - history window, receivedAt), fixed for the contact.
 */
export function gather(input: EvaluateInput, criteria: Criteria): Gathered {
  const faults: InputFault[] = [];
  const { contact } = input;
  const atMs = instantMs(input.at, 'at', faults);
  const receivedMs = instantMs(contact.receivedAt, 'contact.receivedAt', faults);
  const postcode = contact.child.postcode;
  if (postcode && !isWellFormedPostcode(postcode)) {
    faults.push({
      path: 'contact.child.postcode',
      message: 'is not a normalised UK postcode',
    });
  }

  const gathered: Gathered = {
    receivedMs,
    indicators: new Set(),
    contactIds: [],
    immediateIndicator: false,
    history: 0,
  };
  addToPicture(gathered, contact, 'contact', criteria, faults);
  const pictureFrom = atMs - criteria.pictureWindowMs;
  const historyFrom = receivedMs - criteria.historyWindowMs;
  input.sameChildContacts.forEach((other, index) => {
    // A caller may pass all of the child's contacts, this one included: it counts once, as itself.
    if (other.id !== undefined && other.id === contact.id) return;
    const path = `sameChildContacts[${index}]`;
    const otherMs = instantMs(other.receivedAt, `${path}.receivedAt`, faults);
    if (otherMs >= pictureFrom && otherMs <= atMs) addToPicture(gathered, other, path, criteria, faults);
    if (otherMs >= historyFrom && otherMs < receivedMs) gathered.history += 1;
  });

  if (faults.length > 0) throw new CriteriaInputError(faults);
  return gathered;
}

function addToPicture(
  gathered: Gathered,
  contact: CriteriaContact,
  path: string,
  criteria: Criteria,
  faults: InputFault[],
): void {
  if (contact.id !== undefined) gathered.contactIds.push(contact.id);
  contact.indicators.forEach((code, index) => {
    const indicator = criteria.indicators.get(code);
    if (indicator === undefined) {
      faults.push({
        path: `${path}.indicators[${index}]`,
        message: `is not an indicator of criteria ${criteria.version}: "${code}"`,
      });
      return;
    }
    gathered.indicators.add(code);
    // Whether the perpetrator has access is said by the contact that carries the indicator.
    if (
      indicator.immediate === 'always' ||
      (indicator.immediate === 'when_perpetrator_has_access' && contact.allegedPerpetratorHasAccess)
    ) {
      gathered.immediateIndicator = true;
    }
  });
}

function instantMs(value: string | Date, path: string, faults: InputFault[]): number {
  const ms = typeof value === 'string' ? Date.parse(value) : value.getTime();
  if (Number.isNaN(ms)) faults.push({ path, message: 'is not an instant' });
  return ms;
}
