/**
 * Payroll runs (发薪): one month's pay from draft to published.
 *
 *   draft ──calculate──▶ calculating ──▶ calculated ──approve──▶ approved ──lock──▶ locked ──publish──▶ published
 *     ▲                      │ (error: back to draft, `error` says why)
 *     └── recalculate: draft, calculated or approved (approval cleared); payslips replaced
 *
 * A month has one regular run (delete a draft to start over). A locked or
 * published run is never changed: every write here refuses it with
 * `409 payroll.run.error.locked`; an adjustment run (`kind: adjustment`,
 * `correctsRunId`) with extra lines per employee corrects it, its tax worked
 * out cumulatively on top of the locked run.
 *
 * Transitions are transactions and audited (`payroll.run.*`); the calculation
 * writes payslips in chunks (services/run-calculate.ts) so a 10,000-person run
 * keeps the server responsive and shows progress.
 */
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import { HttpError, type HrContext, type LocalizedText, type SessionUser } from '../../../core/sdk.js';
import { adjustments, payslips, runs } from '../schema.js';
import type { AdjustmentLine } from './run-calc.js';
import { createRunCalculation } from './run-calculate.js';
import { createRunInputs } from './run-inputs.js';
import { createRunReview } from './run-review.js';
import { FROZEN, runView, type RunRow, type RunStatus, type RunView } from './run-types.js';
import type { PayrollParts } from './types.js';

export { runError, runView, type RunRow, type RunStatus, type RunView } from './run-types.js';

export const APPROVE = 'payroll.approve';
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export interface CreateRunInput {
  month: string;
  kind?: 'regular' | 'adjustment';
  /** Adjustment runs: the locked run of the month they correct. */
  correctsRunId?: number | null;
  note?: string;
}

export interface AdjustmentInput extends AdjustmentLine {
  employeeId: number;
}

export interface AdjustmentView extends AdjustmentLine {
  id: number;
  employeeId: number;
  employeeNo: string;
  employeeName: string;
}

export function createRunService(parts: PayrollParts) {
  const { ctx, db } = parts;
  const inputs = createRunInputs(parts);
  const userOf = (c: HrContext | null): SessionUser | null => c?.get('user') ?? null;

  const find = (id: number): RunRow => {
    const row = Number.isSafeInteger(id) && id > 0 ? db.select().from(runs).where(eq(runs.id, id)).get() : undefined;
    if (!row) throw new HttpError(404, 'payroll.error.notFound');
    return row;
  };

  /** Refuses any change to a locked or published run. */
  const assertEditable = (run: RunRow) => {
    if (FROZEN.includes(run.status)) throw new HttpError(409, 'payroll.run.error.locked', { id: run.id, month: run.month });
  };
  /** The run is in `from` (a frozen run refuses as locked, except that a locked run may be published). */
  const assertStatus = (run: RunRow, from: RunStatus) => {
    if (!(from === 'locked' && run.status === 'locked')) assertEditable(run);
    if (run.status !== from) throw new HttpError(409, 'payroll.run.error.status', { status: run.status });
  };
  const assertApprover = (c: HrContext | null) => {
    const user = userOf(c);
    if (user && !user.permissions.has(APPROVE)) throw new HttpError(403, 'payroll.run.error.approveDenied');
  };

  const calculation = createRunCalculation(parts, inputs, { find, assertEditable });
  const review = createRunReview(parts, inputs, { find });

  /** Adding or removing a line makes the payslips stale: back to draft. */
  const resetToDraft = (runId: number) => {
    db.delete(payslips).where(eq(payslips.runId, runId)).run();
    db.update(runs)
      .set({ status: 'draft', totals: null, employeeCount: 0, anomalyCount: 0, progressDone: 0, progressTotal: 0, approvedAt: null, approvedByUserId: null, updatedAt: parts.now() })
      .where(eq(runs.id, runId))
      .run();
  };

  const transition = (c: HrContext | null, id: number, from: RunStatus, apply: (run: RunRow, user: SessionUser | null) => Partial<RunRow>, action: string, after?: (run: RunRow) => void): RunView =>
    db.transaction(() => {
      const run = find(id);
      assertStatus(run, from);
      const user = userOf(c);
      const changes = { ...apply(run, user), updatedAt: parts.now() };
      const updated = db.update(runs).set(changes).where(eq(runs.id, id)).returning().get();
      after?.(updated);
      ctx.audit(c, { action, entity: 'payroll_runs', entityId: id, before: { status: run.status }, after: { status: updated.status, month: run.month } });
      return runView(updated);
    });

  return {
    list(filter: { month?: string; year?: string } = {}): RunView[] {
      const rows = db
        .select()
        .from(runs)
        .where(filter.month ? eq(runs.month, filter.month) : undefined)
        .orderBy(desc(runs.month), desc(runs.id))
        .all();
      return rows.filter((r) => !filter.year || r.month.startsWith(`${filter.year}-`)).map(runView);
    },

    get: (id: number): RunView => runView(find(id)),

    /** A new draft. Regular: one per month. Adjustment: corrects the month's locked (or published) regular run; one open at a time. */
    create(c: HrContext | null, input: CreateRunInput): RunView {
      const kind = input.kind ?? 'regular';
      const note = (input.note ?? '').trim().slice(0, 500);
      return db.transaction(() => {
        let month = input.month;
        let correctsRunId: number | null = null;
        if (kind === 'regular') {
          if (!MONTH.test(month)) throw new HttpError(400, 'payroll.error.badMonth');
          const existing = db.select().from(runs).where(and(eq(runs.month, month), eq(runs.kind, 'regular'))).get();
          if (existing) throw new HttpError(409, 'payroll.run.error.exists', { month, id: existing.id });
        } else {
          const corrected = input.correctsRunId ? db.select().from(runs).where(eq(runs.id, input.correctsRunId)).get() : undefined;
          if (!corrected || corrected.kind !== 'regular') throw new HttpError(422, 'payroll.run.error.correctsUnknown');
          if (!FROZEN.includes(corrected.status)) throw new HttpError(409, 'payroll.run.error.correctsNotLocked', { month: corrected.month });
          month = corrected.month;
          correctsRunId = corrected.id;
          const open = db
            .select()
            .from(runs)
            .where(and(eq(runs.month, month), eq(runs.kind, 'adjustment'), inArray(runs.status, ['draft', 'calculating', 'calculated', 'approved'])))
            .get();
          if (open) throw new HttpError(409, 'payroll.run.error.adjustmentOpen', { month, id: open.id });
        }
        const user = userOf(c);
        const row = db.insert(runs).values({ month, kind, correctsRunId, note, createdByUserId: user?.id ?? null, createdAt: parts.now(), updatedAt: parts.now() }).returning().get();
        ctx.audit(c, { action: 'payroll.run.create', entity: 'payroll_runs', entityId: row.id, after: { month, kind, correctsRunId, note } });
        return runView(row);
      });
    },

    /** Delete a run that is not locked (a regular month can then start over). */
    remove(c: HrContext | null, id: number): void {
      db.transaction(() => {
        const run = find(id);
        assertEditable(run);
        if (run.status === 'calculating' && calculation.isActive(id)) throw new HttpError(409, 'payroll.run.error.busy');
        db.delete(runs).where(eq(runs.id, id)).run();
        ctx.audit(c, { action: 'payroll.run.delete', entity: 'payroll_runs', entityId: id, before: { month: run.month, kind: run.kind, status: run.status } });
      });
    },

    /** Start (or redo) the calculation; `done` settles when every payslip is written (rejects with the stored error). */
    startCalculation: calculation.start,

    /** Calculate and wait for the result. */
    async calculate(c: HrContext | null, id: number): Promise<RunView> {
      return calculation.start(c, id).done;
    },

    isCalculating: calculation.isActive,

    approve(c: HrContext | null, id: number): RunView {
      assertApprover(c);
      return transition(c, id, 'calculated', (_run, user) => ({ status: 'approved', approvedAt: parts.now(), approvedByUserId: user?.id ?? null }), 'payroll.run.approve', (run) =>
        ctx.events.emit('payroll.run.approved', { runId: run.id, month: run.month }),
      );
    },

    /** Lock: the run and the month's attendance can no longer change. */
    lock(c: HrContext | null, id: number): RunView {
      assertApprover(c);
      return transition(c, id, 'approved', (_run, user) => ({ status: 'locked', lockedAt: parts.now(), lockedByUserId: user?.id ?? null }), 'payroll.run.lock', (run) => {
        ctx.services.get('attendance').lockMonth(c, run.month, 'payroll');
        ctx.events.emit('payroll.run.locked', { runId: run.id, month: run.month });
      });
    },

    /** Publish: employees see their payslips; one event each, without amounts. */
    publish(c: HrContext | null, id: number): RunView {
      assertApprover(c);
      const at = parts.now();
      return transition(c, id, 'locked', (_run, user) => ({ status: 'published', publishedAt: at, publishedByUserId: user?.id ?? null }), 'payroll.run.publish', (run) => {
        db.update(payslips).set({ publishedAt: at }).where(eq(payslips.runId, run.id)).run();
        const rows = db.select({ id: payslips.id, employeeId: payslips.employeeId }).from(payslips).where(eq(payslips.runId, run.id)).orderBy(asc(payslips.id)).all();
        for (const p of rows) {
          ctx.events.emit('payroll.payslip.published', { payslipId: p.id, employeeId: p.employeeId, month: run.month, path: `/payroll/payslips/${p.id}` });
        }
        // One request for the whole run, to the payslip list: connectors send it in batches (a
        // WeCom call reaches 1,000 people) instead of one call per person. No amounts.
        ctx.notify({
          to: rows.map((p) => p.employeeId),
          title: { key: 'payroll.notify.published', params: { month: monthLabel(run.month) } },
          description: { key: 'payroll.notify.published_detail' },
          path: '/payroll',
          category: 'payroll.payslip',
        });
      });
    },

    // ------------------------------------------------------------ adjustment lines

    /** The lines of an adjustment run, unsealed for HR (audited: `payroll.adjustment.view`). */
    adjustments(c: HrContext | null, runId: number): AdjustmentView[] {
      const run = find(runId);
      const rows = db.select().from(adjustments).where(eq(adjustments.runId, run.id)).orderBy(asc(adjustments.employeeId), asc(adjustments.id)).all();
      const people = new Map(ctx.people.employees.roster({ ids: [...new Set(rows.map((r) => r.employeeId))], includeLeft: true }).map((e) => [e.id, e]));
      const views = rows.map((r) => {
        const line = JSON.parse(ctx.sensitive.unseal(r.dataEnc)) as AdjustmentLine;
        const e = people.get(r.employeeId);
        return { id: r.id, employeeId: r.employeeId, employeeNo: e?.employeeNo ?? '', employeeName: e?.name ?? '', ...line };
      });
      if (rows.length) ctx.audit(c, { action: 'payroll.adjustment.view', entity: 'payroll_runs', entityId: run.id, after: { lines: rows.length } });
      return views;
    },

    addAdjustment(c: HrContext | null, runId: number, input: AdjustmentInput): number {
      return db.transaction(() => {
        const run = find(runId);
        assertEditable(run);
        if (run.kind !== 'adjustment') throw new HttpError(409, 'payroll.run.error.notAdjustment');
        if (run.status === 'calculating') throw new HttpError(409, 'payroll.run.error.busy');
        const [employee] = ctx.people.employees.roster({ ids: [input.employeeId], includeLeft: true });
        if (!employee) throw new HttpError(422, 'payroll.run.error.unknownEmployee');
        if (!Number.isSafeInteger(input.amountCents) || input.amountCents <= 0) throw new HttpError(400, 'payroll.error.badAmount');
        const line: AdjustmentLine = { kind: input.kind, name: input.name.trim().slice(0, 64), amountCents: input.amountCents, taxable: input.taxable };
        const row = db
          .insert(adjustments)
          .values({ runId, employeeId: employee.id, dataEnc: ctx.sensitive.seal(JSON.stringify(line)), createdByUserId: userOf(c)?.id ?? null, createdAt: parts.now() })
          .returning({ id: adjustments.id })
          .get();
        resetToDraft(runId);
        // Who and what, not how much: amounts stay sealed.
        ctx.audit(c, { action: 'payroll.adjustment.add', entity: 'payroll_adjustments', entityId: row.id, after: { runId, employeeId: employee.id, kind: line.kind, name: line.name } });
        return row.id;
      });
    },

    removeAdjustment(c: HrContext | null, runId: number, adjustmentId: number): void {
      db.transaction(() => {
        const run = find(runId);
        assertEditable(run);
        if (run.status === 'calculating') throw new HttpError(409, 'payroll.run.error.busy');
        const row = db.select().from(adjustments).where(and(eq(adjustments.id, adjustmentId), eq(adjustments.runId, runId))).get();
        if (!row) throw new HttpError(404, 'payroll.error.notFound');
        db.delete(adjustments).where(eq(adjustments.id, adjustmentId)).run();
        resetToDraft(runId);
        ctx.audit(c, { action: 'payroll.adjustment.remove', entity: 'payroll_adjustments', entityId: adjustmentId, before: { runId, employeeId: row.employeeId } });
      });
    },

    // ------------------------------------------------------------ review

    review: review.review,
    payslipSummaries: review.summaries,
  };
}

export type RunService = ReturnType<typeof createRunService>;

/** `2026-11` → `2026年11月` / `November 2026`, for notifications. */
export function monthLabel(month: string): LocalizedText {
  const [year, m] = month.split('-').map(Number) as [number, number];
  const en = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(year, m - 1, 1)));
  return { 'zh-CN': `${year}年${m}月`, en };
}
