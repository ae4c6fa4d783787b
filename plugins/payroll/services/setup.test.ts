// Salary setup per employee: effective dating and proration segments, sealed at rest, validation that writes nothing,
// the payroll card, 专项附加扣除 limits, and the audited view.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpError, type HrContext } from '../../../core/sdk.js';
import { startPayrollKit, type PayrollKit } from '../../../tests/helpers/payroll-kit.js';
import { validateCityRules } from '../domain/social.js';
import type { AdditionalDeductions } from '../domain/types.js';
import type { SalaryData } from './types.js';

function thrown(fn: () => unknown): HttpError {
  try {
    fn();
  } catch (err) {
    if (err instanceof HttpError) return err;
    throw err;
  }
  throw new Error('expected an HttpError');
}

const data = (baseYuan: number, extra: Partial<SalaryData> = {}): SalaryData => ({
  baseCents: baseYuan * 100,
  allowances: [],
  socialBaseCents: null,
  housingFundBaseCents: null,
  housingFundRatePpm: null,
  ...extra,
});

describe('salary setup per employee', () => {
  let kit: PayrollKit;
  let hr: HrContext;
  let dept: number;
  let anna: number;

  beforeAll(async () => {
    kit = await startPayrollKit({ now: '2026-03-20T10:00:00+08:00' });
    dept = kit.department('研发部');
    anna = kit.hire('E001', '安娜', dept, { hireDate: '2024-01-02' });
    hr = kit.request(kit.user('hr1', 'hr'));
  });
  afterAll(async () => {
    await kit?.close();
  });

  const setup = () => kit.payroll.setup;
  const audits = (action: string) =>
    kit.suite.kernel.dbh.sqlite.prepare('SELECT entity_id AS entityId, user_login AS login, before, after FROM core_audit_log WHERE action = ? ORDER BY id').all(action) as {
      entityId: string;
      login: string | null;
      before: string | null;
      after: string | null;
    }[];

  it('seeds components, a default structure and valid example cities once', () => {
    const before = ['payroll_components', 'payroll_structures', 'payroll_city_policies'].map((t) => kit.count(t));
    setup().ensureDefaults();
    setup().ensureDefaults();
    expect(['payroll_components', 'payroll_structures', 'payroll_city_policies'].map((t) => kit.count(t))).toEqual(before);
    expect(setup().allComponents().map((c) => c.code)).toEqual(['overtime_pay', 'unpaid_leave', 'absence']);
    const [structure] = setup().structures();
    expect(structure).toMatchObject({ isDefault: true });
    expect(structure!.componentIds).toHaveLength(3);
    const cities = setup().cityPolicies();
    expect(cities.map((c) => c.cityCode).sort()).toEqual(['beijing', 'guangzhou', 'hangzhou', 'shanghai', 'shenzhen']);
    for (const city of cities) expect(validateCityRules(city.rules), city.cityCode).toEqual([]);
    expect(setup().cityRules('shanghai', '2026-03').insurances.pension.employeeRatePpm).toBe(80_000);
  });

  it('keeps amounts sealed at rest: the raw row holds no plain amount', () => {
    const row = setup().saveProfile(hr, anna, {
      effectiveFrom: '2025-01-01',
      structureId: null,
      cityCode: 'shanghai',
      data: data(12345.67 * 1, { baseCents: 1_234_567, allowances: [{ code: 'transport', name: '交通补贴', amountCents: 76_543, taxable: true }], socialBaseCents: 987_654 }),
    });
    expect(row.data.baseCents).toBe(1_234_567);
    const raw = kit.rows('payroll_salary_profiles').find((r) => r.id === row.id)!;
    const text = JSON.stringify(raw);
    for (const plain of ['1234567', '12345.67', '76543', '987654', '交通补贴']) expect(text).not.toContain(plain);
    expect(String(raw.data_enc)).toMatch(/^enc:/);
    // The audit says a profile changed, never how much.
    const entry = audits('payroll.profile.create').at(-1)!;
    expect(entry.login).toBe('hr1');
    expect(`${entry.before}${entry.after}`).not.toMatch(/1234567|76543|987654/);
  });

  it('splits a month at a mid-month raise, by calendar days or by workdays', () => {
    setup().saveProfile(hr, anna, { effectiveFrom: '2026-03-16', structureId: null, cityCode: 'shanghai', data: data(15000) });
    const calendar = setup().segmentsFor(anna, '2026-03');
    expect(calendar.map((s) => [s.from, s.to, s.data.baseCents])).toEqual([
      ['2026-03-01', '2026-03-15', 1_234_567],
      ['2026-03-16', '2026-03-31', 1_500_000],
    ]);
    // Default settings prorate by workdays: March 2026 has 22, 10 before the 16th.
    expect(calendar.map((s) => [s.units, s.totalUnits])).toEqual([
      [10, 22],
      [12, 22],
    ]);
    expect(calendar.reduce((sum, s) => sum + s.share, 0)).toBeCloseTo(1, 12);
    // Before and after: one segment paying the whole month.
    expect(setup().segmentsFor(anna, '2026-02')).toMatchObject([{ from: '2026-02-01', to: '2026-02-28', share: 1, data: { baseCents: 1_234_567 } }]);
    expect(setup().segmentsFor(anna, '2026-04')).toMatchObject([{ share: 1, data: { baseCents: 1_500_000 }, cityCode: 'shanghai' }]);
    expect(setup().segmentsFor(anna, '2024-12')).toEqual([]);
  });

  it('counts the workdays of a month with public holidays', () => {
    const id = kit.hire('E010', '国庆', dept);
    setup().saveProfile(hr, id, { effectiveFrom: '2025-01-01', structureId: null, cityCode: null, data: data(10000) });
    setup().saveProfile(hr, id, { effectiveFrom: '2025-10-16', structureId: null, cityCode: null, data: data(11000) });
    expect(setup().segmentsFor(id, '2025-10').map((s) => [s.from, s.to, s.units, s.totalUnits])).toEqual([
      ['2025-10-01', '2025-10-15', 6, 18],
      ['2025-10-16', '2025-10-31', 12, 18],
    ]);
  });

  it.each([
    // [hire, leave, month, expected [from, to, units, totalUnits]]
    ['2026-03-10', null, '2026-03', [['2026-03-10', '2026-03-31', 16, 22]]],
    ['2025-06-01', '2026-03-06', '2026-03', [['2026-03-01', '2026-03-06', 5, 22]]],
    ['2025-06-01', '2026-02-27', '2026-03', []],
  ])('prorates for employment: hired %s, leaving %s, in %s', async (hireDate, terminationDate, month, expected) => {
    const id = kit.hire(`H${hireDate}${terminationDate}`, '新人', dept, { hireDate, terminationDate: terminationDate ?? undefined });
    setup().saveProfile(hr, id, { effectiveFrom: hireDate, structureId: null, cityCode: null, data: data(10000) });
    expect(setup().segmentsFor(id, month).map((s) => [s.from, s.to, s.units, s.totalUnits])).toEqual(expected);
  });

  it('prorates by calendar days when configured', async () => {
    const other = await startPayrollKit({ now: '2026-03-20T10:00:00+08:00', settings: { proration: 'calendar_days' } });
    try {
      const id = other.hire('C001', '陈', other.department('财务部'));
      const c = other.request(other.user('hr2', 'hr'));
      other.payroll.setup.saveProfile(c, id, { effectiveFrom: '2025-01-01', structureId: null, cityCode: null, data: data(10000) });
      other.payroll.setup.saveProfile(c, id, { effectiveFrom: '2026-03-16', structureId: null, cityCode: null, data: data(12000) });
      expect(other.payroll.setup.segmentsFor(id, '2026-03').map((s) => [s.units, s.totalUnits, s.cityCode])).toEqual([
        [15, 31, 'shanghai'],
        [16, 31, 'shanghai'],
      ]);
    } finally {
      await other.close();
    }
  });

  it('answers many employees at once, empty lists for those without a profile', () => {
    const nobody = kit.hire('E009', '无档案', dept);
    const many = setup().segmentsForMany([anna, nobody], '2026-04');
    expect(many.get(nobody)).toEqual([]);
    expect(many.get(anna)).toHaveLength(1);
    expect(thrown(() => setup().segmentsForMany([anna], '2026-13')).status).toBe(400);
  });

  it.each([
    ['a bad date', { effectiveFrom: '2026-02-30' }, 400, 'effectiveFrom'],
    ['a negative base', { data: data(-1) }, 400, 'data.baseCents'],
    ['fractional cents', { data: { ...data(1), baseCents: 10.5 } }, 400, 'data.baseCents'],
    ['an unknown structure', { structureId: 999 }, 422, 'structureId'],
    ['an unknown city', { cityCode: 'atlantis' }, 422, 'cityCode'],
    ['a housing fund rate above the city range', { cityCode: 'shanghai', data: data(1, { housingFundRatePpm: 100_000 }) }, 422, 'housingFundRate'],
    ['two allowances with one code', { data: data(1, { allowances: [{ code: 'a', name: 'A', amountCents: 1, taxable: true }, { code: 'a', name: 'B', amountCents: 1, taxable: true }] }) }, 400, 'data.allowances.1.code'],
  ])('refuses %s and writes nothing', (_name, patch, status, field) => {
    const before = kit.count('payroll_salary_profiles');
    const err = thrown(() => setup().saveProfile(hr, anna, { effectiveFrom: '2026-05-01', structureId: null, cityCode: null, data: data(1), ...patch }));
    expect([err.status, err.params?.field]).toEqual([status, field]);
    expect(kit.count('payroll_salary_profiles')).toBe(before);
  });

  it('answers 404 for an employee that does not exist', () => {
    expect(thrown(() => setup().saveProfile(hr, 99_999, { effectiveFrom: '2026-05-01', structureId: null, cityCode: null, data: data(1) })).status).toBe(404);
    expect(thrown(() => setup().viewSalary(hr, 99_999)).status).toBe(404);
  });

  it('replaces a profile of the same date instead of adding one', () => {
    const before = kit.count('payroll_salary_profiles');
    setup().saveProfile(hr, anna, { effectiveFrom: '2026-03-16', structureId: null, cityCode: 'shanghai', data: data(16000) });
    expect(kit.count('payroll_salary_profiles')).toBe(before);
    expect(setup().segmentsFor(anna, '2026-04')[0]!.data.baseCents).toBe(1_600_000);
    expect(audits('payroll.profile.replace')).toHaveLength(1);
  });

  it('lists profile status without amounts, and audits a person viewing the salary', () => {
    const status = setup().profileStatuses([anna]).get(anna)!;
    expect(status).toMatchObject({ effectiveFrom: '2026-03-16', cityCode: 'shanghai', profileCount: 2 });
    const view = setup().viewSalary(hr, anna);
    expect(view.profiles.map((p) => p.effectiveFrom)).toEqual(['2026-03-16', '2025-01-01']);
    const entry = audits('payroll.salary.view').at(-1)!;
    expect([entry.entityId, entry.login]).toEqual([String(anna), 'hr1']);
  });

  it('seals the payroll card, keeps the last four for lists and unseals it for the bank file', () => {
    setup().setBankAccount(hr, anna, { bankName: '招商银行', accountName: '安娜', account: '6225 8812 3456 7890' });
    setup().setBankAccount(hr, anna, { bankName: '招商银行', accountName: '安娜', account: '6225 8812 3456 1111' });
    const [raw] = kit.rows('payroll_bank_accounts');
    expect(raw).toMatchObject({ employee_id: anna, account_last4: '1111' });
    expect(JSON.stringify(raw)).not.toContain('622588123456');
    expect(setup().bankAccounts([anna]).get(anna)).toEqual({ bankName: '招商银行', accountName: '安娜', account: '6225881234561111' });
    expect(setup().viewSalary(hr, anna).bank).toMatchObject({ accountMasked: '************1111' });
    expect(JSON.stringify(audits('payroll.bank.replace'))).not.toContain('622588');
    expect(thrown(() => setup().setBankAccount(hr, anna, { bankName: 'X', accountName: 'Y', account: '12ab' })).params?.field).toBe('account');
  });

  let hired = 0;
  const deductions = (patch: Partial<AdditionalDeductions>): AdditionalDeductions => ({
    childrenEducation: 0,
    infantCare: 0,
    continuingEducation: 0,
    seriousIllness: 0,
    housingLoanInterest: 0,
    housingRent: 0,
    elderlySupport: 0,
    ...patch,
  });

  it.each([
    [{ childrenEducation: 2_000_00 }, null],
    [{ childrenEducation: 3_000_00 }, null], // one child in full, one shared with the other parent
    [{ childrenEducation: 1_500_00 }, 'payroll.setup.deductions.perChild'],
    [{ childrenEducation: 12_000_00 }, 'payroll.setup.deductions.limit.childrenEducation'],
    [{ infantCare: 2_000_00, elderlySupport: 3_000_00, housingRent: 1_500_00, continuingEducation: 400_00 }, null],
    [{ elderlySupport: 3_000_01 }, 'payroll.setup.deductions.limit.elderlySupport'],
    [{ housingRent: 1_600_00 }, 'payroll.setup.deductions.limit.housingRent'],
    [{ housingLoanInterest: 1_000_00 }, null],
    [{ housingLoanInterest: 1_200_00 }, 'payroll.setup.deductions.limit.housingLoanInterest'],
    [{ housingLoanInterest: 1_000_00, housingRent: 800_00 }, 'payroll.setup.deductions.rentOrLoan'],
    [{ continuingEducation: 4_000_00 }, null],
    [{ continuingEducation: 4_400_00 }, 'payroll.setup.deductions.limit.continuingEducation'],
  ])('专项附加扣除 %j → %s', (patch, error) => {
    const id = kit.hire(`D${String(++hired).padStart(3, '0')}`, '扣除', dept);
    const save = () => setup().saveDeductions(hr, id, { effectiveFrom: '2026-01', data: deductions(patch) });
    if (error === null) {
      save();
      expect(setup().deductionsFor([id], '2026-03').get(id)).toEqual(deductions(patch));
    } else {
      const before = kit.count('payroll_additional_deductions');
      expect(thrown(save).messageKey).toBe(error);
      expect(kit.count('payroll_additional_deductions')).toBe(before);
    }
  });

  it('applies the declaration in force in a month, zeros before, sealed at rest', () => {
    setup().saveDeductions(hr, anna, { effectiveFrom: '2026-01', data: deductions({ childrenEducation: 2_000_00 }) });
    setup().saveDeductions(hr, anna, { effectiveFrom: '2026-04', data: deductions({ childrenEducation: 2_000_00, elderlySupport: 1_500_00 }) });
    const at = (month: string) => setup().deductionsFor([anna], month).get(anna)!;
    expect(at('2025-12')).toEqual(deductions({}));
    expect(at('2026-03')).toEqual(deductions({ childrenEducation: 2_000_00 }));
    expect(at('2026-07')).toEqual(deductions({ childrenEducation: 2_000_00, elderlySupport: 1_500_00 }));
    const raw = kit.rows('payroll_additional_deductions').filter((r) => r.employee_id === anna);
    for (const r of raw) expect(String(r.data_enc)).toMatch(/^enc:v1:[\w:-]+$/);
    expect(JSON.stringify(audits('payroll.deductions.create'))).not.toMatch(/200000|150000/);
    expect(thrown(() => setup().saveDeductions(hr, anna, { effectiveFrom: '2026-13', data: deductions({}) })).status).toBe(400);
  });
});
