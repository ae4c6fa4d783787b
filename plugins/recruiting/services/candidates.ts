/**
 * Candidates (候选人): one row per person however many jobs they apply for. Found again by
 * the same mobile or e-mail (keyed hashes beside the sealed values), corrected by HR (a
 * corrected field survives later parses), tagged, kept in the talent pool, noted on.
 *
 * Screeners see the candidates of the jobs they reach, as views.ts decides (blind when any
 * such job is blind); HR sees everyone.
 */
import { and, desc, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import { HttpError, parseOrThrow, z, type HrContext } from '../../../core/sdk.js';
import { canonicalSkill } from '../domain/skills.js';
import { DEGREES, type ResumeProfile } from '../domain/types.js';
import { applications, candidates } from '../schema.js';
import { MANAGE, SCREEN, actorId, canManage, jobReach, requirePermission, viewerOf, type Viewer } from './access.js';
import type { ActivityLog } from './activities.js';
import { assertNotErased } from './erased.js';
import { IDENTITY_FIELDS, PROFILE_FIELDS, normalizeCandidateMobile, normalizeEmail, type Identity } from './candidates-rules.js';
import { contains, pageOf, type CandidateRow, type Page, type PageInput, type RecruitingParts } from './types.js';
import { emptyProfile, type ActivityView, type CandidateView, type Presenter, type ViewMode } from './views.js';

const KEYS = { prefix: 'recruiting.', fallbackKey: 'recruiting.error.invalid' };
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/).nullable();

/** What HR may correct. Each field present is recorded in `corrected`. */
export const candidatePatchSchema = z
  .object({
    name: z.string().trim().min(1, 'recruiting.error.name').max(64, 'recruiting.error.name'),
    gender: z.enum(['male', 'female']).nullable(),
    birthYear: z.number().int().min(1930).max(2020).nullable(),
    mobile: z.string().trim().max(30).nullable(),
    email: z.string().trim().max(254).nullable(),
    sourceDetail: z.string().trim().max(200),
    highestDegree: z.enum(DEGREES).nullable(),
    totalYears: z.number().min(0).max(60).nullable(),
    skills: z.array(z.string().trim().min(1).max(80)).max(100),
    languages: z.array(z.object({ language: z.string().trim().min(1).max(20), level: z.string().trim().max(40).nullable().default(null) })).max(20),
    education: z
      .array(
        z.object({
          school: z.string().trim().max(100).nullable().default(null),
          degree: z.enum(DEGREES).nullable().default(null),
          major: z.string().trim().max(100).nullable().default(null),
          start: month.default(null),
          end: month.default(null),
        }),
      )
      .max(20),
    experience: z
      .array(
        z.object({
          company: z.string().trim().max(100).nullable().default(null),
          title: z.string().trim().max(100).nullable().default(null),
          start: month.default(null),
          end: month.default(null),
          current: z.boolean().default(false),
          months: z.number().int().min(0).max(720).nullable().default(null),
        }),
      )
      .max(50),
  })
  .partial();
export type CandidatePatch = z.input<typeof candidatePatchSchema>;

export interface CandidateFilter extends PageInput {
  /** Name (HR: also an exact mobile or e-mail, or the last 4 digits of the mobile). */
  q?: string | undefined;
  tag?: string | undefined;
  pool?: boolean | undefined;
  source?: string | undefined;
  skill?: string | undefined;
  jobId?: number | undefined;
}

export const tagsSchema = z.array(z.string().trim().min(1).max(30)).max(30);

/** A candidate HR adds by hand (a referral, the talent pool) without a résumé yet. */
export const candidateCreateSchema = z.object({
  name: z.string().trim().min(1, 'recruiting.error.name').max(64, 'recruiting.error.name'),
  gender: z.enum(['male', 'female']).nullable().default(null),
  birthYear: z.number().int().min(1930).max(2020).nullable().default(null),
  mobile: z.string().trim().max(30).nullable().default(null),
  email: z.string().trim().max(254).nullable().default(null),
  source: z.string().trim().toLowerCase().regex(/^[a-z0-9][a-z0-9_-]{0,31}$/, 'recruiting.error.source').default('manual'),
  sourceDetail: z.string().trim().max(200).default(''),
  tags: tagsSchema.default([]),
  inPool: z.boolean().default(false),
});
export type CandidateCreateInput = z.input<typeof candidateCreateSchema>;

export function createCandidateService(parts: RecruitingParts, deps: { presenter: Presenter; activities: ActivityLog }) {
  const { ctx, db, now } = parts;
  const { presenter, activities } = deps;
  const hash = (v: string | null) => (v === null ? null : ctx.sensitive.lookupHash(v));

  const find = (id: number): CandidateRow => {
    const row = Number.isSafeInteger(id) && id > 0 ? db.select().from(candidates).where(eq(candidates.id, id)).get() : undefined;
    if (!row) throw new HttpError(404, 'recruiting.error.notFound');
    return row;
  };

  /** SQL: the candidate has an application in a job `reach` covers (and, when `blindOnly`, a blind one). */
  const inReach = (reach: 'all' | Set<number>, blindOnly = false): SQL => {
    const dept = reach === 'all' ? sql`1 = 1` : reach.size ? sql`j.department_id IN (${sql.join([...reach].map((d) => sql`${d}`), sql`, `)})` : sql`0 = 1`;
    return sql`EXISTS (SELECT 1 FROM recruiting_applications a JOIN recruiting_jobs j ON j.id = a.job_id WHERE a.candidate_id = ${candidates.id} AND ${dept}${blindOnly ? sql` AND j.blind = 1` : sql``})`;
  };

  /** How `viewer` sees candidate `row`: 404 when out of reach. */
  const modeFor = (viewer: Viewer, row: CandidateRow): ViewMode => {
    if (canManage(viewer)) return 'full';
    requirePermission(viewer, SCREEN);
    const reach = jobReach(ctx, viewer);
    const visible = db.select({ id: candidates.id }).from(candidates).where(and(eq(candidates.id, row.id), inReach(reach))).get();
    if (!visible) throw new HttpError(404, 'recruiting.error.notFound');
    const blind = db.select({ id: candidates.id }).from(candidates).where(and(eq(candidates.id, row.id), inReach(reach, true))).get();
    return blind ? 'blind' : 'screener';
  };

  const identityOf = (row: CandidateRow): Identity => ({
    name: row.name,
    gender: row.gender,
    birthYear: row.birthYear,
    mobile: row.mobileEnc ? ctx.sensitive.unseal(row.mobileEnc) : null,
    email: row.emailEnc ? ctx.sensitive.unseal(row.emailEnc) : null,
  });

  /** Columns for an identity: contact sealed, with lookup hashes and the mobile's last 4 digits. */
  const identityColumns = (i: Identity) => ({
    name: i.name,
    gender: i.gender,
    birthYear: i.birthYear,
    mobileEnc: i.mobile === null ? null : ctx.sensitive.seal(i.mobile),
    mobileHash: hash(i.mobile),
    mobileLast4: i.mobile === null ? null : i.mobile.slice(-4),
    emailEnc: i.email === null ? null : ctx.sensitive.seal(i.email),
    emailHash: hash(i.email),
  });

  /** The candidate with this mobile, else with this e-mail (already normalized). */
  const findDuplicate = (mobile: string | null, email: string | null): CandidateRow | undefined => {
    if (mobile) {
      const byMobile = db.select().from(candidates).where(eq(candidates.mobileHash, hash(mobile)!)).orderBy(candidates.id).get();
      if (byMobile) return byMobile;
    }
    if (email) return db.select().from(candidates).where(eq(candidates.emailHash, hash(email)!)).orderBy(candidates.id).get();
    return undefined;
  };

  /** Someone else already holds this mobile or e-mail. */
  const assertUnique = (id: number, field: 'mobile' | 'email', value: string | null) => {
    if (value === null) return;
    const col = field === 'mobile' ? candidates.mobileHash : candidates.emailHash;
    const other = db.select({ id: candidates.id }).from(candidates).where(eq(col, hash(value)!)).all().find((r) => r.id !== id);
    if (other) throw new HttpError(409, 'recruiting.error.duplicateContact', { field, id: other.id });
  };

  /** Of these candidates, those a screener sees blind (an application in a blind job they reach). */
  const blindAmong = (viewer: Viewer, ids: number[]): Set<number> => {
    if (canManage(viewer) || !ids.length) return new Set();
    const reach = jobReach(ctx, viewer);
    return new Set(db.select({ id: candidates.id }).from(candidates).where(and(inArray(candidates.id, ids), inReach(reach, true))).all().map((r) => r.id));
  };

  const present = (row: CandidateRow, mode: ViewMode, c: HrContext | null, reveal: boolean) => presenter.candidate(row, mode, reveal && c !== null ? { reveal: c } : {});

  return {
    find,
    findDuplicate,
    identityOf,
    identityColumns,
    modeFor,
    blindAmong,

    /** Insert (inside the caller's transaction). */
    insert(identity: Identity, data: { source: string; sourceDetail?: string; profile: ResumeProfile | null; consentAt?: Date | null; consentVersion?: string | null }): CandidateRow {
      const at = now();
      return db
        .insert(candidates)
        .values({
          ...identityColumns(identity),
          source: data.source,
          sourceDetail: data.sourceDetail ?? '',
          profile: data.profile,
          consentAt: data.consentAt ?? null,
          consentVersion: data.consentVersion ?? null,
          createdAt: at,
          updatedAt: at,
        })
        .returning()
        .get();
    },

    /** Replace identity, profile and consent of a stored candidate (inside the caller's transaction). */
    refresh(id: number, identity: Identity, profile: ResumeProfile, consent: { at: Date | null; version: string | null }): CandidateRow {
      const set: Partial<CandidateRow> = { ...identityColumns(identity), profile, updatedAt: now() };
      if (consent.at) Object.assign(set, { consentAt: consent.at, consentVersion: consent.version });
      return db.update(candidates).set(set).where(eq(candidates.id, id)).returning().get()!;
    },

    /**
     * Add a candidate by hand. The same mobile or e-mail finds the existing candidate
     * instead (`created: false`, nothing changed).
     */
    create(c: HrContext | null, input: CandidateCreateInput): { candidate: CandidateView; created: boolean } {
      const viewer = viewerOf(c);
      requirePermission(viewer, MANAGE);
      const data = parseOrThrow(candidateCreateSchema, input, KEYS);
      const mobile = data.mobile ? normalizeCandidateMobile(data.mobile) : null;
      if (data.mobile && !mobile) throw new HttpError(400, 'recruiting.error.mobile', { field: 'mobile' });
      const email = data.email ? normalizeEmail(data.email) : null;
      if (data.email && !email) throw new HttpError(400, 'recruiting.error.email', { field: 'email' });
      const existing = findDuplicate(mobile, email);
      if (existing) return { candidate: present(existing, 'full', c, false), created: false };
      const row = db.transaction(() => {
        const at = now();
        const r = db
          .insert(candidates)
          .values({
            ...identityColumns({ name: data.name, gender: data.gender, birthYear: data.birthYear, mobile, email }),
            source: data.source,
            sourceDetail: data.sourceDetail,
            tags: [...new Set(data.tags)],
            inPool: data.inPool,
            profile: null,
            createdAt: at,
            updatedAt: at,
          })
          .returning()
          .get();
        activities.record({ candidateId: r.id, kind: 'updated', actor: actorId(viewer), data: { created: true, source: data.source } });
        return r;
      });
      ctx.audit(c, { action: 'recruiting.candidate.create', entity: 'recruiting_candidates', entityId: row.id, after: { source: data.source } });
      return { candidate: present(row, 'full', c, false), created: true };
    },

    /** HR's corrections: each field given is recorded as corrected and survives later parses. */
    update(c: HrContext | null, id: number, patch: CandidatePatch): CandidateView {
      const viewer = viewerOf(c);
      requirePermission(viewer, MANAGE);
      assertNotErased(db, id);
      const row = find(id);
      const data = parseOrThrow(candidatePatchSchema, patch, KEYS);
      const identity = identityOf(row);
      if (data.mobile !== undefined) {
        const m = data.mobile === null || data.mobile === '' ? null : normalizeCandidateMobile(data.mobile);
        if (data.mobile && m === null) throw new HttpError(400, 'recruiting.error.mobile', { field: 'mobile' });
        assertUnique(id, 'mobile', m);
        identity.mobile = m;
      }
      if (data.email !== undefined) {
        const e = data.email === null || data.email === '' ? null : normalizeEmail(data.email);
        if (data.email && e === null) throw new HttpError(400, 'recruiting.error.email', { field: 'email' });
        assertUnique(id, 'email', e);
        identity.email = e;
      }
      if (data.name !== undefined) identity.name = data.name;
      if (data.gender !== undefined) identity.gender = data.gender;
      if (data.birthYear !== undefined) identity.birthYear = data.birthYear;

      const profile = { ...(row.profile ?? emptyProfile()) } as ResumeProfile;
      const byHand = <T>(value: T) => ({ value, confidence: 1, source: null });
      if (data.highestDegree !== undefined) profile.highestDegree = byHand(data.highestDegree);
      if (data.totalYears !== undefined) profile.totalYears = byHand(data.totalYears);
      if (data.skills !== undefined) profile.skills = byHand([...new Set(data.skills.map(canonicalSkill).filter(Boolean))]);
      if (data.languages !== undefined) profile.languages = byHand(data.languages);
      if (data.education !== undefined) profile.education = data.education.map((e) => ({ ...e, confidence: 1, source: null }));
      if (data.experience !== undefined) profile.experience = data.experience.map((e) => ({ ...e, confidence: 1, source: null }));

      const fields = Object.keys(data).filter((k) => (IDENTITY_FIELDS as readonly string[]).includes(k) || (PROFILE_FIELDS as readonly string[]).includes(k));
      const corrected = [...new Set([...row.corrected, ...fields])];
      const updated = db.transaction(() => {
        const r = db
          .update(candidates)
          .set({ ...identityColumns(identity), profile, corrected, ...(data.sourceDetail !== undefined ? { sourceDetail: data.sourceDetail } : {}), updatedAt: now() })
          .where(eq(candidates.id, id))
          .returning()
          .get()!;
        activities.record({ candidateId: id, kind: 'updated', actor: actorId(viewer), data: { fields: Object.keys(data) } });
        return r;
      });
      ctx.audit(c, { action: 'recruiting.candidate.update', entity: 'recruiting_candidates', entityId: id, after: { fields: Object.keys(data) } });
      return present(updated, 'full', c, false);
    },

    setTags(c: HrContext | null, id: number, tags: string[]): CandidateView {
      requirePermission(viewerOf(c), MANAGE);
      find(id);
      assertNotErased(db, id);
      const clean = [...new Set(parseOrThrow(tagsSchema, tags, KEYS))];
      const row = db.update(candidates).set({ tags: clean, updatedAt: now() }).where(eq(candidates.id, id)).returning().get()!;
      return present(row, 'full', c, false);
    },

    /** Keep (or stop keeping) the candidate in the talent pool for later openings. */
    setPool(c: HrContext | null, id: number, inPool: boolean): CandidateView {
      requirePermission(viewerOf(c), MANAGE);
      find(id);
      assertNotErased(db, id);
      const row = db.update(candidates).set({ inPool, updatedAt: now() }).where(eq(candidates.id, id)).returning().get()!;
      ctx.audit(c, { action: inPool ? 'recruiting.candidate.pool' : 'recruiting.candidate.unpool', entity: 'recruiting_candidates', entityId: id });
      return present(row, 'full', c, false);
    },

    /** A note on the timeline (screeners too, on candidates they reach). */
    addNote(c: HrContext | null, id: number, input: { text: string; applicationId?: number | null | undefined }): ActivityView {
      const viewer = viewerOf(c);
      const row = find(id);
      assertNotErased(db, id);
      const mode = modeFor(viewer, row);
      const text = input.text.trim();
      if (!text || text.length > 5000) throw new HttpError(400, 'recruiting.error.note', { field: 'text' });
      let applicationId: number | null = null;
      if (input.applicationId) {
        const app = db.select({ id: applications.id }).from(applications).where(and(eq(applications.id, input.applicationId), eq(applications.candidateId, id))).get();
        if (!app) throw new HttpError(400, 'recruiting.error.application', { field: 'applicationId' });
        applicationId = app.id;
      }
      const noteId = activities.record({ candidateId: id, applicationId, kind: 'note', actor: actorId(viewer), data: { text } });
      return presenter.activity(activities.of(id).find((a) => a.id === noteId)!, row, mode);
    },

    /** One candidate as the viewer may see them; HR with `reveal` gets the contact details (audited). */
    get(c: HrContext | null, id: number, options: { reveal?: boolean } = {}): CandidateView {
      const viewer = viewerOf(c);
      const row = find(id);
      return present(row, modeFor(viewer, row), c, options.reveal ?? false);
    },

    /** The timeline, oldest first, as the viewer may read it. */
    timeline(c: HrContext | null, id: number): ActivityView[] {
      const row = find(id);
      const mode = modeFor(viewerOf(c), row);
      const read = presenter.reader(row, mode);
      return activities.of(id).map((a) => presenter.activity(a, row, mode, read));
    },

    /** Search, newest first. Screeners: candidates of the jobs they reach; names of blind ones are not searchable. */
    list(c: HrContext | null, filter: CandidateFilter = {}): Page<CandidateView> {
      const viewer = viewerOf(c);
      const full = canManage(viewer);
      if (!full) requirePermission(viewer, SCREEN);
      const reach = full ? 'all' : jobReach(ctx, viewer);
      const { page, pageSize, offset } = pageOf(filter);
      const where: SQL[] = [];
      if (!full) where.push(inReach(reach));
      const q = filter.q?.trim();
      if (q) {
        const byName = full ? contains(candidates.name, q) : and(contains(candidates.name, q), sql`NOT ${inReach(reach, true)}`)!;
        const alternatives: SQL[] = [byName];
        if (full) {
          const m = normalizeCandidateMobile(q);
          const e = normalizeEmail(q);
          if (m) alternatives.push(eq(candidates.mobileHash, hash(m)!));
          if (e) alternatives.push(eq(candidates.emailHash, hash(e)!));
          if (/^\d{4}$/.test(q)) alternatives.push(eq(candidates.mobileLast4, q));
        }
        where.push(or(...alternatives)!);
      }
      if (filter.tag) where.push(sql`EXISTS (SELECT 1 FROM json_each(${candidates.tags}) WHERE value = ${filter.tag})`);
      if (filter.pool !== undefined) where.push(eq(candidates.inPool, filter.pool));
      if (filter.source) where.push(eq(candidates.source, filter.source));
      if (filter.skill) where.push(sql`EXISTS (SELECT 1 FROM json_each(${candidates.profile}, '$.skills.value') WHERE value = ${canonicalSkill(filter.skill)})`);
      if (filter.jobId) where.push(inArray(candidates.id, db.select({ id: applications.candidateId }).from(applications).where(eq(applications.jobId, filter.jobId))));
      const cond = where.length ? and(...where) : undefined;
      const total = db.select({ n: sql<number>`count(*)` }).from(candidates).where(cond).get()!.n;
      const rows = db.select().from(candidates).where(cond).orderBy(desc(candidates.updatedAt), desc(candidates.id)).limit(pageSize).offset(offset).all();
      const blindIds = blindAmong(viewer, rows.map((r) => r.id));
      return { total, page, pageSize, items: rows.map((r) => present(r, full ? 'full' : blindIds.has(r.id) ? 'blind' : 'screener', c, false)) };
    },

    /** Distinct tags in use, for filters. */
    tags(): string[] {
      return (db.all(sql`SELECT DISTINCT value AS tag FROM recruiting_candidates, json_each(recruiting_candidates.tags) ORDER BY value`) as { tag: string }[]).map((r) => r.tag);
    },
  };
}

export type CandidateService = ReturnType<typeof createCandidateService>;
