/** A field of the input the criteria cannot read, by its path ("contact.child.address.postcode"). */
export interface InputFault {
  path: string;
  message: string;
}

/**
 * Input the criteria refuse: an unknown indicator code, a malformed postcode, a time that is not an instant.
 * `faults` names every field at fault, ready for a problem+json `errors` array.
 */
export class CriteriaInputError extends Error {
  constructor(readonly faults: InputFault[]) {
    super(faults.map((fault) => `${fault.path}: ${fault.message}`).join('; '));
    this.name = 'CriteriaInputError';
  }
}

export class UnknownCriteriaVersionError extends Error {
  constructor(readonly version: string) {
    super(`unknown criteria version "${version}"`);
    this.name = 'UnknownCriteriaVersionError';
  }
}

/** A criteria file that is malformed or inconsistent; `faults` lists each fault by its path in the file. */
export class CriteriaFileError extends Error {
  constructor(
    readonly version: string,
    readonly faults: string[],
  ) {
    super(`criteria ${version}: ${faults.join('; ')}`);
    this.name = 'CriteriaFileError';
  }
}
