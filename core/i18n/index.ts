/**
 * Messages, locale negotiation and locale-aware formatting.
 *
 * One catalogue per process: core adds its own messages, then every enabled
 * plugin adds `definition.i18n`. Lookups never throw and never log: a missing
 * key renders as the key itself (visible but harmless on a page), and
 * `missing()` is what tests and startup checks use to catch gaps.
 */
import { LOCALES, type Locale, type Messages, type Translate } from '../sdk.js';

export type Params = Record<string, string | number>;

export { coreMessages } from './messages.js';

export interface I18n {
  /** Add a source's messages (core or a plugin id). Re-adding the same source replaces it. */
  add(source: string, messages: Messages): void;
  t(locale: Locale, key: string, params?: Params): string;
  translator(locale: Locale): Translate;
  has(locale: Locale, key: string): boolean;
  /** Keys a source defines in one locale but not in another. */
  missing(): { source: string; key: string; locale: Locale }[];
  /** Every key known in any locale, sorted. */
  keys(): string[];
}

import { interpolate } from './interpolate.js';

export { interpolate };

export function createI18n(defaultLocale: Locale): I18n {
  // Per locale, key -> text; plus who defined each key, to refuse silent overrides.
  const table = new Map<Locale, Map<string, string>>(LOCALES.map((l) => [l, new Map()]));
  const owner = new Map<string, string>();
  const sources = new Map<string, Messages>();

  // A key missing in one locale falls back to the default locale before falling back to the key.
  function t(locale: Locale, key: string, params?: Params): string {
    const text = table.get(locale)?.get(key) ?? table.get(defaultLocale)?.get(key);
    return text === undefined ? key : interpolate(text, params);
  }

  return {
    add(source, messages) {
      // Replacing a source (a plugin switched off and on again) must not leave stale keys.
      const previous = sources.get(source);
      if (previous) {
        for (const locale of LOCALES) {
          for (const key of Object.keys(previous[locale] ?? {})) {
            table.get(locale)?.delete(key);
            owner.delete(key);
          }
        }
      }
      for (const locale of LOCALES) {
        for (const key of Object.keys(messages[locale] ?? {})) {
          const by = owner.get(key);
          // Two plugins defining the same key would make one of them show the other's text.
          if (by !== undefined && by !== source) {
            throw new Error(`i18n key "${key}" from "${source}" is already defined by "${by}"`);
          }
        }
      }
      for (const locale of LOCALES) {
        for (const [key, text] of Object.entries(messages[locale] ?? {})) {
          table.get(locale)?.set(key, text);
          owner.set(key, source);
        }
      }
      sources.set(source, messages);
    },

    t,

    translator(locale) {
      return (key, params) => t(locale, key, params);
    },

    has(locale, key) {
      return table.get(locale)?.has(key) ?? false;
    },

    missing() {
      const out: { source: string; key: string; locale: Locale }[] = [];
      for (const [source, messages] of sources) {
        const all = new Set(LOCALES.flatMap((l) => Object.keys(messages[l] ?? {})));
        for (const key of all) {
          for (const locale of LOCALES) {
            const text = messages[locale]?.[key];
            if (text === undefined || text === '') out.push({ source, key, locale });
          }
        }
      }
      return out;
    },

    keys() {
      const all = new Set<string>();
      for (const map of table.values()) for (const key of map.keys()) all.add(key);
      return [...all].sort();
    },
  };
}

/** Map a language tag to a supported locale, or null. Every Chinese variant reads zh-CN. */
function matchLocale(tag: string): Locale | null {
  const t = tag.trim().toLowerCase();
  if (t === 'zh' || t.startsWith('zh-')) return 'zh-CN';
  if (t === 'en' || t.startsWith('en-')) return 'en';
  return null;
}

/** Pick a locale from an Accept-Language header, honouring q-values. */
export function negotiateLocale(acceptLanguage: string | undefined, fallback: Locale): Locale {
  if (!acceptLanguage) return fallback;
  const ranges = acceptLanguage
    .split(',')
    .map((part, index) => {
      const [tag = '', ...attrs] = part.split(';');
      const qAttr = attrs.map((a) => a.trim()).find((a) => a.startsWith('q='));
      const q = qAttr ? Number(qAttr.slice(2)) : 1;
      return { tag: tag.trim(), q: Number.isFinite(q) ? q : 0, index };
    })
    .filter((r) => r.tag !== '' && r.q > 0)
    // Stable: equal q keeps the header's order.
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const range of ranges) {
    if (range.tag === '*') return fallback;
    const locale = matchLocale(range.tag);
    if (locale) return locale;
  }
  return fallback;
}

const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

const moneyFormats = new Map<Locale, Intl.NumberFormat>();

/**
 * Money in yuan with two decimals: "¥1,234.50" in both locales. Intl's own
 * CNY style writes "CN¥" in English, which HR staff in China do not expect.
 */
export function formatMoney(locale: Locale, amount: number): string {
  if (!Number.isFinite(amount)) return '—';
  let fmt = moneyFormats.get(locale);
  if (!fmt) {
    fmt = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    moneyFormats.set(locale, fmt);
  }
  const text = fmt.format(Math.abs(amount));
  // Rounding can turn -0.001 into "0.00"; no minus sign for a zero.
  return amount < 0 && /[1-9]/.test(text) ? `-¥${text}` : `¥${text}`;
}

/**
 * A calendar date: "2026年11月26日" or "26 Nov 2026".
 * A `YYYY-MM-DD` string is a date without a time (birthdays, hire dates) and is
 * printed as written, never shifted by a time zone.
 */
export function formatDate(locale: Locale, date: Date | string | number, timeZone = DEFAULT_TIME_ZONE): string {
  const dateOnly = typeof date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(date);
  const d = date instanceof Date ? date : new Date(date);
  if (Number.isNaN(d.getTime())) return '';
  const zone = dateOnly ? 'UTC' : timeZone;
  if (locale === 'zh-CN') {
    return new Intl.DateTimeFormat('zh-CN', { year: 'numeric', month: 'long', day: 'numeric', timeZone: zone }).format(d);
  }
  // en-GB would give "26 Sept 2026"; take en-US's three-letter months and order them day-month-year.
  const parts = new Intl.DateTimeFormat('en-US', { year: 'numeric', month: 'short', day: 'numeric', timeZone: zone }).formatToParts(d);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('day')} ${part('month')} ${part('year')}`;
}
