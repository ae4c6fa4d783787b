/**
 * Reading an uploaded file into sheets of plain cells: XLSX (every sheet, via
 * exceljs) or CSV (encoding detected, RFC 4180). Cells are text, numbers, or
 * dates already written `YYYY-MM-DD`; which field a cell belongs to is decided
 * later (columns.ts, rows.ts). Problems with the file as a whole throw an
 * ImportFileError carrying an i18n key.
 */
import type ExcelJS from 'exceljs';
import { lazy } from '../../util/lazy.js';

const excel = lazy<typeof ExcelJS>('exceljs');
import { parseCsv, sniffDelimiter, CsvError } from './csv.js';
import { decodeText, type DetectedEncoding } from './encoding.js';

export type Cell = string | number | null;

export interface SheetRow {
  /** Row number as Excel shows it (1-based, header included). */
  row: number;
  cells: Cell[];
}

export interface Sheet {
  name: string;
  rows: SheetRow[];
}

export interface ReadFile {
  format: 'xlsx' | 'csv';
  encoding: DetectedEncoding | null;
  sheets: Sheet[];
}

export const LIMITS = { maxBytes: 10 * 1024 * 1024, maxRows: 20_000 };

export class ImportFileError extends Error {
  override name = 'ImportFileError';
  constructor(
    /** i18n key under `core.people.import.file.` */
    readonly key: string,
    readonly params: Record<string, string | number> = {},
  ) {
    super(`${key} ${JSON.stringify(params)}`);
  }
}

const pad = (n: number) => String(n).padStart(2, '0');
/** exceljs gives dates as JS Dates holding the wall-clock value in UTC. */
export function utcDate(d: Date): string {
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

function cellValue(v: ExcelJS.CellValue): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : utcDate(v);
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
    if ('formula' in v || 'sharedFormula' in v) return cellValue((v as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue);
    if ('hyperlink' in v) return cellValue((v as ExcelJS.CellHyperlinkValue).text as ExcelJS.CellValue);
    if ('error' in v) return String((v as ExcelJS.CellErrorValue).error);
  }
  return String(v as unknown);
}

function detectFormat(name: string, bytes: Uint8Array): 'xlsx' | 'csv' {
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) return 'xlsx';
  if (bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0) throw new ImportFileError('xls');
  if (/\.xlsx$/i.test(name)) throw new ImportFileError('corrupt');
  if (/\.xls$/i.test(name)) throw new ImportFileError('xls');
  if (!/\.(csv|txt)$/i.test(name) && bytes.subarray(0, 512).includes(0)) throw new ImportFileError('unsupported');
  return 'csv';
}

function checkRows(count: number, maxRows: number) {
  // Header row(s) are not data rows; a small allowance keeps the message honest.
  if (count > maxRows + 5) throw new ImportFileError('too_many_rows', { max: maxRows });
}

async function readXlsx(bytes: Uint8Array, maxRows: number): Promise<Sheet[]> {
  const wb = new (excel().Workbook)();
  try {
    await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  } catch {
    throw new ImportFileError('corrupt');
  }
  const sheets: Sheet[] = [];
  for (const ws of wb.worksheets) {
    if (ws.state && ws.state !== 'visible') continue;
    const rows: SheetRow[] = [];
    checkRows(ws.actualRowCount, maxRows);
    ws.eachRow({ includeEmpty: false }, (r, rowNumber) => {
      const values = r.values as ExcelJS.CellValue[];
      const cells: Cell[] = [];
      for (let i = 1; i < values.length; i++) cells.push(cellValue(values[i]));
      if (cells.some((c) => c !== null && c !== '')) rows.push({ row: rowNumber, cells });
    });
    sheets.push({ name: ws.name, rows });
  }
  if (sheets.length === 0) throw new ImportFileError('empty');
  return sheets;
}

function readCsv(bytes: Uint8Array, name: string, maxRows: number): { sheet: Sheet; encoding: DetectedEncoding } {
  const { text, encoding } = decodeText(bytes);
  let records;
  try {
    records = parseCsv(text, sniffDelimiter(text));
  } catch (err) {
    if (err instanceof CsvError) throw new ImportFileError('csv_quote', { line: err.line });
    throw err;
  }
  checkRows(records.length, maxRows);
  // Excel numbers CSV rows by record, not by physical line: a quoted line break stays in one row.
  const rows = records
    .map((r, i) => ({ row: i + 1, cells: r.fields.map((f) => (f === '' ? null : f)) as Cell[] }))
    .filter((r) => r.cells.some((c) => c !== null && String(c).trim() !== ''));
  return { sheet: { name: name.replace(/\.[^.]*$/, '') || 'CSV', rows }, encoding };
}

export async function readUpload(file: { name: string; bytes: Uint8Array }, limits = LIMITS): Promise<ReadFile> {
  if (file.bytes.byteLength === 0) throw new ImportFileError('empty');
  if (file.bytes.byteLength > limits.maxBytes) throw new ImportFileError('too_large', { max: Math.round(limits.maxBytes / 1024 / 1024) });
  const format = detectFormat(file.name, file.bytes);
  if (format === 'xlsx') return { format, encoding: null, sheets: await readXlsx(file.bytes, limits.maxRows) };
  const { sheet, encoding } = readCsv(file.bytes, file.name, limits.maxRows);
  return { format, encoding, sheets: [sheet] };
}
