/**
 * Validation of the values Chinese HR data is made of: resident ID numbers
 * (居民身份证号, GB 11643-1999), mainland mobile numbers, e-mail addresses and
 * calendar dates. Pure functions first; zod schemas built on them for forms, the
 * API and the importer. Schema messages are i18n keys (`core.people.error.*`):
 * a page translates them with `t(message)`, so forms speak the user's language.
 */
import { z } from 'zod';

// ---------------------------------------------------------------- dates

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date written `YYYY-MM-DD` (2023-02-29 is not one). */
export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  return isRealDate(Number(m[1]), Number(m[2]), Number(m[3]));
}

function isRealDate(year: number, month: number, day: number): boolean {
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  // Date.UTC rolls 02-30 over into March; a real date survives the round trip.
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

/** Today as `YYYY-MM-DD` in the process's local time. */
export function localToday(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** Today as `YYYY-MM-DD` in an IANA time zone (the instance's `timezone`): en-CA formats dates that way. */
export function todayIn(timeZone: string, now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

// ---------------------------------------------------------------- resident ID numbers

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CODES = '10X98765432';
/**
 * First two digits: provinces (11 北京 … 65 新疆), 71 Taiwan, 81/82/83 for the
 * residence permits of Hong Kong, Macao and Taiwan residents, which use the
 * same format. Anything else is a typo.
 */
const PROVINCES = new Set([
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83,
]);

/** The GB 11643 check character of the first 17 digits. */
export function idCheckCode(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CODES[sum % 11]!;
}

export type IdNumberProblem = 'format' | 'region' | 'checksum' | 'birth_date' | 'future_birth_date' | 'birth_date_mismatch';

export type IdNumberResult =
  | {
      ok: true;
      /** 18 characters, check character upper case; a 15-digit number is upgraded. */
      normalized: string;
      birthDate: string;
      gender: 'male' | 'female';
    }
  | { ok: false; problem: IdNumberProblem };

export interface IdNumberOptions {
  /** `YYYY-MM-DD`; the embedded birth date must not be after it. Defaults to today. */
  today?: string;
  /** When given, the embedded birth date must equal it. */
  birthDate?: string | null;
}

/**
 * Check a resident ID number. Spaces are ignored and a final `x` is accepted.
 *
 * Legacy 15-digit numbers (first-generation cards, all holders born 19xx, no
 * check character) are accepted and upgraded to the 18-digit form by the
 * official rule — insert `19` before the year, append the check character — so
 * both spellings of one person's number normalise, encrypt and hash the same
 * and duplicates are still found. Old payroll exports still contain them.
 */
export function parseIdNumber(input: string, options: IdNumberOptions = {}): IdNumberResult {
  const raw = input.replace(/\s+/g, '').toUpperCase();
  let id: string;
  if (/^\d{17}[\dX]$/.test(raw)) id = raw;
  else if (/^\d{15}$/.test(raw)) {
    const first17 = `${raw.slice(0, 6)}19${raw.slice(6)}`;
    id = first17 + idCheckCode(first17);
  } else return { ok: false, problem: 'format' };

  if (!PROVINCES.has(Number(id.slice(0, 2)))) return { ok: false, problem: 'region' };
  // A checksum on an upgraded 15-digit number is computed, not checked: nothing to compare.
  if (raw.length === 18 && idCheckCode(id.slice(0, 17)) !== id[17]) return { ok: false, problem: 'checksum' };

  const year = Number(id.slice(6, 10));
  const month = Number(id.slice(10, 12));
  const day = Number(id.slice(12, 14));
  if (year < 1900 || !isRealDate(year, month, day)) return { ok: false, problem: 'birth_date' };
  const birthDate = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  if (birthDate > (options.today ?? localToday())) return { ok: false, problem: 'future_birth_date' };
  if (options.birthDate && options.birthDate !== birthDate) return { ok: false, problem: 'birth_date_mismatch' };

  return { ok: true, normalized: id, birthDate, gender: Number(id[16]) % 2 === 1 ? 'male' : 'female' };
}

// ---------------------------------------------------------------- contact details

/**
 * A mainland mobile number as 11 digits, or null. Accepts what people type and
 * paste: `+86 138-1234-5678`, `0086 13812345678`, `86 13812345678`, `(138) 1234 5678`.
 */
export function normalizeMobile(input: string): string | null {
  let digits = input.replace(/[\s\-().]/g, '');
  if (digits.startsWith('+86')) digits = digits.slice(3);
  else if (digits.startsWith('0086')) digits = digits.slice(4);
  else if (digits.length === 13 && digits.startsWith('86')) digits = digits.slice(2);
  return /^1[3-9]\d{9}$/.test(digits) ? digits : null;
}

// The WHATWG form's rule (what `<input type=email>` accepts), narrowed to require a dot in the domain.
const EMAIL = /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)+$/;

export function isEmail(input: string): boolean {
  return input.length <= 254 && EMAIL.test(input);
}

/** Bank account digits without the spaces people group them with; 8–32 digits or null. */
export function normalizeBankAccount(input: string): string | null {
  const digits = input.replace(/[\s-]/g, '');
  return /^\d{8,32}$/.test(digits) ? digits : null;
}

// ---------------------------------------------------------------- zod schemas

/** Prefix of every validation message key of this module. */
export const ERROR = 'core.people.error.';

const blank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

/**
 * Form fields arrive as '' when left empty: make that `null` (cleared), keep
 * undefined (not sent), and validate everything else with `schema`.
 */
export function optional<T extends z.ZodType>(schema: T) {
  return z.preprocess((v) => (v === undefined ? undefined : blank(v) ? null : v), schema.nullable().optional());
}

export const isoDateSchema = z
  .string()
  .trim()
  .refine(isIsoDate, { message: `${ERROR}date` });

/** Normalised 18-character ID number. The birth-date agreement check needs the record: see `employeeRules`. */
export const idNumberSchema = z
  .string()
  .trim()
  .transform((v, ctx) => {
    const r = parseIdNumber(v);
    if (r.ok) return r.normalized;
    ctx.addIssue({ code: 'custom', message: `${ERROR}id_number.${r.problem}` });
    return z.NEVER;
  });

/** A string normalised by `normalize`, or the i18n key `core.people.error.<what>` when it cannot be. */
const normalizedSchema = (normalize: (v: string) => string | null, what: string) =>
  z
    .string()
    .trim()
    .transform((v, ctx) => {
      const n = normalize(v);
      if (n) return n;
      ctx.addIssue({ code: 'custom', message: `${ERROR}${what}` });
      return z.NEVER;
    });

export const mobileSchema = normalizedSchema(normalizeMobile, 'mobile');

export const emailSchema = z
  .string()
  .trim()
  .refine(isEmail, { message: `${ERROR}email` });

export const bankAccountSchema = normalizedSchema(normalizeBankAccount, 'bank_account');

/** Letters, digits, dash and underscore: it goes into file names, URLs and spreadsheets. */
export const employeeNoSchema = z
  .string()
  .trim()
  .min(1)
  .max(32)
  .regex(/^[A-Za-z0-9_-]+$/, { message: `${ERROR}employee_no` });
