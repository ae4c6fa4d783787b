import { describe, expect, it } from 'vitest';
import { chooseSignInTarget, openState, randomState, sameState, sealState, type SignInState } from './signin-state.js';

const SECRET = 's'.repeat(43);
const NOW = 1_800_000_000_000;
const state: SignInState = { connector: 'wecom', state: randomState(), next: '/attendance/leave/3', userId: null, expiresAt: NOW + 60_000 };

describe('sign-in state cookie', () => {
  it('opens what it sealed', () => {
    expect(openState(SECRET, sealState(SECRET, state), NOW)).toEqual({ ok: true, state });
  });

  it.each([
    ['no cookie', undefined, NOW, 'missing'],
    ['another instance’s cookie', sealState('o'.repeat(43), state), NOW, 'forged'],
    ['a changed `next`', (() => {
      const [payload, mac] = sealState(SECRET, state).split('.');
      const edited = Buffer.from(Buffer.from(payload!, 'base64url').toString().replace('/attendance/leave/3', '//evil.example')).toString('base64url');
      return `${edited}.${mac}`;
    })(), NOW, 'forged'],
    ['no signature', sealState(SECRET, state).split('.')[0], NOW, 'forged'],
    ['an expired one', sealState(SECRET, state), NOW + 60_000, 'expired'],
  ])('refuses %s', (_name, cookie, now, reason) => {
    expect(openState(SECRET, cookie, now)).toEqual({ ok: false, reason });
  });

  it('makes a different state every time', () => {
    const seen = new Set(Array.from({ length: 50 }, randomState));
    expect(seen.size).toBe(50);
    for (const s of seen) expect(s.length).toBeGreaterThanOrEqual(32);
  });

  it('compares states exactly', () => {
    expect(sameState(state.state, state.state)).toBe(true);
    expect(sameState(state.state, state.state.slice(1))).toBe(false);
    expect(sameState(state.state, '')).toBe(false);
  });
});

describe('chooseSignInTarget', () => {
  it.each([
    ['inside the app: silent authorization', undefined, true, true, 'authorize'],
    ['a desktop browser: the QR code', undefined, false, true, 'qr'],
    ['a desktop browser, platform without QR login', undefined, false, false, 'authorize'],
    ['?mode=qr inside the app', 'qr', true, true, 'qr'],
    ['?mode=app on a desktop', 'app', false, true, 'authorize'],
    ['?mode=qr without QR login', 'qr', false, false, 'authorize'],
  ])('%s', (_name, mode, inApp, hasQr, expected) => {
    expect(chooseSignInTarget({ mode, inApp, hasQr })).toBe(expected);
  });
});
