/**
 * What a person may see of a candidate, decided in ONE place. Every service result meant
 * for a person and every API answer about candidates goes through these presenters (pages
 * too), so the rules cannot drift apart:
 *
 * | viewer                                   | name, gender, birth year, schools | contact details           | résumé text, evidence | résumé file |
 * | ---------------------------------------- | --------------------------------- | ------------------------- | --------------------- | ----------- |
 * | recruiting.manage (HR), the system       | shown                             | full on request (audited), else masked | as written | download |
 * | screener (screen without manage)         | shown                             | masked mobile only        | contact masked        | no          |
 * | screener, job in blind mode              | hidden                            | none                      | through `blindText`   | no          |
 *
 * Screeners who see identities still never get contact details: e-mail addresses, mobile
 * numbers and ID numbers inside free text are masked for them (`maskContact`).
 *
 * "Hidden" is done by the domain's `blindProfile` / `blindText` (domain/blind.ts), which
 * know the forms a name, a school, an age or a gender take inside free text. The uploaded
 * file name is hidden too: people name files after themselves (张伟-简历.pdf).
 */
import type { HrContext } from '../../../core/sdk.js';
import { BLIND_MARKERS, blindProfile, blindText } from '../domain/blind.js';
import type { RequirementCheck, ResumeProfile, ScreeningResult } from '../domain/types.js';
import { canManage, has, SCREEN, type Viewer } from './access.js';
import type { ActivityRow, CandidateRow, RecruitingParts, ResumeRow } from './types.js';

export type ViewMode = 'full' | 'screener' | 'blind';

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/gu;
/** Mainland mobiles as people write them: 13800138000, +86 138 0013 8000, 138-0013-8000. */
const MOBILE = /(?<![\d+])(?:(?:\+|00)\s?86[\s-]?)?1[3-9]\d(?:[\s-]?\d{4}){2}(?!\d)/gu;
const ID_NUMBER = /(?<![\dA-Za-z])(?:\d{17}[\dXx]|\d{15})(?![\dA-Za-z])/gu;

/** E-mail addresses, mobile numbers and ID numbers in free text replaced by markers. */
export function maskContact(text: string, language: 'zh' | 'en'): string {
  const m = BLIND_MARKERS[language];
  return text.replace(ID_NUMBER, m.id).replace(EMAIL, m.contact).replace(MOBILE, m.contact);
}

export function viewMode(viewer: Viewer, blindJob: boolean): ViewMode {
  if (canManage(viewer)) return 'full';
  if (!has(viewer, SCREEN)) return 'blind';
  return blindJob ? 'blind' : 'screener';
}

export interface CandidateView {
  id: number;
  /** A reference shown instead of the name when it is hidden: `#12`. */
  ref: string;
  /** True when identity fields are hidden from this viewer. */
  blind: boolean;
  name: string | null;
  gender: 'male' | 'female' | null;
  birthYear: number | null;
  /** Full (HR, revealed and audited), masked (`138****5678`), or null (blind, none). */
  mobile: string | null;
  /** HR only. */
  email: string | null;
  source: string;
  sourceDetail: string;
  tags: string[];
  inPool: boolean;
  /** The parsed profile (identity parts hidden in blind mode); null when never parsed. */
  profile: ResumeProfile | null;
  /** Profile fields HR corrected by hand. */
  corrected: string[];
  employeeId: number | null;
  consentAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface ResumeView {
  id: number;
  /** The uploaded name: HR only (it often carries the person's name). */
  fileName: string | null;
  kind: string;
  bytes: number;
  createdAt: Date;
  /** Whether this viewer may download the file. */
  downloadable: boolean;
}

export interface ActivityView {
  id: number;
  kind: string;
  applicationId: number | null;
  /** Null: the system (automatic actions, intake). */
  actorUserId: number | null;
  data: Record<string, unknown>;
  at: Date;
}

/** A parsed profile with nothing in it, for candidates added by hand. */
export function emptyProfile(language: 'zh' | 'en' = 'zh'): ResumeProfile {
  const none = { value: null, confidence: 0, source: null };
  return {
    language,
    name: none,
    gender: none,
    birthYear: none,
    mobile: none,
    email: none,
    education: [],
    highestDegree: none,
    experience: [],
    totalYears: none,
    skills: { value: [], confidence: 0, source: null },
    languages: { value: [], confidence: 0, source: null },
  };
}

export function createPresenter(parts: RecruitingParts) {
  const { ctx } = parts;

  /** The stored profile with the identity columns put back: what blindText must know to hide. */
  const identityProfile = (row: CandidateRow): ResumeProfile => {
    const base = row.profile ?? emptyProfile();
    const known = <T>(value: T | null) => ({ value, confidence: value === null ? 0 : 1, source: null });
    return {
      ...base,
      name: known(row.name),
      gender: known(row.gender),
      birthYear: known(row.birthYear),
      mobile: known(row.mobileEnc ? ctx.sensitive.unseal(row.mobileEnc) : null),
      email: known(row.emailEnc ? ctx.sensitive.unseal(row.emailEnc) : null),
    };
  };

  const maskedMobile = (row: CandidateRow) => (row.mobileEnc ? ctx.sensitive.mask(ctx.sensitive.unseal(row.mobileEnc), 'mobile') : null);

  /**
   * A candidate as `mode` may see them. `reveal` (HR, a request): full mobile and email,
   * each reveal audited; without it HR sees the mobile masked and the email.
   */
  const candidate = (row: CandidateRow, mode: ViewMode, options: { reveal?: HrContext | null } = {}): CandidateView => {
    const hidden = mode === 'blind';
    const full = mode === 'full';
    const what = (field: string) => ({ entity: 'recruiting_candidates', entityId: row.id, field });
    const reveal = full && options.reveal !== undefined;
    let mobile: string | null = null;
    let email: string | null = null;
    if (full) {
      mobile = row.mobileEnc ? (reveal ? ctx.sensitive.reveal(options.reveal!, row.mobileEnc, what('mobile')) : maskedMobile(row)) : null;
      email = row.emailEnc ? (reveal ? ctx.sensitive.reveal(options.reveal!, row.emailEnc, what('email')) : ctx.sensitive.unseal(row.emailEnc)) : null;
    } else if (mode === 'screener') mobile = maskedMobile(row);
    const base = row.profile ? (hidden ? blindProfile(identityProfile(row)) : row.profile) : null;
    // The lines values were read from are résumé text too: no contact details in them for screeners.
    const profile = base && !full ? mapSources(base, (v) => maskContact(v, base.language)) : base;
    return {
      id: row.id,
      ref: `#${row.id}`,
      blind: hidden,
      name: hidden ? null : row.name,
      gender: hidden ? null : row.gender,
      birthYear: hidden ? null : row.birthYear,
      mobile,
      email,
      source: row.source,
      sourceDetail: row.sourceDetail,
      tags: row.tags,
      inPool: row.inPool,
      profile: profile && hidden ? stripContact(profile) : profile,
      corrected: row.corrected,
      employeeId: full ? row.employeeId : null,
      consentAt: row.consentAt,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
    };
  };

  /** A function giving free text about the candidate as `mode` may read it (the identity opened once). */
  const reader = (row: CandidateRow, mode: ViewMode): ((value: string) => string) => {
    if (mode === 'full') return (value) => value;
    const language = row.profile?.language ?? 'zh';
    if (mode === 'screener') return (value) => maskContact(value, language);
    const identity = identityProfile(row);
    return (value) => maskContact(blindText(value, identity), language);
  };

  /** Free text about the candidate (résumé text, evidence, notes) as `mode` may read it. */
  const text = (value: string, row: CandidateRow, mode: ViewMode): string => reader(row, mode)(value);

  const checks = (list: RequirementCheck[], row: CandidateRow, mode: ViewMode): RequirementCheck[] => {
    if (mode === 'full') return list;
    const read = reader(row, mode);
    return list.map((ch) => ({ ...ch, evidence: ch.evidence === null ? null : read(ch.evidence) }));
  };

  const screening = (result: ScreeningResult | null, row: CandidateRow, mode: ViewMode): ScreeningResult | null =>
    result === null ? null : { ...result, checks: checks(result.checks, row, mode) };

  const resume = (r: ResumeRow, mode: ViewMode): ResumeView => ({
    id: r.id,
    fileName: mode === 'full' ? r.fileName : null,
    kind: r.kind,
    bytes: r.bytes,
    createdAt: r.createdAt,
    downloadable: mode === 'full',
  });

  /** Notes and reasons are free text: they pass through blindText too. */
  const activity = (a: ActivityRow, row: CandidateRow, mode: ViewMode, read = reader(row, mode)): ActivityView => {
    const data: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(a.data)) data[k] = typeof v === 'string' ? read(v) : v;
    return { id: a.id, kind: a.kind, applicationId: a.applicationId, actorUserId: a.actorUserId, data, at: a.at };
  };

  return { candidate, reader, text, checks, screening, resume, activity, identityProfile };
}

/** Every `source` line of a profile through `fn`. */
function mapSources(profile: ResumeProfile, fn: (line: string) => string): ResumeProfile {
  const src = (v: string | null) => (v === null ? null : fn(v));
  const parsed = <T>(p: { value: T; confidence: number; source: string | null }) => ({ ...p, source: src(p.source) });
  return {
    ...profile,
    name: parsed(profile.name),
    gender: parsed(profile.gender),
    birthYear: parsed(profile.birthYear),
    mobile: parsed(profile.mobile),
    email: parsed(profile.email),
    highestDegree: parsed(profile.highestDegree),
    totalYears: parsed(profile.totalYears),
    skills: parsed(profile.skills),
    languages: parsed(profile.languages),
    education: profile.education.map((e) => ({ ...e, source: src(e.source) })),
    experience: profile.experience.map((e) => ({ ...e, source: src(e.source) })),
  };
}

/** Contact values never travel inside a blind profile, whatever blindProfile keeps. */
function stripContact(profile: ResumeProfile): ResumeProfile {
  const none = { value: null, confidence: 0, source: null };
  return { ...profile, mobile: none, email: none };
}

export type Presenter = ReturnType<typeof createPresenter>;

/**
 * The brief's single entry point: a candidate for a viewer in the context of a job (null:
 * no job, e.g. the talent pool, where a screener sees the candidate blind if any job of
 * theirs holding the candidate is blind — the caller decides `blind` then).
 */
export function candidateForViewer(presenter: Presenter, row: CandidateRow, job: { blind: boolean } | null, viewer: Viewer, options: { reveal?: HrContext | null } = {}): CandidateView {
  return presenter.candidate(row, viewMode(viewer, job?.blind ?? false), options);
}
