/**
 * createApp(kernel) -> Hono app; start() for the server.
 *
 * A request travels: request id and security headers -> identity (a bearer
 * token on /api, else the session cookie) -> locale and theme -> CSRF check on
 * unsafe cookie requests -> route -> permission and scope check -> handler.
 */
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { can, normalizeAccess, scopeCovers } from './auth/permissions.js';
import { employeeLookup } from './access/employee.js';
import { createIdentifier } from './access/identify.js';
import { loadConfig, ROOT, type ResolvedConfig } from './config.js';
import { createKernel, type Kernel } from './kernel.js';
import { negotiateLocale } from './i18n/index.js';
import { persistFlash } from './http/flash.js';
import { isFragmentRequest, render } from './http/render.js';
import { escapeHtml } from './views/escape.js';
import { csrfProblem, csrfToken, isHttps, requestOrigin, securityHeaders } from './http/security.js';
import { fileResponse } from './http/static.js';
import { mountApi } from './api/mount.js';
import { mountCoreRoutes, setSessionCookie } from './routes/index.js';
import { HttpError, LOCALES, PUBLIC, type Access, type HrEnv, type HrMiddleware, type Locale, type Permission, type Scope, type HttpMethod, type HrHandler } from './sdk.js';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export type HrApp = Hono<HrEnv>;

export function isApiPath(path: string): boolean {
  return path === '/api' || path.startsWith('/api/');
}

/**
 * The permission check every route goes through. With `scope`, holding the
 * permission is not enough: the user's scope for it must reach at least that far.
 */
export function guard(kind: 'page' | 'api', permission: Permission, scope?: Scope): HrMiddleware {
  return async (c, next) => {
    if (permission === PUBLIC) return next();
    const user = c.get('user');
    if (!user) {
      if (kind === 'api') return c.json({ error: { status: 401, message: c.get('t')('core.error.401.body') } }, 401);
      const url = new URL(c.req.url);
      return c.redirect(`/login?next=${encodeURIComponent(url.pathname + url.search)}`, 303);
    }
    if (!can(user.permissions, permission)) throw new HttpError(403, 'core.error.403.body');
    if (scope && !scopeCovers(user.scopes.get(permission), scope)) throw new HttpError(403, 'core.error.403.body');
    return next();
  };
}

/** Register a route in Hono and in the route registry, behind its permission (and minimum scope). */
export function route(app: HrApp, kernel: Kernel, plugin: string, method: HttpMethod, path: string, access: Access, handler: HrHandler, kind: 'page' | 'api' = 'page') {
  const { permission, scope } = normalizeAccess(access);
  kernel.routes.push({ plugin, kind, method, path, permission, ...(scope ? { scope } : {}) });
  app.on(method.toUpperCase(), path, guard(kind, permission, scope), handler);
}

function staticRoutes(app: HrApp, kernel: Kernel) {
  const htmxDir = join(ROOT, 'node_modules', 'htmx.org', 'dist');
  const coreStatic = join(ROOT, 'core', 'views', 'static');
  for (const path of ['/static/*', '/themes/*']) kernel.routes.push({ plugin: 'core', kind: 'asset', method: 'get', path, permission: PUBLIC });
  app.get('/static/htmx.js', (c) => fileResponse(htmxDir, 'htmx.min.js', 86400) ?? c.notFound());
  app.get('/static/:file{.+}', (c) => fileResponse(coreStatic, c.req.param('file')) ?? c.notFound());
  app.get('/themes/:theme/:file{.+\\.(css|png|svg|woff2?)}', (c) => fileResponse(join(ROOT, 'themes', c.req.param('theme')), c.req.param('file')) ?? c.notFound());
  for (const p of kernel.plugins) {
    if (!p.assetsDir) continue;
    const dir = p.assetsDir;
    kernel.routes.push({ plugin: p.id, kind: 'asset', method: 'get', path: `/assets/${p.id}/*`, permission: PUBLIC });
    app.get(`/assets/${p.id}/:file{.+}`, (c) => fileResponse(dir, c.req.param('file')) ?? c.notFound());
  }
}

export function createApp(kernel: Kernel): HrApp {
  const { config } = kernel;
  const app = new Hono<HrEnv>();
  // Checked once here, after migrations: the people directory may not exist yet.
  const identify = createIdentifier({ sqlite: kernel.dbh.sqlite, roles: kernel.roles, employeeOf: employeeLookup(kernel.dbh.sqlite) });

  app.use(async (c, next) => {
    const incoming = c.req.header('x-request-id');
    const requestId = config.trustProxy && incoming && /^[\w.-]{8,80}$/.test(incoming) ? incoming : randomUUID();
    const log = kernel.log.child({ req: requestId });
    c.set('requestId', requestId);
    c.set('log', log);
    const started = performance.now();
    const secure = isHttps(c, config.trustProxy);
    securityHeaders(c, { trustProxy: config.trustProxy, frameAncestors: config.security.frameAncestors });
    c.header('X-Request-Id', requestId);

    const path = new URL(c.req.url).pathname;
    // A platform's server calling back (WeCom): anonymous, and its handler checks the signature.
    const webhook = kernel.webhooks.has(`${c.req.method} ${path}`);
    const sessionCookie = webhook ? undefined : getCookie(c, kernel.cookies.session);
    const who = identify({ api: isApiPath(path), authorization: webhook ? undefined : c.req.header('authorization'), sessionCookie });
    c.set('user', who.via === 'session' || who.via === 'token' ? who.user : null);
    c.set('sessionId', who.via === 'session' ? who.session.session.id : null);
    c.set('authVia', who.via === 'session' || who.via === 'token' ? who.via : null);
    if (who.via === 'session' && who.session.renewed) setSessionCookie(c, kernel.cookies.session, sessionCookie!, who.session.session.expiresAt, secure);

    const user = c.get('user');
    const cookieLocale = getCookie(c, 'hr_locale');
    const locale: Locale =
      user?.locale ?? ((LOCALES as readonly string[]).includes(cookieLocale ?? '') ? (cookieLocale as Locale) : negotiateLocale(c.req.header('accept-language'), config.locale));
    c.set('locale', locale);
    c.set('t', kernel.i18n.translator(locale));
    const cookieTheme = getCookie(c, 'hr_theme');
    const wanted = user?.theme ?? cookieTheme ?? config.theme;
    c.set('theme', kernel.views.hasTheme(wanted) ? wanted : config.theme);
    if (who.via === 'bad-token') {
      log.warn({ method: c.req.method, path }, 'API token refused');
      c.header('WWW-Authenticate', 'Bearer error="invalid_token"');
      return c.json({ error: { status: 401, message: c.get('t')('core.tokens.invalid') } }, 401);
    }
    // Bearer requests carry no cookies that a forged cross-site request could ride on.
    const bearer = who.via === 'token';
    c.set('csrfToken', bearer ? '' : csrfToken(c, kernel.cookies.csrf, secure));

    // Refused before anything reads the body (the CSRF check below parses forms): an oversized
    // upload costs the server nothing but this header check.
    const length = Number(c.req.header('content-length') ?? 0);
    if (UNSAFE.has(c.req.method) && length > config.maxUploadMb * 1024 * 1024) {
      log.warn({ path, bytes: length }, 'request body too large');
      c.header('Connection', 'close');
      throw new HttpError(413, 'core.error.too_large', { maxMb: config.maxUploadMb });
    }
    if (UNSAFE.has(c.req.method) && !bearer && !webhook) {
      const problem = await csrfProblem(c, c.get('csrfToken'), [new URL(config.publicUrl).origin, requestOrigin(c, config.trustProxy)]);
      if (problem) {
        log.warn({ path, problem }, 'CSRF check failed');
        throw new HttpError(403, 'core.error.csrf');
      }
    }
    await next();
    persistFlash(c, config.secret, secure);
    log.info({ method: c.req.method, path, status: c.res.status, ms: Math.round(performance.now() - started) }, 'request');
  });

  staticRoutes(app, kernel);
  kernel.routes.push({ plugin: 'core', kind: 'api', method: 'get', path: '/healthz', permission: PUBLIC });
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  mountCoreRoutes(app, kernel);
  for (const p of kernel.pages) app.on(p.method.toUpperCase(), p.path, guard('page', p.permission, p.scope), p.handler);
  mountApi(app, kernel);

  app.notFound(async (c) => {
    const t = c.get('t');
    if (isApiPath(new URL(c.req.url).pathname)) return c.json({ error: { status: 404, message: t('core.error.404.body') } }, 404);
    return render(kernel, c, 'core/error', { status: 404, heading: t('core.error.404.title'), body: t('core.error.404.body') }, { status: 404, title: t('core.error.404.title'), fragment: false });
  });

  app.onError(async (err, c) => {
    const t = c.get('t') ?? kernel.i18n.translator(config.locale);
    const status = err instanceof HttpError ? err.status : 500;
    const message = err instanceof HttpError ? t(err.messageKey, err.params) : t('core.error.500.body');
    if (status >= 500) (c.get('log') ?? kernel.log).error({ err }, 'request failed');
    const api = isApiPath(new URL(c.req.url).pathname);
    if (api) return c.json({ error: { status, message } }, status as 400);
    const titleKey = `core.error.${[400, 401, 403, 404].includes(status) ? status : status >= 500 ? 500 : 400}.title`;
    // htmx swaps the answer into a part of the page: a whole error page there would nest a page
    // in a page, so a fragment request gets the message alone, in place.
    if (isFragmentRequest(c)) {
      return c.html(`<div class="flash flash-error" role="alert"><strong>${escapeHtml(t(titleKey))}</strong> ${escapeHtml(message)}</div>`, status as 400);
    }
    try {
      return await render(kernel, c, 'core/error', { status, heading: t(titleKey), body: message }, { status, title: t(titleKey), fragment: false });
    } catch (renderErr) {
      kernel.log.error({ err: renderErr }, 'error page failed to render');
      return c.text(message, status as 500);
    }
  });
  return app;
}

export interface RunningServer {
  kernel: Kernel;
  app: HrApp;
  server: ServerType;
  port: number;
  url: string;
  close(): Promise<void>;
}

/** Start the suite: kernel, HTTP server, event delivery and jobs. */
export async function start(configOrNothing?: ResolvedConfig): Promise<RunningServer> {
  const config = configOrNothing ?? (await loadConfig());
  const kernel = await createKernel(config);
  const app = createApp(kernel);
  const server = await new Promise<ServerType>((resolveServer, reject) => {
    const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => resolveServer(s));
    s.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  if (!config.publicUrlSet) config.publicUrl = `http://localhost:${port}`;
  kernel.events.start();
  if (config.jobs.enabled) kernel.jobs.start();
  const url = `http://localhost:${port}`;
  kernel.log.info({ url, port, plugins: kernel.plugins.map((p) => p.id) }, 'listening');
  let closing: Promise<void> | null = null;
  return {
    kernel,
    app,
    server,
    port,
    url,
    close() {
      closing ??= (async () => {
        await new Promise<void>((r) => server.close(() => r()));
        await kernel.close();
      })();
      return closing;
    },
  };
}
