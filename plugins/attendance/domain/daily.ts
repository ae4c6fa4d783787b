/**
 * The daily result of one employee: status, late/early/absent minutes, leave
 * and overtime, from the day's calendar kind, shift, punches, leave and
 * approved overtime. Pure and synchronous: recomputes call it for every
 * employee and day, so it does no I/O and allocates little.
 */
import { shiftFrame, type ShiftFrame } from './leave-duration.js';
import { overtimeClassOf } from './overtime.js';
import type { DailyInput, DailyResult, DailyStatus, LeaveSpan, OvertimeClass, ShiftRule } from './types.js';

interface Span {
  from: number;
  to: number;
}

/**
 * The shifts of the days before and after, when known. Night shifts reach
 * into the next morning and windows overlap; a punch in the overlap belongs
 * to the nearer shift (split at the midpoint between the previous shift's end
 * and this shift's start), and a day without a shift leaves a neighbour's
 * whole window to it. Without neighbours only this day's own window applies.
 */
export interface DayNeighbours {
  previous?: ShiftRule | null;
  next?: ShiftRule | null;
}

// ---------------------------------------------------------------- intervals

/** Sorted, merged copy of spans (empty ones dropped). */
function union(spans: Span[]): Span[] {
  const sorted = spans.filter((s) => s.to > s.from).sort((a, b) => a.from - b.from);
  const out: Span[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.from <= last.to) last.to = Math.max(last.to, s.to);
    else out.push({ from: s.from, to: s.to });
  }
  return out;
}

function overlap(a: Span, b: Span): number {
  return Math.max(0, Math.min(a.to, b.to) - Math.max(a.from, b.from));
}

/** Minutes of `span` that are work time (the break excluded). */
function workIn(span: Span, frame: ShiftFrame): number {
  const length = Math.max(0, span.to - span.from);
  return frame.break ? length - overlap(span, { from: frame.break.start, to: frame.break.end }) : length;
}

/** Minutes of merged spans that are work time. */
function workInAll(spans: Span[], frame: ShiftFrame | null): number {
  let sum = 0;
  for (const s of spans) sum += frame ? workIn(s, frame) : s.to - s.from;
  return sum;
}

/** The time at which `minutes` of work after `from` are done, the break not counting. */
function addWork(from: number, minutes: number, frame: ShiftFrame): number {
  const end = from + minutes;
  const pause = frame.break;
  if (!pause || pause.end <= from || pause.start >= end) return end;
  // The break starts inside the working stretch: the rest continues after it.
  return Math.max(from, pause.end) + Math.max(0, end - Math.max(from, pause.start));
}

// ---------------------------------------------------------------- results

function emptyResult(status: DailyStatus): DailyResult {
  return {
    status,
    firstIn: null,
    lastOut: null,
    workedMinutes: 0,
    lateMinutes: 0,
    earlyMinutes: 0,
    absentMinutes: 0,
    missingIn: false,
    missingOut: false,
    leaveMinutes: 0,
    leaveTypeId: null,
    overtimeMinutes: 0,
    overtimeClass: null,
  };
}

/** The punch window of the day after the neighbours took theirs: [from, to). */
function punchWindow(shift: ShiftRule | null, neighbours: DayNeighbours | undefined): Span {
  let from = shift ? shift.start - shift.windowBeforeMinutes : 0;
  let to = shift ? shift.end + shift.windowAfterMinutes + 1 : 1440;
  const previous = neighbours?.previous;
  if (previous) {
    const previousWindowEnd = previous.end + previous.windowAfterMinutes - 1440 + 1;
    const midpoint = shift ? Math.floor((previous.end - 1440 + shift.start) / 2) : previousWindowEnd;
    if (previousWindowEnd > from) from = Math.max(from, Math.min(previousWindowEnd, Math.max(from, midpoint)));
  }
  const next = neighbours?.next;
  if (next) {
    const nextWindowStart = next.start + 1440 - next.windowBeforeMinutes;
    const midpoint = shift ? Math.floor((shift.end + next.start + 1440) / 2) : nextWindowStart;
    if (nextWindowStart < to) to = Math.min(to, Math.max(nextWindowStart, Math.min(to, midpoint)));
  }
  return { from, to };
}

/**
 * Overtime of the day: spans detected from punches (`detect`/`both`, each at
 * least `minOvertimeMinutes`) united with approved spans (`request`/`both`),
 * so the same time is never counted twice. The break does not count.
 */
function overtimeOf(input: DailyInput, detected: Span | null, frame: ShiftFrame | null): number {
  const spans: Span[] = [];
  if (detected && input.overtimeMode !== 'request' && workIn(detected, frame ?? NO_BREAK) >= input.minOvertimeMinutes) spans.push(detected);
  if (input.overtimeMode !== 'detect') spans.push(...input.overtime);
  return workInAll(union(spans), frame);
}

const NO_BREAK: ShiftFrame = { start: 0, end: 0, split: 0, break: null };

function withOvertime(result: DailyResult, minutes: number, cls: OvertimeClass): DailyResult {
  if (minutes > 0) {
    result.overtimeMinutes = minutes;
    result.overtimeClass = cls;
  }
  return result;
}

/** A day without a shift: rest or holiday; any work is overtime of the day's class. */
function dayOff(input: DailyInput, punches: number[]): DailyResult {
  const holiday = input.day.kind === 'statutory' || input.day.kind === 'holiday_rest';
  const result = emptyResult(holiday ? 'holiday' : 'rest');
  let detected: Span | null = null;
  if (punches.length > 0) result.firstIn = punches[0]!;
  if (punches.length > 1) {
    result.lastOut = punches[punches.length - 1]!;
    result.workedMinutes = result.lastOut - result.firstIn!;
    detected = { from: result.firstIn!, to: result.lastOut };
  }
  return withOvertime(result, overtimeOf(input, detected, null), overtimeClassOf(input.day));
}

/**
 * Leave of the day: minutes credited and the leave type with the most of
 * them. A span covering the morning half (start..split) or the afternoon half
 * (split..end) credits half the required minutes (the morning the smaller
 * half, as leave-duration counts it); a whole-day span all of them; other
 * spans (hourly leave) the work minutes they cover. At most the required minutes.
 */
function leaveOf(spans: LeaveSpan[], frame: ShiftFrame, required: number): { minutes: number; typeId: number | null } {
  const morning = Math.floor(required / 2);
  const byType = new Map<number, number>();
  for (const span of spans) {
    let minutes: number;
    if (span.from <= frame.start && span.to >= frame.end) minutes = required;
    else if (span.from <= frame.start && span.to >= frame.split) minutes = morning;
    else if (span.from <= frame.split && span.to >= frame.end) minutes = required - morning;
    else minutes = workIn({ from: Math.max(span.from, frame.start), to: Math.min(span.to, frame.end) }, frame);
    byType.set(span.leaveTypeId, (byType.get(span.leaveTypeId) ?? 0) + minutes);
  }
  let typeId: number | null = null;
  let most = 0;
  let total = 0;
  for (const [id, minutes] of byType) {
    total += minutes;
    if (minutes > most) [typeId, most] = [id, minutes];
  }
  return { minutes: Math.min(total, required), typeId };
}

/**
 * Compute one employee's day. Rules:
 * - not employed → `not_employed`; no shift → `holiday` (statutory,
 *   holiday_rest) or `rest`, time between the first and last punch is
 *   overtime of the day's class (`overtimeClassOf`);
 * - with a shift only punches inside [start − windowBefore, end + windowAfter]
 *   count (night shifts: above 1440 is the next morning), first = in, last = out;
 * - leave moves the expected start (morning leave) or end (afternoon leave),
 *   leave over all the work time → `leave`;
 * - no punch → `absent` (required − leave minutes) or `pending` while the day
 *   is in progress; one punch → `missing` (in or out by which expected time it
 *   is nearer to); late/early are full minutes beyond the grace; late beyond
 *   `absentAfterMinutes` (when > 0) → `absent`;
 * - flexible shifts: arrive by start + flexMinutes, stay the required minutes
 *   plus the break after arriving (no earlier than start);
 * - overtime: after the expected end (detected) and approved spans, united;
 *   a shift on a statutory holiday makes all work of the day `holiday` overtime.
 * Status priority: leave > absent > missing > late_early > late | early > normal.
 */
export function computeDay(input: DailyInput, neighbours?: DayNeighbours): DailyResult {
  if (!input.employed) return emptyResult('not_employed');
  const shift = input.shift;
  const window = punchWindow(shift, neighbours);
  const punches = input.punches.filter((p) => p >= window.from && p < window.to).sort((a, b) => a - b);
  if (!shift) return dayOff(input, punches);

  const frame = shiftFrame(shift, shift.requiredMinutes);
  const required = shift.requiredMinutes;
  const leaveRuns = union(input.leave.map((l) => ({ from: Math.max(l.from, frame.start), to: Math.min(l.to, frame.end) })));
  const leave = leaveOf(input.leave, frame, required);
  const fullLeave = leave.minutes > 0 && workInAll(leaveRuns, frame) >= workIn({ from: frame.start, to: frame.end }, frame);

  // Expected arrival and departure after leave at either end of the day.
  let latestIn = shift.kind === 'flexible' ? shift.start + shift.flexMinutes : shift.start;
  let earliestIn = shift.start;
  let leaveEndsMorning = false;
  const firstRun = leaveRuns[0];
  if (firstRun && firstRun.from <= frame.start && firstRun.to < frame.end) {
    leaveEndsMorning = true;
    earliestIn = firstRun.to;
    if (frame.break && earliestIn >= frame.break.start && earliestIn < frame.break.end) earliestIn = frame.break.end;
    latestIn = Math.max(latestIn, earliestIn);
  }
  const lastRun = leaveRuns[leaveRuns.length - 1];
  const leaveStartsEvening = !!lastRun && lastRun.to >= frame.end && lastRun.from > frame.start;
  let afternoonLeaveStart = leaveStartsEvening ? lastRun!.from : null;
  if (afternoonLeaveStart !== null && frame.break && afternoonLeaveStart > frame.break.start && afternoonLeaveStart <= frame.break.end) {
    afternoonLeaveStart = frame.break.start;
  }

  /** Expected end for an arrival at `firstIn` (flexible shifts depend on it); `plain` ignores afternoon leave. */
  const expectedEnd = (firstIn: number | null, plain = false): number => {
    let end = shift.end;
    if (shift.kind === 'flexible') {
      const start = Math.min(Math.max(firstIn ?? latestIn, earliestIn), latestIn);
      end = addWork(start, plain ? required : required - (leaveEndsMorning ? leave.minutes : 0), frame);
    }
    return !plain && afternoonLeaveStart !== null ? Math.min(end, afternoonLeaveStart) : end;
  };

  const result = emptyResult('normal');
  result.leaveMinutes = leave.minutes;
  result.leaveTypeId = leave.typeId;
  const holidayShift = input.day.kind === 'statutory';
  const cls: OvertimeClass = holidayShift ? 'holiday' : overtimeClassOf(input.day);
  const owed = Math.max(0, required - leave.minutes);

  if (punches.length === 0) {
    result.status = fullLeave ? 'leave' : input.inProgress ? 'pending' : 'absent';
    if (result.status === 'absent') result.absentMinutes = owed;
    return withOvertime(result, overtimeOf(input, null, frame), cls);
  }

  const firstIn = punches[0]!;
  if (punches.length === 1) {
    // Which end is the lone punch nearer to: the expected arrival or departure?
    const isIn = Math.abs(firstIn - latestIn) <= Math.abs(firstIn - expectedEnd(firstIn));
    if (isIn) {
      result.firstIn = firstIn;
      result.lateMinutes = lateBy(firstIn, latestIn, shift);
      result.missingOut = !input.inProgress;
    } else {
      result.lastOut = firstIn;
      result.missingIn = true;
    }
    if (fullLeave) {
      result.status = 'leave';
      result.lateMinutes = 0;
      result.missingIn = result.missingOut = false;
    } else if (shift.absentAfterMinutes > 0 && result.lateMinutes > shift.absentAfterMinutes) return absent(result, owed, input, frame, cls);
    else if (result.missingIn || result.missingOut) result.status = 'missing';
    else result.status = result.lateMinutes > 0 ? 'late' : 'pending';
    return withOvertime(result, overtimeOf(input, null, frame), cls);
  }

  const lastOut = punches[punches.length - 1]!;
  result.firstIn = firstIn;
  result.lastOut = lastOut;
  result.workedMinutes = workIn({ from: firstIn, to: lastOut }, frame);
  const end = expectedEnd(firstIn);
  result.lateMinutes = lateBy(firstIn, latestIn, shift);
  const early = end - lastOut;
  // While the day is in progress the last punch may not be the final one.
  result.earlyMinutes = !input.inProgress && early > shift.graceEarlyMinutes ? early : 0;

  // Detected overtime: after the plain expected end, or all of the work on a statutory holiday.
  const detected: Span | null = fullLeave ? null : holidayShift ? { from: firstIn, to: lastOut } : { from: expectedEnd(firstIn, true), to: lastOut };
  withOvertime(result, overtimeOf(input, detected, frame), cls);

  if (fullLeave) {
    result.status = 'leave';
    result.lateMinutes = 0;
    result.earlyMinutes = 0;
  }
  else if (shift.absentAfterMinutes > 0 && result.lateMinutes > shift.absentAfterMinutes) return absent(result, owed, input, frame, cls);
  else if (result.lateMinutes > 0 && result.earlyMinutes > 0) result.status = 'late_early';
  else if (result.lateMinutes > 0) result.status = 'late';
  else if (result.earlyMinutes > 0) result.status = 'early';
  else result.status = input.inProgress && lastOut < end ? 'pending' : 'normal';
  return result;
}

/** Late minutes: all of them once beyond the grace (the grace is not subtracted). */
function lateBy(firstIn: number, latestIn: number, shift: ShiftRule): number {
  const late = firstIn - latestIn;
  return late > shift.graceLateMinutes ? late : 0;
}

/** Late beyond `absentAfterMinutes`: the day counts as absent, not as late. */
function absent(result: DailyResult, owed: number, input: DailyInput, frame: ShiftFrame, cls: OvertimeClass): DailyResult {
  result.status = 'absent';
  result.absentMinutes = owed;
  result.lateMinutes = 0;
  result.earlyMinutes = 0;
  result.overtimeMinutes = 0;
  result.overtimeClass = null;
  return withOvertime(result, overtimeOf(input, null, frame), cls);
}
