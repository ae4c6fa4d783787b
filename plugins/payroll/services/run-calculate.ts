/**
 * The calculation of a run, in chunks: the run goes to `calculating` with its
 * old payslips removed (one transaction), the inputs are read in bulk, then
 * payslips are computed, sealed and written {@link CHUNK} at a time, each chunk
 * its own transaction that also moves the progress counter, with the event
 * loop free between chunks. The last transaction writes totals and anomaly
 * counts and sets `calculated`. On any error the run's payslips are removed,
 * the run returns to `draft` and `error` holds the reason (an i18n key).
 *
 * Recalculating is idempotent: the same inputs give the same payslips and totals.
 */
import { and, eq } from 'drizzle-orm';
import { HttpError, type HrContext } from '../../../core/sdk.js';
import { anomalies } from '../domain/anomalies.js';
import { NO_ADDITIONAL_DEDUCTIONS } from '../domain/types.js';
import { adjustments, payslips, runs } from '../schema.js';
import { addToTotals, calculatePayslip, EMPTY_YTD, emptyTotals, NO_ATTENDANCE, taxOf, type AdjustmentLine, type AttendanceFigures, type PayslipInputs } from './run-calc.js';
import { monthsCountedWith, shiftMonth, type PreviousFigures, type RunEmployee, type RunInputs } from './run-inputs.js';
import type { RunRow, RunView } from './run-types.js';
import type { PayrollParts, PayslipData, SalarySegment } from './types.js';

/** Employees per transaction. */
export const CHUNK = 500;

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Thrown inside a chunk when the run was deleted or changed meanwhile. */
class Abandoned extends Error {}

interface Work {
  employee: RunEmployee;
  inputs: () => PayslipInputs;
}

export function createRunCalculation(parts: PayrollParts, inputs: RunInputs, deps: { find(id: number): RunRow; assertEditable(run: RunRow): void }) {
  const { ctx, db, settings, setup } = parts;
  const active = new Set<number>();

  const toError = (err: unknown): HttpError =>
    err instanceof HttpError ? err : new HttpError(422, 'payroll.run.error.unexpected', { message: err instanceof Error ? err.message : String(err) });

  /** Everything the chunks need, read in bulk. */
  const prepare = (run: RunRow): Work[] => {
    const month = run.month;
    if (run.kind === 'adjustment') {
      const lines = new Map<number, AdjustmentLine[]>();
      for (const a of db.select().from(adjustments).where(eq(adjustments.runId, run.id)).orderBy(adjustments.id).all()) {
        const list = lines.get(a.employeeId) ?? [];
        list.push(JSON.parse(ctx.sensitive.unseal(a.dataEnc)) as AdjustmentLine);
        lines.set(a.employeeId, list);
      }
      const ids = [...lines.keys()];
      const employees = inputs.employees(month, ids, { all: true });
      const openings = inputs.openings(employees, month);
      const ytd = inputs.yearToDate(ids, month, run.id, openings);
      const deductions = inputs.additionalDeductions(employees, month, openings);
      return employees.map((employee) => ({
        employee,
        inputs: () => ({
          kind: 'adjustment',
          month,
          employee,
          lines: lines.get(employee.id) ?? [],
          monthsCounted: monthsCountedWith(employee.hireDate, month, openings.get(employee.id)),
          previous: ytd.get(employee.id) ?? EMPTY_YTD,
          cumulativeAdditionalCents: deductions.get(employee.id)?.cumulativeCents ?? 0,
          additionalDeductions: { ...NO_ADDITIONAL_DEDUCTIONS },
          bonusTaxation: settings.bonusTaxation,
        }),
      }));
    }

    const everyone = inputs.employees(month);
    const segments = setup.segmentsForMany(
      everyone.map((e) => e.id),
      month,
    );
    // No salary profile in force this month: not paid by this run (the run page lists them).
    const employees = everyone.filter((e) => (segments.get(e.id) ?? []).length > 0);
    const ids = employees.map((e) => e.id);
    const summaries = new Map(ctx.services.get('attendance').monthlySummaries(month).map((s) => [s.employeeId, s]));
    const openings = inputs.openings(employees, month);
    const ytd = inputs.yearToDate(ids, month, run.id, openings);
    const deductions = inputs.additionalDeductions(employees, month, openings);
    const compiler = inputs.compiler();
    return employees.map((employee) => ({
      employee,
      inputs: () => {
        const segs = segments.get(employee.id) as SalarySegment[];
        const last = segs[segs.length - 1]!;
        const s = summaries.get(employee.id);
        const attendance: AttendanceFigures = s
          ? {
              days_worked: s.daysWorked,
              scheduled_days: s.scheduledDays,
              late_count: s.lateCount,
              late_minutes: s.lateMinutes,
              absent_days: s.absentDays,
              unpaid_leave_days: s.unpaidLeaveDays,
              paid_leave_days: s.paidLeaveDays,
              ot_workday_hours: s.overtimeHours.workday,
              ot_restday_hours: s.overtimeHours.restday,
              ot_holiday_hours: s.overtimeHours.holiday,
            }
          : NO_ATTENDANCE;
        const d = deductions.get(employee.id);
        return {
          kind: 'regular',
          month,
          employee,
          segments: segs,
          attendance,
          components: compiler.components(last.structureId),
          cityRules: compiler.cityRules(last.cityCode || settings.defaultCity, month),
          additionalDeductions: d?.current ?? { ...NO_ADDITIONAL_DEDUCTIONS },
          cumulativeAdditionalCents: d?.cumulativeCents ?? 0,
          monthsCounted: monthsCountedWith(employee.hireDate, month, openings.get(employee.id)),
          previous: ytd.get(employee.id) ?? EMPTY_YTD,
          payDaysPerMonth: settings.payDaysPerMonth,
          bonusTaxation: settings.bonusTaxation,
        };
      },
    }));
  };

  const stillCalculating = (id: number) => {
    const row = db.select({ status: runs.status }).from(runs).where(eq(runs.id, id)).get();
    if (row?.status !== 'calculating') throw new Abandoned();
  };

  const execute = async (c: HrContext | null, run: RunRow): Promise<RunView> => {
    try {
      await tick();
      stillCalculating(run.id);
      const work = prepare(run);
      db.update(runs).set({ progressTotal: work.length }).where(eq(runs.id, run.id)).run();
      const previous = run.kind === 'regular' ? inputs.previousMonth(work.map((w) => w.employee.id), run.month) : new Map<number, PreviousFigures>();
      const lastMonthPaid = run.kind === 'regular' && inputs.monthWasPaid(shiftMonth(run.month, -1));
      const totals = emptyTotals();
      let anomalyCount = 0;
      const insert = ctx.sqlite.prepare('INSERT INTO payroll_payslips (run_id, employee_id, month, data_enc, flags, created_at) VALUES (?, ?, ?, ?, ?, ?)');
      const createdAt = parts.now().getTime();
      for (let start = 0; start < work.length; start += CHUNK) {
        await tick();
        const chunk = work.slice(start, start + CHUNK).map((w) => {
          let data: PayslipData;
          try {
            data = calculatePayslip(w.inputs());
          } catch (err) {
            // Say whose payslip failed.
            const e = toError(err);
            throw new HttpError(e.status, e.messageKey, { ...e.params, employee: `${w.employee.employeeNo} ${w.employee.name}` });
          }
          const figures = { netCents: data.netCents, grossCents: data.grossCents, taxCents: taxOf(data) };
          const flags = anomalies(figures, previous.get(w.employee.id) ?? null, { netChange: settings.anomalyNetChange })
            // "New" means something only when last month was paid through payroll at all.
            .filter((f) => f !== 'new_employee' || lastMonthPaid);
          return { employeeId: w.employee.id, data, flags };
        });
        db.transaction(() => {
          stillCalculating(run.id);
          for (const p of chunk) {
            insert.run(run.id, p.employeeId, run.month, ctx.sensitive.seal(JSON.stringify(p.data)), JSON.stringify(p.flags), createdAt);
            addToTotals(totals, p.data);
            if (p.flags.length) anomalyCount++;
          }
          db.update(runs).set({ progressDone: start + chunk.length }).where(eq(runs.id, run.id)).run();
        });
      }
      return db.transaction(() => {
        stillCalculating(run.id);
        const done = db
          .update(runs)
          .set({ status: 'calculated', totals: { ...totals }, employeeCount: work.length, anomalyCount, calculatedAt: parts.now(), error: null, updatedAt: parts.now() })
          .where(eq(runs.id, run.id))
          .returning()
          .get();
        ctx.audit(c, { action: 'payroll.run.calculate', entity: 'payroll_runs', entityId: run.id, after: { month: run.month, kind: run.kind, employeeCount: work.length, anomalyCount } });
        return { ...done, totals: totals };
      });
    } catch (err) {
      if (err instanceof Abandoned) throw new HttpError(409, 'payroll.run.error.abandoned');
      const e = toError(err);
      if (!(err instanceof HttpError)) ctx.log.error({ err, runId: run.id }, 'payroll: run calculation failed');
      db.transaction(() => {
        const row = db.select({ status: runs.status }).from(runs).where(eq(runs.id, run.id)).get();
        if (row?.status !== 'calculating') return;
        db.delete(payslips).where(eq(payslips.runId, run.id)).run();
        db.update(runs)
          .set({ status: 'draft', error: JSON.stringify({ key: e.messageKey, params: e.params ?? {} }), progressDone: 0, totals: null, employeeCount: 0, anomalyCount: 0, updatedAt: parts.now() })
          .where(eq(runs.id, run.id))
          .run();
      });
      throw e;
    } finally {
      active.delete(run.id);
    }
  };

  return {
    isActive: (id: number) => active.has(id),

    /**
     * Checks and marks the run `calculating` now (throws 404/409 synchronously),
     * then calculates in the background; `done` settles when finished.
     */
    start(c: HrContext | null, id: number): { run: RunView; done: Promise<RunView> } {
      const run = db.transaction(() => {
        const row = deps.find(id);
        deps.assertEditable(row);
        if (row.status === 'calculating' && active.has(id)) throw new HttpError(409, 'payroll.run.error.busy');
        if (row.kind === 'adjustment' && !db.select({ id: adjustments.id }).from(adjustments).where(and(eq(adjustments.runId, id))).get()) {
          throw new HttpError(422, 'payroll.run.error.noAdjustments');
        }
        db.delete(payslips).where(eq(payslips.runId, id)).run();
        return db
          .update(runs)
          .set({ status: 'calculating', progressDone: 0, progressTotal: 0, error: null, totals: null, employeeCount: 0, anomalyCount: 0, approvedAt: null, approvedByUserId: null, updatedAt: parts.now() })
          .where(eq(runs.id, id))
          .returning()
          .get();
      });
      active.add(id);
      const done = execute(c, run);
      // The caller may not wait: an unhandled rejection must not take the process down.
      done.catch(() => undefined);
      return { run: { ...run, totals: null }, done };
    },
  };
}
