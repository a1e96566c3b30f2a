/**
 * The worker's session: the bearer token and who it belongs to, in sessionStorage under the same keys as the
 * older dashboard and placement pages use, so a worker signed in here is signed in there too.
 */
const TOKEN = 'fd.token';
const USER = 'fd.user';

export interface Who {
  username: string;
  role: string;
}

export const token = (): string | null => sessionStorage.getItem(TOKEN);

export function who(): Who | null {
  try {
    return JSON.parse(sessionStorage.getItem(USER) ?? 'null');
  } catch {
    return null;
  }
}

export function signIn(accessToken: string, user: Who): void {
  sessionStorage.setItem(TOKEN, accessToken);
  sessionStorage.setItem(USER, JSON.stringify(user));
}

export function signOut(): void {
  sessionStorage.removeItem(TOKEN);
  sessionStorage.removeItem(USER);
}

/** Roles that may claim and decide items (desk-roles.ts DECIDERS). */
export const canDecide = (u: Who | null) => u?.role === 'duty_worker' || u?.role === 'duty_manager';
