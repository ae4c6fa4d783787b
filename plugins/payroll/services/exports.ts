/**
 * HR's files of a run: the bank transfer file (CSV or XLSX, only once the run
 * is locked or published), the payroll register, the income tax withholding
 * summary and the social insurance summary (XLSX). Each export is audited with
 * the run id. exceljs is heavy, so it is imported on the first export.
 */
import { and, asc, desc, eq, inArray, lte, gte } from 'drizzle-orm';
import { HttpError, type HrContext, type Locale } from '../../../core/sdk.js';
import { NO_ADDITIONAL_DEDUCTIONS } from '../domain/types.js';
import { payslips, runs } from '../schema.js';
import {
  addDeductions,
  bankTable,
  iitTables,
  registerTable,
  safeText,
  socialTable,
  toCsv,
  type ExportRow,
  type IitExtra,
  type Table,
} from './export-tables.js';
import { translate } from './payslip-text.js';
import type { PayrollParts, PayslipData } from './types.js';

/** Runs whose figures are final: the bank may pay them. */
export const FINAL_STATUSES = ['locked', 'published'] as const;
/** Runs with payslips to look at. */
export const CALCULATED_STATUSES = ['calculated', 'approved', 'locked', 'published'] as const;

export type ExportKind = 'bank' | 'register' | 'iit' | 'social';

export interface ExportFile {
  body: Uint8Array<ArrayBuffer>;
  filename: string;
  contentType: string;
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

interface Sheet {
  name: string;
  table: Table;
  /** Columns (0-based) kept as text: employee numbers, account numbers. */
  textColumns?: number[];
  /** Numeric columns (0-based) that are counts or percentages, not money. */
  integerColumns?: number[];
  /** Format of money cells; `#,##0.00` unless given (bank files: `0.00`). */
  moneyFormat?: string;
  /** A line above the header (the sheet's caveat). */
  note?: string;
}

async function workbook(sheets: Sheet[]): Promise<Uint8Array<ArrayBuffer>> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name.slice(0, 31), { views: [{ state: 'frozen', ySplit: s.note ? 2 : 1 }] });
    if (s.note) ws.addRow([s.note]).font = { italic: true };
    const header = ws.addRow(s.table.header);
    header.font = { bold: true };
    s.table.header.forEach((h, i) => (ws.getColumn(i + 1).width = Math.min(40, Math.max(10, [...h].length * 2 + 2))));
    for (const col of s.textColumns ?? []) ws.getColumn(col + 1).numFmt = '@';
    for (const line of s.table.body) {
      const row = ws.addRow(line.map((v) => (typeof v === 'string' ? safeText(v) : v)));
      line.forEach((v, i) => {
        if (typeof v === 'number' && !(s.integerColumns ?? []).includes(i)) row.getCell(i + 1).numFmt = s.moneyFormat ?? '#,##0.00';
      });
    }
  }
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

export function createExportService(parts: PayrollParts) {
  const { ctx, db } = parts;
  const unseal = (stored: string) => JSON.parse(ctx.sensitive.unseal(stored)) as PayslipData;

  const runOf = (runId: number) => {
    const run = Number.isSafeInteger(runId) && runId > 0 ? db.select().from(runs).where(eq(runs.id, runId)).get() : undefined;
    if (!run) throw new HttpError(404, 'payroll.error.notFound');
    return run;
  };

  /** The run's payslips by employee number. */
  const rowsOf = (runId: number): ExportRow[] =>
    db
      .select({ employeeId: payslips.employeeId, dataEnc: payslips.dataEnc })
      .from(payslips)
      .where(eq(payslips.runId, runId))
      .all()
      .map((p) => ({ employeeId: p.employeeId, data: unseal(p.dataEnc) }))
      .sort((a, b) => a.data.employeeNo.localeCompare(b.data.employeeNo) || a.employeeId - b.employeeId);

  const calculatedRun = (runId: number) => {
    const run = runOf(runId);
    if (!(CALCULATED_STATUSES as readonly string[]).includes(run.status)) throw new HttpError(409, 'payroll.export.error.notCalculated');
    return run;
  };

  const audited = (c: HrContext | null, kind: ExportKind, run: { id: number; month: string }, rows: number, format: 'csv' | 'xlsx') =>
    ctx.audit(c, { action: `payroll.export.${kind}`, entity: 'payroll_runs', entityId: run.id, after: { runId: run.id, month: run.month, rows, format } });

  /**
   * 专项附加扣除 per category over the year up to the run's month, from the
   * payslips of final regular runs (and this run for its own month).
   */
  const yearDeductions = (run: { id: number; month: string }, employeeIds: number[]): Map<number, IitExtra['cumulativeDeductions']> => {
    const out = new Map<number, IitExtra['cumulativeDeductions']>();
    if (!employeeIds.length) return out;
    const rows = db
      .select({ employeeId: payslips.employeeId, month: payslips.month, runId: payslips.runId, dataEnc: payslips.dataEnc, status: runs.status, kind: runs.kind })
      .from(payslips)
      .innerJoin(runs, eq(runs.id, payslips.runId))
      .where(and(inArray(payslips.employeeId, employeeIds), gte(payslips.month, `${run.month.slice(0, 4)}-01`), lte(payslips.month, run.month)))
      .orderBy(asc(payslips.employeeId), asc(payslips.month), desc(payslips.runId))
      .all();
    const seen = new Set<string>();
    for (const r of rows) {
      const own = r.runId === run.id;
      const counts = own || (r.kind === 'regular' && (FINAL_STATUSES as readonly string[]).includes(r.status) && r.month !== run.month);
      const key = `${r.employeeId}:${r.month}`;
      if (!counts || seen.has(key)) continue;
      seen.add(key);
      out.set(r.employeeId, addDeductions(out.get(r.employeeId) ?? NO_ADDITIONAL_DEDUCTIONS, unseal(r.dataEnc).additionalDeductions));
    }
    return out;
  };

  return {
    /** Every run, newest month first, for the exports page. */
    runs() {
      return db
        .select({ id: runs.id, month: runs.month, kind: runs.kind, status: runs.status, employeeCount: runs.employeeCount, correctsRunId: runs.correctsRunId })
        .from(runs)
        .orderBy(desc(runs.month), desc(runs.id))
        .all();
    },

    /** 银行代发 for a locked or published run: one line per employee paid (net above 0). */
    async bank(c: HrContext | null, runId: number, format: 'csv' | 'xlsx'): Promise<ExportFile> {
      const run = runOf(runId);
      if (!(FINAL_STATUSES as readonly string[]).includes(run.status)) throw new HttpError(409, 'payroll.export.error.notLocked');
      const rows = rowsOf(run.id);
      const accounts = parts.setup.bankAccounts(rows.map((r) => r.employeeId));
      const table = bankTable(rows, accounts, run.month);
      const body = format === 'csv' ? new TextEncoder().encode(toCsv(table)) : await workbook([{ name: translate('zh-CN', 'payroll.export.sheet.bank'), table, textColumns: [0], moneyFormat: '0.00' }]);
      audited(c, 'bank', run, table.body.length, format);
      return { body, filename: `bank-${run.month}-run${run.id}.${format}`, contentType: format === 'csv' ? 'text/csv; charset=utf-8' : XLSX };
    },

    /** 工资表: every employee × every line, with totals. */
    async register(c: HrContext | null, runId: number, locale: Locale): Promise<ExportFile> {
      const run = calculatedRun(runId);
      const rows = rowsOf(run.id);
      const draft = !(FINAL_STATUSES as readonly string[]).includes(run.status);
      const title = `${translate(locale, 'payroll.export.sheet.register')} ${run.month}`;
      const body = await workbook([
        { name: title, table: registerTable(rows, locale), textColumns: [0], note: draft ? `${title}${translate(locale, 'payroll.export.draft')}` : undefined },
      ]);
      audited(c, 'register', run, rows.length, 'xlsx');
      return { body, filename: `payroll-register-${run.month}-run${run.id}.xlsx`, contentType: XLSX };
    },

    /** 个税扣缴: the withholding client's import columns, then the cumulative working, then a note. */
    async iit(c: HrContext | null, runId: number): Promise<ExportFile> {
      const run = calculatedRun(runId);
      const rows = rowsOf(run.id);
      const ids = rows.map((r) => r.employeeId);
      const deductions = yearDeductions(run, ids);
      // Full ID numbers only for someone who may see them (core.people.sensitive at scope all); each reveal is audited.
      const full = c ? ctx.people.revealIdNumbers(c, ids, 'payroll.export.iit') : null;
      const extra = new Map<number, IitExtra>(
        ids.map((id) => {
          const idNumber = full ? (full.get(id) ?? null) : (ctx.people.employees.get(id)?.idNumberMasked ?? null);
          return [id, { idNumber, idMasked: !full, cumulativeDeductions: deductions.get(id) ?? NO_ADDITIONAL_DEDUCTIONS }];
        }),
      );
      const { template, cumulative } = iitTables(rows, extra);
      const note = translate('zh-CN', full ? 'payroll.exports.idNoteFull' : 'payroll.exports.idNote');
      const body = await workbook([
        { name: '正常工资薪金所得', table: template, textColumns: [0, 3], note },
        { name: '累计预扣计算', table: cumulative, textColumns: [0], integerColumns: [3, 11] },
        { name: '说明', table: { header: ['说明'], body: [[note], [`所属月份：${run.month}；工资表编号：${run.id}`], ['列顺序按扣缴客户端“正常工资薪金所得”导入模板的公开说明整理，导入前请与所用客户端版本的模板核对。']] } },
      ]);
      audited(c, 'iit', run, rows.length, 'xlsx');
      return { body, filename: `iit-withholding-${run.month}-run${run.id}.xlsx`, contentType: XLSX };
    },

    /** 社保公积金汇总: per employee per item, base, employee and employer parts. */
    async social(c: HrContext | null, runId: number, locale: Locale): Promise<ExportFile> {
      const run = calculatedRun(runId);
      const rows = rowsOf(run.id);
      const body = await workbook([{ name: `${translate(locale, 'payroll.export.sheet.social')} ${run.month}`, table: socialTable(rows, locale), textColumns: [0] }]);
      audited(c, 'social', run, rows.length, 'xlsx');
      return { body, filename: `social-insurance-${run.month}-run${run.id}.xlsx`, contentType: XLSX };
    },
  };
}

export type ExportService = ReturnType<typeof createExportService>;
