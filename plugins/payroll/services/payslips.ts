/**
 * The employee side of payslips: my published payslips (summary numbers), one
 * payslip's sealed figures for its owner or for HR (`payroll.manage` at scope
 * `all`), the receipt confirmation (确认工资条) and the latest payslip for the
 * bot. Payslips are written by runs (services/runs.ts); this service only reads
 * them, except for `confirmed_at`.
 *
 * Access: an owner sees a payslip once its run is published; HR with
 * `payroll.manage` at `all` sees every payslip, draft ones included; anyone
 * else gets the same 404 as for an id that does not exist, so ids cannot be
 * probed. Every view of the figures is audited (`payroll.payslip.view`).
 */
import { and, desc, eq, isNotNull } from 'drizzle-orm';
import { HttpError, type HrContext, type SessionUser } from '../../../core/sdk.js';
import { payslips, runs } from '../schema.js';
import type { PayrollParts, PayslipData } from './types.js';

export const MANAGE = 'payroll.manage';

/** A payslip in a list: summary numbers only. */
export interface PayslipSummary {
  id: number;
  runId: number;
  runKind: 'regular' | 'adjustment';
  month: string;
  grossCents: number;
  netCents: number;
  publishedAt: Date | null;
  confirmedAt: Date | null;
}

/** One payslip with its sealed figures, for a page, the PDF, the API or the bot. */
export interface PayslipView extends PayslipSummary {
  employeeId: number;
  runStatus: string;
  /** The viewer is the employee the payslip belongs to. */
  owner: boolean;
  /** The owner may confirm receipt now (confirmation on, published, not yet confirmed). */
  canConfirm: boolean;
  data: PayslipData;
}

/** How the payslip was shown, recorded in the audit entry. */
export type ViewChannel = 'page' | 'pdf' | 'api' | 'bot';

/** HR who sees every payslip: `payroll.manage` held at scope `all`. */
export function managesAll(user: SessionUser): boolean {
  return user.permissions.has(MANAGE) && user.scopes.get(MANAGE) === 'all';
}

export function createPayslipService(parts: PayrollParts) {
  const { ctx, db, settings } = parts;

  const unsealData = (stored: string): PayslipData => JSON.parse(ctx.sensitive.unseal(stored)) as PayslipData;

  const load = (id: number) =>
    db
      .select({ p: payslips, runStatus: runs.status, runKind: runs.kind })
      .from(payslips)
      .innerJoin(runs, eq(runs.id, payslips.runId))
      .where(eq(payslips.id, id))
      .get();

  type Row = NonNullable<ReturnType<typeof load>>;

  const summaryOf = (row: Row, data: PayslipData): PayslipSummary => ({
    id: row.p.id,
    runId: row.p.runId,
    runKind: row.runKind,
    month: row.p.month,
    grossCents: data.grossCents,
    netCents: data.netCents,
    publishedAt: row.p.publishedAt,
    confirmedAt: row.p.confirmedAt,
  });

  /** The row when `user` may see it, else the 404 every stranger gets. */
  const visibleRow = (user: SessionUser, id: number): { row: Row; owner: boolean } => {
    const row = Number.isSafeInteger(id) && id > 0 ? load(id) : undefined;
    if (!row) throw new HttpError(404, 'payroll.error.notFound');
    const owner = user.employeeId != null && row.p.employeeId === user.employeeId;
    if (owner && row.p.publishedAt) return { row, owner };
    if (managesAll(user)) return { row, owner };
    throw new HttpError(404, 'payroll.error.notFound');
  };

  const published = (employeeId: number) =>
    db
      .select({ p: payslips, runStatus: runs.status, runKind: runs.kind })
      .from(payslips)
      .innerJoin(runs, eq(runs.id, payslips.runId))
      .where(and(eq(payslips.employeeId, employeeId), isNotNull(payslips.publishedAt)))
      .orderBy(desc(payslips.month), desc(payslips.publishedAt), desc(payslips.id));

  return {
    /** The employee's published payslips, newest first, summary numbers only (not audited: the page that shows them does that). */
    mine(employeeId: number): PayslipSummary[] {
      return published(employeeId)
        .all()
        .map((row) => summaryOf(row, unsealData(row.p.dataEnc)));
    },

    /**
     * One payslip for its owner (published only) or for HR at scope `all`;
     * anyone else gets 404. Audited as `payroll.payslip.view`.
     */
    get(c: HrContext | null, user: SessionUser, id: number, channel: ViewChannel = 'page'): PayslipView {
      const { row, owner } = visibleRow(user, id);
      const data = unsealData(row.p.dataEnc);
      ctx.audit(c, {
        action: 'payroll.payslip.view',
        entity: 'payroll_payslips',
        entityId: row.p.id,
        after: { owner, viewerUserId: user.id, employeeId: row.p.employeeId, month: row.p.month, runId: row.p.runId, channel },
      });
      return {
        ...summaryOf(row, data),
        employeeId: row.p.employeeId,
        runStatus: row.runStatus,
        owner,
        canConfirm: owner && settings.confirmation && !!row.p.publishedAt && !row.p.confirmedAt,
        data,
      };
    },

    /** 确认工资条: the owner confirms receipt of a published payslip, once. */
    confirm(c: HrContext | null, user: SessionUser, id: number): PayslipSummary {
      if (!settings.confirmation) throw new HttpError(422, 'payroll.payslip.error.confirmationOff');
      const row = Number.isSafeInteger(id) && id > 0 ? load(id) : undefined;
      // Only the owner confirms; HR opening someone's payslip cannot confirm for them.
      if (!row || user.employeeId == null || row.p.employeeId !== user.employeeId || !row.p.publishedAt) throw new HttpError(404, 'payroll.error.notFound');
      if (row.p.confirmedAt) throw new HttpError(409, 'payroll.payslip.error.alreadyConfirmed');
      const at = parts.now();
      db.transaction((tx) => {
        tx.update(payslips).set({ confirmedAt: at }).where(eq(payslips.id, id)).run();
        ctx.audit(c, { action: 'payroll.payslip.confirm', entity: 'payroll_payslips', entityId: id, after: { month: row.p.month, runId: row.p.runId } });
      });
      return { ...summaryOf(row, unsealData(row.p.dataEnc)), confirmedAt: at };
    },

    /** The employee's newest published payslip (summary), or null: for the bot, which audits what it shows. */
    latest(employeeId: number): PayslipSummary | null {
      const row = published(employeeId).limit(1).get();
      return row ? summaryOf(row, unsealData(row.p.dataEnc)) : null;
    },
  };
}

export type PayslipService = ReturnType<typeof createPayslipService>;
