/**
 * How long a leave request is, in minutes of work time, over the work
 * calendar: holidays and rest days are not counted (unless the leave type
 * counts calendar days, like maternity leave's 98 natural days).
 */
import { dateRange, isValidDate, parseHhmm } from './time.js';
import type { CalendarDay, ShiftRule } from './types.js';

export type HalfDay = 'am' | 'pm';
export type LeavePart = 'full' | 'am' | 'pm' | 'hours';

export interface LeaveRequestInput {
  startDate: string;
  /** `pm`: the start day counts only its afternoon. */
  startHalf: HalfDay;
  endDate: string;
  /** `am`: the end day counts only its morning. */
  endHalf: HalfDay;
  /** Hourly leave: `HH:MM` on `startDate` (both times given, `endDate` = `startDate`). */
  startTime?: string | null;
  endTime?: string | null;
}

export interface LeaveDurationOptions {
  /** Minutes of a full day of leave (settings.workdayMinutes). */
  workdayMinutes: number;
  /** Count every calendar day (maternity), not only workdays. */
  calendarDays: boolean;
  /** Hourly leave: the break (minutes after midnight) that does not count. */
  breakMinutes?: { start: number; end: number } | null;
}

export interface LeaveDayPart {
  date: string;
  minutes: number;
  part: LeavePart;
}

export interface LeaveDuration {
  minutes: number;
  /** Only the days that count, in date order. */
  perDay: LeaveDayPart[];
}

/**
 * Why a request cannot be measured:
 * - `endBeforeStart`: the end date (or hourly end time) is before (or at) the start
 * - `empty`: no working time in the range (only holidays or rest days)
 * - `badHalf`: one day from its afternoon to its morning
 * - `badTime`: a date or `HH:MM` time that does not exist, only one of the two
 *   hourly times, or hourly leave over more than one date
 */
export type LeaveInputErrorCode = 'endBeforeStart' | 'empty' | 'badHalf' | 'badTime';

export class LeaveInputError extends Error {
  constructor(readonly code: LeaveInputErrorCode) {
    super(`invalid leave request: ${code}`);
    this.name = 'LeaveInputError';
  }
}

function timeOrThrow(value: string): number {
  try {
    return parseHhmm(value);
  } catch {
    throw new LeaveInputError('badTime');
  }
}

function overlap(a: { from: number; to: number }, b: { from: number; to: number }): number {
  return Math.max(0, Math.min(a.to, b.to) - Math.max(a.from, b.from));
}

/**
 * Minutes of a leave request over the given calendar days (which must cover
 * `startDate`..`endDate`). Only workdays count unless `opts.calendarDays`.
 * A full day is `workdayMinutes`, a half day half of it (the morning gets the
 * smaller half when it is odd). Hourly leave (`startTime` and `endTime`):
 * end − start minus the overlap with `breakMinutes`, at most `workdayMinutes`.
 * Throws `LeaveInputError` for input that cannot be measured.
 */
export function leaveMinutes(req: LeaveRequestInput, days: CalendarDay[], opts: LeaveDurationOptions): LeaveDuration {
  if (!isValidDate(req.startDate) || !isValidDate(req.endDate)) throw new LeaveInputError('badTime');
  if (req.endDate < req.startDate) throw new LeaveInputError('endBeforeStart');

  const byDate = new Map(days.map((d) => [d.date, d]));
  const counts = (date: string): boolean => {
    const day = byDate.get(date);
    if (!day) throw new Error(`leaveMinutes: calendar day ${date} not given`);
    return opts.calendarDays || day.kind === 'workday';
  };

  const hasStart = req.startTime != null && req.startTime !== '';
  const hasEnd = req.endTime != null && req.endTime !== '';
  if (hasStart || hasEnd) {
    if (!hasStart || !hasEnd || req.endDate !== req.startDate) throw new LeaveInputError('badTime');
    const from = timeOrThrow(req.startTime!);
    const to = timeOrThrow(req.endTime!);
    if (to <= from) throw new LeaveInputError('endBeforeStart');
    if (!counts(req.startDate)) throw new LeaveInputError('empty');
    const pause = opts.breakMinutes ? overlap({ from, to }, { from: opts.breakMinutes.start, to: opts.breakMinutes.end }) : 0;
    const minutes = Math.min(to - from - pause, opts.workdayMinutes);
    if (minutes <= 0) throw new LeaveInputError('empty');
    return { minutes, perDay: [{ date: req.startDate, minutes, part: 'hours' }] };
  }

  if (req.startDate === req.endDate && req.startHalf === 'pm' && req.endHalf === 'am') throw new LeaveInputError('badHalf');

  const morning = Math.floor(opts.workdayMinutes / 2);
  const afternoon = opts.workdayMinutes - morning;
  const perDay: LeaveDayPart[] = [];
  for (const date of dateRange(req.startDate, req.endDate)) {
    if (!counts(date)) continue;
    if (date === req.startDate && req.startHalf === 'pm') perDay.push({ date, minutes: afternoon, part: 'pm' });
    else if (date === req.endDate && req.endHalf === 'am') perDay.push({ date, minutes: morning, part: 'am' });
    else perDay.push({ date, minutes: opts.workdayMinutes, part: 'full' });
  }
  const minutes = perDay.reduce((sum, d) => sum + d.minutes, 0);
  if (minutes === 0) throw new LeaveInputError('empty');
  return { minutes, perDay };
}

/** Standard day used when no shift is scheduled: 09:00, a 12:00–13:00 break, `workdayMinutes` of work. */
const STANDARD_START = 9 * 60;
const STANDARD_BREAK = { start: 12 * 60, end: 13 * 60 };

export interface ShiftFrame {
  /** Minutes after midnight; `end` above 1440 when the shift crosses midnight. */
  start: number;
  end: number;
  /** Where the morning half ends and the afternoon half begins. */
  split: number;
  /** The break on the same scale as start/end (after-midnight breaks of night shifts moved past 1440), or null. */
  break: { start: number; end: number } | null;
}

/**
 * The frame of a working day: a shift's start..end (a flexible shift's end
 * includes its `flexMinutes`), its break, and the half-day split (the break's
 * end when there is a break, else the midpoint). No shift: 09:00 to 09:00 +
 * `workdayMinutes` + a 12:00–13:00 break (18:00 by default), split at 13:00.
 */
export function shiftFrame(shift: ShiftRule | null, workdayMinutes: number): ShiftFrame {
  if (!shift) {
    return {
      start: STANDARD_START,
      end: STANDARD_START + workdayMinutes + (STANDARD_BREAK.end - STANDARD_BREAK.start),
      split: STANDARD_BREAK.end,
      break: { ...STANDARD_BREAK },
    };
  }
  const end = shift.end + (shift.kind === 'flexible' ? shift.flexMinutes : 0);
  if (shift.breakStart === null || shift.breakEnd === null) {
    return { start: shift.start, end, split: Math.floor((shift.start + shift.end) / 2), break: null };
  }
  const breakStart = normalizeAfter(shift.breakStart, shift.start);
  const breakEnd = Math.max(normalizeAfter(shift.breakEnd, shift.start), breakStart);
  return { start: shift.start, end, split: breakEnd, break: { start: breakStart, end: breakEnd } };
}

/**
 * The time of day (minutes after midnight) a leave part covers, for the daily
 * results: `am` = frame start..split, `pm` = split..end, `full` = start..end
 * (see `shiftFrame`); `hours` = `startTime`..`endTime`.
 */
export function leaveSpanOnDay(
  part: LeavePart,
  shift: ShiftRule | null,
  workdayMinutes: number,
  startTime?: string | null,
  endTime?: string | null,
): { from: number; to: number } {
  if (part === 'hours') {
    if (!startTime || !endTime) throw new LeaveInputError('badTime');
    const from = timeOrThrow(startTime);
    const to = timeOrThrow(endTime);
    if (to <= from) throw new LeaveInputError('endBeforeStart');
    return { from, to };
  }
  const frame = shiftFrame(shift, workdayMinutes);
  if (part === 'am') return { from: frame.start, to: frame.split };
  if (part === 'pm') return { from: frame.split, to: frame.end };
  return { from: frame.start, to: frame.end };
}

/** A time of a shift that crosses midnight: before the shift start means the next morning. */
function normalizeAfter(minutes: number, start: number): number {
  return minutes < start ? minutes + 1440 : minutes;
}
