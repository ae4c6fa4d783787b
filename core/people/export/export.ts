/**
 * Employees to XLSX and CSV (UTF-8 with BOM, which Excel opens correctly), with
 * the import's columns and headers so an export can be edited and imported back.
 * Only the employees the viewer's scope reaches (scope.ts); ID and bank numbers
 * masked from their stored last four (`**************002X`, which the import
 * reads as "keep what is stored") unless the viewer may reveal them. Every export
 * is audited, with whether numbers were revealed.
 */
import type ExcelJS from 'exceljs';
import { lazy } from '../../util/lazy.js';

const excel = lazy<typeof ExcelJS>('exceljs');
import { asc } from 'drizzle-orm';
import type { HrContext, Locale, Scope } from '../../sdk.js';
import type { PeopleContext } from '../context.js';
import { EMPLOYEE_COLUMNS, type EmployeeField } from '../import/columns.js';
import { toCsv } from '../import/template.js';
import { departments, employees, positions } from '../schema.js';
import { scopeCondition, type ScopeUser } from '../scope.js';
import { maskedFromLast4 } from '../sensitive.js';
import { departmentPaths } from '../import/state.js';

export interface ExportViewer {
  user: ScopeUser;
  scope: Scope;
  /** Holds the permission to see ID and bank numbers in full. */
  reveal: boolean;
}

export interface ExportTable {
  header: string[];
  rows: (string | null)[][];
}

/** The label of an enum value in the viewer's language (the import accepts both). */
function label(field: EmployeeField, value: string | null, locale: Locale): string | null {
  const def = EMPLOYEE_COLUMNS.find((d) => d.field === field)!;
  if (!value || !def.values) return value;
  const spellings = def.values[value];
  if (!spellings) return value;
  // The first spelling is Chinese; in English the first one written in Latin letters.
  return locale === 'en' ? (spellings.find((s) => /^[\x20-\x7e]+$/.test(s)) ?? value) : spellings[0]!;
}

export function exportTable(ctx: Pick<PeopleContext, 'db' | 'box'>, viewer: ExportViewer, locale: Locale): ExportTable {
  const { db, box } = ctx;
  const deps = db.select({ id: departments.id, name: departments.name, parentId: departments.parentId }).from(departments).all();
  const paths = departmentPaths(deps);
  const positionName = new Map(db.select({ id: positions.id, name: positions.name }).from(positions).all().map((p) => [p.id, p.name]));
  const numberOf = new Map(db.select({ id: employees.id, no: employees.employeeNo }).from(employees).all().map((r) => [r.id, r.no]));
  const rows = db.select().from(employees).where(scopeCondition(viewer.user, viewer.scope)).orderBy(asc(employees.employeeNo)).all();
  const header = EMPLOYEE_COLUMNS.map((d) => (locale === 'en' ? d.headers[1]! : d.headers[0]!));
  const out = rows.map((e) => {
    const value = (f: EmployeeField): string | null => {
      switch (f) {
        case 'department':
          return paths.get(e.departmentId) ?? null;
        case 'position':
          return e.positionId == null ? null : (positionName.get(e.positionId) ?? null);
        case 'managerNo':
          return e.managerId == null ? null : (numberOf.get(e.managerId) ?? null);
        case 'idNumber':
          return viewer.reveal ? (e.idNumberEnc ? box.open(e.idNumberEnc) : null) : maskedFromLast4('idNumber', e.idNumberLast4);
        case 'bankAccount':
          return viewer.reveal ? (e.bankAccountEnc ? box.open(e.bankAccountEnc) : null) : maskedFromLast4('bankAccount', e.bankAccountLast4);
        default:
          return label(f, (e[f as keyof typeof e] as string | null) ?? null, locale);
      }
    };
    return EMPLOYEE_COLUMNS.map((d) => value(d.field));
  });
  return { header, rows: out };
}

const TEXT_FIELDS = new Set<EmployeeField>(['employeeNo', 'idNumber', 'bankAccount', 'mobile', 'managerNo']);

export async function tableToXlsx(table: ExportTable, sheetName: string): Promise<Buffer> {
  const wb = new (excel().Workbook)();
  const ws = wb.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = table.header.map((h) => ({ header: h, width: Math.max(12, h.length * 2 + 4) }));
  EMPLOYEE_COLUMNS.forEach((d, i) => {
    if (TEXT_FIELDS.has(d.field)) ws.getColumn(i + 1).numFmt = '@';
  });
  ws.getRow(1).font = { bold: true };
  for (const r of table.rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export interface ExportFile {
  body: Buffer | string;
  contentType: string;
  fileName: string;
  count: number;
}

/** Build the file and write the audit entry. */
export async function exportEmployees(ctx: PeopleContext, viewer: ExportViewer, format: 'xlsx' | 'csv', locale: Locale, c: HrContext | null = null): Promise<ExportFile> {
  const table = exportTable(ctx, viewer, locale);
  const stamp = ctx.today();
  const base = `${locale === 'en' ? 'employees' : '员工'}-${stamp}`;
  ctx.audit(c, { action: 'people.export', entity: 'people.employee', entityId: null, after: { format, count: table.rows.length, scope: viewer.scope, revealed: viewer.reveal } });
  if (format === 'csv') return { body: toCsv([table.header, ...table.rows]), contentType: 'text/csv; charset=utf-8', fileName: `${base}.csv`, count: table.rows.length };
  return {
    body: await tableToXlsx(table, locale === 'en' ? 'Employees' : '员工'),
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    fileName: `${base}.xlsx`,
    count: table.rows.length,
  };
}

/** `Content-Disposition` with a UTF-8 file name (RFC 6266/5987) and an ASCII fallback. */
export function attachment(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
