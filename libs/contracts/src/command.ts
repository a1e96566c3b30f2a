import { ValidateBy, validateSync, ValidationError } from 'class-validator';
import { FieldFault, MalformedInputError } from './domain-errors';
import { isUuid } from './uuid';

/** A command's own fields, as a caller hands them in (its methods left out). */
export type CommandFields<T> = {
  [K in keyof T as T[K] extends (...args: never[]) => unknown ? never : K]: T[K];
};

function faultsOf(errors: ValidationError[], prefix = ''): FieldFault[] {
  return errors.flatMap((e) => {
    const path = prefix ? `${prefix}.${e.property}` : e.property;
    // class-validator's default messages name the field and the rule, never the value given.
    const own = Object.keys(e.constraints ?? {}).map((rule) => ({
      path,
      message: `fails ${rule}`,
    }));
    return [...own, ...faultsOf(e.children ?? [], path)];
  });
}

/**
 * A use case's input, checked once when it is built (novu's self-validating commands): a subclass declares
 * its fields with class-validator decorators and is built with `Subclass.create({...})`, which refuses a
 * bad one with MalformedInputError naming every field at fault (never their values). Controllers have
 * already checked the request body; this is the use case's own guard, whoever calls it.
 */
export abstract class Command {
  static create<T extends Command>(this: new () => T, fields: CommandFields<T>): T {
    const command = Object.assign(new this(), fields);
    const errors = validateSync(command, { forbidUnknownValues: true });
    if (errors.length) throw new MalformedInputError(faultsOf(errors));
    return command;
  }
}

/** A command's id field: a UUID, by the one UUID check (`isUuid`). */
export function IsUuid(): PropertyDecorator {
  return ValidateBy({
    name: 'isUuid',
    validator: { validate: isUuid, defaultMessage: () => 'must be a UUID' },
  });
}
