/**
 * What the candidate pages print, computed from presented views (services/views.ts has
 * already hidden what this viewer may not see): the parsed profile with a confidence level
 * per field, the timeline in sentences, and HR's correction form (its values, and the patch
 * of only the fields HR changed, so untouched fields are not marked "corrected"). Pure.
 */
import type { Translate } from '../../../core/sdk.js';
import { DEGREES, type LanguageSkill, type Parsed } from '../domain/types.js';
import type { StageDef } from '../schema.js';
import type { CandidatePatch } from '../services/candidates.js';
import { stageLabel } from '../services/stages.js';
import type { ActivityView, CandidateView } from '../services/views.js';
import { confidenceLevel, known, sourceLabel, type ConfidenceLevel } from './pipeline-view.js';

export interface ProfileRow {
  key: string;
  label: string;
  value: string;
  level: ConfidenceLevel;
  corrected: boolean;
  /** The résumé line the value was read from (as this viewer may read it). */
  source: string | null;
}

export interface EntryRow {
  title: string;
  detail: string;
  period: string;
  level: ConfidenceLevel;
  source: string | null;
}

const period = (start: string | null, end: string | null, current: boolean, t: Translate) =>
  start || end || current ? `${start ?? '?'} – ${current ? t('recruiting.candidates.present') : (end ?? '?')}` : '';

export const degreeLabel = (degree: string, t: Translate) => known(t, `recruiting.pipeline.degree.${degree}`, degree);
export const languageLabel = (code: string, t: Translate) => known(t, `recruiting.pipeline.language.${code}`, code);

function languagesText(list: LanguageSkill[], t: Translate): string {
  return list.map((l) => (l.level ? `${languageLabel(l.language, t)} (${l.level})` : languageLabel(l.language, t))).join(', ');
}

/** The parsed fields of a profile, each with its confidence (or "corrected by HR"). */
export function profileRows(candidate: CandidateView, t: Translate): { fields: ProfileRow[]; education: EntryRow[]; experience: EntryRow[] } {
  const p = candidate.profile;
  if (!p) return { fields: [], education: [], experience: [] };
  const row = <T>(key: string, parsed: Parsed<T>, value: string): ProfileRow => ({
    key,
    label: t(`recruiting.candidates.field.${key}`),
    value: value || '—',
    level: confidenceLevel(parsed.confidence),
    corrected: candidate.corrected.includes(key),
    source: parsed.source,
  });
  const hiddenSchool = candidate.blind ? t('recruiting.candidates.hiddenSchool') : '—';
  return {
    fields: [
      row('highestDegree', p.highestDegree, p.highestDegree.value ? degreeLabel(p.highestDegree.value, t) : ''),
      row('totalYears', p.totalYears, p.totalYears.value === null ? '' : t('recruiting.candidates.years', { n: p.totalYears.value })),
      row('skills', p.skills, p.skills.value.join(', ')),
      row('languages', p.languages, languagesText(p.languages.value, t)),
    ],
    education: p.education.map((e) => ({
      title: e.school ?? hiddenSchool,
      detail: [e.degree ? degreeLabel(e.degree, t) : '', e.major ?? ''].filter(Boolean).join(' · '),
      period: period(e.start, e.end, false, t),
      level: confidenceLevel(e.confidence),
      source: e.source,
    })),
    experience: p.experience.map((e) => ({
      title: [e.company, e.title].filter(Boolean).join(' · ') || '—',
      detail: e.months === null ? '' : t('recruiting.candidates.months', { n: e.months }),
      period: period(e.start, e.end, e.current, t),
      level: confidenceLevel(e.confidence),
      source: e.source,
    })),
  };
}

/** Identity and contact as this viewer may see them (none at all in blind mode). */
export function identityRows(candidate: CandidateView, t: Translate): { label: string; value: string; corrected: boolean }[] {
  if (candidate.blind) return [];
  const rows: { key: string; value: string | null }[] = [
    { key: 'name', value: candidate.name },
    { key: 'gender', value: candidate.gender ? t(`recruiting.candidates.gender.${candidate.gender}`) : null },
    { key: 'birthYear', value: candidate.birthYear === null ? null : String(candidate.birthYear) },
    { key: 'mobile', value: candidate.mobile },
    { key: 'email', value: candidate.email },
  ];
  return rows
    .filter((r) => r.value !== null || r.key === 'name')
    .map((r) => ({ label: t(`recruiting.candidates.field.${r.key}`), value: r.value ?? '—', corrected: candidate.corrected.includes(r.key) }));
}

export interface TimelineItem {
  at: Date;
  actor: string;
  text: string;
  /** Free text of the entry (a note, a reason), already read through the presenter. */
  note: string | null;
}

export interface TimelineContext {
  jobTitles: Map<number, string>;
  /** Stages of each application's job, to name stage keys. */
  stagesOfApplication: Map<number, readonly StageDef[]>;
  userNames: Map<number, string>;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);

/** A candidate's timeline in sentences, newest first. */
export function timelineItems(activities: ActivityView[], context: TimelineContext, t: Translate): TimelineItem[] {
  const stageName = (applicationId: number | null, key: unknown) => {
    const k = String(key ?? '');
    const stage = applicationId === null ? undefined : context.stagesOfApplication.get(applicationId)?.find((s) => s.key === k);
    return stage ? stageLabel(stage, t) : known(t, `recruiting.stage.${k}`, k);
  };
  const jobTitle = (id: unknown) => (typeof id === 'number' ? (context.jobTitles.get(id) ?? t('recruiting.candidates.activity.otherJob')) : '');
  return activities
    .map((a): TimelineItem => {
      const d = a.data;
      const actor = a.actorUserId === null ? t('recruiting.activity.system') : (context.userNames.get(a.actorUserId) ?? `#${a.actorUserId}`);
      let text: string;
      let note: string | null = null;
      switch (a.kind) {
        case 'applied':
          text = t('recruiting.candidates.activity.applied', { job: jobTitle(d.jobId), source: sourceLabel(String(d.source ?? ''), t) });
          break;
        case 'moved':
          if (d.withdrawn) text = t(d.reason === 'erased' ? 'recruiting.candidates.activity.withdrawnErased' : 'recruiting.candidates.activity.withdrawn');
          else text = t(d.reopened ? 'recruiting.candidates.activity.reopened' : 'recruiting.candidates.activity.moved', { from: stageName(a.applicationId, d.from), to: stageName(a.applicationId, d.to) });
          note = str(d.reason) === 'screening' ? t('recruiting.candidates.activity.byScreening') : d.reason === 'erased' ? null : (str(d.reason) ?? str(d.note));
          break;
        case 'rejected':
          text = t('recruiting.candidates.activity.rejected', { reason: known(t, `recruiting.rejectReason.${String(d.reason)}`, String(d.reason ?? '')) });
          note = str(d.note);
          break;
        case 'screened':
          text = t('recruiting.candidates.activity.screened', { score: typeof d.score === 'number' ? Math.round(d.score) : '—', suggestion: known(t, `recruiting.suggestion.${String(d.suggestion)}`, '') });
          break;
        case 'note':
          text = t('recruiting.candidates.activity.note');
          note = str(d.text);
          break;
        case 'offer':
          text = t(d.changed ? 'recruiting.candidates.activity.offerChanged' : 'recruiting.candidates.activity.offer', { date: String(d.startDate ?? '') });
          break;
        case 'erased':
          text = t('recruiting.candidates.activity.erased');
          break;
        case 'hired':
          text = t('recruiting.candidates.activity.hired', { date: String(d.hireDate ?? '') });
          break;
        case 'checklist':
          text = t(d.done ? 'recruiting.candidates.activity.checked' : 'recruiting.candidates.activity.unchecked', { item: known(t, `recruiting.checklist.${String(d.key)}`, String(d.key ?? '')) });
          break;
        default:
          // 'updated': created by hand, corrected by HR, the applicant's talent pool answer, or the retention job.
          if (d.created) text = t('recruiting.candidates.activity.created');
          else if (typeof d.poolConsent === 'boolean') {
            text = d.poolConsent ? t('recruiting.candidates.activity.poolAgreed', { days: String(d.poolDays ?? '') }) : t('recruiting.candidates.activity.poolDeclined');
          } else if (d.resumesRemoved) {
            text = t(d.leftPool ? 'recruiting.candidates.activity.resumesRemovedPool' : 'recruiting.candidates.activity.resumesRemoved', { days: String(d.retentionDays ?? '') });
          } else text = t('recruiting.candidates.activity.updated');
      }
      return { at: a.at, actor, text, note };
    })
    .reverse();
}

// ---------------------------------------------------------------- HR's corrections

export const CORRECTION_FIELDS = ['name', 'gender', 'birthYear', 'mobile', 'email', 'highestDegree', 'totalYears', 'skills', 'languages'] as const;
export type CorrectionValues = Record<(typeof CORRECTION_FIELDS)[number], string>;

/** Skills as HR types them: separated by commas (either width), 、, semicolons or lines. */
export function splitList(text: string): string[] {
  return [...new Set(text.split(/[,，、;；\n]+/u).map((s) => s.trim()).filter(Boolean))];
}

/** `en:CET-6, ja` → [{ language: 'en', level: 'CET-6' }, { language: 'ja', level: null }]. */
export function parseLanguages(text: string): LanguageSkill[] {
  return splitList(text).map((item) => {
    const [code, ...level] = item.split(/[:：]/u);
    return { language: code!.trim().toLowerCase(), level: level.join(':').trim() || null };
  });
}

/**
 * The correction form prefilled from what HR sees. The mobile stays empty: HR sees it
 * masked, and an empty field means "keep it".
 */
export function correctionValues(candidate: CandidateView): CorrectionValues {
  const p = candidate.profile;
  return {
    name: candidate.name ?? '',
    gender: candidate.gender ?? '',
    birthYear: candidate.birthYear === null ? '' : String(candidate.birthYear),
    mobile: '',
    email: candidate.email ?? '',
    highestDegree: p?.highestDegree.value ?? '',
    totalYears: p?.totalYears.value === null || p?.totalYears.value === undefined ? '' : String(p.totalYears.value),
    skills: p ? p.skills.value.join(', ') : '',
    languages: p ? p.languages.value.map((l) => (l.level ? `${l.language}:${l.level}` : l.language)).join(', ') : '',
  };
}

/** The patch of the fields whose submitted value differs from the prefilled one (an empty mobile keeps it). */
export function correctionPatch(before: CorrectionValues, after: CorrectionValues): CandidatePatch {
  const patch: CandidatePatch = {};
  const changed = (k: keyof CorrectionValues) => after[k].trim() !== before[k].trim();
  if (changed('name')) patch.name = after.name.trim();
  if (changed('gender')) patch.gender = after.gender === 'male' || after.gender === 'female' ? after.gender : null;
  if (changed('birthYear')) patch.birthYear = after.birthYear.trim() === '' ? null : Number(after.birthYear);
  if (after.mobile.trim() !== '') patch.mobile = after.mobile.trim();
  if (changed('email')) patch.email = after.email.trim() === '' ? null : after.email.trim();
  if (changed('highestDegree')) patch.highestDegree = (DEGREES as readonly string[]).includes(after.highestDegree) ? (after.highestDegree as (typeof DEGREES)[number]) : null;
  if (changed('totalYears')) patch.totalYears = after.totalYears.trim() === '' ? null : Number(after.totalYears);
  if (splitList(after.skills).join(',') !== splitList(before.skills).join(',')) patch.skills = splitList(after.skills);
  if (JSON.stringify(parseLanguages(after.languages)) !== JSON.stringify(parseLanguages(before.languages))) patch.languages = parseLanguages(after.languages);
  return patch;
}
