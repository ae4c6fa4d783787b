/**
 * Erasure on request (PIPL art. 47, 删除权): HR removes one candidate's personal data when the
 * person asks, at once, instead of waiting for the retention job.
 *
 * What goes, in ONE transaction: the résumé rows (text, uploaded file name, fingerprint), the
 * parsed profile, the contact details (sealed values, their lookup hashes and the mobile's
 * last digits), gender, birth year, tags, the source detail, HR's correction marks, the
 * texts of the timeline (notes, reasons, labels), the evidence sentences of the screening
 * explanations and the sealed terms of an offer not taken. The name becomes a placeholder
 * ("已删除的候选人 #12"), written in the instance's language because other pages, the API and
 * exports print the column as it is; the candidate page shows it in the reader's language.
 * Active applications are withdrawn (timeline reason `erased`); the candidate leaves the pool.
 *
 * What stays, so the figures of the pipelines still add up: the applications' job, stage,
 * status, rejection reason key, source, score and dates, and the timeline skeleton (kinds,
 * times, stage keys, numbers: no text). The consent record (time, notice version) stays as
 * proof that collecting the data was lawful. Intake idempotency keys stay too: a job board
 * re-sending a delivery gets the erased ids back instead of a new copy of the person.
 *
 * The files go after the commit (a rollback must not leave rows pointing at removed
 * files). Their paths (random names, no personal data) are kept on the `erased` timeline
 * entry until removed: a file that cannot be removed now is logged and retried by `sweep`,
 * which the daily retention job runs.
 *
 * A hired candidate is an employee: their data lives on in the people directory, which
 * decides about it (409). Erasing twice is harmless: the second call scrubs again (anything
 * added since) and records nothing new on the timeline; each call is audited.
 */
import { rmSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { HttpError, parseOrThrow, z, type HrContext, type Locale } from '../../../core/sdk.js';
import type { ScreeningResult } from '../domain/types.js';
import { activities, applications, candidates, onboarding, resumes, screenBatches } from '../schema.js';
import { MANAGE, actorId, requirePermission, viewerOf } from './access.js';
import type { ActivityLog } from './activities.js';
import { REJECT_REASONS } from './pipeline.js';
import type { RecruitingParts } from './types.js';
import { assertNotErased, erasureMarker } from './erased.js';

const KEYS = { prefix: 'recruiting.', fallbackKey: 'recruiting.error.invalid' };
const REASON_KEY = 'recruiting.erasure.error.reason';

export const erasureSchema = z.object({
  /** Why (the person's request and how it came in). Audited: it should name no one. */
  reason: z.string({ error: REASON_KEY }).trim().min(1, REASON_KEY).max(500, REASON_KEY),
});
export type ErasureInput = z.input<typeof erasureSchema>;

export interface ErasureResult {
  candidateId: number;
  /** When the candidate was (first) erased. */
  erasedAt: Date;
  /** The candidate had been erased before: this call only scrubbed again. */
  repeated: boolean;
  /** Applications that were active and are now withdrawn. */
  withdrawn: number;
  /** Résumé files removed by this call. */
  filesRemoved: number;
  /** Files that could not be removed yet: the daily retention job retries them. */
  filesPending: number;
}

export interface ErasureStatus {
  erasedAt: Date | null;
  /** The employee a hire created: such a candidate is erased through the people directory, not here. */
  employeeId: number | null;
  hired: boolean;
}

// ---------------------------------------------------------------- pure rules

const PLACEHOLDER: Record<Locale, (id: number) => string> = {
  'zh-CN': (id) => `已删除的候选人 #${id}`,
  en: (id) => `Erased candidate #${id}`,
};

/** The stored name of an erased candidate (the instance's language: other pages print the column as is). */
export function erasedName(id: number, locale: Locale): string {
  return (PLACEHOLDER[locale] ?? PLACEHOLDER['zh-CN'])(id);
}

/** String values a timeline entry keeps: keys, not words anyone typed. */
const STRUCTURAL = new Set(['from', 'to', 'stage', 'source', 'suggestion', 'method', 'key']);
const DATE_KEYS = new Set(['startDate', 'hireDate']);
const KEPT_REASONS: ReadonlySet<string> = new Set<string>([...REJECT_REASONS, 'screening', 'erased']);

/**
 * The skeleton of a timeline entry's data: numbers, booleans, stage and source keys, dates,
 * and a rejection or move reason only when it is one of the fixed keys. Free text (notes,
 * HR's move reasons, checklist labels) and lists (corrected field names) go.
 */
export function timelineSkeleton(data: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) {
    if (value === null || typeof value === 'number' || typeof value === 'boolean') out[key] = value;
    else if (typeof value !== 'string') continue;
    else if (STRUCTURAL.has(key) && /^[\p{L}\p{N}_-]{1,64}$/u.test(value)) out[key] = value;
    else if (DATE_KEYS.has(key) && /^\d{4}-\d{2}-\d{2}$/.test(value)) out[key] = value;
    else if (key === 'reason' && KEPT_REASONS.has(value)) out[key] = value;
  }
  return out;
}

/** A screening result without the résumé sentences it quoted (score, breakdown and checks stay). */
export function withoutEvidence(result: ScreeningResult): ScreeningResult {
  return { ...result, checks: result.checks.map((ch) => ({ ...ch, evidence: null })) };
}

// ---------------------------------------------------------------- the service

export function createErasure(parts: RecruitingParts, deps: { activities: ActivityLog }) {
  const { ctx, db, now } = parts;

  /** The `erased` entry of a candidate's timeline (the first, if a race ever made two). */
  const marker = (candidateId: number) => erasureMarker(db, candidateId);

  const pendingOf = (data: Record<string, unknown>): string[] => (Array.isArray(data.pendingFiles) ? data.pendingFiles.filter((p): p is string => typeof p === 'string') : []);

  const setPending = (markerId: number, data: Record<string, unknown>, pending: string[]) => {
    const { pendingFiles: _old, ...rest } = data;
    db.update(activities).set({ data: pending.length ? { ...rest, pendingFiles: pending } : rest }).where(eq(activities.id, markerId)).run();
  };

  /** Remove files (paths relative to the plugin's folder); returns those still there. */
  const removeFiles = (paths: string[]): { removed: number; left: string[] } => {
    const root = resolve(ctx.dataPath());
    let removed = 0;
    const left: string[] = [];
    for (const path of paths) {
      const absolute = resolve(root, path);
      // Our own paths, but a tampered row must not remove anything outside the folder.
      if (!absolute.startsWith(root + sep)) {
        ctx.log.warn({ path }, 'recruiting: an erased résumé path points outside the plugin folder; skipped');
        continue;
      }
      try {
        rmSync(absolute, { force: true });
        removed++;
      } catch (err) {
        ctx.log.warn({ err, path }, 'recruiting: a résumé file of an erased candidate could not be removed; the retention job retries');
        left.push(path);
      }
    }
    return { removed, left };
  };

  const status = (candidateId: number): ErasureStatus => {
    const row = db.select({ employeeId: candidates.employeeId }).from(candidates).where(eq(candidates.id, candidateId)).get();
    const hiredApp = db
      .select({ id: applications.id })
      .from(applications)
      .where(and(eq(applications.candidateId, candidateId), eq(applications.status, 'hired')))
      .get();
    const m = marker(candidateId);
    return { erasedAt: m ? m.at : null, employeeId: row?.employeeId ?? null, hired: (row?.employeeId ?? null) !== null || hiredApp !== undefined };
  };

  return {
    status,

    isErased: (candidateId: number): boolean => marker(candidateId) !== undefined,

    /** Refuse a change that would put personal data back on an erased candidate (409). */
    assertNotErased: (candidateId: number): void => assertNotErased(db, candidateId),

    /** Erase the candidate's personal data (recruiting.manage). See the header for what goes and what stays. */
    erase(c: HrContext | null, candidateId: number, input: ErasureInput): ErasureResult {
      const viewer = viewerOf(c);
      requirePermission(viewer, MANAGE);
      const { reason } = parseOrThrow(erasureSchema, input, KEYS);
      const row = Number.isSafeInteger(candidateId) && candidateId > 0 ? db.select().from(candidates).where(eq(candidates.id, candidateId)).get() : undefined;
      if (!row) throw new HttpError(404, 'recruiting.error.notFound');
      const state = status(row.id);
      if (state.hired) throw new HttpError(409, 'recruiting.erasure.error.hired', { employeeId: state.employeeId ?? '—' });
      const apps = db.select().from(applications).where(eq(applications.candidateId, row.id)).all();
      // A running batch holds résumé text in memory and would write its quotes back after us.
      const jobIds = [...new Set(apps.map((a) => a.jobId))];
      if (jobIds.length && db.select({ id: screenBatches.id }).from(screenBatches).where(and(inArray(screenBatches.jobId, jobIds), eq(screenBatches.status, 'running'))).get()) {
        throw new HttpError(409, 'recruiting.erasure.error.screening');
      }

      const at = now();
      const actor = actorId(viewer);
      const files = db.select({ storedPath: resumes.storedPath }).from(resumes).where(eq(resumes.candidateId, row.id)).all().map((r) => r.storedPath);
      const outcome = db.transaction(() => {
        for (const a of deps.activities.of(row.id)) {
          if (a.kind === 'erased') continue;
          const skeleton = timelineSkeleton(a.data);
          if (JSON.stringify(skeleton) !== JSON.stringify(a.data)) db.update(activities).set({ data: skeleton }).where(eq(activities.id, a.id)).run();
        }
        let withdrawn = 0;
        for (const app of apps) {
          const active = app.status === 'active';
          db.update(applications)
            .set({ resumeId: null, screening: app.screening ? withoutEvidence(app.screening) : null, ...(active ? { status: 'withdrawn' as const, movedAt: at } : {}) })
            .where(eq(applications.id, app.id))
            .run();
          if (!active) continue;
          withdrawn++;
          deps.activities.record({ candidateId: row.id, applicationId: app.id, kind: 'moved', actor, data: { from: app.stage, to: app.stage, withdrawn: true, reason: 'erased' } });
        }
        // An offer not taken: its terms (salary, position, notes) were about this person.
        const offers = apps.length ? db.select().from(onboarding).where(inArray(onboarding.applicationId, apps.map((a) => a.id))).all() : [];
        for (const o of offers) {
          if (ctx.sensitive.unseal(o.offerEnc) !== 'null') db.update(onboarding).set({ offerEnc: ctx.sensitive.seal('null') }).where(eq(onboarding.id, o.id)).run();
        }
        db.delete(resumes).where(eq(resumes.candidateId, row.id)).run();
        const existing = marker(row.id);
        db.update(candidates)
          .set({
            name: erasedName(row.id, ctx.config.defaultLocale),
            gender: null,
            birthYear: null,
            mobileEnc: null,
            mobileHash: null,
            mobileLast4: null,
            emailEnc: null,
            emailHash: null,
            sourceDetail: '',
            tags: [],
            inPool: false,
            profile: null,
            corrected: [],
            updatedAt: existing ? row.updatedAt : at,
          })
          .where(eq(candidates.id, row.id))
          .run();
        if (!existing) {
          const data = { withdrawn, ...(files.length ? { pendingFiles: files } : {}) };
          const markerId = deps.activities.record({ candidateId: row.id, kind: 'erased', actor, data });
          return { markerId, data: data as Record<string, unknown>, erasedAt: marker(row.id)!.at, withdrawn, repeated: false };
        }
        const pending = [...new Set([...pendingOf(existing.data), ...files])];
        setPending(existing.id, existing.data, pending);
        return { markerId: existing.id, data: { ...existing.data, pendingFiles: pending }, erasedAt: existing.at, withdrawn, repeated: true };
      });

      const { removed, left } = removeFiles(pendingOf(outcome.data));
      setPending(outcome.markerId, outcome.data, left);
      const { repeated } = outcome;
      ctx.audit(c, {
        action: 'recruiting.candidate.erase',
        entity: 'recruiting_candidates',
        entityId: row.id,
        after: { reason, repeated, withdrawn: outcome.withdrawn, filesRemoved: removed, filesPending: left.length },
      });
      return { candidateId: row.id, erasedAt: outcome.erasedAt, repeated, withdrawn: outcome.withdrawn, filesRemoved: removed, filesPending: left.length };
    },

    /** Retry the files erasure could not remove (the daily retention job calls this). */
    sweep(): { files: number; pending: number } {
      const rows = db
        .select()
        .from(activities)
        .where(and(eq(activities.kind, 'erased'), sql`json_type(${activities.data}, '$.pendingFiles') = 'array'`))
        .all();
      let files = 0;
      let pending = 0;
      for (const m of rows) {
        const { removed, left } = removeFiles(pendingOf(m.data));
        setPending(m.id, m.data, left);
        files += removed;
        pending += left.length;
      }
      return { files, pending };
    },
  };
}

export type Erasure = ReturnType<typeof createErasure>;
