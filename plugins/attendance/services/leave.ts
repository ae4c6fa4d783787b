/**
 * Leave balances (假期余额) and the service the rest of the plugin uses for
 * leave: policies (leave-policy.ts), the ledger (grants, accruals, carry-forward,
 * expiry, time off in lieu, HR adjustments) and requests (leave-requests.ts).
 *
 * Every balance change is a ledger row; a balance is their sum. Grants are
 * idempotent through the ledger's unique `periodKey` (`2026`, `2026-03`,
 * `close:2025`, `lot:17:1`), so `runAccruals` may run every day, or twice.
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import { HttpError, type HrContext, type Locale } from '../../../core/sdk.js';
import { annualEntitlement } from '../domain/annual-leave.js';
import { addDays, monthsBetween, yearOf } from '../domain/time.js';
import { leaveLedger, leaveRequests } from '../schema.js';
import {
  addMonths,
  closeKey,
  dueExpiries,
  expiringBetween,
  expiryCounts,
  replayLedger,
  yearClose,
  type LedgerRow,
} from './leave-ledger.js';
import { createLeavePolicy, hasBalance, typeName, type LeaveType } from './leave-policy.js';
import { createLeaveRequests } from './leave-requests.js';
import type { AttendanceParts } from './types.js';

export type LedgerEntry = typeof leaveLedger.$inferSelect;

/** Days ahead within which expiring minutes are pointed out. */
const EXPIRING_SOON_DAYS = 92;

export interface LeaveBalance {
  leaveTypeId: number;
  code: string;
  name: string;
  unit: LeaveType['unit'];
  paid: boolean;
  /** Granted, accrued or earned in the year of `asOf`. */
  granted: number;
  /** Carried from the previous year into this one. */
  carried: number;
  /** HR adjustments dated in the year (may be negative). */
  adjusted: number;
  /** Used by approved leave starting in the year. */
  taken: number;
  /** Reserved by requests still waiting for approval. */
  pending: number;
  /** Lapsed in the year. */
  expired: number;
  /** What a new request may use now (pending requests already deducted). */
  available: number;
  /** Minutes that lapse soon unless used, per date. */
  expiring: { date: string; minutes: number }[];
}

export interface AccrualRun {
  granted: number;
  carried: number;
  expired: number;
}

const toRow = (r: LedgerEntry): LedgerRow => ({
  id: r.id,
  kind: r.kind,
  minutes: r.minutes,
  date: r.date,
  expiresOn: r.expiresOn,
  periodKey: r.periodKey,
  requestId: r.requestId,
});

export function createLeaveService(parts: AttendanceParts) {
  const { ctx, db, settings } = parts;
  const policy = createLeavePolicy(parts);

  const ledgerOf = (employeeId: number, leaveTypeId?: number): LedgerEntry[] =>
    db
      .select()
      .from(leaveLedger)
      .where(and(eq(leaveLedger.employeeId, employeeId), leaveTypeId != null ? eq(leaveLedger.leaveTypeId, leaveTypeId) : undefined))
      .orderBy(asc(leaveLedger.date), asc(leaveLedger.id))
      .all();

  const insertRow = (row: Omit<typeof leaveLedger.$inferInsert, 'id' | 'createdAt'>): LedgerEntry =>
    db.insert(leaveLedger).values({ ...row, createdAt: parts.now() }).returning().get();

  /** Sum of the ledger: what a new request may use now. */
  const available = (employeeId: number, leaveTypeId: number): number =>
    ledgerOf(employeeId, leaveTypeId).reduce((sum, r) => sum + r.minutes, 0);

  const requestStatuses = (ids: number[]): Map<number, string> =>
    ids.length
      ? new Map(db.select({ id: leaveRequests.id, status: leaveRequests.status }).from(leaveRequests).where(inArray(leaveRequests.id, ids)).all().map((r) => [r.id, r.status]))
      : new Map();

  function balanceOf(type: LeaveType, rows: LedgerEntry[], statuses: Map<number, string>, asOf: string, locale: Locale): LeaveBalance {
    const year = String(yearOf(asOf));
    const inYear = (r: LedgerEntry) => r.date.startsWith(year);
    const sum = (list: LedgerEntry[]) => list.reduce((s, r) => s + r.minutes, 0);
    // Used and lapsed minutes are shown as positive amounts (never -0).
    const used = (list: LedgerEntry[]) => 0 - sum(list) || 0;
    const isPending = (r: LedgerEntry) => r.requestId != null && statuses.get(r.requestId) === 'pending';
    const state = replayLedger(rows.map(toRow));
    return {
      leaveTypeId: type.id,
      code: type.code,
      name: typeName(type, locale),
      unit: type.unit,
      paid: type.paid,
      granted: sum(rows.filter((r) => inYear(r) && (r.kind === 'grant' || r.kind === 'accrual' || r.kind === 'earned'))),
      carried: sum(rows.filter((r) => inYear(r) && r.kind === 'carry')),
      adjusted: sum(rows.filter((r) => inYear(r) && r.kind === 'adjust')),
      taken: used(rows.filter((r) => inYear(r) && (r.kind === 'taken' || r.kind === 'restore') && !isPending(r))),
      pending: used(rows.filter((r) => r.kind === 'taken' && isPending(r))),
      // Lapsed lots only: a year-end close belongs to the year it closes, and what it carries shows as `carried`.
      expired: used(rows.filter((r) => inYear(r) && r.kind === 'expire' && !r.periodKey?.startsWith('close:'))),
      available: sum(rows),
      expiring: expiringBetween(state, asOf, addDays(asOf, EXPIRING_SOON_DAYS)),
    };
  }

  const service = {
    ...policy,

    /** Balances of every type that keeps one (active types, or any type the employee has rows of). */
    balances(employeeId: number, asOf: string, locale: Locale = 'zh-CN'): LeaveBalance[] {
      const rows = ledgerOf(employeeId);
      const statuses = requestStatuses([...new Set(rows.map((r) => r.requestId).filter((id): id is number => id != null))]);
      return policy
        .types()
        .filter((t) => hasBalance(t) && (t.active || rows.some((r) => r.leaveTypeId === t.id)))
        .map((t) =>
          balanceOf(
            t,
            rows.filter((r) => r.leaveTypeId === t.id),
            statuses,
            asOf,
            locale,
          ),
        );
    },

    available,

    /** One employee's ledger rows, newest first (HR's balance page). */
    ledger(employeeId: number): LedgerEntry[] {
      return ledgerOf(employeeId).reverse();
    },

    /**
     * Grants, accruals, the year-end close with carry-forward, and expiry of
     * lapsed minutes, for everyone employed (or the given employees), as of
     * `today`. Idempotent.
     */
    runAccruals(today: string, employeeIds?: number[]): AccrualRun {
      const run: AccrualRun = { granted: 0, carried: 0, expired: 0 };
      const year = yearOf(today);
      const yearStart = `${year}-01-01`;
      const yearEnd = `${year}-12-31`;
      const types = policy.types().filter((t) => t.active && hasBalance(t));
      if (!types.length) return run;
      // People who left this year or last still count: their grant is cut to the days
      // they were here (第十二条) and last year's balance is closed.
      const roster = ctx.people.employees
        .roster({ includeLeft: true, ids: employeeIds })
        .filter((e) => e.status !== 'left' || (e.terminationDate != null && e.terminationDate >= `${year - 1}-01-01`));
      db.transaction(() => {
        const byType = inArray(leaveLedger.leaveTypeId, types.map((t) => t.id));
        const all = db
          .select()
          .from(leaveLedger)
          .where(employeeIds ? and(byType, inArray(leaveLedger.employeeId, employeeIds)) : byType)
          .all();
        const rowsOf = new Map<string, LedgerEntry[]>();
        for (const r of all) {
          const key = `${r.employeeId}:${r.leaveTypeId}`;
          rowsOf.set(key, [...(rowsOf.get(key) ?? []), r]);
        }
        for (const employee of roster) {
          const hired = employee.hireDate ?? null;
          const employedThisYear = (!hired || hired <= yearEnd) && (!employee.terminationDate || employee.terminationDate >= yearStart);
          for (const type of types) {
            const rows = rowsOf.get(`${employee.id}:${type.id}`) ?? [];
            const has = (kind: LedgerEntry['kind'], periodKey: string) => rows.find((r) => r.kind === kind && r.periodKey === periodKey);
            const add = (row: Omit<typeof leaveLedger.$inferInsert, 'id' | 'createdAt' | 'employeeId' | 'leaveTypeId'>) => {
              const created = insertRow({ ...row, employeeId: employee.id, leaveTypeId: type.id });
              rows.push(created);
              return created;
            };

            // 1. Close last year: write off what is left, carry up to the cap (types with yearly balances).
            if (type.accrual !== 'overtime' && !has('expire', closeKey(year - 1))) {
              const lastDay = `${year - 1}-12-31`;
              const remaining = rows.filter((r) => r.date <= lastDay).reduce((s, r) => s + r.minutes, 0);
              // Someone who left before the new year carries nothing: what remains is settled on leaving.
              const cap = employee.terminationDate && employee.terminationDate < yearStart ? 0 : type.carryForwardCapMinutes;
              const close = rows.some((r) => r.date <= lastDay) ? yearClose(year - 1, remaining, cap, type.carryForwardExpiryMonths) : null;
              if (close) {
                add({ kind: 'expire', minutes: close.expire, date: lastDay, periodKey: closeKey(year - 1), note: `${year - 1}` });
                if (close.carry > 0) {
                  add({ kind: 'carry', minutes: close.carry, date: yearStart, periodKey: String(year), expiresOn: close.carryExpiresOn, note: `${year - 1} → ${year}` });
                  run.carried += close.carry;
                }
              }
            }

            // 2. This year's grant.
            if (employedThisYear) {
              const from = hired && hired > yearStart ? hired : yearStart;
              if (type.accrual === 'yearly' && type.grantMinutes > 0 && !has('grant', String(year))) {
                add({ kind: 'grant', minutes: type.grantMinutes, date: from, periodKey: String(year) });
                run.granted += type.grantMinutes;
              }
              if (type.accrual === 'monthly' && type.grantMinutes > 0) {
                const until = employee.terminationDate && employee.terminationDate < today ? employee.terminationDate : today;
                for (const month of monthsBetween(from, until)) {
                  if (has('accrual', month)) continue;
                  add({ kind: 'accrual', minutes: type.grantMinutes, date: `${month}-01` < from ? from : `${month}-01`, periodKey: month });
                  run.granted += type.grantMinutes;
                }
              }
              if (type.accrual === 'statutory_annual' && hired) {
                const days = annualEntitlement({ year, firstWorkDate: employee.firstWorkDate ?? hired, hireDate: hired, terminationDate: employee.terminationDate });
                const minutes = days * settings.workdayMinutes;
                const grant = has('grant', String(year));
                if (!grant && minutes > 0) {
                  add({ kind: 'grant', minutes, date: from, periodKey: String(year), note: `${days}` });
                  run.granted += minutes;
                } else if (grant && grant.minutes !== minutes) {
                  // The entitlement follows the record (first work date corrected, leaving date set: 第十二条).
                  const after = db.update(leaveLedger).set({ minutes, note: `${days}` }).where(eq(leaveLedger.id, grant.id)).returning().get()!;
                  ctx.audit(null, { action: 'attendance.leave.regrant', entity: 'attendance_leave_ledger', entityId: grant.id, before: grant, after });
                  run.granted += minutes - grant.minutes;
                  grant.minutes = minutes;
                }
              }
            }

            // 3. Lapsed carried or earned minutes.
            for (const due of dueExpiries(replayLedger(rows.map(toRow)), today, expiryCounts(rows.map(toRow)))) {
              add({ kind: 'expire', minutes: due.minutes, date: due.date, periodKey: due.periodKey });
              run.expired -= due.minutes;
            }
          }
        }
      });
      return run;
    },

    /**
     * Time off in lieu (调休) earned by approved rest-day overtime on `date`,
     * lapsing after `overtime.lieuExpiryMonths`. `sourceKey` (e.g. `overtime:12`)
     * makes a repeated call a no-op. Call inside the approval's transaction.
     */
    creditLieu(c: HrContext | null, employeeId: number, minutes: number, date: string, note: string, sourceKey?: string): LedgerEntry | null {
      if (!Number.isInteger(minutes) || minutes <= 0) throw new HttpError(400, 'attendance.leave.error.invalid', { field: 'minutes' });
      const lieu = policy.typeByCode('lieu');
      if (!lieu) throw new HttpError(409, 'attendance.leave.error.noLieuType');
      const months = settings.overtime.lieuExpiryMonths;
      return db.transaction(() => {
        const created = db
          .insert(leaveLedger)
          .values({
            employeeId,
            leaveTypeId: lieu.id,
            kind: 'earned',
            minutes,
            date,
            expiresOn: months > 0 ? addDays(addMonths(date, months), -1) : null,
            periodKey: sourceKey ?? null,
            note,
            createdByUserId: c?.get('user')?.id ?? null,
            createdAt: parts.now(),
          })
          .onConflictDoNothing()
          .returning()
          .get();
        if (created) ctx.audit(c, { action: 'attendance.leave.lieu', entity: 'attendance_leave_ledger', entityId: created.id, after: created });
        return created ?? null;
      });
    },

    /** HR's manual correction of a balance (positive or negative minutes), dated today, audited. */
    adjust(c: HrContext | null, employeeId: number, leaveTypeId: number, minutes: number, note: string): LedgerEntry {
      const type = policy.type(leaveTypeId);
      if (!type || !hasBalance(type)) throw new HttpError(422, 'attendance.leave.error.noBalanceType');
      if (!Number.isInteger(minutes) || minutes === 0) throw new HttpError(422, 'attendance.leave.error.adjustZero');
      if (!note.trim()) throw new HttpError(422, 'attendance.leave.error.noteRequired');
      if (!ctx.people.employees.roster({ ids: [employeeId], includeLeft: true }).length) throw new HttpError(404, 'attendance.error.notFound');
      return db.transaction(() => {
        const created = insertRow({ employeeId, leaveTypeId, kind: 'adjust', minutes, date: parts.today(), note: note.trim(), createdByUserId: c?.get('user')?.id ?? null });
        ctx.audit(c, { action: 'attendance.leave.adjust', entity: 'attendance_leave_ledger', entityId: created.id, after: created });
        return created;
      });
    },
  };

  const { requests } = createLeaveRequests(parts, { policy, available, insertRow });
  return { ...service, requests };
}

export type LeaveService = ReturnType<typeof createLeaveService>;
