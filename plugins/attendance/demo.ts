/**
 * The demo company's attendance: punches for the last full month and this
 * month to date (most people on time, some late, a few missing punches, one
 * absent day), approved annual leave, a pending sick leave and an approved
 * half day of personal leave.
 *
 * A demo hook gets no PluginContext (no people directory, no settings), so it
 * cannot build the services itself. Setup remembers the plugin's own services
 * per database handle (`rememberForDemo`), and the hook uses them: every row is
 * written by the same code, with the same checks, events and audit entries as
 * a real request or device import. The demo company's employees come from the
 * people directory; with nobody there, there is nothing to add.
 */
import type Database from 'better-sqlite3';
import { HttpError, type DemoContext, type SessionUser } from '../../core/sdk.js';
import { addDays, dateRange, instantAt, monthRange } from './domain/time.js';
import type { AddPunchInput } from './service-api.js';
import type { Attendance } from './services/index.js';

const instances = new WeakMap<Database.Database, Attendance>();

/** Called by setup: the demo hook of this database uses these services. */
export function rememberForDemo(sqlite: Database.Database, att: Attendance): void {
  instances.set(sqlite, att);
}

/** A number 0..99 from a seed: the same demo every time, no Math.random. */
function roll(seed: number): number {
  const x = Math.sin(seed * 78.233) * 43758.5453;
  return Math.floor((x - Math.floor(x)) * 100);
}

type Employee = ReturnType<Attendance['parts']['ctx']['people']['employees']['roster']>[number];

function actingAs(e: Employee, locale: DemoContext['locale']): SessionUser {
  return {
    id: e.userId ?? 0,
    login: e.employeeNo,
    name: e.name,
    role: 'employee',
    permissions: new Set(['attendance.self']),
    scopes: new Map([['attendance.self', 'self']]),
    employeeId: e.id,
    locale,
    theme: null,
  };
}

export async function demoAttendance(ctx: DemoContext): Promise<void> {
  const att = instances.get(ctx.sqlite);
  if (!att) throw new Error('attendance demo: the plugin was not set up on this database');
  const { parts } = att;
  const today = parts.today();
  const previous = monthRange(addDays(`${today.slice(0, 7)}-01`, -1).slice(0, 7));
  const employees = parts.ctx.people.employees.roster().filter((e) => !e.hireDate || e.hireDate <= today);
  if (!employees.length) {
    ctx.log.info('no employees in the people directory: no attendance demo data');
    return;
  }
  const hr: SessionUser = {
    id: 0,
    login: 'demo-hr',
    name: ctx.locale === 'en' ? 'HR' : '人力资源部',
    role: 'hr',
    permissions: new Set(['attendance.approve', 'attendance.manage']),
    scopes: new Map([
      ['attendance.approve', 'all'],
      ['attendance.manage', 'all'],
    ]),
    employeeId: null,
    locale: ctx.locale,
    theme: null,
  };
  const type = (code: string) => att.leave.typeByCode(code);
  const workdays = parts.calendar.days(previous.from, addDays(today, 14)).filter((d) => d.kind === 'workday').map((d) => d.date);
  const pastWorkdays = workdays.filter((d) => d < today);
  const thisMonthPast = pastWorkdays.filter((d) => d >= `${today.slice(0, 7)}-01`);
  const nextWorkday = workdays.find((d) => d > today) ?? addDays(today, 1);

  // Balances first: annual leave is granted by the accrual run.
  att.leave.runAccruals(today);

  /** Days (per employee) without punches: full-day leave and the absent day. */
  const noPunches = new Map<number, Set<string>>();
  const halfDayPm = new Map<number, string>();
  const skip = (id: number, dates: string[]) => noPunches.set(id, new Set([...(noPunches.get(id) ?? []), ...dates]));

  const request = (e: Employee, code: string, input: Record<string, string>, approve: boolean): boolean => {
    const leaveType = type(code);
    if (!leaveType) return false;
    try {
      const created = att.leave.requests.create(null, actingAs(e, ctx.locale), { leaveTypeId: leaveType.id, reason: DEMO_REASON[ctx.locale][code] ?? '', ...input });
      if (approve) {
        for (let step = parts.approvals.steps('leave', created.id).find((s) => s.status === 'pending'); step; step = parts.approvals.steps('leave', created.id).find((s) => s.status === 'pending')) {
          parts.approvals.decide(null, hr, step.id, 'approved', '');
        }
      }
      return true;
    } catch (err) {
      // A demo employee without enough balance (hired this year) just has no leave in the demo.
      if (!(err instanceof HttpError)) throw err;
      ctx.log.info({ employee: e.employeeNo, code, reason: err.messageKey }, 'demo leave request skipped');
      return false;
    }
  };

  const [annual, personal, sick, absent] = [employees[0], employees[1], employees[2], employees[3] ?? employees[0]];
  const prevWorkdays = pastWorkdays.filter((d) => d <= previous.to);
  if (annual && prevWorkdays.length > 10) {
    const days = prevWorkdays.slice(8, 10);
    if (request(annual, 'annual', { startDate: days[0]!, endDate: days[1]! }, true)) skip(annual.id, dateRange(days[0]!, days[1]!));
  }
  const halfDay = thisMonthPast.at(-2) ?? prevWorkdays.at(-3);
  if (personal && halfDay && request(personal, 'personal', { startDate: halfDay, startHalf: 'pm', endDate: halfDay, endHalf: 'pm' }, true)) halfDayPm.set(personal.id, halfDay);
  if (sick) request(sick, 'sick', { startDate: nextWorkday, endDate: nextWorkday }, false);
  const absentDay = prevWorkdays[4];
  if (absent && absentDay) skip(absent.id, [absentDay]);

  // Punches: two a workday, read from the office's device (source `import`).
  const timezone = parts.ctx.config.timezone;
  const now = parts.now().getTime();
  const list: AddPunchInput[] = [];
  const punch = (e: Employee, date: string, minutes: number, what: string) => {
    const at = instantAt(date, minutes, timezone);
    if (at <= now) list.push({ employeeId: e.id, at: new Date(at), source: 'import', externalId: `demo-${e.id}-${date}-${what}` });
  };
  for (const e of employees) {
    for (const date of [...pastWorkdays, ...(workdays.includes(today) ? [today] : [])]) {
      if ((e.hireDate && date < e.hireDate) || noPunches.get(e.id)?.has(date)) continue;
      const seed = e.id * 1000 + Number(date.slice(5, 7)) * 40 + Number(date.slice(8));
      const r = roll(seed);
      const late = r < 8;
      const checkIn = late ? 9 * 60 + 5 + (roll(seed + 1) % 40) : 8 * 60 + 30 + (roll(seed + 1) % 28);
      // Leave at noon before an afternoon off; one day in twenty stay into the evening (detected overtime).
      const checkOut =
        halfDayPm.get(e.id) === date ? 12 * 60 + (roll(seed + 2) % 30) : r >= 95 ? 20 * 60 + 30 + (roll(seed + 2) % 45) : 18 * 60 + (roll(seed + 2) % 25);
      // 8–10: forgot to punch out; 11–12: forgot to punch in.
      if (!(r >= 11 && r < 13)) punch(e, date, checkIn, 'in');
      if (!(r >= 8 && r < 11)) punch(e, date, checkOut, 'out');
    }
  }
  const result = att.punches.addMany(list);
  // Every day of both months gets a result (rest days, the absent day), not just the ones punched.
  parts.recompute.many(previous.from, today);
  ctx.log.info({ punches: result.added, employees: employees.length }, 'attendance demo data added');
}

const DEMO_REASON: Record<DemoContext['locale'], Record<string, string>> = {
  'zh-CN': { annual: '回老家探亲', personal: '下午去办理房产手续', sick: '发烧，需要去医院' },
  en: { annual: 'Visiting family', personal: 'Afternoon appointment at the housing office', sick: 'Fever, seeing a doctor' },
};
