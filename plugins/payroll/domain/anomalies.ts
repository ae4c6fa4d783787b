/**
 * Review flags for a payslip against the same employee's previous one: codes
 * only (stored in payroll_payslips.flags, shown as `payroll.anomaly.<code>`),
 * never amounts.
 */

/** Every flag, in the order they are reported. */
export const ANOMALY_CODES = ['new_employee', 'zero_pay', 'negative_net', 'net_above_gross', 'net_change', 'tax_jump'] as const;
export type AnomalyCode = (typeof ANOMALY_CODES)[number];

export interface PayFigures {
  netCents: number;
  grossCents: number;
  taxCents: number;
}

export interface AnomalyOptions {
  /** Flag a net pay that changed by more than this share of last month's (settings.anomalyNetChange, 0.3 = 30%). */
  netChange: number;
  /** Flag a tax that grew by more than this share of last month's (default 0.5 = 50%)… */
  taxChange?: number;
  /** …and by more than this many cents (default 100 yuan), so small taxes do not flag every month. */
  taxJumpMinCents?: number;
}

/** `|a| > ratio × |b|`, exactly (ratio read to the ppm). */
function exceeds(a: number, ratio: number, b: number): boolean {
  const ppm = BigInt(Math.round(ratio * 1_000_000));
  return BigInt(Math.abs(a)) * 1_000_000n > ppm * BigInt(Math.abs(b));
}

/**
 * The anomaly codes of `current`, compared with `previous` (the last payslip
 * of the employee; none = `new_employee`):
 * - `zero_pay`: gross or net of 0
 * - `negative_net`: deductions exceed the pay
 * - `net_above_gross`: net more than gross (a negative deduction somewhere)
 * - `net_change`: net changed by more than `netChange` of last month's net
 *   (any change from a net of 0 counts)
 * - `tax_jump`: tax grew by more than `taxChange` of last month's and more
 *   than `taxJumpMinCents` (a bracket crossed under cumulative withholding,
 *   a bonus combined into the month: the "why is my tax higher" question)
 */
export function anomalies(current: PayFigures, previous: PayFigures | null | undefined, options: AnomalyOptions): AnomalyCode[] {
  for (const f of [current, previous]) {
    if (f && ![f.netCents, f.grossCents, f.taxCents].every(Number.isSafeInteger)) throw new RangeError('anomalies: amounts must be whole cents');
  }
  if (!(options.netChange >= 0) || !Number.isFinite(options.netChange)) throw new RangeError(`anomalies: netChange must be ≥ 0, got ${options.netChange}`);
  const taxChange = options.taxChange ?? 0.5;
  const taxJumpMinCents = options.taxJumpMinCents ?? 100_00;
  const out = new Set<AnomalyCode>();
  if (!previous) out.add('new_employee');
  if (current.grossCents === 0 || current.netCents === 0) out.add('zero_pay');
  if (current.netCents < 0) out.add('negative_net');
  if (current.netCents > current.grossCents) out.add('net_above_gross');
  if (previous) {
    const delta = current.netCents - previous.netCents;
    if (previous.netCents === 0 ? delta !== 0 : exceeds(delta, options.netChange, previous.netCents)) out.add('net_change');
    const taxRise = current.taxCents - previous.taxCents;
    if (taxRise > taxJumpMinCents && exceeds(taxRise, taxChange, previous.taxCents)) out.add('tax_jump');
  }
  return ANOMALY_CODES.filter((c) => out.has(c));
}
