import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { coreMessages, createI18n } from '../i18n/index.js';
import type { Locale } from '../sdk.js';
import { createViews, type Views } from './engine.js';
import { escapeHtml } from './escape.js';
import { renderPage, withQuery, type PageShell } from './page.js';

const root = path.resolve(import.meta.dirname, '../..');
const coreViewsDir = path.join(root, 'core/views/templates');
let tmp: string;
let themesDir: string;
let pluginDir: string;
let views: Views;

const i18n = createI18n('zh-CN');
i18n.add('core', coreMessages);

function shell(over: Partial<PageShell> = {}): PageShell {
  const locale: Locale = over.locale ?? 'zh-CN';
  return {
    appName: '人事系统',
    user: { name: '张三', login: 'zhangsan' },
    menu: [
      {
        section: 'self',
        title: '我的',
        items: [
          { label: '公告', href: '/notices', icon: '📢', active: true },
          { label: '请假', href: '/leave', active: false },
        ],
      },
      { section: 'manage', title: '管理', items: [{ label: '员工', href: '/people', active: false }] },
    ],
    flash: [{ kind: 'success', text: '已保存' }],
    locale,
    theme: 'default',
    themes: [
      { id: 'default', label: '默认' },
      { id: 'dark', label: '深色' },
    ],
    locales: [
      { id: 'zh-CN', label: '简体中文' },
      { id: 'en', label: 'English' },
    ],
    csrfToken: 'csrf-123',
    path: '/notices',
    t: i18n.translator(locale),
    requestId: 'req-42',
    ...over,
  };
}

const page = (theme: string, view: string, data: Record<string, unknown>, fragment: boolean, s = shell({ theme })) =>
  renderPage(views, { theme, view, data, shell: s, title: '公告', fragment });

beforeAll(() => {
  // A copy of the real themes plus test-only overrides, so the real layout is what gets tested.
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hr-views-'));
  themesDir = path.join(tmp, 'themes');
  fs.cpSync(path.join(root, 'themes'), themesDir, { recursive: true });
  pluginDir = path.join(tmp, 'plugins/notices/views');
  fs.mkdirSync(pluginDir, { recursive: true });
  fs.writeFileSync(path.join(pluginDir, 'list.eta'), '<p class="from-plugin"><%= it.title %></p>');
  fs.writeFileSync(
    path.join(pluginDir, 'paged.eta'),
    `<ul id="list"></ul><%~ await includeAsync('core/pagination', { page: 2, pages: 3, baseUrl: '/notices?q=a', target: '#list' }) %>`,
  );
  fs.writeFileSync(path.join(pluginDir, 'row.eta'), '<li><%= it.name %></li>');
  fs.writeFileSync(path.join(pluginDir, 'rows.eta'), `<% for (const name of it.names) { %><%~ await includeAsync('notices/row', { name }) %><% } %>`);
  fs.mkdirSync(path.join(themesDir, 'dark/views/notices'), { recursive: true });
  fs.writeFileSync(path.join(themesDir, 'dark/views/notices/list.eta'), '<p class="from-dark-theme"><%= it.title %></p>');
  fs.writeFileSync(path.join(themesDir, 'dark/views/notices/row.eta'), '<li class="dark"><%= it.name %></li>');
  views = createViews({ themesDir, coreViewsDir, pluginViewDirs: new Map([['notices', pluginDir]]), cache: false });
});

afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('view lookup', () => {
  it('lists themes that have a layout, default first', () => {
    expect(views.themes()).toEqual(['default', 'dark']);
    expect(views.hasTheme('dark')).toBe(true);
    expect(views.hasTheme('../themes')).toBe(false);
  });

  it("uses a theme's override of a plugin view", async () => {
    const html = await views.renderString('dark', 'notices/list', { title: 'x' });
    expect(html).toContain('from-dark-theme');
  });

  it('falls back to the plugin folder when the theme has no override', async () => {
    expect(await views.renderString('default', 'notices/list', { title: 'x' })).toContain('from-plugin');
  });

  it('dark theme falls back to the default theme views and core views', async () => {
    const html = await page('dark', 'core/home', {}, false);
    expect(html).toContain('<!doctype html>');
    expect(html).toContain('href="/themes/dark/theme.css"');
    expect(html).toContain('class="empty"');
  });

  it('resolves includes through the same lookup, per theme', async () => {
    expect(await views.renderString('default', 'notices/rows', { names: ['a', 'b'] })).toBe('<li>a</li><li>b</li>');
    expect(await views.renderString('dark', 'notices/rows', { names: ['a'] })).toBe('<li class="dark">a</li>');
  });

  it('renders core partials from inside a plugin view', async () => {
    const html = await page('default', 'notices/paged', {}, true);
    expect(html).toContain('rel="prev" href="/notices?q=a"');
    expect(html).toContain('hx-get="/notices?q=a&amp;page=3" hx-target="#list"');
    expect(html).toContain('第 2 页，共 3 页');
  });

  it('renders an unknown theme as the default one', async () => {
    expect(await views.renderString('nope', 'notices/list', { title: 'x' })).toContain('from-plugin');
  });

  it('refuses view names that could escape their folder, and names missing views', async () => {
    await expect(views.renderString('default', 'notices/../../etc/passwd', {})).rejects.toThrow(/Invalid view name/);
    await expect(views.renderString('default', 'list', {})).rejects.toThrow(/Invalid view name/);
    await expect(views.renderString('default', 'notices/missing', {})).rejects.toThrow(/Could not find view "notices\/missing"/);
  });
});

describe('production cache', () => {
  it('renders the same with compiled templates and resolved paths cached', async () => {
    const cached = createViews({ themesDir, coreViewsDir, pluginViewDirs: new Map([['notices', pluginDir]]), cache: true });
    const s = shell({ theme: 'dark' });
    for (let i = 0; i < 2; i++) {
      const html = await renderPage(cached, { theme: 'dark', view: 'notices/list', data: { title: `n${i}` }, shell: s, fragment: false });
      expect(html).toContain(`<p class="from-dark-theme">n${i}</p>`);
      expect(html).toContain('aria-current="page"');
    }
    expect(cached.themes()).toEqual(['default', 'dark']);
  });
});

describe('pages', () => {
  it('a fragment is the view alone; a full page wraps it in the layout', async () => {
    const fragment = await page('default', 'notices/list', { title: 'x' }, true);
    expect(fragment).not.toContain('<html');
    expect(fragment.trim()).toBe('<p class="from-plugin">x</p>');
    const full = await page('default', 'notices/list', { title: 'x' }, false);
    expect(full).toContain('<html lang="zh-CN"');
    expect(full).toContain('<title>公告 · 人事系统</title>');
    expect(full).toContain('<meta name="csrf-token" content="csrf-123">');
    expect(full).toMatch(/<main id="main"[^>]*>[\s\S]*from-plugin[\s\S]*<\/main>/);
    expect(full).toContain('href="#main"');
    expect(full).toMatch(/<form method="post" action="\/logout"[\s\S]*?name="_csrf" value="csrf-123"/);
    expect(full).toMatch(/action="\/preferences"[\s\S]*name="locale"[\s\S]*name="theme"/);
    expect(full).toContain('role="status"');
  });

  it('escapes data with <%= %>', async () => {
    const html = await page('default', 'notices/list', { title: '<script>alert(1)</script>' }, false);
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('escapes shell values too (flash text, user name)', async () => {
    const s = shell({ flash: [{ kind: 'error', text: '<img src=x onerror=alert(1)>' }], user: { name: '<b>x</b>', login: 'x' } });
    const html = await page('default', 'notices/list', { title: 't' }, false, s);
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<b>x</b>');
  });

  it('marks the active menu item and groups items by section title', async () => {
    const html = await page('default', 'notices/list', { title: 'x' }, false);
    expect(html).toMatch(/<a class="nav-link" href="\/notices" aria-current="page">/);
    expect(html).not.toMatch(/href="\/leave" aria-current/);
    expect(html).toContain('<h2 class="nav-title">我的</h2>');
    expect(html).toContain('<h2 class="nav-title">管理</h2>');
  });

  it('shows a sign-in link instead of the sign-out form when nobody is signed in', async () => {
    const html = await page('default', 'notices/list', { title: 'x' }, false, shell({ user: null, menu: [] }));
    expect(html).toContain('href="/login"');
    expect(html).not.toContain('action="/logout"');
    expect(html).not.toContain('class="sidebar"');
  });

  it('is ready for a strict CSP: no inline script, no style attribute, no inline handlers', async () => {
    for (const theme of views.themes()) {
      const html = await page(theme, 'core/home', { widgets: [{ title: 'W', html: '<p>w</p>' }] }, false);
      const scripts = html.match(/<script\b[^>]*>/g) ?? [];
      expect(scripts.length).toBeGreaterThan(0);
      for (const tag of scripts) expect(tag).toMatch(/\ssrc="\/static\//);
      expect(html).not.toMatch(/<script\b[^>]*>[^<]+<\/script>/);
      expect(html).not.toMatch(/\sstyle=/i);
      expect(html).not.toMatch(/<style\b/i);
      expect(html).not.toMatch(/\son[a-z]+=/i);
      expect(html).not.toMatch(/\shx-on/i);
      expect(html).not.toMatch(/https?:\/\//);
    }
  });

  it('home shows widget cards, raw html inside and escaped titles', async () => {
    const html = await page('default', 'core/home', { widgets: [{ title: 'A<b>', html: '<p class="w">ok</p>' }] }, true);
    expect(html).toContain('A&lt;b&gt;');
    expect(html).toContain('<p class="w">ok</p>');
    expect(html).not.toContain('class="empty"');
  });

  it('error page shows the status, localized text and the request id', async () => {
    const zh = await page('default', 'core/error', { status: 404 }, true);
    expect(zh).toContain('页面不存在');
    expect(zh).toContain('req-42');
    const en = await page('default', 'core/error', { status: 403 }, true, shell({ locale: 'en' }));
    expect(en).toContain('Access denied');
    const teapot = await page('default', 'core/error', { status: 418 }, true, shell({ locale: 'en' }));
    expect(teapot).toContain('418');
    expect(teapot).toContain('Bad request');
  });

  it('gives every view money/date helpers in the shell locale', async () => {
    fs.writeFileSync(path.join(pluginDir, 'fmt.eta'), '<%= it.money(1234.5) %>|<%= it.date(it.d) %>');
    const d = new Date('2026-11-26T03:00:00Z');
    expect(await page('default', 'notices/fmt', { d }, true)).toBe('¥1,234.50|2026年11月26日');
    expect(await page('default', 'notices/fmt', { d }, true, shell({ locale: 'en' }))).toBe('¥1,234.50|26 Nov 2026');
  });
});

describe('helpers', () => {
  it('escapeHtml escapes the five HTML characters and prints nothing for null', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    expect(escapeHtml(null)).toBe('');
    expect(escapeHtml(undefined)).toBe('');
    expect(escapeHtml(0)).toBe('0');
  });

  it('withQuery merges parameters into a URL', () => {
    expect(withQuery('/x?q=a&page=2', { page: 3 })).toBe('/x?q=a&page=3');
    expect(withQuery('/x?q=a&page=2', { page: null })).toBe('/x?q=a');
    expect(withQuery('/x', { q: '张 三' })).toBe('/x?q=%E5%BC%A0+%E4%B8%89');
  });
});
