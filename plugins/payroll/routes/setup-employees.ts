/**
 * HR's salary pages per employee: the list (profile status, no amounts) and
 * one employee's page (salary history, a new profile from a date, the payroll
 * card, 专项附加扣除, opening balances from the previous payroll system).
 * Showing the amounts is audited (`payroll.salary.view`, `payroll.opening.view`).
 */
import { formArray, HttpError, isIsoDate, parseForm, z, type HrContext, type PluginContext } from '../../../core/sdk.js';
import { centsToYuanText, formatCents, formatPpm } from '../domain/money.js';
import { ADDITIONAL_DEDUCTION_KEYS, type AdditionalDeductions } from '../domain/types.js';
import type { Payroll } from '../services/index.js';
import { isMonth, optionalPercentField, optionalYuanField, readYuan, yuanField } from '../services/setup-input.js';
import type { SalaryData, SalaryProfileRow } from '../services/types.js';
import type { PayrollSettings } from '../settings.js';
import { formValues, idOr404, MANAGE, refusal, type Errors, type Values } from './setup-common.js';
import { openingForm, openingField, openingValues } from './setup-opening.js';

const PAGE_SIZE = 50;
/** Empty allowance rows offered after the current ones. */
const SPARE_ROWS = 2;
const listQuery = z.object({ q: z.string().trim().max(60).catch(''), page: z.coerce.number().int().min(1).max(10_000).catch(1) });
const blankToNull = (v: unknown) => (v === '' || v === undefined ? null : v);

const profileForm = z
  .object({
    effectiveFrom: z.string().trim().refine(isIsoDate, 'payroll.setup.error.badDate'),
    structureId: z.preprocess(blankToNull, z.coerce.number().int().positive().nullable()),
    cityCode: z.preprocess(blankToNull, z.string().trim().max(40).nullable()),
    base: yuanField(),
    allowanceName: formArray(z.string().trim().max(40, 'payroll.setup.error.tooLong')),
    allowanceAmount: formArray(z.string()),
    allowanceTaxable: formArray(z.string()),
    socialBase: optionalYuanField(),
    housingFundBase: optionalYuanField(),
    housingFundRate: optionalPercentField(),
    note: z.string().trim().max(200).default(''),
  })
  .transform((f, ctx) => {
    const allowances: SalaryData['allowances'] = [];
    f.allowanceName.forEach((name, i) => {
      const amount = (f.allowanceAmount[i] ?? '').trim();
      if (!name && !amount) return;
      if (!name) return void ctx.addIssue({ code: 'custom', path: ['allowanceName', i], message: 'payroll.setup.error.allowanceName' });
      if (allowances.some((a) => a.code === name)) return void ctx.addIssue({ code: 'custom', path: ['allowanceName', i], message: 'payroll.setup.error.duplicateAllowance' });
      const read = readYuan(amount);
      if ('error' in read) return void ctx.addIssue({ code: 'custom', path: ['allowanceAmount', i], message: amount ? read.error : 'payroll.setup.error.required' });
      allowances.push({ code: name, name, amountCents: read.cents, taxable: f.allowanceTaxable[i] !== 'no' });
    });
    return {
      effectiveFrom: f.effectiveFrom,
      structureId: f.structureId,
      cityCode: f.cityCode,
      note: f.note,
      data: { baseCents: f.base, allowances, socialBaseCents: f.socialBase, housingFundBaseCents: f.housingFundBase, housingFundRatePpm: f.housingFundRate },
    };
  });

const bankForm = z.object({ bankName: z.string().trim().min(1).max(60), accountName: z.string().trim().min(1).max(60), account: z.string().trim().min(1).max(60) });

const deductionsForm = z.object({
  effectiveFrom: z.string().trim().refine(isMonth, 'payroll.error.badMonth'),
  ...(Object.fromEntries(ADDITIONAL_DEDUCTION_KEYS.map((k) => [k, optionalYuanField()])) as Record<keyof AdditionalDeductions, ReturnType<typeof optionalYuanField>>),
});

/** Service field paths → the form's field names. */
function profileField(path: string): string {
  const allowance = /^data\.allowances\.(\d+)\.(code|name|amountCents)/.exec(path);
  if (allowance) return allowance[2] === 'amountCents' ? `allowanceAmount.${allowance[1]}` : `allowanceName.${allowance[1]}`;
  const map: Record<string, string> = { 'data.baseCents': 'base', 'data.socialBaseCents': 'socialBase', 'data.housingFundBaseCents': 'housingFundBase', 'data.housingFundRatePpm': 'housingFundRate' };
  return map[path] ?? path;
}

const yuanText = (cents: number | null | undefined) => (cents === null || cents === undefined ? '' : centsToYuanText(cents));

/** A profile as form values (yuan and percent), to start a new one from the latest. */
function profileValues(p: SalaryProfileRow | undefined, today: string): Values {
  if (!p) return { effectiveFrom: today, allowanceName: [], allowanceAmount: [], allowanceTaxable: [] };
  const d = p.data;
  return {
    effectiveFrom: today,
    structureId: p.structureId === null ? '' : String(p.structureId),
    cityCode: p.cityCode ?? '',
    base: yuanText(d.baseCents),
    allowanceName: d.allowances.map((a) => a.name),
    allowanceAmount: d.allowances.map((a) => yuanText(a.amountCents)),
    allowanceTaxable: d.allowances.map((a) => (a.taxable ? 'yes' : 'no')),
    socialBase: yuanText(d.socialBaseCents),
    housingFundBase: yuanText(d.housingFundBaseCents),
    housingFundRate: d.housingFundRatePpm === null ? '' : formatPpm(d.housingFundRatePpm).replace('%', ''),
    note: '',
  };
}

export function registerSetupEmployeePages(ctx: PluginContext<PayrollSettings>, payroll: Payroll): void {
  const { setup, parts, openingBalances } = payroll;
  const t = (c: HrContext) => c.get('t');

  ctx.pages.get('/admin/employees', MANAGE, (c) => {
    const { q, page } = listQuery.parse(c.req.query());
    const result = ctx.people.employees.list({ q: q || undefined, page, pageSize: PAGE_SIZE });
    const statuses = setup.profileStatuses(result.items.map((e) => e.id));
    const cityNames = new Map(setup.cityPolicies().map((p) => [p.cityCode, p.cityName]));
    const items = result.items.map((e) => {
      const s = statuses.get(e.id);
      return { ...e, profile: s ? { ...s, cityName: cityNames.get(s.cityCode ?? parts.settings.defaultCity) ?? s.cityCode ?? parts.settings.defaultCity } : null };
    });
    return ctx.render(c, 'setup-employees', { q, items, page: result.page, pages: result.pages, total: result.total }, { title: t(c)('payroll.setup.employees.title') });
  });

  const employeeOr404 = (c: HrContext) => {
    const employee = ctx.people.employees.get(idOr404(c));
    if (!employee) throw new HttpError(404, 'payroll.error.notFound');
    return employee;
  };

  interface FormState {
    values?: Values;
    errors?: Errors;
  }
  const employeePage = (c: HrContext, forms: { profile?: FormState; bank?: FormState; deductions?: FormState; opening?: FormState } = {}, status = 200) => {
    const employee = employeeOr404(c);
    const view = setup.viewSalary(c, employee.id); // audited: amounts are shown
    const openings = openingBalances.list(c, employee.id); // audited when there are any
    const today = parts.today();
    const latestDeductions = view.deductions[0];
    const deductionValues: Values = { effectiveFrom: today.slice(0, 7) };
    for (const k of ADDITIONAL_DEDUCTION_KEYS) deductionValues[k] = latestDeductions && latestDeductions.data[k] ? yuanText(latestDeductions.data[k]) : '';
    const cities = [...new Map(setup.cityPolicies().map((p) => [p.cityCode, p.cityName])).entries()].map(([code, name]) => ({ code, name }));
    return ctx.render(
      c,
      'setup-employee',
      {
        employee,
        view,
        today,
        structures: setup.structures(),
        cities,
        defaultCity: parts.settings.defaultCity,
        deductionKeys: ADDITIONAL_DEDUCTION_KEYS,
        spareRows: SPARE_ROWS,
        profile: { values: forms.profile?.values ?? profileValues(view.profiles[0], today), errors: forms.profile?.errors ?? {} },
        bank: { values: forms.bank?.values ?? { bankName: view.bank?.bankName ?? '', accountName: view.bank?.accountName ?? employee.name, account: '' }, errors: forms.bank?.errors ?? {} },
        deductions: { values: forms.deductions?.values ?? deductionValues, errors: forms.deductions?.errors ?? {} },
        openings,
        opening: { values: forms.opening?.values ?? openingValues(today), errors: forms.opening?.errors ?? {} },
        amount: (cents: number) => formatCents(cents),
        percent: (ppm: number | null) => (ppm === null ? '' : formatPpm(ppm)),
      },
      { title: employee.name, status },
    );
  };

  ctx.pages.get('/admin/employees/:id', MANAGE, (c) => employeePage(c));

  ctx.pages.post('/admin/employees/:id/profile', MANAGE, async (c) => {
    const employee = employeeOr404(c);
    const values = await formValues(c);
    const form = await parseForm(c, profileForm);
    if (!form.ok) return employeePage(c, { profile: { values, errors: { ...form.errors, _form: form.message } } }, 400);
    try {
      setup.saveProfile(c, employee.id, form.data);
    } catch (err) {
      const r = refusal(c, err, profileField);
      return employeePage(c, { profile: { values, errors: r.errors } }, r.status);
    }
    ctx.flash(c, { kind: 'success', text: t(c)('payroll.setup.profile.saved', { date: form.data.effectiveFrom }) });
    return c.redirect(`/payroll/admin/employees/${employee.id}`, 303);
  });

  ctx.pages.post('/admin/employees/:id/profiles/:profileId/delete', MANAGE, (c) => {
    const employee = employeeOr404(c);
    setup.deleteProfile(c, employee.id, idOr404(c, 'profileId'));
    ctx.flash(c, { kind: 'success', text: t(c)('payroll.setup.profile.deleted') });
    return c.redirect(`/payroll/admin/employees/${employee.id}`, 303);
  });

  ctx.pages.post('/admin/employees/:id/bank', MANAGE, async (c) => {
    const employee = employeeOr404(c);
    const values = await formValues(c);
    const form = await parseForm(c, bankForm);
    if (!form.ok) return employeePage(c, { bank: { values, errors: { ...form.errors, _form: form.message } } }, 400);
    try {
      setup.setBankAccount(c, employee.id, form.data);
    } catch (err) {
      const r = refusal(c, err);
      return employeePage(c, { bank: { values, errors: r.errors } }, r.status);
    }
    ctx.flash(c, { kind: 'success', text: t(c)('payroll.setup.bank.saved') });
    return c.redirect(`/payroll/admin/employees/${employee.id}#bank`, 303);
  });

  ctx.pages.post('/admin/employees/:id/deductions', MANAGE, async (c) => {
    const employee = employeeOr404(c);
    const values = await formValues(c);
    const form = await parseForm(c, deductionsForm);
    if (!form.ok) return employeePage(c, { deductions: { values, errors: { ...form.errors, _form: form.message } } }, 400);
    const { effectiveFrom, ...amounts } = form.data;
    const data = Object.fromEntries(ADDITIONAL_DEDUCTION_KEYS.map((k) => [k, amounts[k] ?? 0])) as unknown as AdditionalDeductions;
    try {
      setup.saveDeductions(c, employee.id, { effectiveFrom, data });
    } catch (err) {
      const r = refusal(c, err, (p) => p.replace(/^data\./, ''));
      return employeePage(c, { deductions: { values, errors: r.errors } }, r.status);
    }
    ctx.flash(c, { kind: 'success', text: t(c)('payroll.setup.deductions.saved', { month: effectiveFrom }) });
    return c.redirect(`/payroll/admin/employees/${employee.id}#deductions`, 303);
  });

  ctx.pages.post('/admin/employees/:id/opening', MANAGE, async (c) => {
    const employee = employeeOr404(c);
    const values = await formValues(c);
    const form = await parseForm(c, openingForm);
    if (!form.ok) return employeePage(c, { opening: { values, errors: { ...form.errors, _form: form.message } } }, 400);
    try {
      openingBalances.set(c, employee.id, form.data);
    } catch (err) {
      const r = refusal(c, err, openingField);
      return employeePage(c, { opening: { values, errors: r.errors } }, r.status);
    }
    ctx.flash(c, { kind: 'success', text: t(c)('payroll.opening.saved', { year: form.data.year, month: form.data.throughMonth }) });
    return c.redirect(`/payroll/admin/employees/${employee.id}#opening`, 303);
  });

  ctx.pages.post('/admin/employees/:id/opening/:year/delete', MANAGE, (c) => {
    const employee = employeeOr404(c);
    const year = idOr404(c, 'year');
    openingBalances.remove(c, employee.id, year);
    ctx.flash(c, { kind: 'success', text: t(c)('payroll.opening.deleted', { year }) });
    return c.redirect(`/payroll/admin/employees/${employee.id}#opening`, 303);
  });
}
