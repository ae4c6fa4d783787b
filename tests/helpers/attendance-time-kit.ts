/**
 * Test kit for the attendance time services (calendar, schedules, punches,
 * recompute, corrections) on a real SQLite file: the core in process (people
 * directory, audit, outbox) with the attendance tables migrated, and the
 * time services wired by hand around a clock the test moves.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { audit } from '../../core/audit.js';
import { clientIp } from '../../core/http/security.js';
import { employeeGrant, migrateAll } from '../../core/kernel.js';
import attendancePlugin from '../../plugins/attendance/index.js';
import { HttpError, type AuditEntry, type HrContext, type NotificationRequest, type PluginContext } from '../../core/sdk.js';
import { createAttendance, type Attendance } from '../../plugins/attendance/services/index.js';
import type { AttendanceParts } from '../../plugins/attendance/services/types.js';
import { settingsSchema, type AttendanceSettings } from '../../plugins/attendance/settings.js';
import { startInProcess, type InProcess } from './inprocess.js';

export interface TimeKit {
  suite: InProcess;
  /** Every attendance service, wired as the plugin wires them. */
  att: Attendance;
  parts: AttendanceParts;
  punches: Attendance['punches'];
  /** Move the clock (an ISO instant, e.g. `2026-11-26T10:00:00+08:00`). */
  setNow(iso: string): void;
  department(name: string, parentId?: number): number;
  hire(employeeNo: string, name: string, departmentId: number, hireDate?: string): number;
  /** Daily result rows of one employee, by date. */
  daily(employeeId: number, from: string, to: string): Map<string, Record<string, unknown>>;
  close(): Promise<void>;
}

export async function startTimeKit(options: { now: string; settings?: Record<string, unknown> }): Promise<TimeKit> {
  const suite = await startInProcess({ plugins: {} });
  const { kernel } = suite;
  const { db, sqlite } = kernel.dbh;
  migrateAll(kernel.dbh, [{ id: 'attendance', migrationsDir: resolve('plugins/attendance/migrations') }]);
  // The plugin's permissions, as loading it would register them: built-in roles then hold them.
  for (const permission of attendancePlugin.permissions ?? []) kernel.permissions.add('attendance', permission);
  // And its texts: notifications (`ctx.notify`) are rendered from them.
  if (attendancePlugin.i18n) kernel.i18n.add('attendance', attendancePlugin.i18n);
  const settings: AttendanceSettings = settingsSchema.parse(options.settings ?? {});
  const people = kernel.people.service;
  const ctx = {
    id: 'attendance',
    settings,
    config: { publicUrl: 'http://localhost', defaultLocale: 'zh-CN', timezone: kernel.config.timezone, dataDir: suite.dataDir },
    log: kernel.log,
    db,
    sqlite,
    events: kernel.events.forPlugin('attendance'),
    notify: (request: NotificationRequest) => kernel.connectors.notify('attendance', request),
    audit: (c: HrContext | null, entry: AuditEntry) => audit(sqlite, c, entry),
    clientIp: (c: HrContext) => clientIp(c, false),
    people: {
      employees: { get: people.employees.get, list: people.employees.list, idByEmployeeNo: people.employees.idByEmployeeNo, roster: people.employees.roster },
      departments: () => people.departments.flat(),
      employeeOfUser: people.employeeOfUser,
      scopes: people.scopes,
      grantOf: (employeeId: number, permission: string) => employeeGrant(kernel, employeeId, permission),
    },
  } as unknown as PluginContext<AttendanceSettings>;
  let now = new Date(options.now);
  // Attachments are stored under the plugin's data folder.
  Object.assign(ctx, {
    dataPath: (...segments: string[]) => {
      const dir = join(suite.dataDir, 'plugins', 'attendance', ...segments);
      mkdirSync(dir, { recursive: true });
      return dir;
    },
  });
  // The plugin's own wiring, around a clock the test moves.
  const att = createAttendance(ctx, { now: () => now });
  const { parts, punches } = att;
  punches.ensureDefaultShift();

  return {
    suite,
    att,
    parts,
    punches,
    setNow(iso) {
      now = new Date(iso);
    },
    department: (name, parentId) => people.departments.create({ name, parentId }).id,
    hire: (employeeNo, name, departmentId, hireDate = '2024-01-02') => people.employees.create({ employeeNo, name, departmentId, hireDate }),
    daily(employeeId, from, to) {
      const rows = sqlite
        .prepare('SELECT * FROM attendance_daily_results WHERE employee_id = ? AND date >= ? AND date <= ? ORDER BY date')
        .all(employeeId, from, to) as Record<string, unknown>[];
      return new Map(rows.map((r) => [r.date as string, r]));
    },
    close: () => suite.close(),
  };
}

/** The HttpError `fn` throws (a test fails when it throws nothing or something else). */
export function thrown(fn: () => unknown): HttpError {
  try {
    fn();
  } catch (err) {
    if (err instanceof HttpError) return err;
    throw err;
  }
  throw new Error('expected an HttpError');
}
