import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPayrollKit, type PayrollKit } from '../../../tests/helpers/payroll-kit.js';
import { thrown } from '../../../tests/helpers/attendance-time-kit.js';
import { withhold } from '../domain/iit.js';
import type { CityRules } from '../domain/types.js';
import type { PayslipData, SalaryData } from './types.js';
import type { SessionUser } from '../../../core/sdk.js';
import { CHUNK } from './run-calculate.js';
import { runError } from './runs.js';
import { createRunInputs } from './run-inputs.js';
import { sharedFixture } from '../../../tests/helpers/shared-fixtures.js';

const fixture = sharedFixture('china-iit-reference.json') as {
  cumulative_withholding_worked_example: {
    inputs: { monthly_gross: number; special_deduction_三险一金_per_month: number; special_additional_deduction_专项附加_per_month: number };
    months_from_source: { month: number; withholding: number }[];
  };
};
const EX = fixture.cumulative_withholding_worked_example;

/** Only the employee's pension at `ppm`: with 15% on a 30,000 base the example's 4,500 special deductions. */
function pensionOnly(ppm: number): CityRules {
  const zero = { floorCents: 1, capCents: 1_000_000_00, employeeRatePpm: 0, employerRatePpm: 0 };
  return {
    insurances: { pension: { ...zero, employeeRatePpm: ppm, employerRatePpm: 160_000 }, medical: zero, unemployment: zero, injury: zero, maternity: zero },
    housingFund: { floorCents: 1, capCents: 1_000_000_00, minRatePpm: 50_000, maxRatePpm: 120_000, defaultRatePpm: 50_000 },
    rounding: { unit: 1, mode: 'half_up' },
  };
}

const salary = (baseCents: number, extra: Partial<SalaryData> = {}): SalaryData => ({
  baseCents,
  allowances: [],
  socialBaseCents: baseCents,
  housingFundBaseCents: null,
  housingFundRatePpm: null,
  ...extra,
});

describe('payroll runs (services)', () => {
  let kit: PayrollKit;
  let hr: SessionUser;
  let admin: SessionUser;
  let dept: number;
  const ids: Record<string, number> = {};

  const unsealed = (runId: number) =>
    new Map(
      (kit.rows('payroll_payslips').filter((r) => r.run_id === runId) as { employee_id: number; data_enc: string }[]).map((r) => [
        r.employee_id,
        JSON.parse(kit.ctx.sensitive.unseal(r.data_enc)) as PayslipData,
      ]),
    );

  beforeAll(async () => {
    kit = await startPayrollKit({ now: '2026-02-05T10:00:00+08:00', settings: { defaultCity: 'testcity' } });
    const { setup } = kit.payroll;
    setup.saveCityPolicy(null, { cityCode: 'testcity', cityName: '测试市', effectiveFrom: '2025-01', rules: pensionOnly(150_000), note: '' });
    dept = kit.department('研发部');
    ids.a = kit.hire('E001', '张三', dept, { hireDate: '2020-01-01' });
    ids.b = kit.hire('E002', '李四', dept, { hireDate: '2026-01-12' });
    ids.none = kit.hire('E003', '王五', dept, { hireDate: '2020-01-01' });
    ids.left = kit.hire('E004', '赵六', dept, { hireDate: '2020-01-01', terminationDate: '2025-12-31' });
    setup.saveProfile(null, ids.a, { effectiveFrom: '2020-01-01', structureId: null, cityCode: null, data: salary(EX.inputs.monthly_gross * 100, { housingFundRatePpm: null }) });
    setup.saveDeductions(null, ids.a, {
      effectiveFrom: '2026-01',
      data: { childrenEducation: 1000_00, infantCare: 0, continuingEducation: 0, seriousIllness: 0, housingLoanInterest: 0, housingRent: 0, elderlySupport: 1000_00 },
    });
    setup.saveProfile(null, ids.b, { effectiveFrom: '2026-01-12', structureId: null, cityCode: null, data: salary(10_000_00) });
    setup.saveProfile(null, ids.left, { effectiveFrom: '2020-01-01', structureId: null, cityCode: null, data: salary(10_000_00) });
    kit.workMonth([ids.a!, ids.b!], '2026-01');
    hr = kit.user('hr1', 'hr');
    admin = kit.user('admin1', 'admin');
  });
  afterAll(() => kit?.close());

  it('runs January from draft to published; the calculation is idempotent', async () => {
    const { runs } = kit.payroll;
    const run = runs.create(kit.request(hr), { month: '2026-01' });
    expect(run.status).toBe('draft');
    expect(thrown(() => runs.create(kit.request(hr), { month: '2026-01' })).messageKey).toBe('payroll.run.error.exists');

    const calculated = await runs.calculate(kit.request(hr), run.id);
    expect(calculated.status).toBe('calculated');
    expect(calculated.employeeCount).toBe(2);
    expect(calculated.progressDone).toBe(2);
    const first = unsealed(run.id);
    expect([...first.keys()].sort()).toEqual([ids.a, ids.b].sort());

    // The official example's January: 30,000 gross, 4,500 social, 2,000 additional deductions.
    const a = first.get(ids.a!)!;
    expect(a.grossCents).toBe(EX.inputs.monthly_gross * 100);
    expect(a.contributions.employeeSocialCents).toBe(EX.inputs.special_deduction_三险一金_per_month * 100);
    // The housing fund of the test city is 5% of the base: not in the example, so the tax comes from withhold.
    expect(a.withholding.taxCents).toBe(withhold({ ...a.withholding }).taxCents);
    expect(a.withholding.cumulativeAdditionalDeductions).toBe(2000_00);
    expect(a.netCents).toBe(a.grossCents - a.contributions.employeeSocialCents - a.contributions.employeeHousingFundCents - a.withholding.taxCents);

    // Hired on the 12th: part of the month, counted from January.
    const b = first.get(ids.b!)!;
    expect(b.lines.find((l) => l.code === 'base')!.amountCents).toBeLessThan(10_000_00);
    expect(b.withholding.monthsCounted).toBe(1);

    const totals = calculated.totals!;
    expect(totals.grossCents).toBe(a.grossCents + b.grossCents);
    expect(totals.netCents).toBe(a.netCents + b.netCents);

    // Recalculating gives the same payslips and totals.
    const again = await runs.calculate(kit.request(hr), run.id);
    expect(again.totals).toEqual(calculated.totals);
    const second = unsealed(run.id);
    for (const [id, data] of first) expect(second.get(id)).toEqual(data);
    expect(kit.count('payroll_payslips')).toBe(2);

    // Review: who is missing, the rows.
    const review = runs.review(kit.request(hr), run.id);
    expect(review.unpaid.map((u) => u.employeeNo)).toEqual(['E003']);
    expect(review.rows.map((r) => r.employeeNo)).toEqual(['E001', 'E002']);

    // hr holds no payroll.approve.
    expect(thrown(() => runs.approve(kit.request(hr), run.id)).status).toBe(403);
    expect(thrown(() => runs.lock(kit.request(admin), run.id)).messageKey).toBe('payroll.run.error.status');
    const approved = runs.approve(kit.request(admin), run.id);
    expect(approved.approvedByUserId).toBe(admin.id);
    expect(kit.attendance.isMonthLocked('2026-01')).toBe(false);
    runs.lock(kit.request(admin), run.id);
    expect(kit.attendance.isMonthLocked('2026-01')).toBe(true);

    const before = JSON.stringify(kit.rows('payroll_payslips'));
    await expect(runs.calculate(kit.request(hr), run.id)).rejects.toMatchObject({ status: 409, messageKey: 'payroll.run.error.locked' });
    for (const act of [() => runs.approve(kit.request(admin), run.id), () => runs.lock(kit.request(admin), run.id), () => runs.remove(kit.request(hr), run.id)]) {
      expect(thrown(act).messageKey).toBe('payroll.run.error.locked');
    }
    expect(JSON.stringify(kit.rows('payroll_payslips'))).toBe(before);

    const published = runs.publish(kit.request(admin), run.id);
    expect(published.status).toBe('published');
    const events = kit.suite.kernel.dbh.sqlite.prepare("SELECT payload FROM core_outbox_events WHERE name = 'payroll.payslip.published'").pluck().all() as string[];
    expect(events).toHaveLength(2);
    for (const e of events) {
      const payload = JSON.parse(e) as Record<string, unknown>;
      expect(Object.keys(payload).sort()).toEqual(['employeeId', 'month', 'path', 'payslipId']);
      expect(payload.path).toBe(`/payroll/payslips/${payload.payslipId}`);
    }
    expect(kit.rows('payroll_payslips').every((p) => p.published_at !== null)).toBe(true);
    expect(thrown(() => runs.publish(kit.request(admin), run.id)).messageKey).toBe('payroll.run.error.locked');
    const actions = kit.suite.kernel.dbh.sqlite.prepare("SELECT action FROM core_audit_log WHERE action LIKE 'payroll.run.%' ORDER BY id").pluck().all();
    expect(actions).toEqual(expect.arrayContaining(['payroll.run.create', 'payroll.run.calculate', 'payroll.run.approve', 'payroll.run.lock', 'payroll.run.publish']));
  });

  it('withholds February and March cumulatively on top of the locked months, as the official example', async () => {
    const { runs } = kit.payroll;
    kit.setNow('2026-04-05T10:00:00+08:00');
    for (const month of ['2026-02', '2026-03']) {
      kit.workMonth([ids.a!, ids.b!], month);
      const run = runs.create(kit.request(hr), { month });
      await runs.calculate(kit.request(hr), run.id);
      runs.approve(kit.request(admin), run.id);
      runs.lock(kit.request(admin), run.id);
      const a = unsealed(run.id).get(ids.a!)!;
      const m = Number(month.slice(5));
      expect(a.withholding.monthsCounted).toBe(m);
      expect(a.withholding.cumulativeIncome).toBe(EX.inputs.monthly_gross * 100 * m);
      expect(a.withholding.cumulativeAdditionalDeductions).toBe(EX.inputs.special_additional_deduction_专项附加_per_month * 100 * m);
      expect(a.withholding.cumulativeSpecialDeductions).toBe((a.contributions.employeeSocialCents + a.contributions.employeeHousingFundCents) * m);
      expect(a.withholding.taxCents).toBe(withhold({ ...a.withholding }).taxCents);
    }
  });

  it('sums special additional deductions over the months counted, a later or changed declaration month by month', () => {
    const { setup } = kit.payroll;
    const d = (elderlySupport: number) => ({ childrenEducation: 0, infantCare: 0, continuingEducation: 0, seriousIllness: 0, housingLoanInterest: 0, housingRent: 0, elderlySupport });
    const x = kit.hire('D001', '申报晚', dept, { hireDate: '2019-05-01' });
    const y = kit.hire('D002', '年中入职', dept, { hireDate: '2026-02-10' });
    const z = kit.hire('D003', '改过申报', dept, { hireDate: '2019-05-01' });
    setup.saveDeductions(null, x, { effectiveFrom: '2026-02', data: d(1000_00) });
    setup.saveDeductions(null, y, { effectiveFrom: '2025-06', data: d(2000_00) });
    setup.saveDeductions(null, z, { effectiveFrom: '2025-01', data: d(1000_00) });
    setup.saveDeductions(null, z, { effectiveFrom: '2026-03', data: d(3000_00) });
    const inputs = createRunInputs(kit.payroll.parts);
    const got = inputs.additionalDeductions(inputs.employees('2026-03', [x, y, z]), '2026-03');
    expect(got.get(x)!.cumulativeCents).toBe(2 * 1000_00);
    expect(got.get(y)!.cumulativeCents).toBe(2 * 2000_00);
    expect(got.get(z)!.cumulativeCents).toBe(2 * 1000_00 + 3000_00);
    expect(got.get(z)!.current.elderlySupport).toBe(3000_00);
  });

  it('corrects a locked month with an adjustment run: the tax is the cumulative difference', async () => {
    const { runs } = kit.payroll;
    const march = runs.list({ month: '2026-03' }).find((r) => r.kind === 'regular')!;
    expect(thrown(() => runs.create(kit.request(hr), { month: '2026-03', kind: 'adjustment', correctsRunId: 999 })).messageKey).toBe('payroll.run.error.correctsUnknown');
    const adj = runs.create(kit.request(hr), { month: 'ignored', kind: 'adjustment', correctsRunId: march.id });
    expect(adj.month).toBe('2026-03');
    await expect(runs.calculate(kit.request(hr), adj.id)).rejects.toMatchObject({ messageKey: 'payroll.run.error.noAdjustments' });
    runs.addAdjustment(kit.request(hr), adj.id, { employeeId: ids.a!, kind: 'earning', name: '补发绩效', amountCents: 5_000_00, taxable: true });
    expect(thrown(() => runs.addAdjustment(kit.request(hr), march.id, { employeeId: ids.a!, kind: 'earning', name: 'x', amountCents: 1, taxable: true })).messageKey).toBe(
      'payroll.run.error.locked',
    );
    const done = await runs.calculate(kit.request(hr), adj.id);
    expect(done.employeeCount).toBe(1);
    const p = unsealed(adj.id).get(ids.a!)!;
    const locked = unsealed(march.id).get(ids.a!)!;
    expect(p.grossCents).toBe(5_000_00);
    expect(p.withholding.cumulativeIncome).toBe(locked.withholding.cumulativeIncome + 5_000_00);
    expect(p.withholding.cumulativeWithheld).toBe(locked.withholding.cumulativeWithheld + locked.withholding.taxCents);
    const together = withhold({ ...locked.withholding, cumulativeIncome: locked.withholding.cumulativeIncome + 5_000_00 });
    expect(p.withholding.taxCents).toBe(together.cumulativeTax - locked.withholding.cumulativeWithheld - locked.withholding.taxCents);
    expect(p.netCents).toBe(5_000_00 - p.withholding.taxCents);
    expect(kit.payroll.runs.adjustments(null, adj.id)).toMatchObject([{ employeeNo: 'E001', name: '补发绩效', amountCents: 5_000_00 }]);
  });

  it('keeps a failed calculation as a draft with the reason, and writes no payslip', async () => {
    const { runs } = kit.payroll;
    const { setup } = kit.payroll;
    // Divides by the absent days: a division by zero for whoever was never absent.
    const broken = setup.saveComponent(null, { code: 'broken', nameZh: '坏公式', nameEn: 'Broken', kind: 'earning', formula: 'base / absent_days', taxable: true, sort: 99, active: true });
    const structure = setup.saveStructure(null, { name: 'Broken', componentIds: [broken.id], isDefault: false });
    setup.saveProfile(null, ids.none!, { effectiveFrom: '2026-04-01', structureId: structure.id, cityCode: null, data: salary(8_000_00) });
    kit.setNow('2026-05-05T10:00:00+08:00');
    kit.workMonth([ids.none!], '2026-04');
    const run = runs.create(kit.request(hr), { month: '2026-04' });
    await expect(runs.calculate(kit.request(hr), run.id)).rejects.toMatchObject({ status: 422, messageKey: 'payroll.run.error.formula' });
    const after = runs.get(run.id);
    expect(after.status).toBe('draft');
    expect(runError(after)).toEqual({ key: 'payroll.run.error.formula', params: { component: 'broken', detail: 'payroll.expr.divisionByZero', column: 6, employee: 'E003 王五' } });
    expect(kit.rows('payroll_payslips').filter((p) => p.run_id === run.id)).toHaveLength(0);
    runs.remove(kit.request(hr), run.id);
    kit.payroll.setup.deleteProfile(null, ids.none!, kit.payroll.setup.viewSalary(null, ids.none!).profiles[0]!.id);
  });

  it(`writes large runs in chunks of ${CHUNK} and reports progress`, async () => {
    const { runs, setup } = kit.payroll;
    const people = kit.suite.kernel.people.service;
    const many: number[] = [];
    kit.suite.kernel.dbh.sqlite.transaction(() => {
      for (let i = 0; i < CHUNK + 20; i++) many.push(people.employees.create({ employeeNo: `M${String(i).padStart(4, '0')}`, name: `员工${i}`, departmentId: dept, hireDate: '2020-01-01', status: 'regular' }));
      for (const id of many) setup.saveProfile(null, id, { effectiveFrom: '2020-01-01', structureId: null, cityCode: null, data: salary(8_000_00) });
    })();
    const run = runs.create(kit.request(hr), { month: '2026-05' });
    kit.setNow('2026-05-20T10:00:00+08:00');
    const { done } = runs.startCalculation(kit.request(hr), run.id);
    expect(runs.get(run.id).status).toBe('calculating');
    expect(thrown(() => runs.startCalculation(kit.request(hr), run.id)).messageKey).toBe('payroll.run.error.busy');
    const seen: number[] = [];
    const poll = setInterval(() => seen.push(runs.get(run.id).progressDone), 0);
    const result = await done;
    clearInterval(poll);
    expect(result.employeeCount).toBe(CHUNK + 20 + 2);
    expect(result.progressDone).toBe(result.progressTotal);
    expect(seen.some((n) => n > 0 && n < result.progressTotal)).toBe(true);
  });
});
