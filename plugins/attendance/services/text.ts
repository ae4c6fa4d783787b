/**
 * Texts outside a request (inbox lines, event-free summaries made by services):
 * the plugin's own messages looked up by locale, with the same `{name}`
 * placeholders as the request translator. Amount helpers show minutes as days
 * of `workdayMinutes` or as hours, rounded to what a person reads.
 */
import { interpolate, type Locale } from '../../../core/sdk.js';
import { messages } from '../i18n/index.js';

export function translate(locale: Locale, key: string, params: Record<string, string | number> = {}): string {
  const text = messages[locale]?.[key] ?? messages['zh-CN'][key] ?? key;
  return interpolate(text, params);
}

/** Minutes as days of `workdayMinutes`, at most two decimals (`1.5`, `0.25`, `-2`). */
export function minutesToDays(minutes: number, workdayMinutes: number): number {
  return Math.round((minutes / workdayMinutes) * 100) / 100;
}

/** Minutes as hours, at most two decimals. */
export function minutesToHours(minutes: number): number {
  return Math.round((minutes / 60) * 100) / 100;
}

/** `1.5 天` / `1.5 days`, or `3 小时` / `3 h` for hourly leave types. */
export function formatAmount(locale: Locale, minutes: number, workdayMinutes: number, unit: 'day' | 'half_day' | 'hour'): string {
  return unit === 'hour'
    ? translate(locale, 'attendance.unit.hours', { n: minutesToHours(minutes) })
    : translate(locale, 'attendance.unit.days', { n: minutesToDays(minutes, workdayMinutes) });
}
