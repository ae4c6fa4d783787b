/** Settings of the attendance plugin, read from `hr.config.ts` (`plugins.attendance.settings`). */
import { z } from '../../core/sdk.js';
import { isValidIpRange } from './domain/punch-rules.js';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM');

export const settingsSchema = z.strictObject({
  /** Minutes in a standard work day: leave balances are kept in minutes and shown in days of this length. */
  workdayMinutes: z.number().int().min(60).max(720).default(480),
  /**
   * The shift used for employees with no assignment. Read once, when the default
   * shift is first created; after that HR edits it under 考勤管理 → 班次.
   */
  defaultShift: z
    .strictObject({ start: hhmm.default('09:00'), end: hhmm.default('18:00'), breakStart: hhmm.default('12:00'), breakEnd: hhmm.default('13:00') })
    .default({ start: '09:00', end: '18:00', breakStart: '12:00', breakEnd: '13:00' }),
  punch: z
    .strictObject({
      /** Web punches need a browser location inside one of these circles (none = location not required). */
      geofences: z
        .array(z.strictObject({ name: z.string().min(1), latitude: z.number().min(-90).max(90), longitude: z.number().min(-180).max(180), radiusMeters: z.number().int().min(10).max(50_000) }))
        .default([]),
      /** Or: web punches only from these addresses / CIDR ranges, e.g. `10.0.0.0/8` (none = any address). */
      allowedIps: z.array(z.string().refine(isValidIpRange, 'an IPv4 or IPv6 address or CIDR range such as 10.0.0.0/8')).default([]),
      /** Two punches closer than this are one punch (double taps, device repeats). */
      dedupeSeconds: z.number().int().min(0).max(600).default(60),
    })
    .default({ geofences: [], allowedIps: [], dedupeSeconds: 60 }),
  overtime: z
    .strictObject({
      /** `request`: only approved requests count; `detect`: punches beyond the shift count; `both`. */
      mode: z.enum(['request', 'detect', 'both']).default('both'),
      /** Detected overtime shorter than this is ignored. */
      minMinutes: z.number().int().min(0).max(240).default(30),
      /** Monthly limit of 《劳动法》第四十一条: flagged above it. */
      monthlyLimitHours: z.number().int().min(1).max(200).default(36),
      /** Time off in lieu earned on rest days expires after this many months (0 = never). */
      lieuExpiryMonths: z.number().int().min(0).max(24).default(6),
    })
    .default({ mode: 'both', minMinutes: 30, monthlyLimitHours: 36, lieuExpiryMonths: 6 }),
  /**
   * Province-set leave lengths. Read once, when the leave types are first created;
   * after that HR edits each type under 考勤管理 → 假期类型.
   */
  leave: z
    .strictObject({
      /** Local extension of maternity leave on top of the national 98 days (e.g. 60 in many provinces). */
      maternityExtraDays: z.number().int().min(0).max(365).default(60),
      /** Paternity leave days (set by the province: often 15). */
      paternityDays: z.number().int().min(0).max(60).default(15),
      marriageDays: z.number().int().min(0).max(60).default(3),
      bereavementDays: z.number().int().min(0).max(30).default(3),
    })
    .default({ maternityExtraDays: 60, paternityDays: 15, marriageDays: 3, bereavementDays: 3 }),
  approval: z
    .strictObject({
      /** The chain every request walks, in order. A step with nobody to take it is skipped. */
      chain: z.array(z.enum(['manager', 'department_head', 'hr'])).min(1).default(['manager', 'hr']),
      /** Extra steps for long leave: from `minDays` working days on, `approver` is inserted before the chain's last step. */
      extraLevels: z
        .array(z.strictObject({ minDays: z.number().min(0.5), approver: z.enum(['manager', 'department_head', 'hr']) }))
        .default([{ minDays: 3, approver: 'department_head' }]),
    })
    .default({ chain: ['manager', 'hr'], extraLevels: [{ minDays: 3, approver: 'department_head' }] }),
});

export type AttendanceSettings = z.output<typeof settingsSchema>;
