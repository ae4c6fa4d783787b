// Components (formula validation over all components), structures and city policies.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpError, type HrContext } from '../../../core/sdk.js';
import { startPayrollKit, type PayrollKit } from '../../../tests/helpers/payroll-kit.js';
import type { CityRules } from '../domain/types.js';
import { checkFormula } from './setup-policies.js';
import type { ComponentInput } from './types.js';

function thrown(fn: () => unknown): HttpError {
  try {
    fn();
  } catch (err) {
    if (err instanceof HttpError) return err;
    throw err;
  }
  throw new Error('expected an HttpError');
}

const comp = (code: string, formula: string, active = true) => ({ code, formula, active });

describe('checkFormula', () => {
  const others = [comp('overtime_pay', 'hourly_rate * ot_workday_hours * 1.5'), comp('old_bonus', '100', false)];

  it.each([
    ['base * 0.1', null, {}],
    ['overtime_pay * 0.5 + monthly', null, {}],
    ['base * ', 'payroll.expr.unexpectedEnd', { column: 8 }],
    ['base * (1 + ', 'payroll.expr.unexpectedEnd', { column: 13 }],
    ['base ** 2', 'payroll.expr.unexpectedToken', { column: 7, token: '*' }],
    ['base * 0.1；', 'payroll.expr.badCharacter', { column: 11, char: '；' }],
    ['base + bonus_rate', 'payroll.expr.unknownVariable', { name: 'bonus_rate', column: 8 }],
    ['old_bonus + 1', 'payroll.setup.error.inactiveReference', { name: 'old_bonus', column: 1 }],
    ['target * 2', 'payroll.expr.cycle', { codes: 'target → target' }],
    ['', 'payroll.expr.empty', {}],
  ])('%j → %s', (formula, error, params) => {
    const target = comp('target', formula);
    const check = () => checkFormula(target, [...others, target]);
    if (error === null) return expect(check).not.toThrow();
    const err = thrown(check);
    expect([err.status, err.messageKey, err.params?.field]).toEqual([422, error, 'formula']);
    expect(err.params).toMatchObject(params);
  });

  it('refuses a cycle through other components, naming it', () => {
    const a = comp('a', 'b + 1');
    const b = comp('b', 'c * 2');
    const c = comp('c', 'a - base');
    const err = thrown(() => checkFormula(c, [a, b, c]));
    expect(err.messageKey).toBe('payroll.expr.cycle');
    expect(String(err.params?.codes)).toMatch(/a → b → c → a|b → c → a → b|c → a → b → c/);
  });
});

describe('components, structures and city policies', () => {
  let kit: PayrollKit;
  let hr: HrContext;
  beforeAll(async () => {
    kit = await startPayrollKit({ now: '2026-03-20T10:00:00+08:00' });
    hr = kit.request(kit.user('hr1', 'hr'));
  });
  afterAll(async () => {
    await kit?.close();
  });
  const setup = () => kit.payroll.setup;
  const input = (patch: Partial<ComponentInput>): ComponentInput => ({ code: 'x', nameZh: '项', nameEn: 'Item', kind: 'earning', formula: '1', taxable: true, sort: 0, active: true, ...patch });

  it('creates a component reading another and orders it after that one', () => {
    const bonus = setup().saveComponent(hr, input({ code: 'ot_bonus', nameZh: '加班奖励', nameEn: 'Overtime bonus', formula: 'round(overtime_pay * 0.1, 2)', sort: 1 }));
    expect(bonus.id).toBeGreaterThan(0);
    const [structure] = setup().structures();
    setup().saveStructure(hr, { name: structure!.name, componentIds: [...structure!.componentIds, bonus.id], isDefault: true }, structure!.id);
    const codes = setup().componentsOf(null).map((c) => c.code);
    expect(codes.indexOf('ot_bonus')).toBeGreaterThan(codes.indexOf('overtime_pay'));
    // sort 1 would put it first; the dependency wins.
    expect(codes[0]).not.toBe('ot_bonus');
  });

  it.each([
    ['a code in use', input({ code: 'absence' }), 409, 'payroll.setup.error.codeTaken'],
    ['a variable name as code', input({ code: 'base' }), 422, 'payroll.setup.error.codeReserved'],
    ['a keyword as code', input({ code: 'and' }), 422, 'payroll.setup.error.codeReserved'],
    ['an upper-case code', input({ code: 'Bonus' }), 400, 'payroll.setup.error.badCode'],
    ['an unknown variable', input({ code: 'meal', formula: 'meal_days * 20' }), 422, 'payroll.expr.unknownVariable'],
    ['a syntax error', input({ code: 'meal', formula: 'days_worked * * 20' }), 422, 'payroll.expr.unexpectedToken'],
  ])('refuses %s and writes nothing', (_name, body, status, key) => {
    const before = kit.rows('payroll_components');
    const err = thrown(() => setup().saveComponent(hr, body));
    expect([err.status, err.messageKey]).toEqual([status, key]);
    expect(kit.rows('payroll_components')).toEqual(before);
  });

  it('refuses an edit that closes a cycle, a renamed code and deactivating a component in use', () => {
    const overtime = setup().allComponents().find((c) => c.code === 'overtime_pay')!;
    const cycle = thrown(() => setup().saveComponent(hr, { ...overtime, formula: 'ot_bonus + 1' }, overtime.id));
    expect([cycle.messageKey, cycle.params?.codes]).toEqual(['payroll.expr.cycle', expect.stringContaining('overtime_pay')]);
    expect(thrown(() => setup().saveComponent(hr, { ...overtime, code: 'overtime' }, overtime.id)).messageKey).toBe('payroll.setup.error.codeFixed');
    expect(thrown(() => setup().saveComponent(hr, { ...overtime, active: false }, overtime.id)).messageKey).toBe('payroll.setup.error.inUse');
    expect(thrown(() => setup().saveComponent(hr, { ...overtime }, 9999)).status).toBe(404);
    // A plain edit works and is audited with before and after.
    setup().saveComponent(hr, { ...overtime, nameEn: 'Overtime' }, overtime.id);
    const audit = kit.suite.kernel.dbh.sqlite.prepare("SELECT before, after FROM core_audit_log WHERE action = 'payroll.component.update'").get() as { before: string; after: string };
    expect(JSON.parse(audit.after)).toMatchObject({ nameEn: 'Overtime' });
  });

  it('refuses a structure missing a component a chosen formula reads, and keeps one default', () => {
    const byCode = new Map(setup().allComponents().map((c) => [c.code, c.id]));
    const err = thrown(() => setup().saveStructure(hr, { name: '销售', componentIds: [byCode.get('ot_bonus')!], isDefault: false }));
    expect([err.status, err.messageKey, err.params?.needs]).toEqual([422, 'payroll.setup.error.missingDependency', 'overtime_pay']);
    const sales = setup().saveStructure(hr, { name: '销售', componentIds: [byCode.get('absence')!], isDefault: false });
    expect(setup().componentsOf(sales.id).map((c) => c.code)).toEqual(['absence']);
    const [standard] = setup().structures();
    expect(thrown(() => setup().saveStructure(hr, { ...standard!, isDefault: false }, standard!.id)).messageKey).toBe('payroll.setup.error.needDefault');
    setup().saveStructure(hr, { ...sales, isDefault: true }, sales.id);
    expect(setup().structures().filter((s) => s.isDefault).map((s) => s.id)).toEqual([sales.id]);
    expect(thrown(() => setup().componentsOf(12345)).status).toBe(422);
  });

  it('finds the rules in force in a month and refuses a month before any', () => {
    const shanghai = setup().cityPolicies().find((p) => p.cityCode === 'shanghai')!;
    expect(thrown(() => setup().cityRules('shanghai', '2024-06')).status).toBe(422);
    expect(thrown(() => setup().cityRules('atlantis', '2026-01')).messageKey).toBe('payroll.setup.error.noCityRules');
    const next: CityRules = structuredClone(shanghai.rules);
    next.insurances.pension.floorCents = 7_460_00;
    setup().saveCityPolicy(hr, { cityCode: 'shanghai', cityName: '上海', effectiveFrom: '2025-07', rules: next, note: '' });
    expect(setup().cityRules('shanghai', '2025-06').insurances.pension.floorCents).toBe(shanghai.rules.insurances.pension.floorCents);
    expect(setup().cityRules('shanghai', '2025-07').insurances.pension.floorCents).toBe(7_460_00);
    expect(setup().cityRules('shanghai', '2026-03').insurances.pension.floorCents).toBe(7_460_00);
  });

  it.each([
    ['a floor above the cap', (r: CityRules) => void (r.insurances.medical.floorCents = r.insurances.medical.capCents + 1), 422, 'payroll.city.floorAboveCap'],
    ['an employee rate for work injury', (r: CityRules) => void (r.insurances.injury.employeeRatePpm = 1_000), 422, 'payroll.city.employeePaysNothing'],
    ['a housing fund range past 12%', (r: CityRules) => void (r.housingFund.maxRatePpm = 150_000), 422, 'payroll.city.housingFundRange'],
    ['a default rate outside the range', (r: CityRules) => void (r.housingFund.defaultRatePpm = 50_000, r.housingFund.minRatePpm = 60_000), 422, 'payroll.city.defaultOutOfRange'],
    ['fractional cents', (r: CityRules) => void (r.housingFund.floorCents = 0.5), 400, 'payroll.setup.error.wholeCents'],
  ])('refuses city rules with %s', (_name, spoil, status, key) => {
    const beijing = setup().cityPolicies().find((p) => p.cityCode === 'beijing')!;
    const rules = structuredClone(beijing.rules);
    spoil(rules);
    const before = kit.rows('payroll_city_policies');
    const err = thrown(() => setup().saveCityPolicy(hr, { ...beijing, rules }, beijing.id));
    expect([err.status, err.messageKey]).toEqual([status, key]);
    expect(kit.rows('payroll_city_policies')).toEqual(before);
  });

  it('refuses a second policy for the same city and month, and a changed city code', () => {
    const beijing = setup().cityPolicies().find((p) => p.cityCode === 'beijing')!;
    expect(thrown(() => setup().saveCityPolicy(hr, { ...beijing })).status).toBe(409);
    expect(thrown(() => setup().saveCityPolicy(hr, { ...beijing, cityCode: 'peking' }, beijing.id)).messageKey).toBe('payroll.setup.error.cityCodeFixed');
    const saved = setup().saveCityPolicy(hr, { ...beijing, note: '已核对 2024 年通知' }, beijing.id);
    expect(saved.note).toBe('已核对 2024 年通知');
  });
});
