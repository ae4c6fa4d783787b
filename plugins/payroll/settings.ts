/** Settings of the payroll plugin, read from `hr.config.ts` (`plugins.payroll.settings`). */
import { z } from '../../core/sdk.js';

export const settingsSchema = z.strictObject({
  /** City whose social insurance rules apply when a profile names none (payroll_city_policies.city_code). */
  defaultCity: z.string().min(1).default('shanghai'),
  /** Days of a month for daily rates (国家规定的月计薪天数 21.75). */
  payDaysPerMonth: z.number().min(20).max(31).default(21.75),
  /** A mid-month salary change is prorated by calendar days or by workdays of the attendance calendar. */
  proration: z.enum(['calendar_days', 'workdays']).default('workdays'),
  /** 全年一次性奖金: taxed on its own with the monthly-converted table, or added to that month's pay. */
  bonusTaxation: z.enum(['separate', 'combined']).default('separate'),
  /** Review flags a net pay that changed more than this share from last month. */
  anomalyNetChange: z.number().min(0.05).max(5).default(0.3),
  /** Employees confirm receipt of their payslip (确认工资条). */
  confirmation: z.boolean().default(true),
  /**
   * Font for payslip PDFs: a TTF/OTF (or a .ttc with `pdfFontFamily`). Default:
   * Noto Sans SC from the npm package, with Debian's Noto CJK as the fallback
   * for characters it lacks.
   */
  pdfFont: z.string().min(1).optional(),
  pdfFontFamily: z.string().min(1).optional(),
});

export type PayrollSettings = z.output<typeof settingsSchema>;
