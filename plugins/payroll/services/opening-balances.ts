/**
 * Opening balances (期初累计数 / 往期累计): an employee's year-to-date figures
 * from the payroll system used before this one, so a company that starts
 * mid-year withholds right from its first run here. A balance of `year`
 * covers January..`throughMonth`; runs of later months of that year read it
 * in place of payslips (services/run-inputs.ts).
 *
 * Writes (set or replace, delete, CSV import) run in a transaction and are
 * audited without amounts. They are refused when:
 * - the input is wrong (400 naming the field): amounts below 0 or not to the
 *   cent, a month outside 1–12 or after the current month, tax-free income
 *   above income, months counted above `throughMonth`;
 * - a run of this suite already holds a payslip of the employee for a month
 *   the balance would cover (409): the suite paid that month, so the balance
 *   must end before it (a locked run can never change; an open one may be
 *   deleted first).
 * Reading amounts for a person is audited (`payroll.opening.view`).
 */
import { and, asc, desc, eq, gte, lte } from 'drizzle-orm';
import { HttpError, z, type HrContext } from '../../../core/sdk.js';
import { openingBalances, payslips, runs } from '../schema.js';
import { readOpeningCsv, type ImportMessage } from './opening-import.js';
import { monthsCounted } from './run-inputs.js';
import { FROZEN } from './run-types.js';
import { MAX_MONTHLY_CENTS, parseOrThrow } from './setup-input.js';
import type { OpeningBalanceData, OpeningBalanceInput, OpeningBalanceRow, PayrollParts } from './types.js';

/** Cumulative withholding (累计预扣法) applies from 2019 on. */
export const FIRST_YEAR = 2019;
/** A year of the largest monthly amount the setup accepts. */
export const MAX_YEAR_CENTS = 12 * MAX_MONTHLY_CENTS;

const cents = z.number().int('payroll.setup.error.wholeCents').min(0, 'payroll.setup.error.negative').max(MAX_YEAR_CENTS, 'payroll.setup.error.tooLarge');

/** The API's and the service's input: cents; `monthsCounted` null = from January or the month of hire. */
export const openingInputSchema = z.object({
  year: z.number().int().min(FIRST_YEAR, 'payroll.opening.error.badYear').max(9999, 'payroll.opening.error.badYear'),
  throughMonth: z.number().int().min(1, 'payroll.opening.error.badMonth').max(12, 'payroll.opening.error.badMonth'),
  incomeCents: cents,
  taxFreeCents: cents.default(0),
  specialDeductionsCents: cents.default(0),
  additionalDeductionsCents: cents.default(0),
  otherDeductionsCents: cents.default(0),
  withheldCents: cents.default(0),
  monthsCounted: z.number().int().min(1, 'payroll.opening.error.months').max(12, 'payroll.opening.error.months').nullable().default(null),
});

/** An opening balance as the import page lists it: no amounts. */
export interface OpeningListItem {
  employeeId: number;
  employeeNo: string;
  name: string;
  year: number;
  throughMonth: number;
  createdAt: Date;
}

export interface OpeningImportReport {
  fileName: string;
  encoding: string;
  rows: number;
  errors: ImportMessage[];
  errorCount: number;
  /** Whether the rows were written (all or nothing). */
  written: boolean;
  /** Some row was refused because a run already paid a month it covers (the page answers 409, else 400). */
  conflict: boolean;
  created: number;
  replaced: number;
}

interface Checked {
  employeeId: number;
  year: number;
  throughMonth: number;
  data: OpeningBalanceData;
}

type Employee = { id: number; employeeNo: string; name: string; hireDate: string | null };

const pad = (m: number) => String(m).padStart(2, '0');

export function createOpeningBalances(parts: PayrollParts) {
  const { ctx, db } = parts;
  const userIdOf = (c: HrContext | null): number | null => c?.get('user')?.id ?? null;

  const toRow = (r: typeof openingBalances.$inferSelect): OpeningBalanceRow => ({
    id: r.id,
    employeeId: r.employeeId,
    year: r.year,
    throughMonth: r.throughMonth,
    createdBy: r.createdBy,
    createdAt: r.createdAt,
    data: JSON.parse(ctx.sensitive.unseal(r.dataEnc)) as OpeningBalanceData,
  });

  function employeeOr404(employeeId: number): Employee {
    const found = Number.isSafeInteger(employeeId) ? ctx.people.employees.roster({ ids: [employeeId], includeLeft: true })[0] : undefined;
    if (!found) throw new HttpError(404, 'payroll.error.notFound');
    return found;
  }

  /** Validates one balance of one employee; throws HttpError 400 naming the field. */
  function check(employee: Employee, raw: unknown): Checked {
    const input = parseOrThrow(openingInputSchema, raw);
    const current = parts.today().slice(0, 7);
    const through = `${input.year}-${pad(input.throughMonth)}`;
    if (through > current) throw new HttpError(400, 'payroll.opening.error.future', { field: 'throughMonth', month: through, current });
    const hire = employee.hireDate;
    if (hire && hire.slice(0, 7) > through) throw new HttpError(400, 'payroll.opening.error.hiredAfter', { field: 'throughMonth', date: hire, month: through });
    const counted = input.monthsCounted ?? monthsCounted(hire, through);
    if (counted > input.throughMonth) throw new HttpError(400, 'payroll.opening.error.months', { field: 'monthsCounted', max: input.throughMonth });
    if (input.taxFreeCents > input.incomeCents) throw new HttpError(400, 'payroll.opening.error.taxFree', { field: 'taxFreeCents' });
    const { year, throughMonth, monthsCounted: _m, ...amounts } = input;
    return { employeeId: employee.id, year, throughMonth, data: { ...amounts, monthsCounted: counted } };
  }

  /** 409 when a run of the suite holds a payslip of the employee for a month the balance covers. */
  function assertNotPaidHere(employee: Employee, year: number, throughMonth: number): void {
    const paid = db
      .select({ month: payslips.month, runId: runs.id, status: runs.status })
      .from(payslips)
      .innerJoin(runs, eq(runs.id, payslips.runId))
      .where(and(eq(payslips.employeeId, employee.id), gte(payslips.month, `${year}-01`), lte(payslips.month, `${year}-${pad(throughMonth)}`)))
      .orderBy(asc(payslips.month))
      .get();
    if (!paid) return;
    const params = { field: 'throughMonth', name: employee.name, month: paid.month, runId: paid.runId, max: Number(paid.month.slice(5, 7)) - 1 };
    throw new HttpError(409, FROZEN.includes(paid.status) ? 'payroll.opening.error.lockedRun' : 'payroll.opening.error.openRun', params);
  }

  const summary = (r: { employeeId: number; year: number; throughMonth: number }, data: OpeningBalanceData) => ({
    employeeId: r.employeeId,
    year: r.year,
    throughMonth: r.throughMonth,
    monthsCounted: data.monthsCounted,
  });

  /** Inside a transaction: insert or replace, audited without amounts. */
  function write(c: HrContext | null, employee: Employee, v: Checked, via: 'form' | 'import'): { row: OpeningBalanceRow; replaced: boolean } {
    assertNotPaidHere(employee, v.year, v.throughMonth);
    const existing = db
      .select()
      .from(openingBalances)
      .where(and(eq(openingBalances.employeeId, v.employeeId), eq(openingBalances.year, v.year)))
      .get();
    const values = { throughMonth: v.throughMonth, dataEnc: ctx.sensitive.seal(JSON.stringify(v.data)), createdBy: userIdOf(c), createdAt: parts.now() };
    const row = existing
      ? db.update(openingBalances).set(values).where(eq(openingBalances.id, existing.id)).returning().get()
      : db
          .insert(openingBalances)
          .values({ employeeId: v.employeeId, year: v.year, ...values })
          .returning()
          .get();
    ctx.audit(c, {
      action: existing ? 'payroll.opening.replace' : 'payroll.opening.create',
      entity: 'payroll_opening_balances',
      entityId: row.id,
      before: existing ? summary(existing, toRow(existing).data) : undefined,
      after: { ...summary(row, v.data), via },
    });
    return { row: toRow(row), replaced: !!existing };
  }

  return {
    /** An employee's opening balances, newest year first, for a person to read (audited when there are any). */
    list(c: HrContext | null, employeeId: number, year?: number): OpeningBalanceRow[] {
      employeeOr404(employeeId);
      const rows = db
        .select()
        .from(openingBalances)
        .where(and(eq(openingBalances.employeeId, employeeId), year === undefined ? undefined : eq(openingBalances.year, year)))
        .orderBy(desc(openingBalances.year))
        .all()
        .map(toRow);
      if (rows.length) {
        ctx.audit(c, { action: 'payroll.opening.view', entity: 'payroll_opening_balances', entityId: employeeId, after: { employeeId, years: rows.map((r) => r.year) } });
      }
      return rows;
    },

    /** Every employee with an opening balance for `year`, without amounts (not audited). */
    listYear(year: number): OpeningListItem[] {
      const rows = db.select({ employeeId: openingBalances.employeeId, throughMonth: openingBalances.throughMonth, createdAt: openingBalances.createdAt }).from(openingBalances).where(eq(openingBalances.year, year)).all();
      const people = new Map(ctx.people.employees.roster({ ids: rows.map((r) => r.employeeId), includeLeft: true }).map((e) => [e.id, e]));
      return rows
        .map((r) => ({ ...r, year, employeeNo: people.get(r.employeeId)?.employeeNo ?? '', name: people.get(r.employeeId)?.name ?? '' }))
        .sort((a, b) => a.employeeNo.localeCompare(b.employeeNo));
    },

    /** Sets or replaces the employee's balance of `input.year`. HttpError 400/404/409. */
    set(c: HrContext | null, employeeId: number, input: OpeningBalanceInput): OpeningBalanceRow {
      const employee = employeeOr404(employeeId);
      const checked = check(employee, input);
      return db.transaction(() => write(c, employee, checked, 'form').row);
    },

    /** Deletes the employee's balance of `year` (404 when there is none). */
    remove(c: HrContext | null, employeeId: number, year: number): void {
      employeeOr404(employeeId);
      db.transaction(() => {
        const row = db
          .select()
          .from(openingBalances)
          .where(and(eq(openingBalances.employeeId, employeeId), eq(openingBalances.year, year)))
          .get();
        if (!row) throw new HttpError(404, 'payroll.error.notFound');
        db.delete(openingBalances).where(eq(openingBalances.id, row.id)).run();
        ctx.audit(c, { action: 'payroll.opening.delete', entity: 'payroll_opening_balances', entityId: row.id, before: summary(row, toRow(row).data) });
      });
    },

    /**
     * Imports a CSV (services/opening-import.ts): every row is checked as `set`
     * checks it, then all rows are written in one transaction, or none when any
     * row is wrong (the report lists each problem with its line and column).
     */
    importCsv(c: HrContext | null, bytes: Uint8Array, fileName: string): OpeningImportReport {
      const parsed = readOpeningCsv(bytes);
      const report: OpeningImportReport = { fileName, encoding: parsed.encoding, rows: parsed.rows, errors: parsed.errors, errorCount: parsed.errorCount, written: false, conflict: false, created: 0, replaced: 0 };
      const fail = (m: ImportMessage) => {
        report.errorCount++;
        if (report.errors.length < 200) report.errors.push(m);
      };
      const byNumber = new Map(ctx.people.employees.roster({ includeLeft: true }).map((e) => [e.employeeNo.trim(), e]));
      const seen = new Map<string, number>();
      const ready: { employee: Employee; checked: Checked; line: number }[] = [];
      for (const r of parsed.parsed) {
        const employee = byNumber.get(r.employeeNo);
        if (!employee) {
          fail({ line: r.line, column: parsed.columnOf.employeeNo, key: 'payroll.opening.import.error.unknownEmployee', params: { value: r.employeeNo } });
          continue;
        }
        const key = `${employee.id}:${r.input.year}`;
        const first = seen.get(key);
        if (first !== undefined) {
          fail({ line: r.line, column: parsed.columnOf.employeeNo, key: 'payroll.opening.import.error.duplicate', params: { value: r.employeeNo, year: r.input.year, line: first } });
          continue;
        }
        seen.set(key, r.line);
        try {
          const checked = check(employee, r.input);
          assertNotPaidHere(employee, checked.year, checked.throughMonth);
          ready.push({ employee, checked, line: r.line });
        } catch (err) {
          if (!(err instanceof HttpError) || err.status >= 500) throw err;
          if (err.status === 409) report.conflict = true;
          const field = typeof err.params?.field === 'string' ? err.params.field : '';
          fail({ line: r.line, column: parsed.columnOf[field], key: err.messageKey, params: err.params ?? {} });
        }
      }
      // Lines in file order, whichever check found them.
      report.errors.sort((a, b) => a.line - b.line);
      if (report.errorCount > 0) return report;
      return db.transaction(() => {
        let created = 0;
        let replaced = 0;
        for (const r of ready) {
          if (write(c, r.employee, r.checked, 'import').replaced) replaced++;
          else created++;
        }
        ctx.audit(c, { action: 'payroll.opening.import', entity: 'payroll_opening_balances', after: { fileName, rows: parsed.rows, created, replaced } });
        return { ...report, written: true, created, replaced };
      });
    },
  };
}

export type OpeningBalances = ReturnType<typeof createOpeningBalances>;
