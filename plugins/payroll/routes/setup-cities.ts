/**
 * HR's pages for city policies of social insurance and housing fund: the list
 * by city and effective month, a new effective month (started from an
 * existing one) and edits. The form is in yuan and percent; rules are stored
 * in cents and ppm and checked by domain/social.ts `validateCityRules`.
 */
import { HttpError, parseForm, z, type HrContext, type PluginContext } from '../../../core/sdk.js';
import { centsToYuanText, formatCents, formatPpm } from '../domain/money.js';
import { validateCityRules } from '../domain/social.js';
import { INSURANCES, type CityRules } from '../domain/types.js';
import type { Payroll } from '../services/index.js';
import { EXAMPLE_NOTE } from '../services/setup-defaults.js';
import { isMonth, percentField, yuanField } from '../services/setup-input.js';
import type { CityPolicyInput, CityPolicyRow } from '../services/types.js';
import type { PayrollSettings } from '../settings.js';
import { formValues, idOr404, MANAGE, refusal, type Errors, type Values } from './setup-common.js';

const itemFields = Object.fromEntries(
  INSURANCES.flatMap((item) => [
    [`${item}_floor`, yuanField()],
    [`${item}_cap`, yuanField()],
    [`${item}_employee`, percentField()],
    [`${item}_employer`, percentField()],
  ]),
) as Record<string, z.ZodType<number>>;

const cityForm = z
  .object({
    cityCode: z.string().trim().toLowerCase().min(1).max(40),
    cityName: z.string().trim().min(1).max(40),
    effectiveFrom: z.string().trim().refine(isMonth, 'payroll.error.badMonth'),
    note: z.string().trim().max(500).default(''),
    ...itemFields,
    hf_floor: yuanField(),
    hf_cap: yuanField(),
    hf_min: percentField(),
    hf_max: percentField(),
    hf_default: percentField(),
    rounding_unit: z.enum(['1', '10', '100']),
    rounding_mode: z.enum(['half_up', 'up', 'down']),
  })
  .transform((f): CityPolicyInput => {
    const n = f as unknown as Record<string, number>;
    const insurances = Object.fromEntries(
      INSURANCES.map((item) => [item, { floorCents: n[`${item}_floor`]!, capCents: n[`${item}_cap`]!, employeeRatePpm: n[`${item}_employee`]!, employerRatePpm: n[`${item}_employer`]! }]),
    ) as CityRules['insurances'];
    return {
      cityCode: f.cityCode,
      cityName: f.cityName,
      effectiveFrom: f.effectiveFrom,
      note: f.note,
      rules: {
        insurances,
        housingFund: { floorCents: f.hf_floor, capCents: f.hf_cap, minRatePpm: f.hf_min, maxRatePpm: f.hf_max, defaultRatePpm: f.hf_default },
        rounding: { unit: Number(f.rounding_unit) as 1 | 10 | 100, mode: f.rounding_mode },
      },
    };
  });

/** A rule's path (validateCityRules, service) → the form field showing it. */
export function cityField(path: string, code = ''): string {
  const p = path.replace(/^rules\./, '');
  const item = /^insurances\.(\w+)(?:\.(\w+))?$/.exec(p);
  if (item) return `${item[1]}_${{ floorCents: 'floor', capCents: 'cap', employeeRatePpm: 'employee', employerRatePpm: 'employer' }[item[2] ?? 'capCents'] ?? 'cap'}`;
  const hf = /^housingFund(?:\.(\w+))?$/.exec(p);
  if (hf) {
    const map: Record<string, string> = { floorCents: 'hf_floor', capCents: 'hf_cap', minRatePpm: 'hf_min', maxRatePpm: 'hf_max', defaultRatePpm: 'hf_default' };
    return hf[1] ? (map[hf[1]] ?? 'hf_cap') : code.endsWith('rateRangeInverted') ? 'hf_max' : 'hf_cap';
  }
  if (p.startsWith('rounding')) return 'rounding_unit';
  return p;
}

const percentText = (ppm: number) => formatPpm(ppm).replace('%', '');

/** A policy as form values (yuan and percent). */
export function policyValues(p: Pick<CityPolicyRow, 'cityCode' | 'cityName' | 'effectiveFrom' | 'rules' | 'note'>): Values {
  const v: Values = { cityCode: p.cityCode, cityName: p.cityName, effectiveFrom: p.effectiveFrom, note: p.note === EXAMPLE_NOTE ? '' : p.note };
  for (const item of INSURANCES) {
    const r = p.rules.insurances[item];
    Object.assign(v, { [`${item}_floor`]: centsToYuanText(r.floorCents), [`${item}_cap`]: centsToYuanText(r.capCents), [`${item}_employee`]: percentText(r.employeeRatePpm), [`${item}_employer`]: percentText(r.employerRatePpm) });
  }
  const hf = p.rules.housingFund;
  Object.assign(v, {
    hf_floor: centsToYuanText(hf.floorCents),
    hf_cap: centsToYuanText(hf.capCents),
    hf_min: percentText(hf.minRatePpm),
    hf_max: percentText(hf.maxRatePpm),
    hf_default: percentText(hf.defaultRatePpm),
    rounding_unit: String(p.rules.rounding.unit),
    rounding_mode: p.rules.rounding.mode,
  });
  return v;
}

/** Problem params with the insurance named in the reader's language (`pension` → 养老保险). */
function itemNamed(c: HrContext, params: Record<string, string | number>): Record<string, string | number> {
  return typeof params.item === 'string' ? { ...params, item: c.get('t')(`payroll.setup.cities.item.${params.item}`) } : params;
}

export function registerCityPages(ctx: PluginContext<PayrollSettings>, payroll: Payroll): void {
  const { setup } = payroll;
  const t = (c: HrContext) => c.get('t');

  ctx.pages.get('/admin/cities', MANAGE, (c) => {
    const policies = setup.cityPolicies();
    const today = payroll.parts.today().slice(0, 7);
    // Per city: its policies newest first, and which one is in force this month.
    const cities = new Map<string, { code: string; name: string; policies: (CityPolicyRow & { current: boolean; example: boolean })[] }>();
    for (const p of policies) {
      const city = cities.get(p.cityCode) ?? { code: p.cityCode, name: p.cityName, policies: [] };
      const current = p.effectiveFrom <= today && !city.policies.some((q) => q.effectiveFrom <= today);
      city.policies.push({ ...p, current, example: p.note === EXAMPLE_NOTE });
      cities.set(p.cityCode, city);
    }
    return ctx.render(
      c,
      'setup-cities',
      { cities: [...cities.values()], defaultCity: payroll.parts.settings.defaultCity, insurances: INSURANCES, amount: (cents: number) => formatCents(cents), percent: formatPpm },
      { title: t(c)('payroll.setup.cities.title') },
    );
  });

  const formPage = (c: HrContext, policy: CityPolicyRow | null, values: Values, errors: Errors = {}, status = 200) =>
    ctx.render(
      c,
      'setup-city',
      { policy, values, errors, insurances: INSURANCES, example: policy?.note === EXAMPLE_NOTE, action: policy ? `/payroll/admin/cities/${policy.id}` : '/payroll/admin/cities' },
      { title: policy ? `${policy.cityName} ${policy.effectiveFrom}` : t(c)('payroll.setup.cities.new'), status },
    );

  const policyOr404 = (c: HrContext) => {
    const id = idOr404(c);
    const found = setup.cityPolicies().find((p) => p.id === id);
    if (!found) throw new HttpError(404, 'payroll.error.notFound');
    return found;
  };

  const save = async (c: HrContext, policy: CityPolicyRow | null) => {
    const values = await formValues(c);
    const form = await parseForm(c, cityForm);
    if (!form.ok) return formPage(c, policy, values, { ...form.errors, _form: form.message }, 400);
    // Every problem next to its field, not just the first.
    const problems = validateCityRules(form.data.rules);
    if (problems.length) {
      const errors: Errors = { _form: t(c)('payroll.setup.cities.problems', { count: problems.length }) };
      for (const p of problems) errors[cityField(p.path, p.code)] ??= t(c)(p.code, itemNamed(c, p.params));
      return formPage(c, policy, values, errors, 422);
    }
    try {
      const saved = setup.saveCityPolicy(c, form.data, policy?.id);
      ctx.flash(c, { kind: 'success', text: t(c)('payroll.setup.cities.saved', { city: saved.cityName, month: saved.effectiveFrom }) });
      return c.redirect(`/payroll/admin/cities#city-${saved.cityCode}`, 303);
    } catch (err) {
      if (err instanceof HttpError && err.params?.item) Object.assign(err.params, itemNamed(c, err.params));
      const r = refusal(c, err, (p) => cityField(p));
      return formPage(c, policy, values, r.errors, r.status);
    }
  };

  ctx.pages.get('/admin/cities/new', MANAGE, (c) => {
    const fromId = z.coerce.number().int().positive().safeParse(c.req.query('from'));
    const from = fromId.success ? setup.cityPolicies().find((p) => p.id === fromId.data) : undefined;
    const values: Values = from ? { ...policyValues(from), effectiveFrom: '' } : { rounding_unit: '1', rounding_mode: 'half_up', hf_min: '5', hf_max: '12', hf_default: '12', injury_employee: '0', maternity_employee: '0' };
    return formPage(c, null, values);
  });
  ctx.pages.post('/admin/cities', MANAGE, (c) => save(c, null));
  ctx.pages.get('/admin/cities/:id', MANAGE, (c) => {
    const policy = policyOr404(c);
    return formPage(c, policy, policyValues(policy));
  });
  ctx.pages.post('/admin/cities/:id', MANAGE, (c) => save(c, policyOr404(c)));
}
