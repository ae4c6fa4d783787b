/**
 * The people directory service: one object the kernel builds at startup and
 * hands to core pages and (as a service) to plugins. See index.ts for the
 * public API in one place.
 */
import type Database from 'better-sqlite3';
import { audit as coreAudit } from '../audit.js';
import type { Db, Scope } from '../sdk.js';
import { createChangeRequests } from './changes.js';
import type { AuditFn, PeopleContext } from './context.js';
import { createDepartments } from './departments.js';
import { createEmployeeWrites } from './employees.js';
import type { PeopleEventSink } from './events.js';
import { createOrg } from './org.js';
import { createPositions } from './positions.js';
import { createEmployeeQueries } from './queries.js';
import { canSee, scopeCondition, visibleEmployeeIds, type ScopeUser } from './scope.js';
import { createSensitive } from './sensitive.js';
import { localToday } from './validate.js';

export interface PeopleServiceOptions {
  db: Db;
  sqlite: Database.Database;
  /** The instance secret: encryption and ID-number hash keys are derived from it. */
  secret: string;
  /** The core event bus (`kernel.events`); events are raised with source `core.people`. */
  events: PeopleEventSink;
  /** Defaults to core/audit.ts on `sqlite` (pass the kernel's to honour `trustProxy`). */
  audit?: AuditFn;
  now?: () => Date;
  /** `YYYY-MM-DD` in the instance's time zone; defaults to the process's local date. */
  today?: () => string;
}

/**
 * The shared internals (handles, sealing box, clock, events, audit) that core
 * parts built on the service (import, export) take. Core-only: it can decrypt
 * without an audit entry, so it is not handed to plugins.
 */
export function createPeopleContext(options: PeopleServiceOptions): PeopleContext {
  const now = options.now ?? (() => new Date());
  return {
    db: options.db,
    sqlite: options.sqlite,
    box: createSensitive(options.secret),
    events: options.events,
    audit: options.audit ?? ((c, entry) => coreAudit(options.sqlite, c, entry)),
    now,
    today: options.today ?? (() => localToday(now())),
  };
}

/** Build from options, or from a context already made with `createPeopleContext` (shared with import/export). */
export function createPeopleService(options: PeopleServiceOptions | { context: PeopleContext }) {
  const ctx = 'context' in options ? options.context : createPeopleContext(options);
  const writes = createEmployeeWrites(ctx);
  const queries = createEmployeeQueries(ctx);
  const org = createOrg(ctx);

  return {
    departments: createDepartments(ctx),
    positions: createPositions(ctx),
    employees: {
      create: writes.create,
      update: writes.update,
      reveal: writes.reveal,
      get: queries.get,
      list: queries.list,
      idByEmployeeNo: queries.idByEmployeeNo,
      roster: queries.roster,
      idByIdNumber: queries.idByIdNumber,
    },
    linkUser: writes.linkUser,
    employeeOfUser: queries.employeeOfUser,
    org: { chart: org.chart, reportingLines: org.reportingLines },
    changeRequests: createChangeRequests(ctx, writes),
    scopes: {
      visibleEmployeeIds: (user: ScopeUser, scope: Scope) => visibleEmployeeIds(ctx.db, user, scope),
      canSee: (user: ScopeUser, scope: Scope, employeeId: number) => canSee(ctx.db, user, scope, employeeId),
      condition: scopeCondition,
    },
  };
}

export type PeopleService = ReturnType<typeof createPeopleService>;
