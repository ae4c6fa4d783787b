/**
 * Dates and date ranges as résumés write them: 2019.03, 2019.3, 2019-03, 2019/03,
 * 2019年3月, 2019年, Mar 2019, March 2019, 03/2019, 2019; ranges joined by - – — ~ 至 到
 * to until; open ends 至今 / 今 / 现在 / present / now / current. Pure, no clock: "至今"
 * is resolved against the reference date the caller passes.
 *
 * A year without a month is read as January of that year, for the start and the end
 * alike, so "2015 – 2019" counts 48 months — what a reader says ("four years"). Two
 * months count both ends (2019.03 – 2019.05 is three months), the way people count the
 * months they worked.
 */

export interface MonthPoint {
  year: number;
  /** 1–12, or null when only the year is written. */
  month: number | null;
}

export interface DateRange {
  start: MonthPoint;
  /** null when the range is open ("至今", "present"). */
  end: MonthPoint | null;
  current: boolean;
  /** Where the range was found in the line, and its text. */
  index: number;
  text: string;
}

const MONTH_WORD =
  'jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?';
const MONTH_NUMBER: Record<string, number> = { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 };

/**
 * One date, in the order the alternatives are tried at each position:
 * 1 2019年3月(15日) / 2019年 · 2 Mar 2019, March, 2019 · 3 2019.03(.15), 2019-3, 2019/03 ·
 * 4 03/2019, 3.2019 · 5 a bare year 1950–2049.
 */
const POINT = new RegExp(
  [
    String.raw`(?<cnY>\d{4})\s*年(?:\s*(?<cnM>\d{1,2})\s*月(?:\s*\d{1,2}\s*[日号])?)?`,
    String.raw`\b(?<enM>${MONTH_WORD})\.?,?\s*(?<enY>\d{4})(?!\d)`,
    String.raw`(?<![\d.])(?<ymY>\d{4})\s*[./-]\s*(?<ymM>\d{1,2})(?:[./-]\d{1,2})?(?![\d])`,
    String.raw`(?<![\d./-])(?<myM>\d{1,2})\s*[/.-]\s*(?<myY>\d{4})(?!\d)`,
    String.raw`(?<![\d.])(?<y>19[5-9]\d|20[0-4]\d)(?!\d|\.\d)`,
  ].join('|'),
  'giu',
);

/** Between the two ends of a range. */
const SEPARATOR = /^\s*(?:-{1,2}|–{1,2}|—{1,2}|~|至|到|to|till|until|through|thru)\s*/iu;
/** An open end, read right after a start and a separator. */
const PRESENT = /^(?:至今|迄今|今|现在|目前|now|present|current(?:ly)?|today|date|ongoing)(?![a-z])/iu;
/** An open end written without a separator: "2019.03 至今". */
const PRESENT_ALONE = /^(?:至今|迄今)/u;
/** "Jun – Aug 2024": a start month without its year takes the end's. */
const BARE_MONTH_START = new RegExp(String.raw`\b(${MONTH_WORD})\.?\s*(?:-{1,2}|–|—|~|to)\s*$`, 'iu');

interface Token {
  point: MonthPoint;
  index: number;
  end: number;
}

const validYear = (y: number) => y >= 1950 && y <= 2049;

function toPoint(g: Record<string, string | undefined>): MonthPoint | null {
  let year: number;
  let month: number | null = null;
  if (g.cnY) {
    year = Number(g.cnY);
    month = g.cnM ? Number(g.cnM) : null;
  } else if (g.enY) {
    year = Number(g.enY);
    month = MONTH_NUMBER[g.enM!.slice(0, 3).toLowerCase()] ?? null;
  } else if (g.ymY) {
    year = Number(g.ymY);
    month = Number(g.ymM);
  } else if (g.myY) {
    year = Number(g.myY);
    month = Number(g.myM);
  } else year = Number(g.y);
  if (!validYear(year) || (month !== null && (month < 1 || month > 12))) return null;
  return { year, month };
}

/** Every single date in a line, in order. */
export function findDates(line: string): Token[] {
  const out: Token[] = [];
  for (const m of line.matchAll(POINT)) {
    const point = toPoint(m.groups ?? {});
    if (point) out.push({ point, index: m.index, end: m.index + m[0].length });
  }
  return out;
}

/** Every date range in a line (a start followed by a separator and an end or an open end). */
export function findDateRanges(line: string): DateRange[] {
  const tokens = findDates(line);
  const out: DateRange[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const start = tokens[i]!;
    const rest = line.slice(start.end);
    const sep = SEPARATOR.exec(rest);
    const afterSep = sep ? rest.slice(sep[0].length) : rest.replace(/^\s*/u, '');
    const present = (sep ? PRESENT : PRESENT_ALONE).exec(afterSep);
    if (present) {
      const endAt = line.length - afterSep.length + present[0].length;
      out.push({ start: start.point, end: null, current: true, index: start.index, text: line.slice(start.index, endAt) });
      continue;
    }
    const next = tokens[i + 1];
    if (sep && next && next.index === start.end + sep[0].length) {
      if (monthIndex(next.point) < monthIndex(start.point)) continue;
      out.push({ start: start.point, end: next.point, current: false, index: start.index, text: line.slice(start.index, next.end) });
      i++;
      continue;
    }
    // "Jun – Aug 2024": this token is the end; the start is a month name without a year.
    const before = BARE_MONTH_START.exec(line.slice(0, start.index));
    if (before && start.point.month !== null) {
      const month = MONTH_NUMBER[before[1]!.slice(0, 3).toLowerCase()]!;
      if (month <= start.point.month) {
        out.push({ start: { year: start.point.year, month }, end: start.point, current: false, index: before.index, text: line.slice(before.index, start.end) });
      }
    }
  }
  return out;
}

/** Months since year 0, a year alone counting as its January. */
export function monthIndex(p: MonthPoint): number {
  return p.year * 12 + (p.month ?? 1) - 1;
}

/** 'YYYY-MM' (January when only the year is known). */
export function toYearMonth(p: MonthPoint): string {
  return `${p.year}-${String(p.month ?? 1).padStart(2, '0')}`;
}

/** The month of a 'YYYY-MM-DD' reference date. */
export function monthOf(isoDate: string): MonthPoint {
  return { year: Number(isoDate.slice(0, 4)), month: Number(isoDate.slice(5, 7)) };
}

/**
 * Whole months a range covers: both ends counted when both have months, otherwise the
 * difference (a year alone reads as its January). An open range ends in `today`'s month.
 * null for a range that ends before it starts.
 */
export function rangeMonths(start: MonthPoint, end: MonthPoint | null, today: MonthPoint): number | null {
  const last = end ?? today;
  const both = start.month !== null && last.month !== null;
  const months = monthIndex(last) - monthIndex(start) + (both ? 1 : 0);
  return months >= 0 ? months : null;
}

/** Merge [start, end) month intervals and count the months they cover, overlaps once. */
export function coveredMonths(intervals: Array<[number, number]>): number {
  const sorted = intervals.filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0]);
  let total = 0;
  let curStart = -Infinity;
  let curEnd = -Infinity;
  for (const [a, b] of sorted) {
    if (a > curEnd) {
      if (curEnd > curStart) total += curEnd - curStart;
      curStart = a;
      curEnd = b;
    } else curEnd = Math.max(curEnd, b);
  }
  if (curEnd > curStart) total += curEnd - curStart;
  return total;
}
