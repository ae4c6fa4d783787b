/**
 * How the kernel plugs the people directory in: its permissions, menu and
 * messages, and the service built over the kernel's database, events and audit.
 */
import type Database from 'better-sqlite3';
import { audit } from '../audit.js';
import type { Db, HrContext, AuditEntry, MenuItemDef, PermissionDef } from '../sdk.js';
import { createPeopleContext, createPeopleService, todayIn, type PeopleContext, type PeopleService } from './index.js';

export const PEOPLE_PERMISSIONS: PermissionDef[] = [
  // Everyone sees people in their scope: employees themselves, managers their team, HR everyone.
  { id: 'core.people.view', label: 'core.people.permission.view', roles: ['employee', 'manager', 'hr'] },
  { id: 'core.people.manage', label: 'core.people.permission.manage', roles: ['hr'] },
  { id: 'core.people.sensitive', label: 'core.people.permission.sensitive', roles: ['hr'] },
  { id: 'core.people.import', label: 'core.people.permission.import', roles: ['hr'] },
  { id: 'core.people.export', label: 'core.people.permission.export', roles: ['hr'] },
  { id: 'core.people.requests', label: 'core.people.permission.requests', roles: ['hr'] },
];

export const PEOPLE_MENU: MenuItemDef[] = [
  { id: 'people-me', section: 'self', label: 'core.people.menu.me', href: '/me', permission: 'authenticated', order: 1, icon: '🙂' },
  // Employees reach their own record through /me; the directory is for those who see a team or more.
  { id: 'people-directory', section: 'manage', label: 'core.people.menu.directory', href: '/people', permission: 'core.people.view', scope: 'team', order: 10, icon: '👥' },
  { id: 'people-org', section: 'manage', label: 'core.people.menu.org', href: '/people/org', permission: 'core.people.view', order: 11, icon: '🏢' },
  { id: 'people-departments', section: 'manage', label: 'core.people.menu.departments', href: '/people/departments', permission: 'core.people.manage', order: 12, icon: '🗂' },
  { id: 'people-requests', section: 'manage', label: 'core.people.menu.requests', href: '/people/requests', permission: 'core.people.requests', order: 13, icon: '📨' },
  { id: 'people-import', section: 'manage', label: 'core.people.menu.import', href: '/people/import', permission: 'core.people.import', order: 14, icon: '📥' },
];

export interface PeopleWiring {
  context: PeopleContext;
  service: PeopleService;
}

export function wirePeople(options: {
  db: Db;
  sqlite: Database.Database;
  secret: string;
  timezone: string;
  trustProxy: boolean;
  events: { emit(source: string, event: string, payload: unknown): string };
}): PeopleWiring {
  const context = createPeopleContext({
    db: options.db,
    sqlite: options.sqlite,
    secret: options.secret,
    events: options.events,
    audit: (c: HrContext | null, e: AuditEntry) => audit(options.sqlite, c, e, options.trustProxy),
    today: () => todayIn(options.timezone),
  });
  return { context, service: createPeopleService({ context }) };
}
