/**
 * Generated authorization test: walks the route registry of a suite with every
 * built-in plugin enabled and checks every route for every built-in role.
 * Routes that later plugins add are covered without touching this file.
 *
 * - anonymous: pages redirect to the login page, the API answers 401;
 * - a signed-in user without the route's permission: 403;
 * - a user with it: neither 401 nor 403 and never 5xx (the handler runs; it may
 *   answer 404 or 400 for the placeholder ids and empty bodies used here);
 * - a route that declares a minimum scope: 403 for a role holding the permission
 *   with a narrower scope, allowed with that scope or wider (custom roles made
 *   for each scoped route, so scoped routes of later plugins are covered too);
 * - custom roles: one holding every permission with scope `all` may use every
 *   route, one holding nothing only the routes open to every signed-in user;
 * - an unknown API token: 401 on every API route that is not public.
 */
import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILT_IN_ROLES, can, scopeCovers } from '../../core/auth/permissions.js';
import { AUTHENTICATED, PUBLIC, SCOPES, type RouteInfo } from '../../core/sdk.js';
import { startInProcess, type InProcess } from '../helpers/inprocess.js';
import { ROOT } from '../helpers/server.js';

const builtIns = readdirSync(join(ROOT, 'plugins')).filter((id) => existsSync(join(ROOT, 'plugins', id, 'index.ts')));

/** A concrete URL for a route pattern: `:id` → 1, wildcard parts → a file name. */
function concrete(path: string): string {
  return path.replace(/:([A-Za-z0-9_]+)(\{[^}]*\})?/g, (_m, name: string) => (name === 'file' ? 'x.css' : '1')).replace(/\*$/, 'x');
}

describe('every route declares and enforces its permission', () => {
  let suite: InProcess;
  let kernel: InProcess['kernel'];
  const loginOf = (role: string) => `u-${role}`;
  const addUser = (role: string) => suite.addUser({ login: loginOf(role), role, name: role });

  beforeAll(async () => {
    suite = await startInProcess({ plugins: Object.fromEntries(builtIns.map((id) => [id, true])) });
    kernel = suite.kernel;
    for (const role of BUILT_IN_ROLES) addUser(role);
  });
  afterAll(async () => {
    await suite?.close();
  });

  // A fresh session per request (cookieFor with `fresh`): walking POST /logout must not sign the next request out.
  const request = (route: RouteInfo, role?: string, bearer?: string) => {
    const method = route.method === 'all' ? 'GET' : route.method.toUpperCase();
    const headers: Record<string, string> = { cookie: suite.cookieFor(role ? loginOf(role) : null, { fresh: true }) };
    if (bearer) headers.authorization = `Bearer ${bearer}`;
    return suite.json(null, method, concrete(route.path), method === 'GET' ? undefined : {}, headers);
  };

  it('has a registry that lists every route with a permission', () => {
    expect(kernel.routes.length).toBeGreaterThan(10);
    for (const r of kernel.routes) expect(kernel.permissions.has(r.permission), `${r.method} ${r.path}`).toBe(true);
    expect(kernel.routes.some((r) => r.plugin === 'notices')).toBe(true);
  });

  it('turns away anonymous visitors from every non-public route', async () => {
    for (const route of kernel.routes.filter((r) => r.permission !== PUBLIC)) {
      const res = await request(route);
      const where = `${route.method.toUpperCase()} ${route.path}`;
      if (route.kind === 'api') {
        expect(res.status, where).toBe(401);
      } else {
        expect(res.status, where).toBe(303);
        expect(res.headers.get('location'), where).toMatch(/^\/login\?next=/);
      }
    }
  });

  /** Walk every non-public route as `role`, expecting exactly what its grants allow. */
  const walk = async (role: string, routes = kernel.routes) => {
    const grants = kernel.roles.grantsOf(role);
    for (const route of routes.filter((r) => r.permission !== PUBLIC && r.kind !== 'asset')) {
      const res = await request(route, role);
      const where = `${role}: ${route.method.toUpperCase()} ${route.path} (${route.permission}${route.scope ? ` ≥ ${route.scope}` : ''})`;
      const allowed = route.permission === AUTHENTICATED || (can(grants.permissions, route.permission) && scopeCovers(grants.scopes.get(route.permission), route.scope));
      if (allowed) {
        expect([401, 403], where).not.toContain(res.status);
        // Placeholder ids and empty bodies must give a clear 4xx, never a crash.
        expect(res.status, where).toBeLessThan(500);
      } else {
        expect(res.status, where).toBe(403);
      }
    }
  };

  for (const role of BUILT_IN_ROLES) {
    it(`gives role "${role}" exactly the routes its permissions allow`, () => walk(role));
  }

  it('gives custom roles exactly their grants: everything at scope "all", and nothing', async () => {
    kernel.roles.save({ id: 'walk-all', name: 'walk all', description: '', grants: Object.fromEntries(kernel.permissions.list().map((p) => [p.id, 'all'])) });
    kernel.roles.save({ id: 'walk-none', name: 'walk none', description: '', grants: {} });
    addUser('walk-all');
    addUser('walk-none');
    await walk('walk-all');
    await walk('walk-none');
  });

  it('refuses a scoped route to a narrower scope and allows it from the declared scope up', async () => {
    const scoped = kernel.routes.filter((r) => r.scope && r.kind !== 'asset');
    for (const [i, route] of scoped.entries()) {
      for (const scope of SCOPES) {
        const role = `walk-s${i}-${scope}`;
        kernel.roles.save({ id: role, name: role, description: '', grants: { [route.permission]: scope } });
        addUser(role);
        // walk() expects 403 below the declared scope and a pass at or above it.
        await walk(role, [route]);
      }
    }
  });

  it('answers 401 to an unknown API token on every non-public API route', async () => {
    for (const route of kernel.routes.filter((r) => r.kind === 'api' && r.permission !== PUBLIC)) {
      const res = await request(route, undefined, `hrp_${'a'.repeat(32)}`);
      expect(res.status, `${route.method.toUpperCase()} ${route.path}`).toBe(401);
    }
  });
});
