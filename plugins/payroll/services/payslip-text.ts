/**
 * Texts outside a request (PDF, exports, bot answers): the plugin's messages
 * looked up by locale with the same `{name}` placeholders as the request
 * translator, and months as people read them.
 */
import { interpolate, type Locale } from '../../../core/sdk.js';
import { common } from '../i18n/common.js';
import { payslips } from '../i18n/payslips.js';

/** This part's texts and the shared ones (menu, errors): all that PDFs, exports and the bot say. */
const texts = (locale: Locale, key: string): string | undefined => payslips[locale][key] ?? common[locale][key];

export function translate(locale: Locale, key: string, params: Record<string, string | number> = {}): string {
  const text = texts(locale, key) ?? texts('zh-CN', key) ?? key;
  return interpolate(text, params);
}

const EN_MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** `2026-10` → `2026年10月` / `October 2026`. */
export function monthLabel(month: string, locale: Locale): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  if (!y || !m || m < 1 || m > 12) return month;
  return locale === 'en' ? `${EN_MONTHS[m - 1]} ${y}` : `${y}年${m}月`;
}
