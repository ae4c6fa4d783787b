/**
 * `npm run bench`: daily results for 1,000 employees × one month. A fresh
 * in-process instance (temp data folder, attendance on) gets 1,000 employees
 * and two punches per workday each for the last full month; the metric is the
 * median of three `recompute.many(month)` runs (the rows are rewritten each time).
 */
import type { Benchmark, PluginContext } from '../../core/sdk.js';
import { startInProcess } from '../../tests/helpers/inprocess.js';
import { addDays, instantAt, monthRange } from './domain/time.js';
import { createAttendance } from './services/index.js';
import type { AttendanceSettings } from './settings.js';

const EMPLOYEES = 1000;
const RUNS = 3;

/** Deterministic jitter in minutes (no Math.random: every run measures the same data). */
function jitter(seed: number, spread: number): number {
  const x = Math.sin(seed * 12.9898) * 43758.5453;
  return Math.floor((x - Math.floor(x)) * spread);
}

const recompute: Benchmark = {
  id: 'attendance',
  description: `recompute.many for ${EMPLOYEES} employees × the last full month (2 punches per workday), median of ${RUNS}`,
  metrics: ['attendance.recompute_1000x1month_ms'],
  async run(bench) {
    const suite = await startInProcess({ plugins: { attendance: { enabled: true } } });
    try {
      const { kernel } = suite;
      const people = kernel.people.service;
      const ctx = kernel.contexts.get('attendance') as PluginContext<AttendanceSettings>;
      const att = createAttendance(ctx);
      const timezone = ctx.config.timezone;
      const month = addDays(`${att.parts.today().slice(0, 7)}-01`, -1).slice(0, 7);
      const { from, to } = monthRange(month);

      const t0 = performance.now();
      const departmentId = people.departments.create({ name: '生产部' }).id;
      const ids: number[] = [];
      kernel.dbh.sqlite.transaction(() => {
        for (let i = 1; i <= EMPLOYEES; i++) ids.push(people.employees.create({ employeeNo: `B${String(i).padStart(5, '0')}`, name: `员工${i}`, departmentId, hireDate: '2020-01-01' }));
      })();
      const workdays = att.parts.calendar.days(from, to).filter((d) => d.kind === 'workday');
      const insert = kernel.dbh.sqlite.prepare("INSERT INTO attendance_punches (employee_id, at, source, external_id) VALUES (?, ?, 'import', ?)");
      let punches = 0;
      kernel.dbh.sqlite.transaction(() => {
        for (const id of ids) {
          for (const day of workdays) {
            const seed = id * 1000 + Number(day.date.slice(8));
            insert.run(id, instantAt(day.date, 8 * 60 + 40 + jitter(seed, 30), timezone), `bench-${id}-${day.date}-in`);
            insert.run(id, instantAt(day.date, 18 * 60 + jitter(seed + 7, 45), timezone), `bench-${id}-${day.date}-out`);
            punches += 2;
          }
        }
      })();
      bench.log(`${EMPLOYEES} employees, ${punches} punches over ${workdays.length} workdays of ${month} in ${Math.round(performance.now() - t0)} ms`);

      const times: number[] = [];
      for (let run = 1; run <= RUNS; run++) {
        const start = performance.now();
        const written = att.parts.recompute.many(from, to);
        times.push(performance.now() - start);
        bench.log(`run ${run}/${RUNS}: ${written} day results in ${Math.round(times.at(-1)!)} ms`);
        if (written !== EMPLOYEES * (Number(to.slice(8)))) throw new Error(`wrote ${written} day results instead of ${EMPLOYEES} × ${to.slice(8)}`);
      }
      times.sort((a, b) => a - b);
      return { 'attendance.recompute_1000x1month_ms': Math.round(times[Math.floor(RUNS / 2)]!) };
    } finally {
      await suite.close();
    }
  },
};

export const benchmarks: Benchmark[] = [recompute];
