/**
 * How long résumés are kept (PIPL: no longer than the purpose needs), and the privacy
 * notice applicants agree to.
 *
 * Retention: a candidate whose applications all ended (rejected or withdrawn) more than
 * `settings.retentionDays` ago, who is not in the talent pool and never became an employee,
 * loses their résumés — the files, the stored text, the parsed profile and the screening
 * explanations quoting them (the score stays). The candidate row (name, sealed contact, the
 * timeline) stays so the history of the pipelines adds up. Runs daily as the job
 * `recruiting.retention`.
 *
 * The rows go first, in one transaction, then the files: a file that cannot be removed is
 * logged (an orphan on disk), never a row pointing at nothing.
 */
import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import { inArray, sql } from 'drizzle-orm';
import type { Locale } from '../../../core/sdk.js';
import { applications, candidates, resumes } from '../schema.js';
import type { ActivityLog } from './activities.js';
import type { RecruitingParts } from './types.js';

const DAY = 86_400_000;

export function createRetention(parts: RecruitingParts, deps: { activities: ActivityLog }) {
  const { ctx, db, settings, now } = parts;

  /** Candidates whose résumés are due for removal now. */
  const due = (): number[] => {
    const cutoff = now().getTime() - settings.retentionDays * DAY;
    return (
      db.all(sql`
        SELECT c.id AS id FROM recruiting_candidates c
        WHERE c.in_pool = 0 AND c.employee_id IS NULL
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
      db.transaction(() => {
        // The screening explanation quotes the résumé: it goes with it (the score stays).
        db.update(applications).set({ resumeId: null, screening: null }).where(inArray(applications.candidateId, ids)).run();
        db.delete(resumes).where(inArray(resumes.candidateId, ids)).run();
        db.update(candidates).set({ profile: null, updatedAt: now() }).where(inArray(candidates.id, ids)).run();
        for (const id of ids) deps.activities.record({ candidateId: id, kind: 'updated', actor: null, data: { resumesRemoved: true, retentionDays: settings.retentionDays } });
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
