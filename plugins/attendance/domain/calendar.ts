/**
 * China's work calendar: which days are workdays, weekend rest days, statutory
 * holidays (法定节假日) and rest days inside a holiday period.
 *
 * Two sources are combined:
 * - the `chinese-days` package lists, per year it knows, every day off of each
 *   holiday period (`holidays`) and every weekend made a workday (`workdays`);
 * - the law (《全国年节及纪念日放假办法》 and its 2007, 2013 and 2024
 *   revisions) names which of those days are the statutory holidays, the days
 *   that pay 300% overtime. The package does not say that, so `statutoryDates`
 *   computes them from the lunar and solar-term dates of each year.
 *
 * Pure: callers pass the company and hand-entered days in (`CalendarOverrides`).
 */
import cd from 'chinese-days';
import { createRequire } from 'node:module';
import { addDays, dateRange, isWeekend, yearOf } from './time.js';
import type { CalendarDay, DayKind } from './types.js';

/** A year that neither the package nor an admin has holiday data for. */
export class UnknownHolidayYearError extends Error {
  constructor(readonly year: number) {
    super(`no holiday data for ${year}`);
    this.name = 'UnknownHolidayYearError';
  }
}

/** A day entered by hand: a company day, or a national day of a year typed in by an admin. */
export interface CalendarOverrideDay {
  kind: DayKind;
  name: string;
}

export interface CalendarOverrides {
  /** Company days (source `company`): win over everything. */
  company: Map<string, CalendarOverrideDay>;
  /** National holidays entered by hand (source `manual`), used for the years in `manualYears`. */
  manual: Map<string, CalendarOverrideDay>;
  /** Years whose national holidays were entered by hand: they beat the package. */
  manualYears: Set<number>;
}

/** Overrides with nothing in them (a fresh object each call: the maps are mutable). */
export function emptyOverrides(): CalendarOverrides {
  return { company: new Map(), manual: new Map(), manualYears: new Set() };
}

// ---------------------------------------------------------------- package data

type DateMap = Record<string, string>;
// Read through require: a JSON `import` needs an attribute that Node 20 still flags as experimental.
const packageData = createRequire(import.meta.url)('chinese-days/dist/chinese-days.json') as { holidays: DateMap; workdays: DateMap };
const pkgHolidays = packageData.holidays as DateMap;
const pkgWorkdays = packageData.workdays as DateMap;

/** Package festival names (English part) → the Chinese name shown to people. */
const FESTIVAL_NAMES: Record<string, string> = {
  "New Year's Day": '元旦',
  'Spring Festival': '春节',
  'Tomb-sweeping Day': '清明节',
  'Labour Day': '劳动节',
  'Dragon Boat Festival': '端午节',
  'Mid-autumn Festival': '中秋节',
  'National Day': '国庆节',
  'Anti-Fascist 70th Day': '抗战胜利70周年纪念日',
};

/**
 * A package entry `"English,中文,N"` → festival name and N, the number of
 * statutory days the package records for that festival.
 */
export function parsePackageEntry(entry: string): { name: string; statutoryDays: number } {
  const parts = entry.split(',');
  const english = parts[0] ?? '';
  const statutoryDays = Number(parts[parts.length - 1]);
  return { name: FESTIVAL_NAMES[english] ?? parts[1] ?? english, statutoryDays };
}

const PACKAGE_YEARS = [...new Set(Object.keys(pkgHolidays).map(yearOf))].sort((a, b) => a - b);

/** The first and last year the installed chinese-days package has holiday data for. */
export function packageYears(): { from: number; to: number } {
  return { from: PACKAGE_YEARS[0]!, to: PACKAGE_YEARS[PACKAGE_YEARS.length - 1]! };
}

/** Whether the chinese-days package has holiday data for `year`. */
export function isPackageYear(year: number): boolean {
  return PACKAGE_YEARS.includes(year);
}

// ---------------------------------------------------------------- statutory holidays by law

/** Years the law-based computation supports (the 1999 rules onward; lunar tables end in 2100). */
export const STATUTORY_RULE_YEARS = { from: 1999, to: 2100 } as const;

const statutoryCache = new Map<number, Map<string, string>>();

function lunarToSolar(year: number, month: number, day: number): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return cd.getSolarDateFromLunar(`${year}-${pad(month)}-${pad(day)}`).date;
}

/**
 * The statutory holiday dates (法定节假日, 300% overtime) of `year` by the law
 * in force that year, date → Chinese festival name:
 * 元旦 Jan 1; 春节 1999–2007 初一~初三, 2008–2013 除夕~初二, 2014–2024 初一~初三,
 * 2025+ 除夕~初三; 清明 (solar term, from 2008); 劳动节 1999–2007 May 1–3,
 * 2008–2024 May 1, 2025+ May 1–2; 端午 (lunar 5/5) and 中秋 (lunar 8/15) from
 * 2008; 国庆节 Oct 1–3; 2015-09-03 (抗战胜利70周年).
 *
 * When two festivals fall on the same date (中秋 on Oct 1 in 2020) each still
 * has its statutory day, so the lunar one takes the next free date. The 2020
 * notice gave 10-01..08 for both without naming the fourth statutory day;
 * we chose 2020-10-04, the first free day after, as most local 人社 guidance did.
 * Throws RangeError outside `STATUTORY_RULE_YEARS`.
 */
export function statutoryDates(year: number): Map<string, string> {
  const cached = statutoryCache.get(year);
  if (cached) return cached;
  if (!Number.isInteger(year) || year < STATUTORY_RULE_YEARS.from || year > STATUTORY_RULE_YEARS.to) {
    throw new RangeError(`statutory holidays are computed for ${STATUTORY_RULE_YEARS.from}–${STATUTORY_RULE_YEARS.to}, not ${year}`);
  }
  const dates = new Map<string, string>();
  const put = (date: string, name: string) => {
    let d = date;
    while (dates.has(d)) d = addDays(d, 1);
    dates.set(d, name);
  };

  // Fixed solar dates first, so a lunar festival landing on one of them is the one that moves.
  put(`${year}-01-01`, '元旦');
  const labourDays = year <= 2007 ? 3 : year <= 2024 ? 1 : 2;
  for (let day = 1; day <= labourDays; day++) put(`${year}-05-0${day}`, '劳动节');
  for (let day = 1; day <= 3; day++) put(`${year}-10-0${day}`, '国庆节');
  if (year === 2015) put('2015-09-03', '抗战胜利70周年纪念日');

  const lunarNewYear = lunarToSolar(year, 1, 1);
  const springOffsets = year <= 2007 || (year >= 2014 && year <= 2024) ? [0, 1, 2] : year <= 2013 ? [-1, 0, 1] : [-1, 0, 1, 2];
  for (const offset of springOffsets) put(addDays(lunarNewYear, offset), '春节');

  if (year >= 2008) put(cd.getSolarTermDate(year, 4, 'pure_brightness'), '清明节');

  if (year >= 2008) {
    put(lunarToSolar(year, 5, 5), '端午节');
    put(lunarToSolar(year, 8, 15), '中秋节');
  }


  const sorted = new Map([...dates].sort(([a], [b]) => (a < b ? -1 : 1)));
  statutoryCache.set(year, sorted);
  return sorted;
}

// ---------------------------------------------------------------- classification

function weekdayDefault(date: string): CalendarDay {
  return { date, kind: isWeekend(date) ? 'restday' : 'workday', name: '', adjusted: false, source: 'weekday' };
}

function fromOverride(date: string, day: CalendarOverrideDay, source: 'manual' | 'company'): CalendarDay {
  return { date, kind: day.kind, name: day.name, adjusted: day.kind === 'workday' && isWeekend(date), source };
}

/**
 * Classify one date. Order: a company day wins; a year entered by hand uses
 * its manual entries (other dates: Mon–Fri workday, Sat/Sun rest day); a
 * package year uses the package: its holiday dates are `statutory` when the
 * law makes them so (`statutoryDates`) and `holiday_rest` otherwise, its
 * workdays are adjusted workdays (调休上班). A statutory date the package
 * leaves out (its data misses 2012-06-23, 端午 on a Saturday) is still
 * `statutory`: the law decides. Throws `UnknownHolidayYearError` for a year
 * known to neither.
 */
export function classifyDay(date: string, overrides: CalendarOverrides): CalendarDay {
  const company = overrides.company.get(date);
  if (company) return fromOverride(date, company, 'company');

  const year = yearOf(date);
  if (overrides.manualYears.has(year)) {
    const manual = overrides.manual.get(date);
    return manual ? fromOverride(date, manual, 'manual') : weekdayDefault(date);
  }
  if (!isPackageYear(year)) throw new UnknownHolidayYearError(year);

  const workday = pkgWorkdays[date];
  if (workday !== undefined) {
    return { date, kind: 'workday', name: parsePackageEntry(workday).name, adjusted: true, source: 'package' };
  }
  const statutoryName = statutoryDates(year).get(date);
  if (statutoryName !== undefined) return { date, kind: 'statutory', name: statutoryName, adjusted: false, source: 'package' };
  const holiday = pkgHolidays[date];
  if (holiday !== undefined) {
    return { date, kind: 'holiday_rest', name: parsePackageEntry(holiday).name, adjusted: false, source: 'package' };
  }
  return weekdayDefault(date);
}

/** Every date from `from` to `to` inclusive, classified; throws `UnknownHolidayYearError` for the first unknown year. */
export function classifyRange(from: string, to: string, overrides: CalendarOverrides): CalendarDay[] {
  return dateRange(from, to).map((date) => classifyDay(date, overrides));
}
