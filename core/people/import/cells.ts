/**
 * One cell to one field value: text, dates (Excel serials, `2024/1/5`,
 * `2024年1月5日`, `20240105`), enums, and the checked kinds (ID number, mobile,
 * e-mail, bank account). Pure. A problem is a full i18n key
 * (`core.people.import.reason.*`).
 */
import { isEmail, isIsoDate, normalizeBankAccount, normalizeMobile, parseIdNumber } from '../validate.js';
import { enumValue, type ColumnDef } from './columns.js';
import type { Cell } from './read.js';

export type CellResult = { ok: true; value: string | null } | { ok: false; reason: string; params?: Record<string, string | number> };

/** A value shown masked by an export (`110***********1234`): keep what is stored. */
export const KEEP = '\u0000keep';

const ok = (value: string | null): CellResult => ({ ok: true, value });
/** Reasons are full i18n keys. */
export const REASON = 'core.people.import.reason.';
const bad = (reason: string, params?: Record<string, string | number>): CellResult => ({ ok: false, reason: REASON + reason, params });
const pad = (n: number) => String(n).padStart(2, '0');

/** Excel's serial day number (1900 date system, with its phantom 1900-02-29) to `YYYY-MM-DD`. */
export function excelSerialToDate(serial: number): string | null {
  if (!Number.isFinite(serial) || serial < 1 || serial > 2958465) return null;
  const d = new Date(Date.UTC(1899, 11, 30) + Math.floor(serial) * 86_400_000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** Common ways people write a date, to `YYYY-MM-DD`; null when it is none of them or not a real date. */
export function normalizeDate(text: string): string | null {
  const s = text.trim().replace(/\s+\d{1,2}:\d{2}(:\d{2})?$/, '');
  let m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(s);
  if (!m) m = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (!m) return null;
  const iso = `${m[1]}-${pad(Number(m[2]))}-${pad(Number(m[3]))}`;
  return isIsoDate(iso) ? iso : null;
}

/** What Excel does to a long digit string in a number cell: `1.10105E+17`. */
const SCIENTIFIC = /^\d(\.\d+)?e\+?\d+$/i;

function text(cell: Cell): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return Number.isInteger(cell) ? cell.toFixed(0) : String(cell);
  return cell.trim();
}

export function coerceCell(def: ColumnDef, cell: Cell, birthDate: string | null, today: string): CellResult {
  const raw = text(cell);
  if (raw === '') return def.required ? bad('required') : ok(null);
  if (def.maxLength && Array.from(raw).length > def.maxLength) return bad('too_long', { max: def.maxLength });
  switch (def.kind) {
    case 'text':
      return ok(raw);
    case 'employee_no':
      return /^[A-Za-z0-9_-]{1,32}$/.test(raw) ? ok(raw) : bad('employee_no');
    case 'date': {
      const iso = typeof cell === 'number' ? excelSerialToDate(cell) : normalizeDate(raw);
      return iso ? ok(iso) : bad('date');
    }
    case 'enum': {
      const v = enumValue(def.values ?? {}, raw);
      return v ? ok(v) : bad('enum', { allowed: Object.values(def.values ?? {}).map((s) => s[0]).join(' / ') });
    }
    case 'id_number': {
      if (raw.includes('*')) return ok(KEEP);
      if (typeof cell === 'number' || SCIENTIFIC.test(raw)) return bad('id_as_number');
      const r = parseIdNumber(raw, { today, birthDate });
      return r.ok ? ok(r.normalized) : bad(`id_number.${r.problem}`);
    }
    case 'mobile': {
      const m = normalizeMobile(raw);
      return m ? ok(m) : bad('mobile');
    }
    case 'phone':
      // The directory's rule for other phone numbers (input.ts): digits, spaces, brackets, dashes, a leading +.
      return /^\+?[\d\s()-]{5,24}$/.test(raw) ? ok(raw) : bad('phone');
    case 'email':
      return isEmail(raw) ? ok(raw.toLowerCase()) : bad('email');
    case 'bank_account': {
      if (raw.includes('*')) return ok(KEEP);
      if ((typeof cell === 'number' && !Number.isSafeInteger(cell)) || SCIENTIFIC.test(raw)) return bad('bank_as_number');
      const b = normalizeBankAccount(raw);
      return b ? ok(b) : bad('bank_account');
    }
  }
}

/** `总部 / 研发部`, `总部／研发部`, `总部>研发部` -> `总部/研发部`. */
export function normalizePath(text: string): string {
  return text
    .split(/[/／\\>＞]/)
    .map((p) => p.trim())
    .filter(Boolean)
    .join('/');
}
