/** Security headers, CSRF and client address. */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';

export const CSRF_FIELD = '_csrf';
export const CSRF_HEADER = 'x-csrf-token';

export interface SecurityOptions {
  trustProxy: boolean;
  /**
   * Extra origins allowed to frame the suite (`security.frameAncestors` in hr.config.ts,
   * e.g. `https://work.weixin.qq.com` for the WeCom workbench, `https://*.dingtalk.com`).
   */
  frameAncestors: string[];
}

export function isHttps(c: Context, trustProxy: boolean): boolean {
  if (trustProxy) {
    const proto = c.req.header('x-forwarded-proto');
    if (proto) return proto.split(',')[0]!.trim() === 'https';
  }
  return new URL(c.req.url).protocol === 'https:';
}

/** The origin the browser used: behind a trusted proxy, its scheme and host. */
export function requestOrigin(c: Context, trustProxy: boolean): string {
  const url = new URL(c.req.url);
  if (!trustProxy) return url.origin;
  const host = c.req.header('x-forwarded-host')?.split(',')[0]!.trim() || c.req.header('host') || url.host;
  return `${isHttps(c, true) ? 'https' : 'http'}://${host}`;
}

export function clientIp(c: Context, trustProxy: boolean): string | null {
  if (trustProxy) {
    const fwd = c.req.header('x-forwarded-for');
    if (fwd) return fwd.split(',')[0]!.trim();
  }
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? null;
}

export function securityHeaders(c: Context, opts: SecurityOptions): void {
  // The config already validates these; anything with a space, quote or ';' is dropped
  // here as well, because it would let a value rewrite the rest of the policy.
  const frame = ["'self'", ...opts.frameAncestors.filter((o) => /^[^\s;,'"]+$/.test(o))].join(' ');
  c.header(
    'Content-Security-Policy',
    `default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; ` +
      `form-action 'self'; base-uri 'self'; object-src 'none'; frame-ancestors ${frame}`,
  );
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('Referrer-Policy', 'same-origin');
  c.header('Permissions-Policy', 'camera=(), microphone=(), geolocation=(self)');
  if (isHttps(c, opts.trustProxy)) c.header('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
}

/** The CSRF token of this browser (double-submit cookie), created on first visit. */
export function csrfToken(c: Context, cookieName: string, secure: boolean): string {
  let token = getCookie(c, cookieName);
  if (!token || !/^[A-Za-z0-9_-]{32,}$/.test(token)) {
    token = randomBytes(32).toString('base64url');
    setCookie(c, cookieName, token, { path: '/', httpOnly: true, sameSite: 'Lax', secure });
  }
  return token;
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Unsafe methods need the token (header for htmx/fetch, field for forms) and,
 * when the browser sends one, an Origin equal to ours.
 */
export async function csrfProblem(c: Context, expectedToken: string, allowedOrigins: string[]): Promise<string | null> {
  const origin = c.req.header('origin');
  if (origin && origin !== 'null' && !allowedOrigins.includes(origin)) return 'origin';
  let given = c.req.header(CSRF_HEADER) ?? '';
  if (!given) {
    const type = c.req.header('content-type') ?? '';
    if (type.includes('application/x-www-form-urlencoded') || type.includes('multipart/form-data')) {
      const body = await c.req.parseBody();
      const field = body[CSRF_FIELD];
      given = typeof field === 'string' ? field : '';
    }
  }
  return given && same(given, expectedToken) ? null : 'token';
}
