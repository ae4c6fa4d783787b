/**
 * Downloadable templates: an XLSX with an employees sheet and a departments
 * sheet (text-formatted columns so Excel keeps ID and bank numbers intact, one
 * example row each), and CSV templates (UTF-8 with BOM, which Excel opens
 * correctly). Headers in the viewer's language; both languages are accepted back.
 */
import type ExcelJS from 'exceljs';
import { lazy } from '../../util/lazy.js';

const excel = lazy<typeof ExcelJS>('exceljs');
import type { Locale } from '../../sdk.js';
import { DEPARTMENT_COLUMNS, EMPLOYEE_COLUMNS, type ColumnDef } from './columns.js';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const CSV_TYPE = 'text/csv; charset=utf-8';

const headerOf = (d: ColumnDef, locale: Locale) => (locale === 'en' ? d.headers[1]! : d.headers[0]!);
const TEXT_KINDS = new Set(['id_number', 'bank_account', 'mobile', 'employee_no']);
const SHEET_NAMES = { 'zh-CN': ['员工', '部门'], en: ['Employees', 'Departments'] } as const;

export const DEPARTMENT_EXAMPLES = [
  ['总部', '', 'HQ', ''],
  ['研发部', '总部', 'RD', 'E0001'],
];

function addSheet(wb: ExcelJS.Workbook, name: string, defs: ColumnDef[], examples: string[][], locale: Locale) {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = defs.map((d) => ({ header: `${headerOf(d, locale)}${d.required ? '*' : ''}`, key: d.field, width: Math.max(12, headerOf(d, locale).length * 2 + 4) }));
  defs.forEach((d, i) => {
    const col = ws.getColumn(i + 1);
    if (TEXT_KINDS.has(d.kind) || d.kind === 'date') col.numFmt = '@';
    if (d.kind === 'enum' && d.values) {
      const list = Object.values(d.values).map((s) => (locale === 'en' ? s[1] : s[0])).join(',');
      for (let r = 2; r <= 501; r++) ws.getCell(r, i + 1).dataValidation = { type: 'list', allowBlank: true, formulae: [`"${list}"`] };
    }
  });
  ws.getRow(1).font = { bold: true };
  for (const ex of examples) ws.addRow(ex);
}

export async function templateXlsx(locale: Locale): Promise<Buffer> {
  const wb = new (excel().Workbook)();
  const [employees, departments] = SHEET_NAMES[locale];
  addSheet(wb, employees, EMPLOYEE_COLUMNS, [EMPLOYEE_COLUMNS.map((d) => d.example)], locale);
  addSheet(wb, departments, DEPARTMENT_COLUMNS, DEPARTMENT_EXAMPLES, locale);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** One CSV field, quoted when it must be (RFC 4180). */
export function csvField(v: string | number | null | undefined): string {
  const s = v == null ? '' : String(v);
  return /[",\r\n]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(rows: (string | number | null | undefined)[][]): string {
  return `\uFEFF${rows.map((r) => r.map(csvField).join(',')).join('\r\n')}\r\n`;
}

export function templateCsv(locale: Locale, kind: 'employees' | 'departments' = 'employees'): string {
  const defs: ColumnDef[] = kind === 'employees' ? EMPLOYEE_COLUMNS : DEPARTMENT_COLUMNS;
  const examples = kind === 'employees' ? [EMPLOYEE_COLUMNS.map((d) => d.example)] : DEPARTMENT_EXAMPLES;
  return toCsv([defs.map((d) => headerOf(d, locale)), ...examples]);
}
