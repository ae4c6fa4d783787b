/**
 * Date and time arithmetic on ISO dates (`YYYY-MM-DD`), `HH:MM` times and
 * instants in a named time zone. Pure: dates are computed on UTC calendars so
 * no local clock or DST of the server leaks in.
 */

const DAY_MS = 86_400_000;
const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of an ISO date. */
export function dayNumber(date: string): number {
  const m = ISO.exec(date);
  if (!m) throw new Error(`not an ISO date: ${date}`);
  return Math.floor(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!) / DAY_MS);
}

export function fromDayNumber(n: number): string {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return fromDayNumber(dayNumber(date) + days);
}

/** Whole days from `a` to `b` (b − a). */
export function daysBetween(a: string, b: string): number {
  return dayNumber(b) - dayNumber(a);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(date: string): number {
  return (((dayNumber(date) + 4) % 7) + 7) % 7;
}

export function isWeekend(date: string): boolean {
  const d = weekday(date);
  return d === 0 || d === 6;
}

/** Every date from `from` to `to` inclusive (empty when `to` is before `from`). */
export function dateRange(from: string, to: string): string[] {
  const a = dayNumber(from);
  const b = dayNumber(to);
  const out: string[] = [];
  for (let n = a; n <= b; n++) out.push(fromDayNumber(n));
  return out;
}

export function isValidDate(date: string): boolean {
  const m = ISO.exec(date);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!));
  return d.getUTCFullYear() === +m[1]! && d.getUTCMonth() === +m[2]! - 1 && d.getUTCDate() === +m[3]!;
}

/** `YYYY-MM` → first and last date. */
export function monthRange(month: string): { from: string; to: string } {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m || +m[2]! < 1 || +m[2]! > 12) throw new Error(`not a month: ${month}`);
  const last = new Date(Date.UTC(+m[1]!, +m[2]!, 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, '0')}` };
}

/** The month `delta` months after `month` (negative: before): `shiftMonth('2026-01', -1)` = `2025-12`. */
export function shiftMonth(month: string, delta: number): string {
  const index = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + delta;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** Every `YYYY-MM` from the month of `from` to the month of `to`, inclusive. */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = from.slice(0, 7); m <= to.slice(0, 7); m = shiftMonth(m, 1)) out.push(m);
  return out;
}

export function monthOf(date: string): string {
  return date.slice(0, 7);
}

export function yearOf(date: string): number {
  return Number(date.slice(0, 4));
}

/** `HH:MM` → minutes after midnight. */
export function parseHhmm(value: string): number {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(value);
  if (!m) throw new Error(`not a time: ${value}`);
  return +m[1]! * 60 + +m[2]!;
}

/** Minutes (may exceed 1440 or be negative) → `HH:MM` of the clock, with `+1`/`-1` day marks. */
export function formatMinutes(minutes: number): string {
  const day = Math.floor(minutes / 1440);
  const m = minutes - day * 1440;
  const hhmm = `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  return day === 0 ? hhmm : `${hhmm}${day > 0 ? '+' : ''}${day}`;
}

const offsetCache = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = offsetCache.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    offsetCache.set(timeZone, f);
  }
  return f;
}

/** Offset of `timeZone` from UTC at `instantMs`, in minutes (Asia/Shanghai: +480). */
export function zoneOffsetMinutes(instantMs: number, timeZone: string): number {
  const parts = Object.fromEntries(formatter(timeZone).formatToParts(new Date(instantMs)).map((p) => [p.type, p.value]));
  const asUtc = Date.UTC(+parts.year!, +parts.month! - 1, +parts.day!, +parts.hour!, +parts.minute!, +parts.second!);
  return Math.round((asUtc - Math.floor(instantMs / 1000) * 1000) / 60_000);
}

/** The local date of an instant. */
export function localDate(instantMs: number, timeZone: string): string {
  return new Date(instantMs + zoneOffsetMinutes(instantMs, timeZone) * 60_000).toISOString().slice(0, 10);
}

/** UTC milliseconds of local midnight starting `date` in `timeZone`. */
export function zonedMidnight(date: string, timeZone: string): number {
  const guess = dayNumber(date) * DAY_MS;
  const first = guess - zoneOffsetMinutes(guess, timeZone) * 60_000;
  // Re-evaluate at the candidate instant: differs only across an offset change.
  return guess - zoneOffsetMinutes(first, timeZone) * 60_000;
}

/** An instant as minutes relative to local midnight of `date` (negative before it, above 1440 after). */
export function minutesFromMidnight(instantMs: number, date: string, timeZone: string): number {
  return Math.floor((instantMs - zonedMidnight(date, timeZone)) / 60_000);
}

/** The instant of `date` + `minutes` local time. */
export function instantAt(date: string, minutes: number, timeZone: string): number {
  return zonedMidnight(date, timeZone) + minutes * 60_000;
}
