import { MANAGERS } from '@app/auth/roles';
import type { Who } from './session';

/** Who sees the managers' pages: the roles the desk lets read the insights (libs/auth MANAGERS). */
export const canSeeInsights = (u: Who | null) =>
  Boolean(u && (MANAGERS as readonly string[]).includes(u.role));
