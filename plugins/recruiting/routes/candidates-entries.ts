/**
 * HR's corrections of the education and experience lists on the candidate page. A plain form
 * that works without JavaScript: the stored rows, then one empty row to add another, each
 * stored row with a "remove" box. Inputs are named by path (`education.0.school`,
 * `experience.2.current`) so a validation message lands on the input it is about.
 *
 * Only a list whose rows HR actually changed goes into the patch (the service then records it
 * as corrected and later parses keep it). The service does not derive the total years from
 * the list, so when the experience's dates change the total is recomputed here from HR's rows
 * with the parser's rule (domain/parse: overlaps counted once, internships left out) — unless
 * HR set the years by hand, now or before. A "N年经验" sentence of the résumé is not kept as a
 * lower bound once HR has corrected the list: the years then follow the list HR vouches for
 * (HR types the years when the résumé's own figure is better). Pure.
 */
import { z } from '../../../core/sdk.js';
import { monthOf, rangeMonths, type MonthPoint } from '../domain/parse/dates.js';
import { totalYears } from '../domain/parse/experience.js';
import { INTERNSHIP_TITLE } from '../domain/parse/vocabulary.js';
import { DEGREES, type Degree, type Experience, type ResumeProfile } from '../domain/types.js';
import type { CandidatePatch } from '../services/candidates.js';

/** The service's caps (candidatePatchSchema). */
export const MAX_EDUCATION = 20;
export const MAX_EXPERIENCE = 50;
/** Row indices a post may use: stored rows, the empty one, and room for a page re-rendered after an error. */
const MAX_INDEX = 200;

export const ENTRY_KINDS = ['education', 'experience'] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];
export const ENTRY_FIELDS = {
  education: ['school', 'degree', 'major', 'start', 'end'],
  experience: ['company', 'title', 'start', 'end', 'current'],
} as const satisfies Record<EntryKind, readonly string[]>;

const ENTRY_KEY = /^(education|experience)\.(\d{1,3})\.([a-z]+)$/;

// ---------------------------------------------------------------- months

/** '2019-07', '2019.7', '2019/07', '2019年7月' → '2019-07'; null when it is not a month. */
export function normalizeMonth(text: string): string | null {
  const m = /^(\d{4})\s*(?:[-./]|年)\s*(\d{1,2})\s*月?$/u.exec(text.trim());
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  if (year < 1940 || year > 2100 || month < 1 || month > 12) return null;
  return `${year}-${String(month).padStart(2, '0')}`;
}

const point = (month: string): MonthPoint => ({ year: Number(month.slice(0, 4)), month: Number(month.slice(5, 7)) });

// ---------------------------------------------------------------- the form's schema

const cell = (max: number) => z.preprocess((v) => (typeof v === 'string' ? v.trim() : ''), z.string().max(max));
const monthCell = z.preprocess((v) => (typeof v === 'string' ? v.trim() : ''), z.string().max(20)).transform((v, ctx) => {
  if (v === '') return null;
  const month = normalizeMonth(v);
  if (month === null) {
    ctx.addIssue({ code: 'custom', message: 'recruiting.candidates.error.month' });
    return z.NEVER;
  }
  return month;
});
const box = z.preprocess((v) => v === '1', z.boolean());
const orNull = (v: string) => (v === '' ? null : v);

const educationRow = z
  .object({ school: cell(100), degree: z.preprocess((v) => v ?? '', z.enum(['', ...DEGREES])), major: cell(100), start: monthCell, end: monthCell, remove: box })
  .superRefine((row, ctx) => {
    if (row.remove || isBlankEducation(row)) return;
    if (!row.school && !row.degree && !row.major) ctx.addIssue({ code: 'custom', path: ['school'], message: 'recruiting.candidates.error.school' });
    if (row.start && row.end && row.end < row.start) ctx.addIssue({ code: 'custom', path: ['end'], message: 'recruiting.candidates.error.endBeforeStart' });
  });
type EducationRow = z.output<typeof educationRow>;
const isBlankEducation = (r: Omit<EducationRow, 'remove'>) => !r.school && !r.degree && !r.major && !r.start && !r.end;

const experienceRow = z
  .object({ company: cell(100), title: cell(100), start: monthCell, end: monthCell, current: box, remove: box })
  .superRefine((row, ctx) => {
    if (row.remove || isBlankExperience(row)) return;
    if (!row.company && !row.title) ctx.addIssue({ code: 'custom', path: ['company'], message: 'recruiting.candidates.error.company' });
    if (row.current && row.end) ctx.addIssue({ code: 'custom', path: ['end'], message: 'recruiting.candidates.error.endAndCurrent' });
    else if (row.start && row.end && row.end < row.start) ctx.addIssue({ code: 'custom', path: ['end'], message: 'recruiting.candidates.error.endBeforeStart' });
  });
type ExperienceRow = z.output<typeof experienceRow>;
const isBlankExperience = (r: Omit<ExperienceRow, 'remove'>) => !r.company && !r.title && !r.start && !r.end && !r.current;

export interface EducationEntry {
  school: string | null;
  degree: Degree | null;
  major: string | null;
  start: string | null;
  end: string | null;
}
/** An experience row as HR typed it; the months are counted by `entriesPatch`. */
export interface ExperienceEntry {
  company: string | null;
  title: string | null;
  start: string | null;
  end: string | null;
  current: boolean;
}

/** Absent when the post had no row of the list (a client that only knows the other fields): nothing changes. */
export const entryFields = {
  education: z
    .array(educationRow)
    .superRefine((rows, ctx) => {
      if (rows.filter((r) => !r.remove && !isBlankEducation(r)).length > MAX_EDUCATION) ctx.addIssue({ code: 'custom', message: 'recruiting.candidates.error.educationRows' });
    })
    .transform((rows): EducationEntry[] =>
      rows
        .filter((r) => !r.remove && !isBlankEducation(r))
        .map((r) => ({ school: orNull(r.school), degree: r.degree === '' ? null : r.degree, major: orNull(r.major), start: r.start, end: r.end })),
    )
    .optional(),
  experience: z
    .array(experienceRow)
    .superRefine((rows, ctx) => {
      if (rows.filter((r) => !r.remove && !isBlankExperience(r)).length > MAX_EXPERIENCE) ctx.addIssue({ code: 'custom', message: 'recruiting.candidates.error.experienceRows' });
    })
    .transform((rows): ExperienceEntry[] =>
      rows
        .filter((r) => !r.remove && !isBlankExperience(r))
        .map((r) => ({ company: orNull(r.company), title: orNull(r.title), start: r.start, end: r.current ? null : r.end, current: r.current })),
    )
    .optional(),
};

/**
 * Preprocess for the form's schema: the `education.N.field` inputs become arrays of rows (a
 * gap in the numbering an empty row). A row ticked for removal is not checked at all: it
 * becomes `{ remove: '1' }`.
 */
export function nestEntries(body: unknown): unknown {
  if (typeof body !== 'object' || body === null) return body;
  const out: Record<string, unknown> = {};
  const lists: Partial<Record<EntryKind, Record<string, unknown>[]>> = {};
  for (const [key, raw] of Object.entries(body)) {
    const m = ENTRY_KEY.exec(key);
    if (!m) {
      out[key] = raw;
      continue;
    }
    const kind = m[1] as EntryKind;
    const index = Number(m[2]);
    if (index >= MAX_INDEX) continue;
    const rows = (lists[kind] ??= []);
    (rows[index] ??= {})[m[3]!] = Array.isArray(raw) ? raw[0] : raw;
  }
  for (const kind of ENTRY_KINDS) {
    const rows = lists[kind];
    if (rows) out[kind] = Array.from(rows, (row) => (row === undefined ? {} : row.remove === '1' ? { remove: '1' } : row));
  }
  return out;
}

// ---------------------------------------------------------------- what the form shows

/** The stored lists as the form's values (`education.0.school` → 北京大学). */
export function entryValues(profile: ResumeProfile | null): Record<string, string> {
  const out: Record<string, string> = {};
  profile?.education.forEach((e, i) => {
    Object.assign(out, {
      [`education.${i}.school`]: e.school ?? '',
      [`education.${i}.degree`]: e.degree ?? '',
      [`education.${i}.major`]: e.major ?? '',
      [`education.${i}.start`]: e.start ?? '',
      [`education.${i}.end`]: e.end ?? '',
    });
  });
  profile?.experience.forEach((e, i) => {
    Object.assign(out, {
      [`experience.${i}.company`]: e.company ?? '',
      [`experience.${i}.title`]: e.title ?? '',
      [`experience.${i}.start`]: e.start ?? '',
      [`experience.${i}.end`]: e.current ? '' : (e.end ?? ''),
      [`experience.${i}.current`]: e.current ? '1' : '',
    });
  });
  return out;
}

/** The row inputs of a post, as typed (to show them again after an error). */
export function pickEntryValues(values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter(([key]) => ENTRY_KEY.test(key) && Number(key.split('.')[1]) < MAX_INDEX));
}

export interface EntryFormRow {
  index: number;
  /** Field → value as typed (`remove` included). */
  values: Record<string, string>;
  /** The empty row offered to add one: no remove box. */
  isNew: boolean;
}

/** The rows to print for one list: those in `values`, then an empty one unless an empty row is already there. */
export function entryFormRows(values: Record<string, string>, kind: EntryKind): EntryFormRow[] {
  const byIndex = new Map<number, Record<string, string>>();
  for (const [key, value] of Object.entries(values)) {
    const m = ENTRY_KEY.exec(key);
    if (!m || m[1] !== kind || Number(m[2]) >= MAX_INDEX) continue;
    const row = byIndex.get(Number(m[2])) ?? {};
    row[m[3]!] = value;
    byIndex.set(Number(m[2]), row);
  }
  const blank = (row: Record<string, string>) => ENTRY_FIELDS[kind].every((f) => (row[f] ?? '').trim() === '');
  const rows = [...byIndex.entries()].sort(([a], [b]) => a - b).map(([index, row]) => ({ index, values: row, isNew: blank(row) && row.remove !== '1' }));
  if (!rows.some((r) => r.isNew)) rows.push({ index: rows.length ? rows.at(-1)!.index + 1 : 0, values: {}, isNew: true });
  return rows;
}

// ---------------------------------------------------------------- the patch

const educationKey = (e: EducationEntry) => [e.school, e.degree, e.major, e.start, e.end];
const experienceKey = (e: ExperienceEntry) => [e.company, e.title, e.start, e.current ? null : e.end, e.current];
const sameRows = <T>(a: readonly T[], b: readonly T[], key: (row: T) => unknown[]) => JSON.stringify(a.map(key)) === JSON.stringify(b.map(key));

/** Whole months of a row, an open one up to `today` (null without a start, or an end before it). */
export function entryMonths(e: ExperienceEntry, today: MonthPoint): number | null {
  if (e.start === null || (!e.current && e.end === null)) return null;
  return rangeMonths(point(e.start), e.current ? null : point(e.end!), today);
}

type CountedRow = Pick<Experience, 'title' | 'start' | 'end' | 'current' | 'months'>;

/** Total years of experience rows by the parser's rule: overlaps once, internships left out (by their title). */
export function yearsFromRows(rows: readonly CountedRow[]): number | null {
  const entries = rows.map((r) => ({ company: null, ...r, confidence: 1, source: null }));
  const internship = rows.map((r) => INTERNSHIP_TITLE.test(r.title ?? ''));
  // `today` only matters for the parser's open ranges, already counted in `months`.
  return totalYears({ entries, internship }, { year: 0, month: 1 }, { value: null, confidence: 0, source: null }).value;
}

/** What the total depends on: the dates and whether a row is an internship (a company name's typo is not one). */
const countedFacts = (rows: readonly Pick<Experience, 'title' | 'start' | 'end' | 'current'>[]) =>
  JSON.stringify(rows.map((r) => [r.start, r.current ? null : r.end, r.current, INTERNSHIP_TITLE.test(r.title ?? '')]));

export interface EntriesBefore {
  profile: ResumeProfile | null;
  /** Fields HR corrected earlier. */
  corrected: readonly string[];
}

/**
 * The part of the patch about the lists: each list only when its rows changed. When the
 * experience's dates changed (rows added, removed, re-dated, an internship retitled) the
 * total years are recomputed from the new rows — unless HR set the years by hand: in this
 * same form (`yearsInPatch`), or earlier (corrected, and not the figure the stored rows give,
 * which is what an earlier recomputation stored: the rows keep the months counted then).
 */
export function entriesPatch(
  before: EntriesBefore,
  submitted: { education?: EducationEntry[] | undefined; experience?: ExperienceEntry[] | undefined },
  options: { today: string; yearsInPatch: boolean },
): Pick<CandidatePatch, 'education' | 'experience' | 'totalYears'> {
  const patch: Pick<CandidatePatch, 'education' | 'experience' | 'totalYears'> = {};
  const stored = before.profile;
  const storedEducation: EducationEntry[] = (stored?.education ?? []).map((e) => ({ school: e.school, degree: e.degree, major: e.major, start: e.start, end: e.end }));
  const storedExperience: ExperienceEntry[] = (stored?.experience ?? []).map((e) => ({ company: e.company, title: e.title, start: e.start, end: e.end, current: e.current }));
  if (submitted.education && !sameRows(submitted.education, storedEducation, educationKey)) patch.education = submitted.education;
  if (submitted.experience && !sameRows(submitted.experience, storedExperience, experienceKey)) {
    const today = monthOf(options.today);
    const rows = submitted.experience.map((e) => ({ ...e, months: entryMonths(e, today) }));
    patch.experience = rows;
    const storedYears = stored?.totalYears.value ?? null;
    const typedEarlier = before.corrected.includes('totalYears') && storedYears !== yearsFromRows(stored?.experience ?? []);
    if (countedFacts(rows) !== countedFacts(storedExperience) && !options.yearsInPatch && !typedEarlier) patch.totalYears = yearsFromRows(rows);
  }
  return patch;
}
