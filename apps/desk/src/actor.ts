import { ValidateBy } from 'class-validator';

/** The staff member a use case acts for: who, in which role (as @CurrentStaff() gives them). */
export interface Actor {
  username: string;
  role: string;
}

/** A command's actor: a staff member's username and role, both present. */
export function IsActor(): PropertyDecorator {
  return ValidateBy({
    name: 'isActor',
    validator: {
      validate: (v: unknown) =>
        !!v &&
        typeof v === 'object' &&
        typeof (v as Actor).username === 'string' &&
        (v as Actor).username.length > 0 &&
        typeof (v as Actor).role === 'string' &&
        (v as Actor).role.length > 0,
      defaultMessage: () => 'must be a staff member with a username and a role',
    },
  });
}
