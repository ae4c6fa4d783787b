/**
 * REST endpoints of the time part under /api/v1/attendance, in the OpenAPI
 * document: punches (devices and connectors add them in bulk; people read the
 * ones their scope reaches; employees punch), daily results and the work calendar.
 */
import { HttpError, z, type PluginContext, type SessionUser } from '../../../core/sdk.js';
import { daysBetween, formatMinutes, isValidDate, monthRange } from '../domain/time.js';
import { readDailyResults } from '../services/daily-results.js';
import type { Attendance } from '../services/index.js';
import type { AttendanceSettings } from '../settings.js';
import { summaryScope } from './summary.js';

/** Longest range one GET /punches may ask for. */
const MAX_PUNCH_RANGE_DAYS = 62;
const MAX_CALENDAR_RANGE_DAYS = 366;
const MAX_BATCH = 5000;

const date = z.string().refine(isValidDate, 'attendance.error.badDate').describe('YYYY-MM-DD');
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'attendance.error.badMonth').describe('YYYY-MM');

const punchSchema = z.object({ id: z.number().int(), employeeId: z.number().int(), at: z.date(), source: z.string(), note: z.string().nullable() });

const dailySchema = z.object({
  employeeId: z.number().int(),
  date: z.string(),
  dayKind: z.enum(['workday', 'restday', 'statutory', 'holiday_rest']),
  shiftId: z.number().int().nullable(),
  status: z.string().describe('normal, late, early, late_early, absent, missing, leave, rest, holiday, pending, not_employed'),
  firstIn: z.string().nullable().describe('HH:MM local; +1 = the next day, -1 = the day before'),
  lastOut: z.string().nullable(),
  workedMinutes: z.number().int(),
  lateMinutes: z.number().int(),
  earlyMinutes: z.number().int(),
  absentMinutes: z.number().int(),
  missingIn: z.boolean(),
  missingOut: z.boolean(),
  leaveMinutes: z.number().int(),
  leaveTypeId: z.number().int().nullable(),
  overtimeMinutes: z.number().int(),
  overtimeClass: z.enum(['workday', 'restday', 'holiday']).nullable(),
});

const calendarDaySchema = z.object({
  date: z.string(),
  kind: z.enum(['workday', 'restday', 'statutory', 'holiday_rest']),
  name: z.string(),
  adjusted: z.boolean(),
  source: z.enum(['package', 'manual', 'company', 'weekday']),
});

const addPunchesBody = z.object({
  punches: z
    .array(
      z.object({
        employeeId: z.number().int().positive(),
        at: z.coerce.date().describe('ISO 8601 instant, e.g. 2026-11-25T08:55:00+08:00'),
        source: z.enum(['api', 'import', 'wecom', 'dingtalk']).default('api'),
        externalId: z.string().min(1).max(200).optional().describe('id in the source system: sending it again adds nothing'),
        latitude: z.number().min(-90).max(90).optional(),
        longitude: z.number().min(-180).max(180).optional(),
        note: z.string().max(200).optional(),
      }),
    )
    .min(1)
    .max(MAX_BATCH),
});

export function registerPunchApi(ctx: PluginContext<AttendanceSettings>, att: Attendance): void {
  const { parts, punches } = att;

  /** The employees a read may cover: one (checked against the caller's scope) or everyone the scope reaches (null = all). */
  const employeesFor = (user: SessionUser, employeeId: number | undefined): number[] | null => {
    const scope = summaryScope(user);
    if (employeeId !== undefined) {
      if (!ctx.people.scopes.canSee(user, scope, employeeId)) throw new HttpError(404, 'attendance.error.notFound');
      return [employeeId];
    }
    return scope === 'all' ? null : ctx.people.scopes.visibleEmployeeIds(user, scope);
  };

  ctx.api.route({
    method: 'post',
    path: '/punches',
    permission: 'attendance.manage',
    scope: 'all',
    summary: 'Add punches from a device or connector (all refused when one is in the future, in a locked month or of an unknown employee; duplicates skipped)',
    body: addPunchesBody,
    response: z.object({ added: z.number().int(), skipped: z.number().int() }),
    handler: (_c, { body }) => punches.addMany(body.punches),
  });

  ctx.api.route({
    method: 'get',
    path: '/punches',
    permission: 'attendance.self',
    summary: "Punches from `from` to `to` (local dates, at most 62 days) of one employee or everyone the caller's scope reaches",
    query: z.object({ employeeId: z.coerce.number().int().positive().optional(), from: date, to: date }),
    response: z.object({ items: z.array(punchSchema) }),
    handler: (c, { query }) => {
      if (query.to < query.from) throw new HttpError(400, 'attendance.error.endBeforeStart');
      if (daysBetween(query.from, query.to) >= MAX_PUNCH_RANGE_DAYS) throw new HttpError(400, 'attendance.time.error.spanTooLong', { max: MAX_PUNCH_RANGE_DAYS });
      return { items: punches.list(employeesFor(c.get('user')!, query.employeeId), query.from, query.to) };
    },
  });

  ctx.api.route({
    method: 'post',
    path: '/punches/me',
    permission: 'attendance.self',
    summary: "Punch now as the caller (geofence or office network rules apply); `duplicate` when within the dedupe window of the last punch",
    body: z.object({ latitude: z.number().min(-90).max(90).optional(), longitude: z.number().min(-180).max(180).optional() }),
    response: z.object({ at: z.date(), duplicate: z.boolean() }),
    status: 201,
    handler: (c, { body }) => punches.webPunch(c, c.get('user')!, body),
  });

  ctx.api.route({
    method: 'get',
    path: '/daily',
    permission: 'attendance.self',
    summary: "Daily results of a month for one employee (the caller by default) or everyone the caller's scope reaches",
    query: z.object({ employeeId: z.coerce.number().int().positive().optional(), month, all: z.enum(['true', 'false']).optional().describe('true: everyone in scope') }),
    response: z.object({ month: z.string(), items: z.array(dailySchema) }),
    handler: (c, { query }) => {
      const user = c.get('user')!;
      const year = Number(query.month.slice(0, 4));
      if (!parts.calendar.isYearKnown(year)) throw new HttpError(422, 'attendance.error.unknownYear', { year });
      const mine = query.employeeId === undefined && query.all !== 'true';
      if (mine && user.employeeId == null) throw new HttpError(422, 'attendance.error.noEmployee');
      const ids = employeesFor(user, mine ? user.employeeId! : query.employeeId);
      const { from, to } = monthRange(query.month);
      const items = readDailyResults(parts.db, ids, from, to).map(({ computedAt: _computed, ...r }) => ({
        ...r,
        firstIn: r.firstIn === null ? null : formatMinutes(r.firstIn),
        lastOut: r.lastOut === null ? null : formatMinutes(r.lastOut),
      }));
      return { month: query.month, items };
    },
  });

  ctx.api.route({
    method: 'get',
    path: '/calendar',
    permission: 'attendance.self',
    summary: 'The work calendar from `from` to `to` (at most 366 days); 422 when a year has no holiday data',
    query: z.object({ from: date, to: date }),
    response: z.object({ days: z.array(calendarDaySchema) }),
    handler: (_c, { query }) => {
      if (query.to < query.from) throw new HttpError(400, 'attendance.error.endBeforeStart');
      if (daysBetween(query.from, query.to) >= MAX_CALENDAR_RANGE_DAYS) throw new HttpError(400, 'attendance.time.error.spanTooLong', { max: MAX_CALENDAR_RANGE_DAYS });
      return { days: parts.calendar.days(query.from, query.to) };
    },
  });
}
