/**
 * Test kit for the payroll services on a real SQLite file: the core in process
 * (people directory, audit, outbox) with the attendance AND payroll tables
 * migrated and both plugins' permissions registered, the attendance services
 * wired by hand (createAttendance) and offered as the `attendance` service, a
 * payroll PluginContext assembled like the kernel's (settings from
 * settingsSchema, `ctx.sensitive` with the kernel's field cipher for
 * `plugin:payroll`, so what a test seals a page of the real app can unseal),
 * and `createPayroll(ctx, { now })` around a clock the test moves.
 *
 *   const kit = await startPayrollKit({ now: '2026-02-05T10:00:00+08:00' });
 *   const dept = kit.department('研发部');
 *   const id = kit.hire('E001', '张三', dept, { hireDate: '2025-03-01' });
 *   const hr = kit.user('hr1', 'hr', id);          // a SessionUser with the role's grants
 *   kit.payroll.runs.create(kit.request(hr), …);   // services take an HrContext
 *   await kit.close();
 *
 * Pages and API are not served here: HTTP tests use tests/helpers/inprocess.ts
 * with `plugins: { attendance: { enabled: true }, payroll: { enabled: true } }`.
 */
import { join, resolve } from 'node:path';
import { mkdirSync } from 'node:fs';
import { audit } from '../../core/audit.js';
import { createFieldCipher, mask } from '../../core/crypto/fields.js';
import { clientIp } from '../../core/http/security.js';
import { employeeGrant, migrateAll } from '../../core/kernel.js';
import type { AuditEntry, HrContext, NotificationRequest, PermissionDef, PluginContext, SessionUser } from '../../core/sdk.js';
import attendancePlugin from '../../plugins/attendance/index.js';
import type { AttendanceService } from '../../plugins/attendance/service-api.js';
import { instantAt } from '../../plugins/attendance/domain/time.js';
import { createAttendance, publicService, type Attendance } from '../../plugins/attendance/services/index.js';
import { settingsSchema as attendanceSettingsSchema, type AttendanceSettings } from '../../plugins/attendance/settings.js';
import { messages as payrollMessages } from '../../plugins/payroll/i18n/index.js';
import { createPayroll, type Payroll } from '../../plugins/payroll/services/index.js';
import { settingsSchema, type PayrollSettings } from '../../plugins/payroll/settings.js';
import { startInProcess, type InProcess } from './inprocess.js';

/**
 * The payroll plugin's permissions as plugins/payroll/index.ts declares them
 * (copied so the kit does not load every page module of the plugin; the
 * integration tests load the real plugin and would show a drift).
 */
const PAYROLL_PERMISSIONS: PermissionDef[] = [
  { id: 'payroll.self', label: 'payroll.permission.self', roles: ['employee', 'manager', 'hr'] },
  { id: 'payroll.manage', label: 'payroll.permission.manage', roles: ['hr'] },
  { id: 'payroll.approve', label: 'payroll.permission.approve' },
];

export interface PayrollKit {
  suite: InProcess;
  /** The payroll plugin context the services were built on. */
  ctx: PluginContext<PayrollSettings>;
  /** `{ parts, setup, runs, payslips }`, wired as the plugin wires them. */
  payroll: Payroll;
  /** The attendance services (same db, same clock): punches, leave, recompute… */
  att: Attendance;
  /** What `ctx.services.get('attendance')` returns to payroll. */
  attendance: AttendanceService;
  /** Move the clock (an ISO instant, e.g. `2026-02-05T10:00:00+08:00`). */
  setNow(iso: string): void;
  department(name: string, parentId?: number): number;
  /** A new employee (hire date default 2024-01-02); `terminationDate` also marks them left. */
  hire(employeeNo: string, name: string, departmentId: number, options?: { hireDate?: string; terminationDate?: string }): number;
  /** A user account with a role (`admin`, `hr`, `employee`…), optionally linked to an employee; returns the session user the app would build. */
  user(login: string, role: string, employeeId?: number | null): SessionUser;
  /** A minimal HrContext for service calls: `get('user')` is `user`, no request headers. */
  request(user: SessionUser | null): HrContext;
  /**
   * Punch in (08:50) and out (18:10) on every workday of `month` the employees
   * were employed, through the attendance service: their daily results are then
   * normal days, not absences. The clock must be past the month.
   */
  workMonth(employeeIds: number[], month: string): void;
  /** Rows of a table (`payroll_runs`…), for "nothing changed" checks. */
  rows(table: string): Record<string, unknown>[];
  count(table: string): number;
  close(): Promise<void>;
}

export async function startPayrollKit(options: { now: string; settings?: Record<string, unknown>; attendanceSettings?: Record<string, unknown> }): Promise<PayrollKit> {
  const suite = await startInProcess({ plugins: {} });
  const { kernel } = suite;
  const { db, sqlite } = kernel.dbh;
  migrateAll(kernel.dbh, [
    { id: 'attendance', migrationsDir: resolve('plugins/attendance/migrations') },
    { id: 'payroll', migrationsDir: resolve('plugins/payroll/migrations') },
  ]);
  // The plugins' permissions, as loading them would register them: built-in roles then hold them.
  for (const permission of attendancePlugin.permissions ?? []) kernel.permissions.add('attendance', permission);
  for (const permission of PAYROLL_PERMISSIONS) kernel.permissions.add('payroll', permission);
  kernel.roles.invalidate();
  // Their texts too: notifications (`ctx.notify`) are rendered from them.
  if (attendancePlugin.i18n) kernel.i18n.add('attendance', attendancePlugin.i18n);
  kernel.i18n.add('payroll', payrollMessages);

  let now = new Date(options.now);
  const clock = { now: () => now };
  const people = kernel.people.service;
  const base = (id: string) => ({
    id,
    config: { publicUrl: 'http://localhost', defaultLocale: 'zh-CN', timezone: kernel.config.timezone, dataDir: suite.dataDir },
    log: kernel.log,
    db,
    sqlite,
    events: kernel.events.forPlugin(id),
    notify: (request: NotificationRequest) => kernel.connectors.notify(id, request),
    audit: (c: HrContext | null, entry: AuditEntry) => audit(sqlite, c, entry),
    clientIp: (c: HrContext) => clientIp(c, false),
    dataPath: (...segments: string[]) => {
      const dir = join(suite.dataDir, 'plugins', id);
      mkdirSync(dir, { recursive: true });
      return join(dir, ...segments);
    },
    people: {
      employees: { get: people.employees.get, list: people.employees.list, idByEmployeeNo: people.employees.idByEmployeeNo, roster: people.employees.roster },
      departments: () => people.departments.flat(),
      employeeOfUser: people.employeeOfUser,
      scopes: people.scopes,
      grantOf: (employeeId: number, permission: string) => employeeGrant(kernel, employeeId, permission),
    },
  });

  // Attendance, wired as its register.ts does, offered as the `attendance` service.
  const attCtx = { ...base('attendance'), settings: attendanceSettingsSchema.parse(options.attendanceSettings ?? {}) } as unknown as PluginContext<AttendanceSettings>;
  const att = createAttendance(attCtx, clock);
  att.leave.ensureDefaults();
  att.punches.ensureDefaultShift();
  // As plugins/attendance/register.ts provides it.
  const attendance: AttendanceService = publicService(att);

  // Payroll's context: same cipher and key purpose as core/kernel.ts sensitiveFieldsFor.
  const cipher = createFieldCipher(kernel.config.secret, 'plugin:payroll');
  const ctx = {
    ...base('payroll'),
    settings: settingsSchema.parse(options.settings ?? {}),
    sensitive: {
      seal: (plain: string) => cipher.encrypt(plain),
      unseal: (stored: string) => cipher.decrypt(stored),
      reveal(c: HrContext | null, stored: string, what: { entity: string; entityId: string | number; field: string }) {
        const plain = cipher.decrypt(stored);
        audit(sqlite, c, { action: 'payroll.reveal', entity: what.entity, entityId: what.entityId, after: { field: what.field } });
        return plain;
      },
      mask,
    },
    services: {
      provide() {
        throw new Error('payroll-kit: payroll provides no service');
      },
      get(name: string) {
        if (name === 'attendance') return attendance;
        throw new Error(`payroll-kit: no service "${name}"`);
      },
      maybe: (name: string) => (name === 'attendance' ? attendance : undefined),
    },
  } as unknown as PluginContext<PayrollSettings>;

  const payroll = createPayroll(ctx, clock);
  payroll.setup.ensureDefaults();

  const request = (user: SessionUser | null): HrContext => {
    const vars: Record<string, unknown> = { user, requestId: 'payroll-kit', locale: 'zh-CN' };
    return { get: (key: string) => vars[key], set: (key: string, value: unknown) => (vars[key] = value), req: { header: () => undefined }, env: {} } as unknown as HrContext;
  };

  return {
    suite,
    ctx,
    payroll,
    att,
    attendance,
    setNow(iso) {
      now = new Date(iso);
    },
    department: (name, parentId) => people.departments.create({ name, parentId }).id,
    hire(employeeNo, name, departmentId, { hireDate = '2024-01-02', terminationDate } = {}) {
      const id = people.employees.create({ employeeNo, name, departmentId, hireDate, status: 'regular' });
      if (terminationDate) people.employees.update(id, { terminationDate, status: 'left' });
      return id;
    },
    user(login, role, employeeId = null) {
      const id = suite.addUser({ login, role });
      if (employeeId !== null) people.linkUser(employeeId, id);
      const grants = kernel.roles.grantsOf(role);
      return { id, login, name: login, role, permissions: grants.permissions, scopes: grants.scopes, employeeId, locale: 'zh-CN', theme: null };
    },
    request,
    workMonth(employeeIds, month) {
      const [y, m] = month.split('-').map(Number) as [number, number];
      const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
      const workdays = att.parts.calendar.days(`${month}-01`, `${month}-${String(last).padStart(2, '0')}`).filter((d) => d.kind === 'workday');
      const list: Parameters<AttendanceService['addPunches']>[0] = [];
      for (const e of people.employees.roster({ ids: employeeIds, includeLeft: true })) {
        for (const d of workdays) {
          if ((e.hireDate && d.date < e.hireDate) || (e.terminationDate && d.date > e.terminationDate)) continue;
          for (const [minutes, tag] of [[8 * 60 + 50, 'in'], [18 * 60 + 10, 'out']] as const) {
            list.push({ employeeId: e.id, at: new Date(instantAt(d.date, minutes, kernel.config.timezone)), source: 'import', externalId: `kit-${e.id}-${d.date}-${tag}` });
          }
        }
      }
      attendance.addPunches(list);
    },
    rows: (table) => sqlite.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all() as Record<string, unknown>[],
    count: (table) => sqlite.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number,
    close: () => suite.close(),
  };
}
