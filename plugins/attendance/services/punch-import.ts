/**
 * Reading punch exports of attendance devices (考勤机) and spreadsheets: one
 * punch per row, the employee number plus either one date-time column or a
 * date and a time column. Header names in Chinese or English are recognised;
 * the encoding (UTF-8, UTF-16, GBK) and delimiter are detected by the SDK.
 *
 * Pure apart from the lookups passed in: every problem is reported with its
 * line, and the caller writes nothing when there is any.
 */
import { CsvError, decodeText, parseCsv, sniffDelimiter } from '../../../core/sdk.js';
import { instantAt, isValidDate, localDate } from '../domain/time.js';

/** Refused beyond this: a device export of a month for a large company is far below. */
export const MAX_IMPORT_ROWS = 100_000;
/** Errors listed one by one; the count goes on. */
export const MAX_LISTED_ERRORS = 200;

/** Header names (lower case, no spaces, underscores or dashes) per column. */
const HEADERS = {
  employeeNo: ['工号', '员工编号', '员工号', '考勤号', '考勤号码', '人员编号', '编号', 'employeeno', 'employeenumber', 'empno', 'staffno', 'badgeno', 'no'],
  dateTime: ['打卡时间', '签到时间', '考勤时间', '刷卡时间', 'datetime', 'punchtime', 'checktime', 'timestamp', 'time'],
  date: ['日期', '打卡日期', '考勤日期', 'date', 'punchdate'],
  time: ['时间', '打卡时间', 'time', 'punchtime', 'checktime'],
} as const;

export interface ImportMessage {
  /** Line of the file (1 = the header). */
  line: number;
  key: string;
  params: Record<string, string | number>;
}

export interface ParsedPunch {
  line: number;
  employeeId: number;
  employeeNo: string;
  at: number;
  date: string;
}

export interface ParsedImport {
  encoding: string;
  /** Data rows seen (blank lines not counted). */
  rows: number;
  punches: ParsedPunch[];
  errors: ImportMessage[];
  errorCount: number;
}

export interface ImportLookups {
  timezone: string;
  /** UTC milliseconds now: later punches are refused. */
  now: number;
  /** Employee id by employee number, or null when unknown. */
  employeeIdOf(employeeNo: string): number | null;
  /** A month the importer may not change (locked, and no override). */
  isBlockedMonth(month: string): boolean;
}

const normalize = (h: string) => h.replace(/^\uFEFF/, '').trim().toLowerCase().replace(/[\s_\-.]/g, '');

function findColumn(header: string[], names: readonly string[], except: number[] = []): number {
  for (const name of names) {
    const i = header.findIndex((h, idx) => !except.includes(idx) && normalize(h) === name);
    if (i >= 0) return i;
  }
  return -1;
}

/** Which columns hold what: `{ employeeNo, dateTime }` or `{ employeeNo, date, time }`; null when the header does not say. */
export function detectColumns(header: string[]): { employeeNo: number; dateTime: number; date: number; time: number } | null {
  const employeeNo = findColumn(header, HEADERS.employeeNo);
  if (employeeNo < 0) return null;
  const date = findColumn(header, HEADERS.date, [employeeNo]);
  if (date >= 0) {
    const time = findColumn(header, HEADERS.time, [employeeNo, date]);
    // A "date" column alone may already hold date and time (some devices name it so).
    return { employeeNo, dateTime: time < 0 ? date : -1, date: time < 0 ? -1 : date, time };
  }
  const dateTime = findColumn(header, HEADERS.dateTime, [employeeNo]);
  return dateTime < 0 ? null : { employeeNo, dateTime, date: -1, time: -1 };
}

const DATE = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/;
const TIME = /^(\d{1,2})\s*[:：]\s*(\d{2})(?:\s*[:：]\s*(\d{2}))?$/;

function parseDate(value: string): string | null {
  const m = DATE.exec(value.trim());
  if (!m) return null;
  const date = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  return isValidDate(date) ? date : null;
}

/** Seconds after midnight, or null. */
function parseTime(value: string): number | null {
  const m = TIME.exec(value.trim());
  if (!m) return null;
  const [h, min, s] = [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
  return h < 24 && min < 60 && s < 60 ? h * 3600 + min * 60 + s : null;
}

/** `2026-11-25 08:55`, `2026/11/25 8:55:12`, `2026-11-25T08:55` → local date and seconds after midnight. */
export function parseDateTime(value: string): { date: string; seconds: number } | null {
  const m = /^(.+?)(?:\s+|T)(\d{1,2}\s*[:：]\s*\d{2}(?:\s*[:：]\s*\d{2})?)$/.exec(value.trim());
  if (!m) return null;
  const date = parseDate(m[1]!);
  const seconds = parseTime(m[2]!);
  return date && seconds !== null ? { date, seconds } : null;
}

export function readPunchCsv(bytes: Uint8Array, lookups: ImportLookups): ParsedImport {
  const decoded = decodeText(bytes);
  const result: ParsedImport = { encoding: decoded.encoding, rows: 0, punches: [], errors: [], errorCount: 0 };
  const fail = (line: number, key: string, params: Record<string, string | number> = {}) => {
    result.errorCount++;
    if (result.errors.length < MAX_LISTED_ERRORS) result.errors.push({ line, key, params });
  };
  let records;
  try {
    records = parseCsv(decoded.text, sniffDelimiter(decoded.text));
  } catch (err) {
    fail(err instanceof CsvError ? err.line : 1, 'attendance.time.import.error.csv');
    return result;
  }
  const nonBlank = records.filter((r) => r.fields.some((f) => f.trim() !== ''));
  const header = nonBlank.shift();
  const columns = header ? detectColumns(header.fields) : null;
  if (!header || !columns) {
    fail(header?.line ?? 1, 'attendance.time.import.error.columns');
    return result;
  }
  if (nonBlank.length > MAX_IMPORT_ROWS) {
    fail(1, 'attendance.time.import.error.tooMany', { max: MAX_IMPORT_ROWS });
    return result;
  }
  if (!nonBlank.length) {
    fail(header.line, 'attendance.time.import.error.empty');
    return result;
  }

  for (const record of nonBlank) {
    result.rows++;
    const cell = (i: number) => (i >= 0 ? (record.fields[i] ?? '').trim() : '');
    const employeeNo = cell(columns.employeeNo);
    // A "time" column next to a date column may still hold the full date and time.
    const when = columns.dateTime >= 0 ? cell(columns.dateTime) : parseDateTime(cell(columns.time)) ? cell(columns.time) : `${cell(columns.date)} ${cell(columns.time)}`;
    const parsed = parseDateTime(when);
    const employeeId = employeeNo ? lookups.employeeIdOf(employeeNo) : null;
    if (employeeId === null) fail(record.line, 'attendance.time.import.error.unknownEmployee', { value: employeeNo || '—' });
    if (!parsed) {
      fail(record.line, 'attendance.time.import.error.badTime', { value: when.trim() || '—' });
      continue;
    }
    const at = instantAt(parsed.date, 0, lookups.timezone) + parsed.seconds * 1000;
    if (at > lookups.now) {
      fail(record.line, 'attendance.time.import.error.future', { value: when.trim() });
      continue;
    }
    const date = localDate(at, lookups.timezone);
    if (lookups.isBlockedMonth(date.slice(0, 7))) {
      fail(record.line, 'attendance.time.import.error.locked', { month: date.slice(0, 7) });
      continue;
    }
    if (employeeId !== null) result.punches.push({ line: record.line, employeeId, employeeNo, at, date });
  }
  return result;
}
