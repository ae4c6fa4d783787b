/**
 * Opening balances (期初累计数) in HR's setup: the form on an employee's salary
 * page (its handlers are in setup-employees.ts, its schema here) and the CSV
 * import page linked from the hub, with a template to download. Every route
 * needs `payroll.manage` at scope `all`.
 */
import { HttpError, z, type HrContext, type PluginContext } from '../../../core/sdk.js';
import { openingTemplateCsv } from '../services/opening-import.js';
import type { Payroll } from '../services/index.js';
import { shiftMonth } from '../services/run-inputs.js';
import { optionalYuanField, yuanField } from '../services/setup-input.js';
import type { PayrollSettings } from '../settings.js';
import { MANAGE, refusal, type Values } from './setup-common.js';

/** Largest file accepted (50,000 rows of a dozen columns stay far below). */
export const MAX_OPENING_BYTES = 5 * 1024 * 1024;

const blankToNull = (v: unknown) => (v === '' || v === undefined || v === null ? null : v);
const zeroIfBlank = (cents: number | null) => cents ?? 0;

/** The form on the salary page: yuan as typed; blank amounts are 0, blank months counted = from January or the month of hire. */
export const openingForm = z
  .object({
    year: z.preprocess((v) => String(v ?? '').trim(), z.string().regex(/^\d{4}$/, 'payroll.opening.error.badYear')),
    throughMonth: z.preprocess((v) => String(v ?? '').trim(), z.string().regex(/^(1[0-2]|0?[1-9])$/, 'payroll.opening.error.badMonth')),
    income: yuanField(),
    taxFree: optionalYuanField(),
    special: optionalYuanField(),
    additional: optionalYuanField(),
    other: optionalYuanField(),
    withheld: optionalYuanField(),
    monthsCounted: z.preprocess(blankToNull, z.string().trim().regex(/^(1[0-2]|0?[1-9])$/, 'payroll.opening.error.months').nullable()),
  })
  .transform((f) => ({
    year: Number(f.year),
    throughMonth: Number(f.throughMonth),
    incomeCents: f.income,
    taxFreeCents: zeroIfBlank(f.taxFree),
    specialDeductionsCents: zeroIfBlank(f.special),
    additionalDeductionsCents: zeroIfBlank(f.additional),
    otherDeductionsCents: zeroIfBlank(f.other),
    withheldCents: zeroIfBlank(f.withheld),
    monthsCounted: f.monthsCounted === null ? null : Number(f.monthsCounted),
  }));

const FIELDS: Record<string, string> = {
  incomeCents: 'income',
  taxFreeCents: 'taxFree',
  specialDeductionsCents: 'special',
  additionalDeductionsCents: 'additional',
  otherDeductionsCents: 'other',
  withheldCents: 'withheld',
};

/** Service field paths → the form's field names. */
export const openingField = (path: string) => FIELDS[path] ?? path;

/** The empty form: the year and month before the current one. */
export function openingValues(today: string): Values {
  const previous = shiftMonth(today.slice(0, 7), -1);
  return { year: previous.slice(0, 4), throughMonth: String(Number(previous.slice(5, 7))), income: '', taxFree: '', special: '', additional: '', other: '', withheld: '', monthsCounted: '' };
}

const yearQuery = z.object({ year: z.coerce.number().int().min(2000).max(9999) });

export function registerOpeningPages(ctx: PluginContext<PayrollSettings>, payroll: Payroll): void {
  const { openingBalances, parts } = payroll;
  const t = (c: HrContext) => c.get('t');

  const yearOf = (c: HrContext) => {
    const q = yearQuery.safeParse({ year: c.req.query('year') });
    return q.success ? q.data.year : Number(shiftMonth(parts.today().slice(0, 7), -1).slice(0, 4));
  };

  const importPage = (c: HrContext, data: { report?: unknown; error?: string | null } = {}, status = 200) => {
    const year = yearOf(c);
    return ctx.render(
      c,
      'setup-opening',
      { year, items: openingBalances.listYear(year), report: data.report ?? null, error: data.error ?? null, maxMb: MAX_OPENING_BYTES / 1024 / 1024 },
      { title: t(c)('payroll.opening.import.title'), status },
    );
  };

  ctx.pages.get('/admin/opening-balances', MANAGE, (c) => importPage(c));

  ctx.pages.get('/admin/opening-balances/template.csv', MANAGE, (c) => {
    c.header('content-type', 'text/csv; charset=utf-8');
    c.header('content-disposition', `attachment; filename="opening-balances.csv"; filename*=UTF-8''${encodeURIComponent('期初累计数模板.csv')}`);
    return c.body(openingTemplateCsv());
  });

  ctx.pages.post('/admin/opening-balances/import', MANAGE, async (c) => {
    const body = await c.req.parseBody();
    const file = body.file;
    if (!(file instanceof File) || file.size === 0) return importPage(c, { error: t(c)('payroll.opening.import.noFile') }, 400);
    if (file.size > MAX_OPENING_BYTES) return importPage(c, { error: t(c)('payroll.opening.import.tooLarge', { max: MAX_OPENING_BYTES / 1024 / 1024 }) }, 400);
    try {
      const report = openingBalances.importCsv(c, new Uint8Array(await file.arrayBuffer()), file.name);
      return importPage(c, { report }, report.errorCount ? (report.conflict ? 409 : 400) : 200);
    } catch (err) {
      return importPage(c, { error: refusal(c, err).errors._form ?? null }, err instanceof HttpError ? err.status : 400);
    }
  });
}
