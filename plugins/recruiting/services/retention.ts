/**
 * How long résumés are kept (PIPL: no longer than the purpose needs), and the privacy
 * notice applicants agree to.
 *
 * Retention: a candidate whose applications all ended (rejected or withdrawn) more than
 * `settings.retentionDays` ago and who never became an employee loses their résumés — the
 * files, the stored text, the parsed profile and the screening explanations quoting them (the
 * score stays) — and leaves the talent pool. The candidate row (name, sealed contact, the
 * timeline) stays so the history of the pipelines adds up. Runs daily as the job
 * `recruiting.retention`.
 *
 * The talent pool keeps a résumé longer only with the person's own consent to it
 * (pool-consent.ts: the optional box of the careers form), for `settings.talentPoolDays`
 * from that consent. Being in the pool is not enough: HR may put anyone there to find them
 * again, but that is not the person agreeing to be kept.
 *
 * The rows go first, in one transaction, then the files: a file that cannot be removed is
 * logged (an orphan on disk), never a row pointing at nothing.
 */
import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Locale } from '../../../core/sdk.js';
import { applications, candidates, resumes } from '../schema.js';
import type { ActivityLog } from './activities.js';
import { POOL_CONSENT_SUFFIX } from './pool-consent.js';
import type { RecruitingParts } from './types.js';

const DAY = 86_400_000;

export function createRetention(parts: RecruitingParts, deps: { activities: ActivityLog }) {
  const { ctx, db, settings, now } = parts;

  /** Candidates whose résumés are due for removal now. */
  const due = (): number[] => {
    const cutoff = now().getTime() - settings.retentionDays * DAY;
    const poolCutoff = now().getTime() - settings.talentPoolDays * DAY;
    return (
      db.all(sql`
        SELECT c.id AS id FROM recruiting_candidates c
        WHERE c.employee_id IS NULL
          AND NOT (c.in_pool = 1 AND c.consent_version LIKE ${`%${POOL_CONSENT_SUFFIX}`} AND c.consent_at >= ${poolCutoff})
          AND EXISTS (SELECT 1 FROM recruiting_resumes r WHERE r.candidate_id = c.id)
          AND NOT EXISTS (SELECT 1 FROM recruiting_applications a WHERE a.candidate_id = c.id AND a.status IN ('active', 'hired'))
          AND coalesce((SELECT max(a.moved_at) FROM recruiting_applications a WHERE a.candidate_id = c.id), c.updated_at) < ${cutoff}
        ORDER BY c.id`) as { id: number }[]
    ).map((r) => r.id);
  };

  return {
    due,

    /** Remove the résumés of every candidate due; returns how many candidates and files. */
    purge(): { candidates: number; files: number } {
      const ids = due();
      if (!ids.length) return { candidates: 0, files: 0 };
      const rows = db.select().from(resumes).where(inArray(resumes.candidateId, ids)).all();
      const pooled = new Set(db.select({ id: candidates.id }).from(candidates).where(and(inArray(candidates.id, ids), eq(candidates.inPool, true))).all().map((r) => r.id));
      db.transaction(() => {
        // The screening explanation quotes the résumé: it goes with it (the score stays).
        db.update(applications).set({ resumeId: null, screening: null }).where(inArray(applications.candidateId, ids)).run();
        db.delete(resumes).where(inArray(resumes.candidateId, ids)).run();
        // Nothing is left to offer later openings: out of the pool too.
        db.update(candidates).set({ profile: null, inPool: false, updatedAt: now() }).where(inArray(candidates.id, ids)).run();
        for (const id of ids) {
          deps.activities.record({ candidateId: id, kind: 'updated', actor: null, data: { resumesRemoved: true, retentionDays: settings.retentionDays, ...(pooled.has(id) ? { leftPool: true } : {}) } });
        }
      });
      const root = resolve(ctx.dataPath());
      let files = 0;
      for (const r of rows) {
        const absolute = resolve(root, r.storedPath);
        if (!absolute.startsWith(root + sep)) continue;
        try {
          rmSync(absolute, { force: true });
          files++;
        } catch (err) {
          ctx.log.warn({ err, resumeId: r.id }, 'recruiting: a résumé file past its retention could not be removed');
        }
      }
      return { candidates: ids.length, files };
    },
  };
}

export type Retention = ReturnType<typeof createRetention>;

export interface PrivacyNotice {
  /** The admin's notice in this language (or the other one), null when none is configured. */
  text: string | null;
  /** Stored with each consent: changes whenever either language's text changes. */
  version: string;
}

/** The privacy notice the application form shows (settings.privacyNotice), and its version. */
export function privacyNotice(notice: Partial<Record<Locale, string>>, locale: Locale): PrivacyNotice {
  const text = notice[locale] ?? notice['zh-CN'] ?? notice.en ?? null;
  const version = notice['zh-CN'] || notice.en ? createHash('sha256').update(JSON.stringify([notice['zh-CN'] ?? '', notice.en ?? ''])).digest('hex').slice(0, 12) : 'default';
  return { text, version };
}
