/**
 * The job form's pure parts, shared by the job pages (routes/jobs.ts) and the requisition
 * and plan pages: posted fields → the job service's input, the pipeline stage editor's
 * moves (applied on the server, so every button also works without JavaScript), skills as
 * comma-separated text ↔ canonical names, and the department tree as select options.
 * No IO here: callers pass what the database said.
 */
import { z, type PluginDepartment, type Translate } from '../../../core/sdk.js';
import { canonicalSkill, skillInfo } from '../domain/skills.js';
import { languageCode } from '../domain/requirements.js';
import { DEGREES, type JobRequirements } from '../domain/types.js';
import type { StageDef } from '../schema.js';
import { EMPLOYMENT_TYPES, type JobCreateInput } from '../services/jobs.js';
import { SINGLE_KINDS, STAGE_KINDS, type StageKind } from '../services/stages.js';

// ------------------------------------------------------------------ departments

export interface DepartmentOption {
  id: number;
  name: string;
  /** 0 for a top-level department. */
  depth: number;
  path: string;
}

/** Departments in tree order (as the directory lists them) with their depth, optionally only some. */
export function departmentOptions(departments: readonly PluginDepartment[], only?: ReadonlySet<number> | 'all'): DepartmentOption[] {
  const parent = new Map(departments.map((d) => [d.id, d.parentId]));
  const depth = (id: number): number => {
    let n = 0;
    // Bounded by the number of departments: a (corrupt) cycle cannot loop forever.
    for (let p = parent.get(id) ?? null; p !== null && n < departments.length; p = parent.get(p) ?? null) n++;
    return n;
  };
  return departments.filter((d) => !only || only === 'all' || only.has(d.id)).map((d) => ({ id: d.id, name: d.name, depth: depth(d.id), path: d.path }));
}

// ------------------------------------------------------------------ skills and lists

/** "React, TS，Vue、CSS" → ['React', 'TS', 'Vue', 'CSS']: the separators people type in both languages. */
export function splitList(raw: string | undefined): string[] {
  return (raw ?? '')
    .split(/[,，、;；\n\r]+/u)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

export interface CanonicalSkill {
  /** The canonical name the scorer uses. */
  skill: string;
  /** How people read it in the locale. */
  label: string;
  /** False for a name outside the skill vocabulary: matched literally only. */
  known: boolean;
}

/**
 * How a skill is shown in the form. Names of products and languages stay as written
 * everywhere (React, Excel, Spring Boot: Chinese HR types them so too); a skill whose
 * English label is a plain phrase ("Financial analysis") reads in Chinese for a Chinese
 * reader (财务分析). Unknown skills show as typed (canonical form).
 */
export function displaySkill(skill: string, locale: 'zh' | 'en'): string {
  const info = skillInfo(skill);
  if (!info) return skill;
  const phrase = /^[A-Z][a-z]+(?: [a-z]+)+$/.test(info.label);
  return locale === 'zh' && phrase && /\p{Script=Han}/u.test(info.labelZh) ? info.labelZh : info.label;
}

/** What the scorer will make of a typed skill list: canonical names, each once. */
export function canonicalSkills(raw: string | undefined, locale: 'zh' | 'en'): CanonicalSkill[] {
  const seen = new Set<string>();
  const out: CanonicalSkill[] = [];
  for (const typed of splitList(raw)) {
    const skill = canonicalSkill(typed);
    if (skill === '' || seen.has(skill)) continue;
    seen.add(skill);
    out.push({ skill, label: displaySkill(skill, locale), known: skillInfo(skill) !== null });
  }
  return out;
}

/** Canonical language codes of a typed list ('英语, Japanese' → ['en', 'ja']). */
export function languageCodes(raw: string | undefined): string[] {
  return [...new Set(splitList(raw).map(languageCode).filter((l) => l !== ''))];
}

/** Requirements as the form's text fields (skills by display label, so HR reads what they typed). */
export function requirementValues(r: JobRequirements, locale: 'zh' | 'en'): Record<string, string> {
  return {
    mustHave: r.mustHave.map((s) => displaySkill(s, locale)).join(', '),
    niceToHave: r.niceToHave.map((s) => displaySkill(s, locale)).join(', '),
    minYears: r.minYears === null ? '' : String(r.minYears),
    degree: r.degree ?? '',
    languages: r.languages.join(', '),
  };
}

// ------------------------------------------------------------------ the posted form

const blankToNull = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? null : v);
const optionalInt = (max: number) => z.preprocess(blankToNull, z.coerce.number().int().min(0).max(max).nullable());

/** The job form as posted (urlencoded or multipart); `parseForm` gives messages in the request's language. */
export const jobFormSchema = z.object({
  title: z.string().trim().min(1).max(100),
  departmentId: z.preprocess(blankToNull, z.coerce.number().int().positive().nullable()).default(null),
  location: z.string().trim().max(100).default(''),
  employmentType: z.enum(EMPLOYMENT_TYPES).default('full_time'),
  headcount: z.coerce.number().int().min(1).max(10_000),
  salaryMin: optionalInt(10_000_000).default(null),
  salaryMax: optionalInt(10_000_000).default(null),
  description: z.string().max(20_000).default(''),
  mustHave: z.string().max(3000).default(''),
  niceToHave: z.string().max(3000).default(''),
  minYears: z.preprocess(blankToNull, z.coerce.number().min(0).max(50).nullable()).default(null),
  degree: z.preprocess(blankToNull, z.enum(DEGREES).nullable()).default(null),
  languages: z.string().max(400).default(''),
  blind: z.preprocess((v) => v === 'on' || v === '1' || v === 'true', z.boolean()),
  requisitionId: z.preprocess(blankToNull, z.coerce.number().int().positive().nullable()).default(null),
});
export type JobForm = z.output<typeof jobFormSchema>;

/**
 * The service input for a posted form. `extractWhenEmpty` (new jobs): requirement fields
 * left empty mean "extract them from the description when saving", as the API does.
 */
export function jobInputOf(form: JobForm, stages: StageRow[], options: { extractWhenEmpty: boolean }): JobCreateInput {
  const must = splitList(form.mustHave);
  const nice = splitList(form.niceToHave);
  const languages = splitList(form.languages);
  const noRequirements = !must.length && !nice.length && !languages.length && form.minYears === null && form.degree === null;
  return {
    title: form.title,
    departmentId: form.departmentId,
    location: form.location,
    employmentType: form.employmentType,
    headcount: form.headcount,
    salaryMin: form.salaryMin,
    salaryMax: form.salaryMax,
    description: form.description,
    ...(options.extractWhenEmpty && noRequirements ? {} : { requirements: { mustHave: must, niceToHave: nice, minYears: form.minYears, degree: form.degree, languages } }),
    blind: form.blind,
    stages: stages.map((s) => ({ ...(s.key ? { key: s.key } : {}), label: s.label, kind: s.kind })),
    requisitionId: form.requisitionId,
  };
}

// ------------------------------------------------------------------ the stage editor

/** A stage as the editor posts it: `key` is '' for a stage added in this edit (the service names it). */
export interface StageRow {
  key: string;
  kind: StageKind;
  label: string;
}

const MAX_STAGES = 20;
const MIN_STAGES = 3;
const isSingle = (kind: StageKind) => (SINGLE_KINDS as readonly string[]).includes(kind);

/** The editor's rows from the posted parallel fields stageKey[], stageKind[], stageLabel[] (malformed rows dropped). */
export function stageRowsOf(body: Record<string, unknown>): StageRow[] {
  const list = (v: unknown): string[] => (v === undefined ? [] : (Array.isArray(v) ? v : [v]).map((x) => (typeof x === 'string' ? x : '')));
  const keys = list(body.stageKey);
  const kinds = list(body.stageKind);
  const labels = list(body.stageLabel);
  const rows: StageRow[] = [];
  for (let i = 0; i < kinds.length; i++) {
    const kind = kinds[i] as StageKind;
    if (!(STAGE_KINDS as readonly string[]).includes(kind)) continue;
    rows.push({ key: (keys[i] ?? '').trim(), kind, label: (labels[i] ?? '').trim().slice(0, 40) });
  }
  return rows;
}

export const stageRowsFrom = (stages: readonly StageDef[]): StageRow[] => stages.map((s) => ({ key: s.key, kind: s.kind, label: s.label }));

/** What a button of the editor asks for. */
export type StageAction = { op: 'up' | 'down' | 'remove'; index: number } | { op: 'add'; label: string; kind: StageKind };

/** `_action` values of the editor's buttons: `stage-up:2`, `stage-down:2`, `stage-remove:3`, `stage-add`. */
export function parseStageAction(action: string | undefined, body: Record<string, unknown>): StageAction | null {
  if (!action) return null;
  const m = /^stage-(up|down|remove):(\d{1,2})$/.exec(action);
  if (m) return { op: m[1] as 'up' | 'down' | 'remove', index: Number(m[2]) };
  if (action === 'stage-add') {
    const kind = typeof body.newStageKind === 'string' && ['custom', 'screening', 'interview'].includes(body.newStageKind) ? (body.newStageKind as StageKind) : 'custom';
    const label = typeof body.newStageLabel === 'string' ? body.newStageLabel.trim() : '';
    return { op: 'add', label, kind };
  }
  return null;
}

/** Which buttons a row gets: applied stays first and hired last; single kinds and stages holding applications stay. */
export function stageControls(rows: readonly StageRow[], index: number, counts: ReadonlyMap<string, number>): { up: boolean; down: boolean; remove: boolean } {
  const n = rows.length;
  const row = rows[index];
  if (!row) return { up: false, down: false, remove: false };
  const movable = row.kind !== 'applied' && row.kind !== 'hired';
  return {
    up: movable && index >= 2,
    down: movable && index <= n - 3,
    remove: !isSingle(row.kind) && n > MIN_STAGES && (row.key === '' || (counts.get(row.key) ?? 0) === 0),
  };
}

export interface StageEdit {
  rows: StageRow[];
  /** An i18n key when the move is refused (the rows are then unchanged). */
  error: string | null;
  params?: Record<string, string | number>;
}

/**
 * One editor move. Refusals mirror the service's rules (services/stages.ts), so the form
 * says no before saving does; the service still checks everything on save.
 */
export function applyStageAction(rows: readonly StageRow[], action: StageAction, counts: ReadonlyMap<string, number>, nameOf: (row: StageRow) => string = (row) => row.label || row.key): StageEdit {
  const same = (error: string, params?: Record<string, string | number>): StageEdit => ({ rows: [...rows], error, ...(params ? { params } : {}) });
  if (action.op === 'add') {
    if (rows.length >= MAX_STAGES) return same('recruiting.error.stageCount', { min: MIN_STAGES, max: MAX_STAGES });
    if (action.label.length > 40) return same('recruiting.error.stageLabel');
    if (action.kind === 'custom' && action.label === '') return same('recruiting.error.stageLabel');
    // New stages go just before the offer (the decision stages stay at the end).
    const offer = rows.findIndex((r) => r.kind === 'offer');
    const at = offer >= 0 ? offer : Math.max(1, rows.length - 1);
    const next = [...rows];
    next.splice(at, 0, { key: '', kind: action.kind, label: action.label });
    return { rows: next, error: null };
  }
  const controls = stageControls(rows, action.index, counts);
  const row = rows[action.index];
  if (!row) return same('recruiting.jobs.stages.error.gone');
  const next = [...rows];
  if (action.op === 'remove') {
    if (!controls.remove) {
      const inUse = row.key !== '' ? (counts.get(row.key) ?? 0) : 0;
      if (inUse > 0) return same('recruiting.error.stageInUse', { stage: nameOf(row), count: inUse });
      return same(rows.length <= MIN_STAGES ? 'recruiting.error.stageCount' : 'recruiting.jobs.stages.error.fixed', { min: MIN_STAGES, max: MAX_STAGES });
    }
    next.splice(action.index, 1);
    return { rows: next, error: null };
  }
  const allowed = action.op === 'up' ? controls.up : controls.down;
  if (!allowed) return same('recruiting.error.stageOrder');
  const other = action.op === 'up' ? action.index - 1 : action.index + 1;
  [next[action.index], next[other]] = [next[other]!, next[action.index]!];
  return { rows: next, error: null };
}

// ------------------------------------------------------------------ form plumbing shared by the pages

/** Posted scalar fields as strings, to refill a form after an error (files, the CSRF token and repeated fields' extras left out). */
export function formValues(body: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(body)) {
    if (key === '_csrf' || key === '_action') continue;
    const one = Array.isArray(value) ? value[0] : value;
    if (typeof one === 'string') out[key] = one;
  }
  return out;
}

/** A service's refusal as the form shows it: one sentence on top, and beside the field it names (if any). */
export function refusal(err: { messageKey: string; params?: Record<string, string | number> | undefined }, t: Translate): { error: string; errors: Record<string, string> } {
  const message = t(err.messageKey, err.params);
  const field = err.params?.field;
  return { error: message, errors: typeof field === 'string' && field !== '' ? { [field]: message } : {} };
}

/** A positive integer id from a path or query parameter, or null. */
export function idOf(raw: string | undefined): number | null {
  if (!raw || !/^\d{1,12}$/.test(raw)) return null;
  const n = Number(raw);
  return n > 0 ? n : null;
}
