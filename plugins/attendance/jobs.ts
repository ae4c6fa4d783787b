/**
 * Scheduled jobs (in the instance time zone): the nightly recompute of
 * yesterday and today, leave accruals, and a warning through December (and
 * after) while next year's holidays are unknown — without them January's
 * days cannot be computed, and people should hear it before, not after.
 */
import type { PluginContext } from '../../core/sdk.js';
import { addDays, yearOf } from './domain/time.js';
import type { Attendance } from './services/index.js';
import type { AttendanceSettings } from './settings.js';

/** The warning for the year whose holidays are missing, or null: the current year always, the next one from December. */
export function unknownHolidayYear(today: string, isYearKnown: (year: number) => boolean): number | null {
  const year = yearOf(today);
  if (!isYearKnown(year)) return year;
  if (today.slice(5, 7) === '12' && !isYearKnown(year + 1)) return year + 1;
  return null;
}

export function registerJobs(ctx: PluginContext<AttendanceSettings>, att: Attendance): void {
  const { parts } = att;

  ctx.jobs.add({
    id: 'recompute',
    cron: '0 1 * * *',
    label: 'attendance.job.recompute',
    run: ({ log }) => {
      const today = parts.today();
      const yesterday = addDays(today, -1);
      // Yesterday's missing check-outs become final; today starts "in progress".
      const written = parts.recompute.many(yesterday, today, undefined, { skipLocked: true });
      const lines = [`recomputed ${written} day results for ${yesterday}..${today}`];
      const unknown = unknownHolidayYear(today, (y) => parts.calendar.isYearKnown(y));
      if (unknown !== null) {
        const text = `the statutory holidays of ${unknown} are unknown: enter them under Attendance admin → Work calendar, or days of ${unknown} cannot be computed`;
        log.warn({ year: unknown }, text);
        lines.push(text);
      }
      return { summary: lines.join('; ') };
    },
  });

  ctx.jobs.add({
    id: 'accruals',
    cron: '10 0 * * *',
    label: 'attendance.job.accruals',
    run: () => {
      const run = att.leave.runAccruals(parts.today());
      return { summary: `minutes granted ${run.granted}, carried ${run.carried}, expired ${run.expired}` };
    },
  });
}
