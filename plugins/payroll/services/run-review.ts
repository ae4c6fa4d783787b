/**
 * Review of a run: per employee gross, net, tax, the difference from last
 * month's payslip and the anomaly flags, a page at a time (only the page's
 * payslips are unsealed). Showing these figures is audited
 * (`payroll.run.view`).
 */
import { asc, eq } from 'drizzle-orm';
import type { HrContext } from '../../../core/sdk.js';
import { payslips } from '../schema.js';
import { taxOf } from './run-calc.js';
import type { RunInputs } from './run-inputs.js';
import { runView, type RunRow, type RunView } from './run-types.js';
import type { PayrollParts } from './types.js';

export interface ReviewFilter {
  /** Only payslips with anomaly flags. */
  anomalies?: boolean;
  /** Name (contains) or employee number (prefix). */
  q?: string;
  page?: number;
  pageSize?: number;
}

export interface ReviewRow {
  payslipId: number;
  employeeId: number;
  employeeNo: string;
  name: string;
  departmentName: string;
  grossCents: number;
  netCents: number;
  taxCents: number;
  /** Last month's net (its regular run, locked or published); null when there was none. */
  previousNetCents: number | null;
  /** net − last month's net. */
  diffCents: number | null;
  flags: string[];
  publishedAt: Date | null;
  confirmedAt: Date | null;
}

export interface Review {
  run: RunView;
  rows: ReviewRow[];
  /** Rows matching the filter (all pages). */
  total: number;
  page: number;
  pageSize: number;
  /** Employed in the month but without a payslip in this (regular) run: no salary profile in force. */
  unpaid: { employeeId: number; employeeNo: string; name: string }[];
}

export function createRunReview(parts: PayrollParts, inputs: RunInputs, deps: { find(id: number): RunRow }) {
  const { ctx, db } = parts;

  const review = (c: HrContext | null, runId: number, filter: ReviewFilter = {}): Review => {
    const run = deps.find(runId);
    const pageSize = Math.min(Math.max(filter.pageSize ?? 50, 1), 500);
    const all = db
      .select({ id: payslips.id, employeeId: payslips.employeeId, flags: payslips.flags, dataEnc: payslips.dataEnc, publishedAt: payslips.publishedAt, confirmedAt: payslips.confirmedAt })
      .from(payslips)
      .where(eq(payslips.runId, run.id))
      .orderBy(asc(payslips.id))
      .all();
    const people = new Map(ctx.people.employees.roster({ includeLeft: true, ids: all.map((p) => p.employeeId) }).map((e) => [e.id, e]));
    const q = (filter.q ?? '').trim().toLowerCase();
    const matching = all
      .filter((p) => !filter.anomalies || p.flags.length > 0)
      .filter((p) => {
        if (!q) return true;
        const e = people.get(p.employeeId);
        return !!e && (e.employeeNo.toLowerCase().startsWith(q) || e.name.toLowerCase().includes(q));
      })
      .sort((a, b) => (people.get(a.employeeId)?.employeeNo ?? '').localeCompare(people.get(b.employeeId)?.employeeNo ?? '') || a.id - b.id);
    const pages = Math.max(1, Math.ceil(matching.length / pageSize));
    const page = Math.min(Math.max(filter.page ?? 1, 1), pages);
    const slice = matching.slice((page - 1) * pageSize, page * pageSize);
    const previous = run.kind === 'regular' ? inputs.previousMonth(slice.map((p) => p.employeeId), run.month) : new Map();
    const rows = slice.map((p): ReviewRow => {
      const data = inputs.unseal(p.dataEnc);
      const prev = previous.get(p.employeeId);
      return {
        payslipId: p.id,
        employeeId: p.employeeId,
        employeeNo: data.employeeNo,
        name: data.name,
        departmentName: data.departmentName,
        grossCents: data.grossCents,
        netCents: data.netCents,
        taxCents: taxOf(data),
        previousNetCents: prev?.netCents ?? null,
        diffCents: prev ? data.netCents - prev.netCents : null,
        flags: p.flags,
        publishedAt: p.publishedAt,
        confirmedAt: p.confirmedAt,
      };
    });
    let unpaid: Review['unpaid'] = [];
    if (run.kind === 'regular' && run.status !== 'draft' && run.status !== 'calculating') {
      const paid = new Set(all.map((p) => p.employeeId));
      unpaid = inputs
        .employees(run.month)
        .filter((e) => !paid.has(e.id))
        .map((e) => ({ employeeId: e.id, employeeNo: e.employeeNo, name: e.name }));
    }
    if (rows.length) ctx.audit(c, { action: 'payroll.run.view', entity: 'payroll_runs', entityId: run.id, after: { page, payslips: rows.length } });
    return { run: runView(run), rows, total: matching.length, page, pageSize, unpaid };
  };

  return {
    review,
    /** The API's list of a run's payslips: summary numbers, a page at a time. */
    summaries: (c: HrContext | null, runId: number, filter: ReviewFilter = {}) => review(c, runId, filter),
  };
}
