/**
 * Who is asking: a session cookie on pages and the API, or an API bearer token
 * on /api/ paths. A request that carries `Authorization: Bearer …` is judged by
 * the token alone — its cookies are ignored, so a browser session cannot lend
 * a bad token its rights, and no CSRF check is needed (nothing is ambient).
 */
import type Database from 'better-sqlite3';
import { validateSessionToken, type ValidatedSession } from '../auth/sessions.js';
import { LOCALES, type Locale, type Permission, type Scope, type SessionUser } from '../sdk.js';
import type { EmployeeLookup } from './employee.js';
import type { Grants, RoleStore } from './roles.js';
import { validateApiToken } from './tokens.js';

export type Identity =
  | { via: null }
  | { via: 'session'; user: SessionUser; session: ValidatedSession }
  | { via: 'token'; user: SessionUser; tokenId: number }
  /** A bearer token was sent but is unknown, expired, revoked or its owner inactive: 401. */
  | { via: 'bad-token' };

const asLocale = (l: string | null): Locale | null => ((LOCALES as readonly string[]).includes(l ?? '') ? (l as Locale) : null);

/** The bearer token of an Authorization header, '' when the header is a bearer header without a usable token. */
export function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const m = /^Bearer(?:\s+(\S*))?\s*$/i.exec(header.trim());
  return m ? (m[1] ?? '') : null;
}

/** The token's grants: the owner's current grants, narrowed to what the token lists. */
export function intersectGrants(grants: Grants, allowed: readonly Permission[]): Grants {
  const scopes = new Map<Permission, Scope>();
  for (const p of allowed) {
    const scope = grants.scopes.get(p);
    if (grants.permissions.has(p) && scope) scopes.set(p, scope);
  }
  return { permissions: new Set(scopes.keys()), scopes };
}

export function createIdentifier(deps: { sqlite: Database.Database; roles: RoleStore; employeeOf: EmployeeLookup }) {
  const { sqlite, roles, employeeOf } = deps;
  const userOf = (u: { id: number; login: string; name: string; role: string; locale: string | null; theme: string | null }, grants: Grants): SessionUser => ({
    id: u.id,
    login: u.login,
    name: u.name,
    role: u.role,
    permissions: grants.permissions,
    scopes: grants.scopes,
    employeeId: employeeOf(u.id),
    locale: asLocale(u.locale),
    theme: u.theme,
  });

  return function identify(input: { api: boolean; authorization: string | undefined; sessionCookie: string | undefined }): Identity {
    const bearer = input.api ? bearerToken(input.authorization) : null;
    if (bearer !== null) {
      const found = bearer ? validateApiToken(sqlite, bearer) : null;
      if (!found) return { via: 'bad-token' };
      const grants = intersectGrants(roles.grantsOf(found.user.role), found.token.permissions);
      return { via: 'token', user: userOf(found.user, grants), tokenId: found.token.id };
    }
    if (!input.sessionCookie) return { via: null };
    const session = validateSessionToken(sqlite, input.sessionCookie);
    if (!session) return { via: null };
    return { via: 'session', user: userOf(session.user, roles.grantsOf(session.user.role)), session };
  };
}
