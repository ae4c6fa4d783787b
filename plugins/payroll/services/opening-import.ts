/**
 * Reading a CSV of opening balances (期初累计数) exported from the previous
 * payroll system or typed in a spreadsheet: one row per employee and year,
 * columns 工号, 年度, 截至月份, 累计收入, 累计免税收入, 累计专项扣除,
 * 累计专项附加扣除, 累计其他扣除, 累计已预扣税额 (and optionally 累计减除费用,
 * a multiple of 5,000, for the months counted). Chinese or English headers; the
 * encoding (UTF-8, GBK…) and delimiter are detected by the SDK.
 *
 * Pure: every problem is reported with its line and column; the caller checks
 * each row against the directory and the runs and writes nothing when any
 * row is wrong.
 */
import { CsvError, decodeText, parseCsv, sniffDelimiter } from '../../../core/sdk.js';
import { BASIC_DEDUCTION_MONTHLY_CENTS } from '../domain/iit.js';
import { MoneyError, yuanToCents } from '../domain/money.js';
import type { OpeningBalanceInput } from './types.js';

/** Refused beyond this: far above any company's headcount. */
export const MAX_OPENING_ROWS = 50_000;
/** Errors listed one by one; the count goes on. */
export const MAX_LISTED_ERRORS = 200;

export type AmountField = 'incomeCents' | 'taxFreeCents' | 'specialDeductionsCents' | 'additionalDeductionsCents' | 'otherDeductionsCents' | 'withheldCents';
export const AMOUNT_FIELDS: readonly AmountField[] = ['incomeCents', 'taxFreeCents', 'specialDeductionsCents', 'additionalDeductionsCents', 'otherDeductionsCents', 'withheldCents'];

type Column = 'employeeNo' | 'year' | 'throughMonth' | AmountField | 'basicDeduction';

/** Header names per column (compared lower case without spaces, `_`, `-`, `.` and a trailing 元/(元)). The first is the template's. */
export const OPENING_HEADERS: Record<Column, readonly string[]> = {
  employeeNo: ['工号', '员工编号', '员工工号', '人员编号', '编号', 'employeeno', 'employeenumber', 'empno', 'staffno'],
  year: ['年度', '年份', '所属年度', '税款所属年度', 'year', 'taxyear'],
  throughMonth: ['截至月份', '截止月份', '截至月', '截止月', '所属月份', 'throughmonth', 'month'],
  incomeCents: ['累计收入', '累计收入额', '累计应发', 'income', 'cumulativeincome'],
  taxFreeCents: ['累计免税收入', 'taxfree', 'taxfreeincome', 'cumulativetaxfree'],
  specialDeductionsCents: ['累计专项扣除', 'specialdeductions', 'cumulativespecialdeductions'],
  additionalDeductionsCents: ['累计专项附加扣除', 'additionaldeductions', 'cumulativeadditionaldeductions'],
  otherDeductionsCents: ['累计其他扣除', '累计依法确定的其他扣除', 'otherdeductions', 'cumulativeotherdeductions'],
  withheldCents: ['累计已预扣税额', '累计已预扣预缴税额', '累计已扣缴税额', '累计已缴税额', 'taxwithheld', 'withheld', 'cumulativewithheld'],
  basicDeduction: ['累计减除费用', 'basicdeduction', 'cumulativebasicdeduction'],
};

const REQUIRED: readonly Column[] = ['employeeNo', 'year', 'throughMonth', ...AMOUNT_FIELDS];

export interface ImportMessage {
  /** Line of the file (1 = the header). */
  line: number;
  /** The column's header as written in the file, when the problem is in one cell. */
  column?: string;
  key: string;
  params: Record<string, string | number>;
}

export interface OpeningCsvRow {
  line: number;
  employeeNo: string;
  input: OpeningBalanceInput;
}

export interface ParsedOpeningCsv {
  encoding: string;
  /** Data rows seen (blank lines not counted). */
  rows: number;
  /** Rows read without a problem (still to be checked against the directory and the runs). */
  parsed: OpeningCsvRow[];
  errors: ImportMessage[];
  errorCount: number;
  /** Header text per service field (`incomeCents` → `累计收入`), to name the column of a later problem. */
  columnOf: Record<string, string>;
}

const normalize = (h: string) =>
  h
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase()
    .replace(/[（(]\s*元\s*[)）]$/, '')
    .replace(/[\s_\-.]/g, '');

/** Column index per column of the header (-1 when absent). */
function detectColumns(header: string[]): Record<Column, number> {
  const names = header.map(normalize);
  const out = {} as Record<Column, number>;
  const taken = new Set<number>();
  for (const column of Object.keys(OPENING_HEADERS) as Column[]) {
    out[column] = -1;
    for (const name of OPENING_HEADERS[column]) {
      const i = names.findIndex((n, idx) => !taken.has(idx) && n === name);
      if (i >= 0) {
        out[column] = i;
        taken.add(i);
        break;
      }
    }
  }
  return out;
}

const YEAR = /^(\d{4})\s*年?$/;
const MONTH_ONLY = /^(\d{1,2})\s*月?$/;
const YEAR_MONTH = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?$/;

/** Yuan as typed in a cell (`30,000.00`, `¥1,850`) → cents, or an i18n key; blank is 0. */
function readAmount(text: string): { cents: number } | { key: string } {
  const cleaned = text.replace(/^[¥￥]\s*/, '').trim();
  if (cleaned === '') return { cents: 0 };
  try {
    const cents = yuanToCents(cleaned);
    return cents < 0 ? { key: 'payroll.setup.error.negative' } : { cents };
  } catch (err) {
    if (err instanceof MoneyError) return { key: err.code };
    throw err;
  }
}

export function readOpeningCsv(bytes: Uint8Array): ParsedOpeningCsv {
  const decoded = decodeText(bytes);
  const result: ParsedOpeningCsv = { encoding: decoded.encoding, rows: 0, parsed: [], errors: [], errorCount: 0, columnOf: {} };
  const fail = (m: ImportMessage) => {
    result.errorCount++;
    if (result.errors.length < MAX_LISTED_ERRORS) result.errors.push(m);
  };
  let records;
  try {
    records = parseCsv(decoded.text, sniffDelimiter(decoded.text));
  } catch (err) {
    fail({ line: err instanceof CsvError ? err.line : 1, key: 'payroll.opening.import.error.csv', params: {} });
    return result;
  }
  const nonBlank = records.filter((r) => r.fields.some((f) => f.trim() !== ''));
  const header = nonBlank.shift();
  if (!header) {
    fail({ line: 1, key: 'payroll.opening.import.error.empty', params: {} });
    return result;
  }
  const columns = detectColumns(header.fields);
  const missing = REQUIRED.filter((c) => columns[c] < 0);
  if (missing.length) {
    fail({ line: header.line, key: 'payroll.opening.import.error.columns', params: { columns: missing.map((c) => OPENING_HEADERS[c][0]).join('、') } });
    return result;
  }
  if (!nonBlank.length) {
    fail({ line: header.line, key: 'payroll.opening.import.error.empty', params: {} });
    return result;
  }
  if (nonBlank.length > MAX_OPENING_ROWS) {
    fail({ line: 1, key: 'payroll.opening.import.error.tooMany', params: { max: MAX_OPENING_ROWS } });
    return result;
  }
  const label = (c: Column) => (header.fields[columns[c]] ?? '').replace(/^\uFEFF/, '').trim() || OPENING_HEADERS[c][0]!;
  for (const c of Object.keys(columns) as Column[]) if (columns[c] >= 0) result.columnOf[c] = label(c);
  result.columnOf.monthsCounted = columns.basicDeduction >= 0 ? label('basicDeduction') : label('throughMonth');

  for (const record of nonBlank) {
    result.rows++;
    const cell = (c: Column) => (columns[c] >= 0 ? (record.fields[columns[c]] ?? '').trim() : '');
    let ok = true;
    const bad = (c: Column, key: string, params: Record<string, string | number> = {}) => {
      ok = false;
      fail({ line: record.line, column: label(c), key, params });
    };

    const employeeNo = cell('employeeNo');
    if (!employeeNo) bad('employeeNo', 'payroll.setup.error.required');

    const yearMatch = YEAR.exec(cell('year'));
    const year = yearMatch ? Number(yearMatch[1]) : NaN;
    if (!yearMatch) bad('year', 'payroll.opening.error.badYear', { value: cell('year') || '—' });

    let throughMonth = NaN;
    const monthText = cell('throughMonth');
    const ym = YEAR_MONTH.exec(monthText);
    const mo = ym ? null : MONTH_ONLY.exec(monthText);
    if (ym && yearMatch && Number(ym[1]) !== year) bad('throughMonth', 'payroll.opening.import.error.otherYear', { value: monthText, year });
    else {
      const n = ym ? Number(ym[2]) : mo ? Number(mo[1]) : NaN;
      if (n >= 1 && n <= 12) throughMonth = n;
      else bad('throughMonth', 'payroll.opening.error.badMonth', { value: monthText || '—' });
    }

    const amounts = {} as Record<AmountField, number>;
    for (const field of AMOUNT_FIELDS) {
      const read = readAmount(cell(field));
      if ('key' in read) bad(field, read.key, { value: cell(field) });
      else amounts[field] = read.cents;
    }

    let monthsCounted: number | null = null;
    const basic = cell('basicDeduction');
    if (basic) {
      const read = readAmount(basic);
      if ('key' in read) bad('basicDeduction', read.key, { value: basic });
      else if (read.cents % BASIC_DEDUCTION_MONTHLY_CENTS !== 0) bad('basicDeduction', 'payroll.opening.import.error.basicDeduction', { value: basic });
      else monthsCounted = read.cents / BASIC_DEDUCTION_MONTHLY_CENTS;
    }

    if (ok) result.parsed.push({ line: record.line, employeeNo, input: { year, throughMonth, monthsCounted, ...amounts } });
  }
  return result;
}

/** The import template: the header and one example row, UTF-8 with a BOM so Excel shows the Chinese headers. */
export function openingTemplateCsv(): string {
  const header = REQUIRED.map((c) => OPENING_HEADERS[c][0]).concat(OPENING_HEADERS.basicDeduction[0]!);
  const example = ['E001', '2026', '3', '36000.00', '0.00', '5400.00', '3000.00', '0.00', '378.00', '15000.00'];
  return `\uFEFF${header.join(',')}\r\n${example.join(',')}\r\n`;
}
