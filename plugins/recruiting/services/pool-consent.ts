/**
 * The talent pool (人才库) with the applicant's own consent. PIPL asks for consent to each
 * purpose: keeping a résumé for *other* openings is a purpose beyond the application at hand,
 * so the careers form asks it apart from the privacy notice — an optional box, unticked.
 *
 * Where the answer is recorded: with the consent itself. The consent version stored on the
 * candidate gets the suffix `+pool` (`3f9a0c…+pool`, `default+pool`), written in the same
 * update as `consentAt`, so "which notice, when, and whether the pool was agreed to" is one
 * record the retention job can query in SQL. The timeline gets an entry HR reads as well.
 *
 * The latest application's answer is the one in force: ticking the box again renews the
 * period, leaving it unticked takes the person out of the pool (and the earlier pool consent
 * no longer counts, since the stored version lost its suffix).
 *
 * Retention (retention.ts) keeps the résumé of a pool candidate only while such a consent is
 * recorded and younger than `settings.talentPoolDays`; a candidate HR put in the pool by hand
 * without it is treated like anyone else.
 */
import { eq } from 'drizzle-orm';
import { candidates } from '../schema.js';
import type { ActivityLog } from './activities.js';
import type { CandidateRow, RecruitingParts } from './types.js';

export const POOL_CONSENT_SUFFIX = '+pool';
const DAY = 86_400_000;

/** The consent version stored for an application: the notice's version, marked when the pool was agreed to. */
export function consentVersionWithPool(noticeVersion: string, agreedToPool: boolean): string {
  return agreedToPool ? `${noticeVersion}${POOL_CONSENT_SUFFIX}` : noticeVersion;
}

export function hasPoolConsent(consentVersion: string | null): boolean {
  return consentVersion !== null && consentVersion.endsWith(POOL_CONSENT_SUFFIX);
}

export interface PoolConsent {
  /** The latest consent included the talent pool. */
  agreed: boolean;
  /** When it was given. */
  at: Date | null;
  /** Until when the résumé may stay in the pool. */
  until: Date | null;
  /** Agreed and not expired at `now`. */
  inForce: boolean;
}

/** The pool consent recorded on a candidate, as of `now`. */
export function poolConsentOf(row: Pick<CandidateRow, 'consentAt' | 'consentVersion'>, poolDays: number, now: Date): PoolConsent {
  const agreed = hasPoolConsent(row.consentVersion) && row.consentAt !== null;
  const until = agreed ? new Date(row.consentAt!.getTime() + poolDays * DAY) : null;
  return { agreed, at: agreed ? row.consentAt : null, until, inForce: until !== null && until.getTime() > now.getTime() };
}

export function createPoolConsent(parts: RecruitingParts, deps: { activities: ActivityLog }) {
  const { db, settings } = parts;
  return {
    /**
     * The applicant's answer, inside the transaction that stores the application (pass it
     * from `ApplyInput.onStored`, with `consentVersionWithPool` as the consent version):
     * it sets the pool flag and goes on the timeline. The actor is the applicant (null: no user).
     */
    record(ids: { candidateId: number; applicationId: number }, agreed: boolean): void {
      db.update(candidates).set({ inPool: agreed }).where(eq(candidates.id, ids.candidateId)).run();
      deps.activities.record({
        candidateId: ids.candidateId,
        applicationId: ids.applicationId,
        kind: 'updated',
        actor: null,
        data: { poolConsent: agreed, ...(agreed ? { poolDays: settings.talentPoolDays } : {}) },
      });
    },
  };
}

export type PoolConsentService = ReturnType<typeof createPoolConsent>;
