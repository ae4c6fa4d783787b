/**
 * The short-lived state of a sign-in through a connector, carried in a signed cookie between
 * `/auth/connector/<id>/start` and the platform's callback. The random `state` also travels
 * through the platform and must come back equal (CSRF: a callback the browser did not start
 * here is refused); the signature keeps `next` and the starting user from being forged.
 */
import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

export const STATE_TTL_MS = 10 * 60_000;

export interface SignInState {
  connector: string;
  state: string;
  /** Where to land afterwards (already a safe local path). */
  next: string;
  /** The user who started it while signed in: an unlinked platform account is then linked to them. */
  userId: number | null;
  expiresAt: number;
}

const stateSchema = z.object({
  connector: z.string().max(64),
  state: z.string().min(16).max(128),
  next: z.string().max(2000),
  userId: z.number().int().positive().nullable(),
  expiresAt: z.number().int(),
});

export function randomState(): string {
  return randomBytes(24).toString('base64url');
}

function keyOf(secret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, 'hr-suite', 'connector-signin-state', 32));
}

/** `<payload>.<mac>`, both base64url. */
export function sealState(secret: string, state: SignInState): string {
  const payload = Buffer.from(JSON.stringify(state)).toString('base64url');
  const mac = createHmac('sha256', keyOf(secret)).update(payload).digest('base64url');
  return `${payload}.${mac}`;
}

export type OpenResult = { ok: true; state: SignInState } | { ok: false; reason: 'missing' | 'forged' | 'expired' };

/** The state if the cookie is ours, intact and not expired. */
export function openState(secret: string, cookie: string | undefined, now: number): OpenResult {
  if (!cookie) return { ok: false, reason: 'missing' };
  const dot = cookie.indexOf('.');
  if (dot <= 0) return { ok: false, reason: 'forged' };
  const payload = cookie.slice(0, dot);
  const given = Buffer.from(cookie.slice(dot + 1), 'base64url');
  const expected = createHmac('sha256', keyOf(secret)).update(payload).digest();
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'forged' };
  let parsed: SignInState;
  try {
    const data = stateSchema.safeParse(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
    if (!data.success) return { ok: false, reason: 'forged' };
    parsed = data.data;
  } catch {
    return { ok: false, reason: 'forged' };
  }
  if (parsed.expiresAt <= now) return { ok: false, reason: 'expired' };
  return { ok: true, state: parsed };
}

/** Constant-time comparison of the state that came back with the one we sent. */
export function sameState(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Where the browser goes: inside the platform's app the silent authorization, elsewhere the QR
 * code page when the platform has one. `mode` forces either (`?mode=qr` from a desktop link).
 */
export function chooseSignInTarget(opts: { mode: string | undefined; inApp: boolean; hasQr: boolean }): 'authorize' | 'qr' {
  if (opts.mode === 'qr' && opts.hasQr) return 'qr';
  if (opts.mode === 'app') return 'authorize';
  return !opts.inApp && opts.hasQr ? 'qr' : 'authorize';
}
