/**
 * `npm run bench`: a payroll run for 10,000 employees. A fresh in-process
 * instance (temp data folder, attendance and payroll on) gets 10,000
 * employees with salary profiles (some with allowances, declared bases and
 * special additional deductions) and their attendance daily results for the
 * last full month, computed beforehand from two punches per workday (none of
 * this is timed). The metric is the median of three `create` + `calculate`
 * of that month's run (monthly summaries, formulas, contributions, cumulative
 * tax, sealing and writing every payslip); the run is deleted between rounds.
 */
import type { Benchmark, PluginContext } from '../../core/sdk.js';
import { startInProcess } from '../../tests/helpers/inprocess.js';
import { createPayroll } from './services/index.js';
import type { SalaryData } from './services/types.js';
import type { PayrollSettings } from './settings.js';

const EMPLOYEES = 10_000;
const ROUNDS = 3;

/** Deterministic spread (no Math.random: every run measures the same data). */
function jitter(seed: number, spread: number): number {
  const x = Math.sin(seed * 12.9898) * 43758.5453;
  return Math.floor((x - Math.floor(x)) * spread);
}

const run10000: Benchmark = {
  id: 'payroll',
  description: `create + calculate a payroll run of ${EMPLOYEES} employees (attendance summaries, formulas, tax, sealed payslips), median of ${ROUNDS}`,
  metrics: ['payroll.run_10000_ms'],
  async run(bench) {
    const suite = await startInProcess({ plugins: { attendance: { enabled: true }, payroll: { enabled: true } } });
    try {
      const { kernel } = suite;
      const { sqlite } = kernel.dbh;
      const people = kernel.people.service;
      const ctx = kernel.contexts.get('payroll') as PluginContext<PayrollSettings>;
      const payroll = createPayroll(ctx);
      const attendance = ctx.services.get('attendance');
      const today = payroll.parts.today();
      const [y, m] = today.split('-').map(Number) as [number, number];
      const month = m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
      const last = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5)), 0)).getUTCDate();
      const timezone = ctx.config.timezone;

      // ---- setup (not timed)
      let t0 = performance.now();
      const departmentIds = ['研发部', '销售部', '生产部', '财务部'].map((name) => people.departments.create({ name }).id);
      const ids: number[] = [];
      sqlite.transaction(() => {
        for (let i = 1; i <= EMPLOYEES; i++) {
          ids.push(people.employees.create({ employeeNo: `P${String(i).padStart(5, '0')}`, name: `员工${i}`, departmentId: departmentIds[i % 4]!, hireDate: '2020-01-01', status: 'regular' }));
        }
      })();
      bench.log(`${EMPLOYEES} employees in ${Math.round(performance.now() - t0)} ms`);
      // Attendance follows every hire (leave grants, daily results): let it finish now, not during the timed runs.
      t0 = performance.now();
      while (kernel.events.counts().pending > 0) await kernel.events.drain();
      bench.log(`hire events handled in ${Math.round(performance.now() - t0)} ms`);

      t0 = performance.now();
      const insertProfile = sqlite.prepare("INSERT INTO payroll_salary_profiles (employee_id, effective_from, city_code, data_enc) VALUES (?, '2020-01-01', NULL, ?)");
      const insertDeductions = sqlite.prepare("INSERT INTO payroll_additional_deductions (employee_id, effective_from, data_enc) VALUES (?, '2020-01', ?)");
      sqlite.transaction(() => {
        for (const [i, id] of ids.entries()) {
          const base = (5_000 + jitter(i, 35_000)) * 100;
          const data: SalaryData = {
            baseCents: base,
            allowances: i % 3 === 0 ? [{ code: 'post', name: '岗位津贴', amountCents: 800_00, taxable: true }, { code: 'meal', name: '餐补', amountCents: 300_00, taxable: false }] : [],
            socialBaseCents: i % 2 === 0 ? base : null,
            housingFundBaseCents: null,
            housingFundRatePpm: i % 5 === 0 ? 120_000 : null,
          };
          insertProfile.run(id, ctx.sensitive.seal(JSON.stringify(data)));
          if (i % 4 === 0) {
            insertDeductions.run(
              id,
              ctx.sensitive.seal(
                JSON.stringify({ childrenEducation: 2_000_00, infantCare: 0, continuingEducation: 0, seriousIllness: 0, housingLoanInterest: 1_000_00, housingRent: 0, elderlySupport: 3_000_00 }),
              ),
            );
          }
        }
      })();
      bench.log(`profiles in ${Math.round(performance.now() - t0)} ms`);

      // Attendance: two punches per workday (a few late, some overtime), daily results computed now.
      t0 = performance.now();
      const workdays: string[] = [];
      for (let d = 1; d <= last; d++) {
        const date = `${month}-${String(d).padStart(2, '0')}`;
        const dow = new Date(`${date}T12:00:00Z`).getUTCDay();
        if (dow !== 0 && dow !== 6) workdays.push(date);
      }
      const zoned = (date: string, minutes: number) => new Date(new Date(`${date}T00:00:00${offsetOf(timezone, date)}`).getTime() + minutes * 60_000);
      const BATCH = 1000;
      for (let start = 0; start < ids.length; start += BATCH) {
        const list: Parameters<typeof attendance.addPunches>[0] = [];
        for (const id of ids.slice(start, start + BATCH)) {
          for (const date of workdays) {
            const seed = id * 100 + Number(date.slice(8));
            list.push({ employeeId: id, at: zoned(date, 8 * 60 + 40 + jitter(seed, 30)), source: 'import', externalId: `b-${id}-${date}-in` });
            list.push({ employeeId: id, at: zoned(date, 18 * 60 + jitter(seed + 7, id % 10 === 0 ? 180 : 45)), source: 'import', externalId: `b-${id}-${date}-out` });
          }
        }
        attendance.addPunches(list);
      }
      const summaries = attendance.monthlySummaries(month);
      bench.log(`attendance for ${month} (${summaries.length} summaries) in ${Math.round(performance.now() - t0)} ms`);

      // ---- timed
      const times: number[] = [];
      for (let round = 1; round <= ROUNDS; round++) {
        const start = performance.now();
        const run = payroll.runs.create(null, { month });
        const done = await payroll.runs.calculate(null, run.id);
        times.push(performance.now() - start);
        bench.log(`round ${round}/${ROUNDS}: ${done.employeeCount} payslips, ${done.anomalyCount} flagged, in ${Math.round(times.at(-1)!)} ms`);
        if (done.employeeCount !== EMPLOYEES) throw new Error(`calculated ${done.employeeCount} payslips instead of ${EMPLOYEES}`);
        payroll.runs.remove(null, run.id);
      }
      times.sort((a, b) => a - b);
      return { 'payroll.run_10000_ms': Math.round(times[Math.floor(ROUNDS / 2)]!) };
    } finally {
      await suite.close();
    }
  },
};

/** `+08:00` for the zone on that date (China has no daylight saving; kept general). */
function offsetOf(timeZone: string, date: string): string {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' }).formatToParts(new Date(`${date}T12:00:00Z`));
  const name = parts.find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  return name === 'GMT' ? 'Z' : name.replace('GMT', '');
}

export const benchmarks: Benchmark[] = [run10000];
