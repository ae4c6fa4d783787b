// Opening balances (期初累计数) through the services on a real database: validation (400 naming the field, nothing
// written), 409 over months a run of the suite already paid, a run continuing the cumulative withholding from the
// balance, payslips of covered months never counted twice, audits without amounts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '../../../core/sdk.js';
import { thrown } from '../../../tests/helpers/attendance-time-kit.js';
import { startPayrollKit, type PayrollKit } from '../../../tests/helpers/payroll-kit.js';
import { yearByMonth } from '../domain/iit.js';
import type { CityRules } from '../domain/types.js';
import { addYearToDate, openingYearToDate, yearFiguresOf } from './run-calc.js';
import { createRunInputs } from './run-inputs.js';
import type { OpeningBalanceInput, PayslipData, SalaryData } from './types.js';
import { sharedFixture } from '../../../tests/helpers/shared-fixtures.js';

const fixture = sharedFixture('china-iit-reference.json') as {
  cumulative_withholding_worked_example: {
    inputs: { monthly_gross: number; special_deduction_三险一金_per_month: number; special_additional_deduction_专项附加_per_month: number };
    months_from_source: { month: number; withholding: number }[];
  };
};
const EX = fixture.cumulative_withholding_worked_example;
const GROSS = EX.inputs.monthly_gross * 100;
const SOCIAL = EX.inputs.special_deduction_三险一金_per_month * 100;
const ADDITIONAL = EX.inputs.special_additional_deduction_专项附加_per_month * 100;

/** The employee's pension at 10% and housing fund at 5%: on a 30,000 base the example's 4,500 of special deductions. */
function pensionAndFund(): CityRules {
  const zero = { floorCents: 1, capCents: 1_000_000_00, employeeRatePpm: 0, employerRatePpm: 0 };
  return {
    insurances: { pension: { ...zero, employeeRatePpm: 100_000, employerRatePpm: 160_000 }, medical: zero, unemployment: zero, injury: zero, maternity: zero },
    housingFund: { floorCents: 1, capCents: 1_000_000_00, minRatePpm: 50_000, maxRatePpm: 120_000, defaultRatePpm: 50_000 },
    rounding: { unit: 1, mode: 'half_up' },
  };
}

const salary = (baseCents: number): SalaryData => ({ baseCents, allowances: [], socialBaseCents: baseCents, housingFundBaseCents: null, housingFundRatePpm: null });

/** January–March of the official example, as the previous system paid them. */
const exampleOpening = (): OpeningBalanceInput => ({
  year: 2026,
  throughMonth: 3,
  incomeCents: GROSS * 3,
  taxFreeCents: 0,
  specialDeductionsCents: SOCIAL * 3,
  additionalDeductionsCents: ADDITIONAL * 3,
  otherDeductionsCents: 0,
  withheldCents: EX.months_from_source.filter((m) => m.month <= 3).reduce((s, m) => s + m.withholding * 100, 0),
  monthsCounted: null,
});

describe('opening balances (services)', () => {
  let kit: PayrollKit;
  let hr: SessionUser;
  let admin: SessionUser;
  const ids: Record<string, number> = {};

  const payslipOf = (runId: number, employeeId: number) => {
    const row = kit.rows('payroll_payslips').find((r) => r.run_id === runId && r.employee_id === employeeId) as { data_enc: string } | undefined;
    return row ? (JSON.parse(kit.ctx.sensitive.unseal(row.data_enc)) as PayslipData) : undefined;
  };
  const lockedRun = async (month: string, employees: number[]) => {
    const { runs } = kit.payroll;
    kit.workMonth(employees, month);
    const run = runs.create(kit.request(hr), { month });
    await runs.calculate(kit.request(hr), run.id);
    runs.approve(kit.request(admin), run.id);
    runs.lock(kit.request(admin), run.id);
    return run.id;
  };
  const auditRows = () => kit.suite.kernel.dbh.sqlite.prepare("SELECT action, before, after FROM core_audit_log WHERE action LIKE 'payroll.opening.%' ORDER BY id").all() as { action: string; before: string | null; after: string | null }[];

  beforeAll(async () => {
    kit = await startPayrollKit({ now: '2026-05-10T10:00:00+08:00', settings: { defaultCity: 'testcity' } });
    const { setup } = kit.payroll;
    setup.saveCityPolicy(null, { cityCode: 'testcity', cityName: '测试市', effectiveFrom: '2025-01', rules: pensionAndFund(), note: '' });
    const dept = kit.department('财务部');
    // A and B come over from the previous system: their salary is set up here from March (A) and April (B).
    ids.a = kit.hire('O001', '期初甲', dept, { hireDate: '2019-05-01' });
    ids.b = kit.hire('O002', '期初乙', dept, { hireDate: '2026-02-10' });
    // C was paid by the suite in January already; E from February.
    ids.c = kit.hire('O003', '本系统丙', dept, { hireDate: '2019-05-01' });
    ids.e = kit.hire('O005', '本系统戊', dept, { hireDate: '2019-05-01' });
    ids.late = kit.hire('O006', '六月入职', dept, { hireDate: '2026-06-01' });
    setup.saveProfile(null, ids.a, { effectiveFrom: '2026-03-01', structureId: null, cityCode: null, data: salary(GROSS) });
    setup.saveDeductions(null, ids.a, {
      effectiveFrom: '2026-01',
      data: { childrenEducation: ADDITIONAL / 2, infantCare: 0, continuingEducation: 0, seriousIllness: 0, housingLoanInterest: 0, housingRent: 0, elderlySupport: ADDITIONAL / 2 },
    });
    setup.saveProfile(null, ids.b, { effectiveFrom: '2026-04-01', structureId: null, cityCode: null, data: salary(10_000_00) });
    setup.saveProfile(null, ids.c, { effectiveFrom: '2019-05-01', structureId: null, cityCode: null, data: salary(12_000_00) });
    setup.saveProfile(null, ids.e, { effectiveFrom: '2026-02-01', structureId: null, cityCode: null, data: salary(9_000_00) });
    hr = kit.user('hr1', 'hr');
    admin = kit.user('admin1', 'admin');
  });
  afterAll(() => kit?.close());

  it.each([
    ['a negative amount', { incomeCents: -1 }, 'incomeCents', 'payroll.setup.error.negative'],
    ['fractions of a cent', { withheldCents: 10.5 }, 'withheldCents', 'payroll.setup.error.wholeCents'],
    ['month 13', { throughMonth: 13 }, 'throughMonth', 'payroll.opening.error.badMonth'],
    ['a year before cumulative withholding', { year: 2018 }, 'year', 'payroll.opening.error.badYear'],
    ['a month not yet begun', { throughMonth: 6 }, 'throughMonth', 'payroll.opening.error.future'],
    ['more tax-free income than income', { taxFreeCents: GROSS * 3 + 1 }, 'taxFreeCents', 'payroll.opening.error.taxFree'],
    ['more months counted than months covered', { monthsCounted: 4 }, 'monthsCounted', 'payroll.opening.error.months'],
  ] as const)('refuses %s with a 400 naming the field and writes nothing', (_name, patch, field, key) => {
    const err = thrown(() => kit.payroll.openingBalances.set(kit.request(hr), ids.a!, { ...exampleOpening(), ...patch } as OpeningBalanceInput));
    expect(err.status).toBe(400);
    expect(err.messageKey).toBe(key);
    expect(err.params?.field).toBe(field);
    expect(kit.count('payroll_opening_balances')).toBe(0);
  });

  it('refuses an employee hired after the months covered, and an unknown employee', () => {
    const err = thrown(() => kit.payroll.openingBalances.set(kit.request(hr), ids.late!, exampleOpening()));
    expect([err.status, err.messageKey]).toEqual([400, 'payroll.opening.error.hiredAfter']);
    expect(thrown(() => kit.payroll.openingBalances.set(kit.request(hr), 999_999, exampleOpening())).status).toBe(404);
    expect(kit.count('payroll_opening_balances')).toBe(0);
  });

  it('refuses with 409 a balance over a month a run of the suite already paid the employee', async () => {
    const { openingBalances, runs } = kit.payroll;
    await lockedRun('2026-01', [ids.c!]);
    const locked = thrown(() => openingBalances.set(kit.request(hr), ids.c!, { ...exampleOpening(), throughMonth: 2 }));
    expect([locked.status, locked.messageKey, locked.params?.month]).toEqual([409, 'payroll.opening.error.lockedRun', '2026-01']);

    // A calculated (not locked) February run with E: a balance over February is refused too, January alone is fine.
    kit.workMonth([ids.c!, ids.e!], '2026-02');
    const feb = runs.create(kit.request(hr), { month: '2026-02' });
    await runs.calculate(kit.request(hr), feb.id);
    const open = thrown(() => openingBalances.set(kit.request(hr), ids.e!, { ...exampleOpening(), throughMonth: 2, monthsCounted: 2 }));
    expect([open.status, open.messageKey, open.params?.runId]).toEqual([409, 'payroll.opening.error.openRun', feb.id]);
    expect(kit.count('payroll_opening_balances')).toBe(0);

    const row = openingBalances.set(kit.request(hr), ids.e!, { ...exampleOpening(), throughMonth: 1, incomeCents: 9_000_00, specialDeductionsCents: 0, additionalDeductionsCents: 0, withheldCents: 0 });
    expect(row).toMatchObject({ year: 2026, throughMonth: 1, data: { monthsCounted: 1, incomeCents: 9_000_00 } });
  });

  it('continues the cumulative withholding in April from the balance as if one system had paid the whole year', async () => {
    const { openingBalances, runs } = kit.payroll;
    const a = openingBalances.set(kit.request(hr), ids.a!, exampleOpening());
    expect(a.data.monthsCounted).toBe(3);
    // Hired on 10 February: two months counted by default.
    const b = openingBalances.set(kit.request(hr), ids.b!, { ...exampleOpening(), incomeCents: 15_000_00, specialDeductionsCents: 0, additionalDeductionsCents: 0, withheldCents: 0 });
    expect(b.data.monthsCounted).toBe(2);

    const april = await lockedRun('2026-04', [ids.a!, ids.b!, ids.c!, ids.e!]);
    const fullYear = yearByMonth(Array.from({ length: 12 }, () => ({ grossCents: GROSS, specialDeductionsCents: SOCIAL, additionalDeductionsCents: ADDITIONAL })));
    const pa = payslipOf(april, ids.a!)!;
    expect(pa.grossCents).toBe(GROSS);
    expect(pa.withholding).toMatchObject({ monthsCounted: 4, cumulativeIncome: GROSS * 4, cumulativeSpecialDeductions: SOCIAL * 4, cumulativeAdditionalDeductions: ADDITIONAL * 4 });
    expect(pa.withholding.taxCents).toBe(fullYear.months[3]!.taxCents);
    const pb = payslipOf(april, ids.b!)!;
    expect(pb.withholding.monthsCounted).toBe(3);
    expect(pb.withholding.cumulativeIncome).toBe(15_000_00 + pb.grossCents);

    // May goes on from the balance plus April's payslip.
    kit.setNow('2026-06-10T10:00:00+08:00');
    kit.workMonth([ids.a!, ids.b!, ids.c!, ids.e!], '2026-05');
    const may = runs.create(kit.request(hr), { month: '2026-05' });
    await runs.calculate(kit.request(hr), may.id);
    expect(payslipOf(may.id, ids.a!)!.withholding.taxCents).toBe(fullYear.months[4]!.taxCents);
  });

  it('refuses to calculate a run of a month the balance covers, naming the employee', async () => {
    const { runs } = kit.payroll;
    kit.workMonth([ids.a!, ids.c!, ids.e!], '2026-03');
    const march = runs.create(kit.request(hr), { month: '2026-03' });
    await expect(runs.calculate(kit.request(hr), march.id)).rejects.toMatchObject({ status: 409, messageKey: 'payroll.opening.error.coversRun' });
    const stored = runs.get(march.id);
    expect(stored.status).toBe('draft');
    expect(JSON.parse(stored.error!)).toMatchObject({ key: 'payroll.opening.error.coversRun', params: { employee: 'O001 期初甲', through: 3, month: '2026-03' } });
    expect(kit.rows('payroll_payslips').filter((p) => p.run_id === march.id)).toHaveLength(0);
  });

  it('lets the balance stand for the months it covers: payslips of those months are not added on top', () => {
    const inputs = createRunInputs(kit.payroll.parts);
    const [c] = inputs.employees('2026-04', [ids.c!]);
    // C's locked payslips of January and April are what the year holds without a balance.
    const figures = (month: string) => {
      const row = kit.rows('payroll_payslips').find((p) => p.employee_id === ids.c && p.month === month) as { data_enc: string };
      return yearFiguresOf(JSON.parse(kit.ctx.sensitive.unseal(row.data_enc)) as PayslipData);
    };
    const [jan, apr] = [figures('2026-01'), figures('2026-04')];
    expect(inputs.yearToDate([ids.c!], '2026-04', -1).get(ids.c!)).toEqual(addYearToDate(jan, apr));
    // A balance through March (written straight to the table: the service refuses it over a paid month) replaces January, not April.
    const data = { incomeCents: 36_000_00, taxFreeCents: 0, specialDeductionsCents: 5_400_00, additionalDeductionsCents: 3_000_00, otherDeductionsCents: 100_00, withheldCents: 378_00, monthsCounted: 3 };
    kit.suite.kernel.dbh.sqlite
      .prepare('INSERT INTO payroll_opening_balances (employee_id, year, through_month, data_enc) VALUES (?, 2026, 3, ?)')
      .run(ids.c, kit.ctx.sensitive.seal(JSON.stringify(data)));
    const openings = inputs.openings([c!], '2026-04');
    expect(inputs.yearToDate([ids.c!], '2026-04', -1, openings).get(ids.c!)).toEqual(addYearToDate(openingYearToDate(data), apr));
    expect(inputs.additionalDeductions([c!], '2026-04', openings).get(ids.c!)!.cumulativeCents).toBe(3_000_00);
    expect(() => inputs.openings([c!], '2026-03')).toThrow(expect.objectContaining({ status: 409 }));
    kit.suite.kernel.dbh.sqlite.prepare('DELETE FROM payroll_opening_balances WHERE employee_id = ?').run(ids.c);
  });

  it('replaces and deletes, auditing who, which year and month, never an amount', () => {
    const { openingBalances } = kit.payroll;
    openingBalances.set(kit.request(hr), ids.e!, { ...exampleOpening(), throughMonth: 1, incomeCents: 8_888_88, specialDeductionsCents: 0, additionalDeductionsCents: 0, withheldCents: 0 });
    expect(openingBalances.list(kit.request(hr), ids.e!, 2026)[0]!.data.incomeCents).toBe(8_888_88);
    openingBalances.remove(kit.request(hr), ids.e!, 2026);
    expect(thrown(() => openingBalances.remove(kit.request(hr), ids.e!, 2026)).status).toBe(404);
    const rows = auditRows();
    expect(rows.map((r) => r.action)).toEqual(expect.arrayContaining(['payroll.opening.create', 'payroll.opening.replace', 'payroll.opening.delete', 'payroll.opening.view']));
    const text = JSON.stringify(rows);
    for (const amount of ['888888', '8888.88', String(GROSS * 3), String(SOCIAL * 3)]) expect(text).not.toContain(amount);
    expect(JSON.parse(rows.find((r) => r.action === 'payroll.opening.replace')!.after!)).toEqual({ employeeId: ids.e, year: 2026, throughMonth: 1, monthsCounted: 1, via: 'form' });
    // The raw row is sealed.
    expect(JSON.stringify(kit.rows('payroll_opening_balances'))).not.toContain(String(GROSS * 3));
  });
});
