/**
 * Turning a view into a response body: the view alone for htmx requests, the
 * view wrapped in the theme's layout for full page loads.
 *
 * Every template sees the same `it`: the handler's data plus `t`, `locale`,
 * `shell` and small formatting helpers. Helpers are added after the data so a
 * handler's field called `t` cannot silently break translation in its view.
 */
import type { FlashMessage, Locale, MenuSection, Translate } from '../sdk.js';
import { formatDate, formatMoney } from '../i18n/index.js';
import type { Views } from './engine.js';

export interface MenuGroup {
  section: MenuSection;
  /** Already translated. */
  title: string;
  items: { label: string; href: string; icon?: string; active: boolean }[];
}

/** Everything the layout needs about the request, built once per request by the app. */
export interface PageShell {
  appName: string;
  user: { name: string; login: string } | null;
  menu: MenuGroup[];
  flash: FlashMessage[];
  locale: Locale;
  theme: string;
  themes: { id: string; label: string }[];
  locales: { id: Locale; label: string }[];
  csrfToken: string;
  /** Path of the current request, e.g. `/notices`; the preferences form returns here. */
  path: string;
  t: Translate;
  requestId: string;
  /** IANA zone for dates; `Asia/Shanghai` when absent. */
  timeZone?: string;
}

export type QueryValue = string | number | boolean | null | undefined;

/**
 * `href` with query parameters set (or removed when null/undefined/''),
 * keeping its other parameters: `url('/x?q=a&page=2', { page: 3 })` -> `/x?q=a&page=3`.
 */
export function withQuery(href: string, params: Record<string, QueryValue>): string {
  const u = new URL(href, 'http://local.invalid');
  for (const [key, value] of Object.entries(params)) {
    if (value === null || value === undefined || value === '') u.searchParams.delete(key);
    else u.searchParams.set(key, String(value));
  }
  return u.pathname + u.search + u.hash;
}

export interface FormatHelpers {
  t: Translate;
  locale: Locale;
  /** `¥1,234.50` */
  money: (amount: number) => string;
  /** `2026年11月26日` / `26 Nov 2026` */
  date: (d: Date | string | number) => string;
  url: typeof withQuery;
}

export interface ViewHelpers extends FormatHelpers {
  shell: PageShell;
}

/** Helpers that need no page shell: for views rendered as strings (widgets, partials for htmx). */
export function formatHelpers(locale: Locale, t: Translate, timeZone?: string): FormatHelpers {
  return {
    t,
    locale,
    money: (amount) => formatMoney(locale, amount),
    date: (d) => formatDate(locale, d, timeZone),
    url: withQuery,
  };
}

/** The helpers every view rendered through renderPage gets. */
export function viewHelpers(shell: PageShell): ViewHelpers {
  return { ...formatHelpers(shell.locale, shell.t, shell.timeZone), shell };
}

export interface RenderPageOptions {
  theme: string;
  view: string;
  data: Record<string, unknown>;
  shell: PageShell;
  /** Page title, already translated; the layout appends the app name. */
  title?: string;
  /** True for htmx requests (HX-Request) and explicit fragments: no layout. */
  fragment: boolean;
}

export async function renderPage(views: Views, opts: RenderPageOptions): Promise<string> {
  const helpers = viewHelpers(opts.shell);
  const body = await views.renderString(opts.theme, opts.view, { ...opts.data, ...helpers });
  if (opts.fragment) return body;
  return views.renderLayout(opts.theme, { ...helpers, title: opts.title ?? '', body });
}
