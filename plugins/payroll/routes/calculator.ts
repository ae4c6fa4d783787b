/**
 * The tax calculator page (/payroll/tax-calculator): monthly gross, special
 * deductions and special additional deductions (one row for every month, or
 * month by month), an optional annual bonus and its month → the withholding
 * month by month and the bonus under both methods, with the cheaper one
 * marked. The figures come from domain/tax-report.ts, as for the API and the
 * `payroll:tax` command. Nothing is stored; the form is POSTed so amounts stay
 * out of addresses and logs.
 */
import { parseForm, z, type HrContext, type PluginContext } from '../../../core/sdk.js';
import { formatCents, yuanToCents } from '../domain/money.js';
import { taxReport, type TaxReport } from '../domain/tax-report.js';
import type { Payroll } from '../services/index.js';
import type { PayrollSettings } from '../settings.js';

const SELF = 'payroll.self';
const MONTHS = Array.from({ length: 12 }, (_, i) => i + 1);

/** Yuan typed by a person → cents; empty is 0. */
const amount = z
  .string()
  .trim()
  .default('')
  .transform((v, ctx) => {
    if (v === '') return 0;
    try {
      const cents = yuanToCents(v);
      if (cents >= 0) return cents;
    } catch {
      // reported below
    }
    ctx.addIssue({ code: 'custom', message: 'payroll.error.badAmount', input: v });
    return z.NEVER;
  });
const monthNo = z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(1).max(12).optional());

const monthFields = Object.fromEntries(MONTHS.flatMap((m) => [`gross_${m}`, `special_${m}`, `additional_${m}`].map((k) => [k, amount])));

export const calculatorForm = z
  .object({
    mode: z.enum(['same', 'each']).catch('same'),
    firstMonth: monthNo,
    monthsCount: monthNo,
    gross: amount,
    special: amount,
    additional: amount,
    bonus: amount,
    bonusMonth: monthNo,
    ...monthFields,
  })
  .transform((f, ctx) => {
    const first = f.firstMonth ?? 1;
    const cell = (k: string) => (f as unknown as Record<string, number>)[k] ?? 0;
    let months: { grossCents: number; specialDeductionsCents: number; additionalDeductionsCents: number }[];
    if (f.mode === 'same') {
      const count = f.monthsCount ?? 13 - first;
      if (first + count - 1 > 12) {
        ctx.addIssue({ code: 'custom', path: ['monthsCount'], message: 'payroll.calc.error.months' });
        return z.NEVER;
      }
      months = Array.from({ length: count }, () => ({ grossCents: f.gross, specialDeductionsCents: f.special, additionalDeductionsCents: f.additional }));
    } else {
      // From the first month to the last row with a gross amount; blanks in between are 0.
      const filled = MONTHS.filter((m) => m >= first && cell(`gross_${m}`) > 0);
      const last = filled.at(-1) ?? first;
      months = MONTHS.filter((m) => m >= first && m <= last).map((m) => ({
        grossCents: cell(`gross_${m}`),
        specialDeductionsCents: cell(`special_${m}`),
        additionalDeductionsCents: cell(`additional_${m}`),
      }));
    }
    const last = first + months.length - 1;
    if (f.bonus > 0 && f.bonusMonth !== undefined && (f.bonusMonth < first || f.bonusMonth > last)) {
      ctx.addIssue({ code: 'custom', path: ['bonusMonth'], message: 'payroll.calc.error.bonusMonth' });
      return z.NEVER;
    }
    return { firstMonth: first, months, bonusCents: f.bonus, bonusMonth: f.bonus > 0 ? f.bonusMonth : undefined };
  });

/** The report with what the page shows besides: where the rate steps up, and the bonus working. */
function explain(report: TaxReport) {
  const rateUps = report.months.filter((m, i) => i > 0 && m.ratePercent > report.months[i - 1]!.ratePercent).map((m) => ({ month: m.month, rate: m.ratePercent }));
  const b = report.bonus;
  const cents = (yuan: string) => yuanToCents(yuan);
  return {
    rateUps,
    rateUpMonths: rateUps.map((r) => r.month),
    bonusMonthly: b ? formatCents(Math.floor(cents(b.amount) / 12)) : null,
    saving: b && b.lower !== 'equal' ? formatCents(Math.abs(cents(b.separate.yearTotalTax) - cents(b.combined.yearTotalTax))) : null,
  };
}

export function registerCalculatorPages(ctx: PluginContext<PayrollSettings>, payroll: Payroll): void {
  void payroll;
  const render = (c: HrContext, data: { values: Record<string, unknown>; errors?: Record<string, string>; message?: string; report?: TaxReport | null }, status = 200) =>
    ctx.render(
      c,
      'calculator',
      {
        values: data.values,
        errors: data.errors ?? {},
        message: data.message,
        report: data.report ?? null,
        explain: data.report ? explain(data.report) : null,
        months: MONTHS,
        fmt: (yuan: string) => formatCents(yuanToCents(yuan)),
      },
      { title: c.get('t')('payroll.calc.title'), status },
    );

  ctx.pages.get('/tax-calculator', SELF, (c) => render(c, { values: { mode: 'same', firstMonth: '1', monthsCount: '12' } }));

  ctx.pages.post('/tax-calculator', SELF, async (c) => {
    const values = await c.req.parseBody();
    const form = await parseForm(c, calculatorForm);
    if (!form.ok) return render(c, { values, errors: form.errors, message: form.message }, 400);
    const { months, ...options } = form.data;
    const report = taxReport(months, options);
    return render(c, { values, report });
  });
}

