// Pure parts of core/access: scope order, access normalisation, bearer parsing, grant intersection, employee lookup.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { normalizeAccess, scopeCovers } from '../auth/permissions.js';
import { employeeLookup } from './employee.js';
import { bearerToken, intersectGrants } from './identify.js';
import { generateApiToken, hashApiToken, looksLikeApiToken } from './tokens.js';

describe('scopes', () => {
  it.each([
    ['self', 'self', true],
    ['team', 'self', true],
    ['self', 'team', false],
    ['department', 'all', false],
    ['all', 'department', true],
    [undefined, 'self', false],
    [undefined, undefined, true],
    ['self', undefined, true],
  ] as const)('held %s covers needed %s: %s', (held, needed, ok) => {
    expect(scopeCovers(held, needed)).toBe(ok);
  });

  it('normalizes route access and refuses bad scopes', () => {
    expect(normalizeAccess('notices.view')).toEqual({ permission: 'notices.view' });
    expect(normalizeAccess({ permission: 'notices.view', scope: 'team' })).toEqual({ permission: 'notices.view', scope: 'team' });
    expect(() => normalizeAccess({ permission: 'notices.view', scope: 'everyone' as never })).toThrow(/not one of self, team, department, all/);
    expect(() => normalizeAccess({ permission: 'authenticated', scope: 'all' })).toThrow(/cannot require a scope/);
  });
});

describe('API tokens', () => {
  it('look like hrp_ and 32 base32 characters, hashed with SHA-256', () => {
    const token = generateApiToken();
    expect(looksLikeApiToken(token)).toBe(true);
    expect(hashApiToken(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(looksLikeApiToken('hrp_short')).toBe(false);
  });

  it('parse the Authorization header', () => {
    expect(bearerToken(undefined)).toBeNull();
    expect(bearerToken('Basic abc')).toBeNull();
    expect(bearerToken('Bearer hrp_x')).toBe('hrp_x');
    expect(bearerToken('bearer   hrp_x ')).toBe('hrp_x');
    expect(bearerToken('Bearer')).toBe('');
  });

  it("get the owner's grants narrowed to the token's list", () => {
    const grants = { permissions: new Set(['a', 'b']), scopes: new Map([['a', 'all' as const], ['b', 'self' as const]]) };
    const got = intersectGrants(grants, ['b', 'c']);
    expect([...got.permissions]).toEqual(['b']);
    expect(got.scopes.get('b')).toBe('self');
  });
});

describe('employee lookup', () => {
  it('answers null while the people directory has no table, and the linked id once it has', () => {
    const db = new Database(':memory:');
    expect(employeeLookup(db)(1)).toBeNull();
    db.exec('CREATE TABLE people_employees (id INTEGER PRIMARY KEY, user_id INTEGER)');
    db.prepare('INSERT INTO people_employees (id, user_id) VALUES (7, 3)').run();
    const lookup = employeeLookup(db);
    expect(lookup(3)).toBe(7);
    expect(lookup(4)).toBeNull();
    db.close();
  });
});
