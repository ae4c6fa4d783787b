/**
 * What a run calculation reads, in bulk: who is paid in the month, formulas
 * compiled once per structure, city rules once per city, the year's earlier
 * payslips (for cumulative withholding) and last month's (for review). A few
 * queries per run, never one per employee.
 *
 * Payslips of locked and published runs never change, so the figures read
 * from them are kept in memory by payslip id: a recalculation does not unseal
 * the whole year again.
 *
 * An opening balance (期初累计数, payroll_opening_balances) stands for the
 * months January..throughMonth of its year: its figures replace whatever
 * payslips of those months say (they are not added twice), its months counted
 * and special additional deductions are added to the run's, and a run of a
 * month it covers refuses to calculate (409) rather than pay a month the
 * previous system already paid.
 */
import { and, eq, gte, inArray, lte, ne } from 'drizzle-orm';
import { HttpError } from '../../../core/sdk.js';
import { evaluate, ExprError, orderByDependencies, parseExpression } from '../domain/expr.js';
import type { AdditionalDeductions, CityRules } from '../domain/types.js';
import { additionalDeductions as additionalDeductionsTable, openingBalances, payslips, runs } from '../schema.js';
import { addYearToDate, EMPTY_YTD, monthlyAdditionalCents, openingYearToDate, taxOf, yearFiguresOf, type CompiledComponent, type YearToDate } from './run-calc.js';
import type { OpeningBalanceData, PayrollParts, PayslipData } from './types.js';

export interface RunEmployee {
  id: number;
  employeeNo: string;
  name: string;
  departmentName: string;
  hireDate: string | null;
  terminationDate: string | null;
}

/** Last-month figures of an employee, for differences and anomaly flags. */
export interface PreviousFigures {
  payslipId: number;
  grossCents: number;
  netCents: number;
  taxCents: number;
}

interface LockedFigures {
  ytd: YearToDate;
  previous: PreviousFigures;
}

const LOCKED_STATUSES = ['locked', 'published'] as const;

export function monthBounds(month: string): { from: string; to: string } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, '0')}` };
}

export function shiftMonth(month: string, by: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const i = y * 12 + (m - 1) + by;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
}

/** Employed at some point of the month: hired on or before its last day, not terminated before its first. */
export function employedInMonth(e: { hireDate: string | null; terminationDate: string | null; status?: string }, month: string): boolean {
  const { from, to } = monthBounds(month);
  if (e.hireDate && e.hireDate > to) return false;
  if (e.terminationDate && e.terminationDate < from) return false;
  // Someone marked as left without a termination date is no longer paid.
  return !(e.status === 'left' && !e.terminationDate);
}

/** An employee's opening balance (期初累计数) as a run uses it: it covers January..throughMonth. */
export interface RunOpening {
  throughMonth: number;
  data: OpeningBalanceData;
}

/**
 * The first calendar month (1–12) of `month`'s year the suite itself counts:
 * January, the month of hire when hired that year, or the month after an
 * opening balance's `throughMonth` (0: none); never after `month`.
 */
export function firstMonthCounted(hireDate: string | null, month: string, throughMonth = 0): number {
  const m = Number(month.slice(5, 7));
  const start = hireDate && hireDate.slice(0, 4) === month.slice(0, 4) ? Number(hireDate.slice(5, 7)) : 1;
  return Math.min(Math.max(start, throughMonth + 1), m);
}

/**
 * Months of the tax year counted for the basic deduction up to `month`: from
 * January, or from the month of hire when hired this year; with an opening
 * balance before `month`, its months counted plus the months after it.
 */
export function monthsCounted(hireDate: string | null, month: string, opening: { throughMonth: number; monthsCounted: number } | null = null): number {
  const usable = opening && opening.throughMonth < Number(month.slice(5, 7)) ? opening : null;
  return (usable?.monthsCounted ?? 0) + Number(month.slice(5, 7)) - firstMonthCounted(hireDate, month, usable?.throughMonth ?? 0) + 1;
}

/** `monthsCounted` for a run's employee and their opening balance (if any). */
export const monthsCountedWith = (hireDate: string | null, month: string, opening: RunOpening | undefined) =>
  monthsCounted(hireDate, month, opening ? { throughMonth: opening.throughMonth, monthsCounted: opening.data.monthsCounted } : null);

/** A formula problem as the run stores it: the expression's i18n key and the component. */
export class FormulaProblem extends HttpError {
  constructor(err: ExprError, component: string) {
    super(422, 'payroll.run.error.formula', { component, detail: err.code, column: err.pos + 1 });
  }
}

export function createRunInputs(parts: PayrollParts) {
  const { ctx, db, setup } = parts;
  const locked = new Map<number, LockedFigures>();

  const unseal = (stored: string) => JSON.parse(ctx.sensitive.unseal(stored)) as PayslipData;

  const figures = (id: number, stored: string): LockedFigures => {
    let f = locked.get(id);
    if (!f) {
      const data = unseal(stored);
      f = { ytd: yearFiguresOf(data), previous: { payslipId: id, grossCents: data.grossCents, netCents: data.netCents, taxCents: taxOf(data) } };
      locked.set(id, f);
    }
    return f;
  };

  /** Locked/published payslips of the given months (optionally without one run), with their run's kind. */
  const lockedPayslips = (from: string, to: string, employeeIds: number[] | null, exceptRunId: number | null) =>
    db
      .select({ id: payslips.id, employeeId: payslips.employeeId, month: payslips.month, dataEnc: payslips.dataEnc, kind: runs.kind })
      .from(payslips)
      .innerJoin(runs, eq(runs.id, payslips.runId))
      .where(
        and(
          gte(payslips.month, from),
          lte(payslips.month, to),
          inArray(runs.status, [...LOCKED_STATUSES]),
          exceptRunId === null ? undefined : ne(runs.id, exceptRunId),
          employeeIds === null ? undefined : inArray(payslips.employeeId, employeeIds.length ? employeeIds : [-1]),
        ),
      )
      .all();

  return {
    /** Everyone employed in the month (or these ids; `all`: employed or not), with their department's name, by employee number. */
    employees(month: string, ids?: number[], options: { all?: boolean } = {}): RunEmployee[] {
      const departments = new Map(ctx.people.departments().map((d) => [d.id, d.name]));
      return ctx.people.employees
        .roster({ includeLeft: true, ...(ids ? { ids } : {}) })
        .filter((e) => options.all || employedInMonth(e, month))
        .map((e) => ({
          id: e.id,
          employeeNo: e.employeeNo,
          name: e.name,
          departmentName: departments.get(e.departmentId) ?? '',
          hireDate: e.hireDate,
          terminationDate: e.terminationDate,
        }));
    },

    /** A per-calculation cache of compiled components by structure (null = default) and of city rules. */
    compiler() {
      const structures = new Map<number | null, CompiledComponent[]>();
      const cities = new Map<string, CityRules>();
      return {
        components(structureId: number | null): CompiledComponent[] {
          let list = structures.get(structureId);
          if (!list) {
            let ordered;
            try {
              ordered = orderByDependencies(setup.componentsOf(structureId));
            } catch (err) {
              if (err instanceof ExprError) throw new FormulaProblem(err, String(err.params.component ?? ''));
              throw err;
            }
            list = ordered.map((row) => {
              const ast = parseExpression(row.formula);
              return {
                row,
                evaluate(variables: Readonly<Record<string, number>>) {
                  try {
                    return evaluate(ast, variables as Record<string, number>);
                  } catch (err) {
                    if (err instanceof ExprError) throw new FormulaProblem(err, row.code);
                    throw err;
                  }
                },
              };
            });
            structures.set(structureId, list);
          }
          return list;
        },
        cityRules(cityCode: string, month: string): CityRules {
          let rules = cities.get(cityCode);
          if (!rules) cities.set(cityCode, (rules = setup.cityRules(cityCode, month)));
          return rules;
        },
      };
    },

    /**
     * The opening balances of `month`'s year of these employees (one query for
     * the year). An opening balance covering `month` itself (throughMonth ≥ the
     * month) stops the run: 409 naming the employee.
     */
    openings(employees: RunEmployee[], month: string): Map<number, RunOpening> {
      const out = new Map<number, RunOpening>();
      if (!employees.length) return out;
      const byId = new Map(employees.map((e) => [e.id, e]));
      const m = Number(month.slice(5, 7));
      const rows = db
        .select({ employeeId: openingBalances.employeeId, throughMonth: openingBalances.throughMonth, dataEnc: openingBalances.dataEnc })
        .from(openingBalances)
        .where(eq(openingBalances.year, Number(month.slice(0, 4))))
        .all();
      for (const r of rows) {
        const e = byId.get(r.employeeId);
        if (!e) continue;
        if (r.throughMonth >= m) throw new HttpError(409, 'payroll.opening.error.coversRun', { employee: `${e.employeeNo} ${e.name}`, through: r.throughMonth, month });
        out.set(r.employeeId, { throughMonth: r.throughMonth, data: JSON.parse(ctx.sensitive.unseal(r.dataEnc)) as OpeningBalanceData });
      }
      return out;
    },

    /**
     * The year's figures before `month` for each employee: every locked or
     * published payslip of the year up to `month` (same month included: the
     * corrected run of an adjustment), except those of `runId`. An employee's
     * opening balance replaces the payslips of the months it covers.
     */
    yearToDate(employeeIds: number[], month: string, runId: number, openings: ReadonlyMap<number, RunOpening> = new Map()): Map<number, YearToDate> {
      const out = new Map<number, YearToDate>();
      for (const p of lockedPayslips(`${month.slice(0, 4)}-01`, month, employeeIds, runId)) {
        const opening = openings.get(p.employeeId);
        if (opening && Number(p.month.slice(5, 7)) <= opening.throughMonth) continue;
        out.set(p.employeeId, addYearToDate(out.get(p.employeeId) ?? EMPTY_YTD, figures(p.id, p.dataEnc).ytd));
      }
      for (const id of employeeIds) {
        const opening = openings.get(id);
        if (opening) out.set(id, addYearToDate(out.get(id) ?? EMPTY_YTD, openingYearToDate(opening.data)));
      }
      return out;
    },

    /**
     * The month's declared special additional deductions and their sum over the
     * months counted. A declaration holds from its month on, so one entered late
     * counts back to its effective month. Only employees whose declaration
     * changed inside the months counted need a month-by-month look-up; for the
     * others the sum is this month's amount times the months counted. With an
     * opening balance, its cumulative amount stands for the months it covers.
     */
    additionalDeductions(
      employees: RunEmployee[],
      month: string,
      openings: ReadonlyMap<number, RunOpening> = new Map(),
    ): Map<number, { current: AdditionalDeductions; cumulativeCents: number }> {
      const ids = employees.map((e) => e.id);
      const current = setup.deductionsFor(ids, month);
      const declared = new Map<number, string[]>();
      if (ids.length) {
        for (const r of db
          .select({ employeeId: additionalDeductionsTable.employeeId, effectiveFrom: additionalDeductionsTable.effectiveFrom })
          .from(additionalDeductionsTable)
          .where(and(lte(additionalDeductionsTable.effectiveFrom, month), inArray(additionalDeductionsTable.employeeId, ids)))
          .all()) {
          declared.set(r.employeeId, [...(declared.get(r.employeeId) ?? []), r.effectiveFrom]);
        }
      }
      const year = month.slice(0, 4);
      const last = Number(month.slice(5, 7));
      const out = new Map<number, { current: AdditionalDeductions; cumulativeCents: number }>();
      const slow = new Map<number, number>(); // employee → first month counted
      for (const e of employees) {
        const now = current.get(e.id)!;
        const opening = openings.get(e.id);
        const first = firstMonthCounted(e.hireDate, month, opening?.throughMonth ?? 0);
        const firstMonth = `${year}-${String(first).padStart(2, '0')}`;
        const froms = declared.get(e.id) ?? [];
        const before = opening?.data.additionalDeductionsCents ?? 0;
        if (froms.some((f) => f > firstMonth)) slow.set(e.id, first);
        else out.set(e.id, { current: now, cumulativeCents: before + (froms.length ? monthlyAdditionalCents(now) * (last - first + 1) : 0) });
      }
      if (slow.size) {
        const sums = new Map<number, number>();
        const earliest = Math.min(...slow.values());
        for (let m = earliest; m <= last; m++) {
          const who = [...slow].filter(([, first]) => first <= m).map(([id]) => id);
          for (const [id, d] of setup.deductionsFor(who, `${year}-${String(m).padStart(2, '0')}`)) sums.set(id, (sums.get(id) ?? 0) + monthlyAdditionalCents(d));
        }
        for (const id of slow.keys()) out.set(id, { current: current.get(id)!, cumulativeCents: (openings.get(id)?.data.additionalDeductionsCents ?? 0) + (sums.get(id) ?? 0) });
      }
      return out;
    },

    /** Last month's figures of each employee (their regular run's payslip, locked or published). */
    previousMonth(employeeIds: number[] | null, month: string): Map<number, PreviousFigures> {
      const prev = shiftMonth(month, -1);
      const out = new Map<number, PreviousFigures>();
      for (const p of lockedPayslips(prev, prev, employeeIds, null)) {
        if (p.kind === 'regular') out.set(p.employeeId, figures(p.id, p.dataEnc).previous);
      }
      return out;
    },

    /** Whether the month has a locked or published regular run. */
    monthWasPaid(month: string): boolean {
      return !!db
        .select({ id: runs.id })
        .from(runs)
        .where(and(eq(runs.month, month), eq(runs.kind, 'regular'), inArray(runs.status, [...LOCKED_STATUSES])))
        .get();
    },

    unseal,
  };
}

export type RunInputs = ReturnType<typeof createRunInputs>;
