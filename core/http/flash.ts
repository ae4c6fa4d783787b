/** Flash messages: carried across one redirect in a signed cookie. */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { getCookie, setCookie, deleteCookie } from 'hono/cookie';
import type { FlashMessage } from '../sdk.js';
import { cookieNames } from './cookies.js';

const pending = new WeakMap<Context, FlashMessage[]>();

function sign(secret: string, value: string): string {
  return createHmac('sha256', secret).update(value).digest('base64url');
}

export function addFlash(c: Context, message: FlashMessage): void {
  const list = pending.get(c) ?? [];
  list.push(message);
  pending.set(c, list);
}

/** Messages to show now: those from the cookie plus those added during this request. Clears both. */
export function takeFlash(c: Context, secret: string): FlashMessage[] {
  const out: FlashMessage[] = [];
  const name = cookieNames(secret).flash;
  const raw = getCookie(c, name);
  if (raw) {
    deleteCookie(c, name, { path: '/' });
    const [value, mac] = raw.split('.');
    if (value && mac) {
      const expected = Buffer.from(sign(secret, value));
      const given = Buffer.from(mac);
      if (expected.length === given.length && timingSafeEqual(expected, given)) {
        try {
          out.push(...(JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as FlashMessage[]));
        } catch {
          /* a damaged cookie only loses the message */
        }
      }
    }
  }
  out.push(...(pending.get(c) ?? []));
  pending.delete(c);
  return out;
}

/** After the handler: messages not shown yet travel in the cookie to the next page. */
export function persistFlash(c: Context, secret: string, secure: boolean): void {
  const list = pending.get(c);
  if (!list?.length) return;
  const value = Buffer.from(JSON.stringify(list.slice(0, 5))).toString('base64url');
  setCookie(c, cookieNames(secret).flash, `${value}.${sign(secret, value)}`, { path: '/', httpOnly: true, sameSite: 'Lax', secure, maxAge: 120 });
  pending.delete(c);
}
