/** Settings of the recruiting plugin, read from `hr.config.ts` (`plugins.recruiting.settings`). */
import { z } from '../../core/sdk.js';

export const settingsSchema = z.strictObject({
  /** Largest résumé upload in MB (careers page, HR uploads, intake); keep it below the suite's `maxUploadMb` (20 by default). */
  maxResumeMb: z.number().min(1).max(50).default(10),
  /** Careers page applications allowed per address per hour (spam protection). */
  applicationsPerHour: z.number().int().min(1).max(1000).default(10),
  /** Intake API calls allowed per token per minute. */
  intakePerMinute: z.number().int().min(1).max(10_000).default(120),
  /** New jobs start in blind mode (screeners see no name, gender, age, photo or school). */
  blindByDefault: z.boolean().default(false),
  /**
   * Let screening act on its own suggestions: move "advance" applicants to the next stage
   * and reject "reject" ones. Off: suggestions only, a person decides.
   */
  autoActions: z.strictObject({ advance: z.boolean().default(false), reject: z.boolean().default(false) }).default({ advance: false, reject: false }),
  /** Score at or above which screening suggests advancing, and below which it suggests rejecting. */
  thresholds: z
    .strictObject({ advance: z.number().min(0).max(100).default(70), reject: z.number().min(0).max(100).default(40) })
    .refine((t) => t.reject < t.advance, { message: 'reject must be below advance' })
    .default({ advance: 70, reject: 40 }),
  /** The privacy notice shown on the application form (PIPL consent); changing it changes its version. */
  privacyNotice: z
    .strictObject({ 'zh-CN': z.string().min(1).optional(), en: z.string().min(1).optional() })
    .default({}),
  /** Days a rejected candidate's résumé is kept unless they are in the talent pool (PIPL: no longer than needed). */
  retentionDays: z.number().int().min(30).max(3650).default(365),
  /**
   * Days a résumé stays in the talent pool after the applicant agreed to it (the optional box
   * of the careers form), counted from that consent. Without that consent the pool keeps nothing
   * past `retentionDays`.
   */
  talentPoolDays: z.number().int().min(30).max(3650).default(730),
});

export type RecruitingSettings = z.output<typeof settingsSchema>;
