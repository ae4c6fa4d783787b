/**
 * Money and rates as integers: amounts in CENTS (分), rates in PPM (parts per
 * million: 8% = 80_000). Everything here is exact: products that could pass
 * 2^53 are computed with BigInt, and rounding works on exact rationals.
 *
 * Rounding of negative amounts is symmetric (by magnitude): `half_up` rounds
 * half away from zero (四舍五入), `up` away from zero (进位), `down` toward
 * zero (舍去).
 */
import type { Rounding } from './types.js';

/** Half up to the cent: the default rounding of every payroll amount. */
export const CENT_HALF_UP: Rounding = Object.freeze({ unit: 1, mode: 'half_up' }) as Rounding;

/** Largest amount accepted anywhere, in cents (~ 90 trillion yuan; keeps cents a safe integer). */
export const MAX_CENTS = Number.MAX_SAFE_INTEGER;

/**
 * A bad amount or rate typed by a person or read from a file. `code` is an
 * i18n key (`payroll.error.badAmount`, `payroll.error.badRate`), `params` fill it.
 */
export class MoneyError extends Error {
  override name = 'MoneyError';
  constructor(
    readonly code: 'payroll.error.badAmount' | 'payroll.error.badRate',
    readonly params: Record<string, string | number> = {},
  ) {
    super(`${code}: ${JSON.stringify(params)}`);
  }
}

/** An exact fraction of cents (`num / den`), for {@link roundCents}. */
export interface Rational {
  num: bigint;
  den: bigint;
}

const DECIMAL = /^([+-]?)(\d+|\d{1,3}(?:,\d{3})+)(?:\.(\d*))?$/;

/**
 * Yuan (`"12000"`, `"12,000.5"`, `12000.55`, `-3.1`) → integer cents. Strict:
 * at most two decimals, no exponents, no stray text, and the result must be a
 * safe integer; anything else throws {@link MoneyError} `payroll.error.badAmount`.
 */
export function yuanToCents(value: string | number): number {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new MoneyError('payroll.error.badAmount', { value: String(value) });
    text = String(value);
  } else if (typeof value === 'string') {
    text = value.trim();
  } else {
    throw new MoneyError('payroll.error.badAmount', { value: String(value) });
  }
  const m = DECIMAL.exec(text);
  const decimals = m?.[3] ?? '';
  if (!m || decimals.length > 2 || (m[3] !== undefined && decimals.length === 0)) {
    throw new MoneyError('payroll.error.badAmount', { value: text });
  }
  const digits = m[2]!.replaceAll(',', '') + decimals.padEnd(2, '0');
  const cents = BigInt(digits);
  if (cents > BigInt(MAX_CENTS)) throw new MoneyError('payroll.error.badAmount', { value: text });
  const n = Number(cents);
  return m[1] === '-' && n !== 0 ? -n : n;
}

/** Cents → yuan as a number (`123456` → `1234.56`), for JSON. Exact for every safe integer of cents up to 2^53/100. */
export function centsToYuan(cents: number): number {
  assertCents(cents);
  return Number(centsToYuanText(cents));
}

/** Cents → `"1234.56"` (two decimals, no grouping, `-` for negatives): exact text for files and JSON. */
export function centsToYuanText(cents: number): string {
  assertCents(cents);
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const yuan = Math.trunc(abs / 100);
  const fen = abs % 100;
  return `${sign}${yuan}.${String(fen).padStart(2, '0')}`;
}

/**
 * Cents → `12,345.67` for people: thousands grouped with commas and always two
 * decimals, the same in zh-CN and en (Chinese payslips group by thousands too).
 * `locale` is accepted for symmetry with other formatters and ignored today.
 */
export function formatCents(cents: number, locale?: string): string {
  void locale;
  const text = centsToYuanText(cents);
  const [int, frac] = text.split('.') as [string, string];
  const sign = int.startsWith('-') ? '-' : '';
  const digits = sign ? int.slice(1) : int;
  return `${sign}${digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${frac}`;
}

function assertCents(cents: number): void {
  if (!Number.isSafeInteger(cents)) throw new MoneyError('payroll.error.badAmount', { value: String(cents) });
}

/**
 * Rounds an exact amount of cents to whole cents, in steps of `rounding.unit`
 * (1 = 分, 10 = 角, 100 = 元). `value` is a {@link Rational} (exact), an integer
 * (returned rounded to the unit), or a float number of cents, which is first
 * read as the shortest decimal that prints it (so `0.1 * 3 * 100` counts as 30).
 */
export function roundCents(value: Rational | number, rounding: Rounding = CENT_HALF_UP): number {
  let r: Rational;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new MoneyError('payroll.error.badAmount', { value: String(value) });
    r = Number.isInteger(value) && Number.isSafeInteger(value) ? { num: BigInt(value), den: 1n } : floatToRational(value);
  } else {
    r = value;
  }
  if (r.den === 0n) throw new RangeError('roundCents: zero denominator');
  const unit = BigInt(rounding.unit);
  let num = r.num;
  let den = r.den * unit;
  if (den < 0n) {
    num = -num;
    den = -den;
  }
  const negative = num < 0n;
  const abs = negative ? -num : num;
  let q = abs / den;
  const rest = abs % den;
  if (rest !== 0n) {
    if (rounding.mode === 'up') q += 1n;
    else if (rounding.mode === 'half_up' && rest * 2n >= den) q += 1n;
  }
  const out = q * unit;
  if (out > BigInt(MAX_CENTS)) throw new MoneyError('payroll.error.badAmount', { value: String(value) });
  const n = Number(out);
  return negative && n !== 0 ? -n : n;
}

/** A float yuan amount (a formula's result) → cents, rounded (half up to the cent by default). */
export function yuanNumberToCents(yuan: number, rounding: Rounding = CENT_HALF_UP): number {
  if (!Number.isFinite(yuan)) throw new MoneyError('payroll.error.badAmount', { value: String(yuan) });
  const r = floatToRational(yuan);
  return roundCents({ num: r.num * 100n, den: r.den }, rounding);
}

/** The shortest decimal that prints as `x`, as an exact fraction (`0.30000000000000004` stays as printed; 15 significant digits tidy float noise). */
function floatToRational(x: number): Rational {
  const text = Number(x.toPrecision(15)).toString();
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(text);
  if (!m) throw new MoneyError('payroll.error.badAmount', { value: text });
  const frac = m[3] ?? '';
  let num = BigInt(m[2]! + frac);
  let den = 10n ** BigInt(frac.length);
  const exp = Number(m[4] ?? 0);
  if (exp > 0) num *= 10n ** BigInt(exp);
  else if (exp < 0) den *= 10n ** BigInt(-exp);
  return { num: m[1] === '-' ? -num : num, den };
}

const PPM = 1_000_000;

/**
 * `cents × ppm / 1,000,000`, rounded (half up to the cent by default). Exact:
 * when the product passes 2^53 the arithmetic switches to BigInt.
 */
export function applyRate(cents: number, ppm: number, rounding: Rounding = CENT_HALF_UP): number {
  assertCents(cents);
  if (!Number.isSafeInteger(ppm)) throw new MoneyError('payroll.error.badRate', { value: String(ppm) });
  const product = cents * ppm;
  if (Number.isSafeInteger(product) && rounding.unit === 1) {
    // Fast path: exact integer product, exact remainder.
    const negative = product < 0;
    const abs = Math.abs(product);
    let q = Math.floor(abs / PPM);
    let rest = abs - q * PPM;
    // The float quotient can be off by one near 2^53: correct with the exact remainder.
    if (rest < 0) {
      q -= 1;
      rest += PPM;
    } else if (rest >= PPM) {
      q += 1;
      rest -= PPM;
    }
    if (rest !== 0 && (rounding.mode === 'up' || (rounding.mode === 'half_up' && rest * 2 >= PPM))) q += 1;
    return negative && q !== 0 ? -q : q;
  }
  return roundCents({ num: BigInt(cents) * BigInt(ppm), den: BigInt(PPM) }, rounding);
}

/**
 * A percentage → ppm: `8` or `'8'` or `'8%'` → 80_000, `'0.16%'` → 1_600.
 * At most four decimals (one ppm); 0 … 100% unless `max` says otherwise.
 * Throws {@link MoneyError} `payroll.error.badRate`.
 */
export function percentToPpm(value: string | number, max = 100): number {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new MoneyError('payroll.error.badRate', { value: String(value) });
    text = String(value);
  } else {
    text = String(value).trim().replace(/\s*[%％]$/, '');
  }
  const m = /^(\d+)(?:\.(\d{1,4}))?$/.exec(text);
  if (!m) throw new MoneyError('payroll.error.badRate', { value: String(value) });
  const ppm = Number(m[1]) * 10_000 + Number((m[2] ?? '').padEnd(4, '0'));
  if (!Number.isSafeInteger(ppm) || ppm > max * 10_000) throw new MoneyError('payroll.error.badRate', { value: String(value) });
  return ppm;
}

/** Ppm → `"8%"`, `"0.16%"`, `"12.5%"` (no trailing zeros). */
export function formatPpm(ppm: number): string {
  const whole = Math.trunc(ppm / 10_000);
  const frac = String(Math.abs(ppm % 10_000)).padStart(4, '0').replace(/0+$/, '');
  return `${ppm < 0 && whole === 0 ? '-' : ''}${whole}${frac ? `.${frac}` : ''}%`;
}
