/** Core pages: first-run setup, sign in and out, preferences, the dashboard. */
import type { Context } from 'hono';
import { randomUUID } from 'node:crypto';
import { deleteCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import { route, type HrApp } from '../app.js';
import { audit } from '../audit.js';
import { attemptSignIn, type LockEvent } from '../auth/login.js';
import { checkPasswordPolicy, hashPassword } from '../auth/passwords.js';
import { createSession, generateSessionToken, invalidateSession } from '../auth/sessions.js';
import { clientIp, isHttps } from '../http/security.js';
import { render } from '../http/render.js';
import { parseForm } from '../http/validate.js';
import { DemoAlreadyLoadedError, loadDemo, type Kernel } from '../kernel.js';
import { addFlash } from '../http/flash.js';
import { can } from '../auth/permissions.js';
import { AUTHENTICATED, LOCALES, PUBLIC, type HrContext } from '../sdk.js';
import { mountAccountRoutes } from './account.js';
import { mountAdminRoutes } from './admin.js';
import { mountPeopleRoutes } from '../people/pages/index.js';
import { mountOrgRoutes } from '../people/pages2/index.js';
import { registerImportRoutes } from '../people/import/index.js';
import { mountUserRoutes } from './users.js';
import { getSetting, setSetting } from '../settings.js';

export function setSessionCookie(c: Context, name: string, token: string, expiresAt: number, secure: boolean): void {
  setCookie(c, name, token, { path: '/', httpOnly: true, sameSite: 'Lax', secure, expires: new Date(expiresAt) });
}

/** Only same-site relative paths, so `next` cannot send people elsewhere. */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
}

function userCount(kernel: Kernel): number {
  return (kernel.dbh.sqlite.prepare('SELECT count(*) AS n FROM core_users').get() as { n: number }).n;
}

/** A new session for the user, its cookie, and the time of this sign-in. */
export function signIn(kernel: Kernel, c: HrContext, userId: number, options: { recordLogin?: boolean } = {}): void {
  if (options.recordLogin !== false) kernel.dbh.sqlite.prepare('UPDATE core_users SET last_login_at = ? WHERE id = ?').run(Date.now(), userId);
  const token = generateSessionToken();
  const session = createSession(kernel.dbh.sqlite, token, userId, { ip: clientIp(c, kernel.config.trustProxy), userAgent: c.req.header('user-agent') });
  setSessionCookie(c, kernel.cookies.session, token, session.expiresAt, isHttps(c, kernel.config.trustProxy));
}

/** "Try again in 8 seconds" or "locked until 14:05", in the reader's language and the instance's time zone. */
export function throttleMessage(kernel: Kernel, c: HrContext, reason: 'locked' | 'wait', until: number): string {
  const t = c.get('t');
  if (reason === 'wait') return t('core.login.wait', { seconds: Math.max(1, Math.ceil((until - Date.now()) / 1000)) });
  return t('core.login.locked', { time: formatMoment(kernel, c, until) });
}

/** A moment in the near future, e.g. `11月26日 14:05` / `26 Nov, 14:05`. */
export function formatMoment(kernel: Kernel, c: HrContext, at: number): string {
  return new Intl.DateTimeFormat(c.get('locale') === 'en' ? 'en-GB' : 'zh-CN', {
    month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: kernel.config.timezone,
  }).format(new Date(at));
}

/** Lockouts are logged and audited; the message to the person stays the same whether the login exists or not. */
export function recordLock(kernel: Kernel, c: HrContext, e: LockEvent): void {
  c.get('log').warn({ scope: e.scope, key: e.key, failures: e.failures, until: new Date(e.until).toISOString() }, 'sign-in locked');
  audit(kernel.dbh.sqlite, c, { action: 'auth.lockout', entity: e.scope === 'account' ? 'auth.account' : 'auth.ip', entityId: e.key, after: { failures: e.failures, until: new Date(e.until).toISOString() } }, kernel.config.trustProxy);
}

/** "Sign in with 企业微信" buttons: configured connectors that offer sign-in. */
function signInConnectors(kernel: Kernel, c: HrContext): { id: string; name: string }[] {
  return kernel.connectors.signInOptions().map((r) => ({ id: r.def.id, name: r.def.name[c.get('locale')] }));
}

const SETUP_OPEN = ['/setup', '/healthz', '/preferences'];

export function mountCoreRoutes(app: HrApp, kernel: Kernel): void {
  const { sqlite } = kernel.dbh;
  let setupDone = userCount(kernel) > 0;
  // A real argon2id hash of a random string: unknown logins cost the same time as known ones.
  let dummy: Promise<string> | null = null;
  const dummyHash = () => (dummy ??= hashPassword(randomUUID()));

  // While nobody has an account, every page leads to the setup wizard.
  app.use(async (c, next) => {
    if (!setupDone) setupDone = userCount(kernel) > 0;
    const path = new URL(c.req.url).pathname;
    if (setupDone || SETUP_OPEN.includes(path)) return next();
    if (path.startsWith('/api/')) return c.json({ error: { status: 503, message: c.get('t')('core.setup.not_done') } }, 503);
    return c.redirect('/setup', 303);
  });

  const setupSchema = z
    .object({
      company: z.string().trim().min(1).max(100),
      name: z.string().trim().min(1).max(100),
      login: z.string().trim().min(3).max(64).regex(/^[A-Za-z0-9._@-]+$/),
      password: z.string().min(1).max(200),
      confirm: z.string(),
      locale: z.enum(LOCALES),
      demo: z.string().optional(),
    })
    .refine((v) => v.password === v.confirm, { path: ['confirm'], message: 'mismatch' });

  route(app, kernel, 'core', 'get', '/setup', PUBLIC, async (c) => {
    if (setupDone) return c.redirect('/', 303);
    return render(kernel, c, 'core/setup', { values: { locale: c.get('locale') }, errors: {} }, { title: c.get('t')('core.setup.title') });
  });

  route(app, kernel, 'core', 'post', '/setup', PUBLIC, async (c) => {
    if (setupDone) return c.redirect('/', 303);
    const t = c.get('t');
    const form = await parseForm(c, setupSchema);
    const values = await c.req.parseBody();
    const again = (errors: Record<string, string>) =>
      render(kernel, c, 'core/setup', { values, errors }, { title: t('core.setup.title'), status: 400 });
    if (!form.ok) {
      if (form.errors.confirm) form.errors.confirm = t('core.password.mismatch');
      return again(form.errors);
    }
    const problem = checkPasswordPolicy(form.data.password, form.data.login);
    if (problem) return again({ password: t(problem.key, problem.params) });
    const passwordHash = await hashPassword(form.data.password);
    const userId = sqlite.transaction(() => {
      // Checked again inside the write: two browsers finishing setup at once get one admin.
      if (userCount(kernel) > 0) return null;
      const id = Number(
        sqlite
          .prepare("INSERT INTO core_users (login, name, password_hash, role, locale) VALUES (?, ?, ?, 'admin', ?)")
          .run(form.data.login, form.data.name, passwordHash, form.data.locale).lastInsertRowid,
      );
      setSetting(sqlite, 'company.name', form.data.company);
      setSetting(sqlite, 'setup.completedAt', new Date().toISOString());
      return id;
    }).immediate();
    if (userId === null) return c.redirect('/login', 303);
    setupDone = true;
    signIn(kernel, c, userId);
    if (form.data.demo) {
      try {
        const loaded = await loadDemo(kernel, form.data.locale);
        kernel.log.info({ plugins: loaded }, 'demo data loaded');
      } catch (err) {
        // The admin account exists by now: report the demo problem, do not fail the setup.
        if (!(err instanceof DemoAlreadyLoadedError)) kernel.log.error({ err }, 'demo data failed to load');
        addFlash(c, { kind: err instanceof DemoAlreadyLoadedError ? 'info' : 'error', text: t(err instanceof DemoAlreadyLoadedError ? 'core.setup.demo_already' : 'core.setup.demo_failed') });
      }
    }
    return c.redirect('/', 303);
  });

  route(app, kernel, 'core', 'get', '/login', PUBLIC, async (c) => {
    if (c.get('user')) return c.redirect(safeNext(c.req.query('next')), 303);
    return render(kernel, c, 'core/login', { next: safeNext(c.req.query('next')), login: '', error: null, connectors: signInConnectors(kernel, c) }, { title: c.get('t')('core.login.title') });
  });

  route(app, kernel, 'core', 'post', '/login', PUBLIC, async (c) => {
    const body = await c.req.parseBody();
    const login = typeof body.login === 'string' ? body.login.trim().slice(0, 200) : '';
    const password = typeof body.password === 'string' ? body.password : '';
    const next = safeNext(body.next);
    const t = c.get('t');
    const outcome = await attemptSignIn(sqlite, { login, password, ip: clientIp(c, kernel.config.trustProxy) }, { dummyHash, onLock: (e) => recordLock(kernel, c, e) });
    if (!outcome.ok) {
      const error = outcome.reason === 'invalid' ? t('core.login.failed') : throttleMessage(kernel, c, outcome.reason, outcome.until);
      if (outcome.reason !== 'invalid') c.header('Retry-After', String(Math.max(1, Math.ceil((outcome.until - Date.now()) / 1000))));
      return render(kernel, c, 'core/login', { next, login, error, connectors: signInConnectors(kernel, c) }, { title: t('core.login.title'), status: outcome.reason === 'invalid' ? 401 : 429 });
    }
    signIn(kernel, c, outcome.userId);
    return c.redirect(next, 303);
  });

  route(app, kernel, 'core', 'post', '/logout', AUTHENTICATED, async (c) => {
    const sessionId = c.get('sessionId');
    if (sessionId) invalidateSession(sqlite, sessionId);
    deleteCookie(c, kernel.cookies.session, { path: '/' });
    return c.redirect('/login', 303);
  });

  route(app, kernel, 'core', 'post', '/preferences', PUBLIC, async (c) => {
    const body = await c.req.parseBody();
    const secure = isHttps(c, kernel.config.trustProxy);
    const user = c.get('user');
    const locale = typeof body.locale === 'string' && (LOCALES as readonly string[]).includes(body.locale) ? body.locale : null;
    const theme = typeof body.theme === 'string' && kernel.views.hasTheme(body.theme) ? body.theme : null;
    const year = 365 * 24 * 3600;
    if (locale) setCookie(c, 'hr_locale', locale, { path: '/', sameSite: 'Lax', secure, httpOnly: true, maxAge: year });
    if (theme) setCookie(c, 'hr_theme', theme, { path: '/', sameSite: 'Lax', secure, httpOnly: true, maxAge: year });
    if (user && (locale || theme)) {
      sqlite
        .prepare('UPDATE core_users SET locale = coalesce(?, locale), theme = coalesce(?, theme), updated_at = ? WHERE id = ?')
        .run(locale, theme, Date.now(), user.id);
    }
    return c.redirect(safeNext(body.next), 303);
  });

  route(app, kernel, 'core', 'get', '/', AUTHENTICATED, async (c) => {
    const user = c.get('user')!;
    const t = c.get('t');
    const widgets = [];
    for (const w of kernel.widgets.filter((w) => can(user.permissions, w.permission)).sort((a, b) => (a.order ?? 100) - (b.order ?? 100))) {
      try {
        widgets.push({ title: t(w.title), html: await w.render(c) });
      } catch (err) {
        // One broken card must not take the dashboard down.
        c.get('log').error({ err, widget: `${w.plugin}.${w.id}` }, 'widget failed');
        widgets.push({ title: t(w.title), html: '', failed: true });
      }
    }
    const company = getSetting<string>(sqlite, 'company.name') ?? '';
    return render(kernel, c, 'core/home', { widgets, company, user }, { title: t('core.home.title') });
  });

  registerImportRoutes(app, kernel, { context: kernel.people.context });
  mountOrgRoutes(app, kernel);
  mountPeopleRoutes(app, kernel);
  mountAdminRoutes(app, kernel);
  mountAccountRoutes(app, kernel);
  mountUserRoutes(app, kernel);
}
