/** Rendering inside a request: the page shell (menu, user, flash, switches) around a view. */
import type { Context } from 'hono';
import type { Kernel } from '../kernel.js';
import { can, scopeCovers } from '../auth/permissions.js';
import type { FlashMessage, HrContext, MenuSection, RenderOptions } from '../sdk.js';
import { LOCALES } from '../sdk.js';
import { formatHelpers, renderPage, type PageShell } from '../views/page.js';
import { addFlash, takeFlash } from './flash.js';

const SECTIONS: MenuSection[] = ['self', 'manage', 'settings'];
const LOCALE_LABELS = { 'zh-CN': '简体中文', en: 'English' } as const;

export function isFragmentRequest(c: Context): boolean {
  // A history restore (back button) needs the whole page even though htmx asks for it.
  return c.req.header('hx-request') === 'true' && c.req.header('hx-boosted') !== 'true' && c.req.header('hx-history-restore-request') !== 'true';
}

/** `fragment`: htmx swaps have no flash area, so waiting messages stay for the next full page. */
export function buildShell(kernel: Kernel, c: HrContext, fragment = false): PageShell {
  const t = c.get('t');
  const user = c.get('user');
  const path = new URL(c.req.url).pathname;
  const visible = kernel.menu.filter((m) => user && can(user.permissions, m.permission) && (!m.scope || scopeCovers(user.scopes.get(m.permission), m.scope)));
  // The longest matching href is the active one, so /admin/jobs does not also light up /admin.
  const active = visible
    .filter((m) => path === m.href || path.startsWith(m.href.endsWith('/') ? m.href : `${m.href}/`))
    .sort((a, b) => b.href.length - a.href.length)[0];
  const menu = SECTIONS.map((section) => ({
    section,
    title: t(`core.menu.${section}`),
    items: visible
      .filter((m) => m.section === section)
      .sort((a, b) => (a.order ?? 100) - (b.order ?? 100) || a.label.localeCompare(b.label))
      .map((m) => ({ label: t(m.label), href: m.href, icon: m.icon, active: m === active })),
  })).filter((s) => s.items.length > 0);
  return {
    appName: t('core.app.name'),
    user: user ? { name: user.name, login: user.login } : null,
    menu,
    flash: fragment ? [] : takeFlash(c, kernel.config.secret),
    locale: c.get('locale'),
    theme: c.get('theme'),
    themes: kernel.views.themes().map((id) => ({ id, label: kernel.i18n.has(c.get('locale'), `core.theme.${id}`) ? t(`core.theme.${id}`) : id })),
    locales: LOCALES.map((id) => ({ id, label: LOCALE_LABELS[id] })),
    csrfToken: c.get('csrfToken'),
    path,
    t,
    requestId: c.get('requestId'),
    timeZone: kernel.config.timezone,
  };
}

/** Render `view` ('<namespace>/<name>') as a full page, or as a fragment for htmx. */
export async function render(kernel: Kernel, c: HrContext, view: string, data: Record<string, unknown> = {}, options: RenderOptions = {}): Promise<Response> {
  const fragment = options.fragment ?? isFragmentRequest(c);
  const html = await renderPage(kernel.views, { theme: c.get('theme'), view, data, shell: buildShell(kernel, c, fragment), title: options.title, fragment });
  return c.html(html, (options.status ?? 200) as 200);
}

export function pluginRenderer(kernel: Kernel, pluginId: string) {
  return {
    render: (c: HrContext, view: string, data?: Record<string, unknown>, options?: RenderOptions) => render(kernel, c, `${pluginId}/${view}`, data, options),
    renderView: (c: HrContext, view: string, data: Record<string, unknown> = {}) =>
      kernel.views.renderString(c.get('theme'), `${pluginId}/${view}`, { ...data, ...formatHelpers(c.get('locale'), c.get('t'), kernel.config.timezone) }),
    flash: (c: HrContext, message: FlashMessage) => addFlash(c, message),
  };
}
