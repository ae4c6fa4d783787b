/**
 * Self-service account security: change password, see and end sessions, and
 * the public page behind an admin-issued reset link.
 */
import { deleteCookie } from 'hono/cookie';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { route, type HrApp } from '../app.js';
import { audit } from '../audit.js';
import { attemptSignIn, unlockAccount } from '../auth/login.js';
import { checkPasswordPolicy, hashPassword } from '../auth/passwords.js';
import { consumeResetToken, lookupResetToken } from '../auth/reset.js';
import { invalidateOtherSessions, invalidateOwnSession, invalidateUserSessions, listUserSessions } from '../auth/sessions.js';
import { addFlash } from '../http/flash.js';
import { render } from '../http/render.js';
import { clientIp } from '../http/security.js';
import { parseForm } from '../http/validate.js';
import type { Kernel } from '../kernel.js';
import { AUTHENTICATED, PUBLIC, type HrContext } from '../sdk.js';
import { recordLock, signIn, throttleMessage } from './index.js';

const newPassword = {
  password: z.string().min(1).max(200),
  confirm: z.string().max(200),
};
const mismatch = (v: { password: string; confirm: string }) => v.password === v.confirm;
const changeSchema = z.object({ current: z.string().min(1).max(200), ...newPassword }).refine(mismatch, { path: ['confirm'], message: 'mismatch' });
const resetSchema = z.object(newPassword).refine(mismatch, { path: ['confirm'], message: 'mismatch' });

/** Store a new password hash; pending reset links of the user stop working. */
export function setPassword(kernel: Kernel, userId: number, passwordHash: string): void {
  const { sqlite } = kernel.dbh;
  sqlite.prepare('UPDATE core_users SET password_hash = ?, updated_at = ? WHERE id = ?').run(passwordHash, Date.now(), userId);
  sqlite.prepare('DELETE FROM auth_reset_tokens WHERE user_id = ? AND used_at IS NULL').run(userId);
}

export function mountAccountRoutes(app: HrApp, kernel: Kernel): void {
  const { sqlite } = kernel.dbh;
  let dummy: Promise<string> | null = null;
  const dummyHash = () => (dummy ??= hashPassword(randomUUID()));

  const passwordPage = (c: HrContext, errors: Record<string, string> = {}, status = 200) =>
    render(kernel, c, 'core/account-password', { errors }, { title: c.get('t')('core.account.password.title'), status });

  route(app, kernel, 'core', 'get', '/account', AUTHENTICATED, (c) => c.redirect('/account/password', 303));

  route(app, kernel, 'core', 'get', '/account/password', AUTHENTICATED, (c) => passwordPage(c));

  route(app, kernel, 'core', 'post', '/account/password', AUTHENTICATED, async (c) => {
    const user = c.get('user')!;
    const t = c.get('t');
    const form = await parseForm(c, changeSchema);
    if (!form.ok) {
      if (form.errors.confirm === 'mismatch') form.errors.confirm = t('core.password.mismatch');
      return passwordPage(c, form.errors, 400);
    }
    // The current password goes through the sign-in throttle: a borrowed session cannot guess it.
    const outcome = await attemptSignIn(sqlite, { login: user.login, password: form.data.current, ip: clientIp(c, kernel.config.trustProxy) }, { dummyHash, onLock: (e) => recordLock(kernel, c, e) });
    if (!outcome.ok) {
      const message = outcome.reason === 'invalid' ? t('core.account.password.current_wrong') : throttleMessage(kernel, c, outcome.reason, outcome.until);
      return passwordPage(c, { current: message }, outcome.reason === 'invalid' ? 400 : 429);
    }
    const problem = checkPasswordPolicy(form.data.password, user.login);
    if (problem) return passwordPage(c, { password: t(problem.key, problem.params) }, 400);
    const hash = await hashPassword(form.data.password);
    sqlite.transaction(() => {
      setPassword(kernel, user.id, hash);
      invalidateUserSessions(sqlite, user.id);
    })();
    // Every session ends, this one included; this browser gets a fresh one.
    signIn(kernel, c, user.id, { recordLogin: false });
    audit(sqlite, c, { action: 'auth.password.change', entity: 'core.user', entityId: user.id }, kernel.config.trustProxy);
    addFlash(c, { kind: 'success', text: t('core.account.password.changed') });
    return c.redirect('/account/password', 303);
  });

  route(app, kernel, 'core', 'get', '/account/sessions', AUTHENTICATED, (c) => {
    const user = c.get('user')!;
    const current = c.get('sessionId');
    const sessions = listUserSessions(sqlite, user.id).map((s) => ({ ...s, current: s.id === current }));
    return render(kernel, c, 'core/account-sessions', { sessions }, { title: c.get('t')('core.account.sessions.title') });
  });

  const signOutHere = (c: HrContext) => {
    deleteCookie(c, kernel.cookies.session, { path: '/' });
    return c.redirect('/login', 303);
  };

  route(app, kernel, 'core', 'post', '/account/sessions/:id/revoke', AUTHENTICATED, (c) => {
    const user = c.get('user')!;
    const t = c.get('t');
    const id = c.req.param('id') ?? '';
    const ok = invalidateOwnSession(sqlite, user.id, id);
    if (ok) audit(sqlite, c, { action: 'auth.session.revoke', entity: 'core.user', entityId: user.id, after: { sessions: 1 } }, kernel.config.trustProxy);
    if (ok && id === c.get('sessionId')) return signOutHere(c);
    addFlash(c, ok ? { kind: 'success', text: t('core.account.sessions.revoked') } : { kind: 'warning', text: t('core.account.sessions.gone') });
    return c.redirect('/account/sessions', 303);
  });

  route(app, kernel, 'core', 'post', '/account/sessions/revoke-others', AUTHENTICATED, (c) => {
    const user = c.get('user')!;
    const n = invalidateOtherSessions(sqlite, user.id, c.get('sessionId'));
    audit(sqlite, c, { action: 'auth.session.revoke_others', entity: 'core.user', entityId: user.id, after: { sessions: n } }, kernel.config.trustProxy);
    addFlash(c, { kind: 'success', text: c.get('t')('core.account.sessions.revoked_others', { count: n }) });
    return c.redirect('/account/sessions', 303);
  });

  route(app, kernel, 'core', 'post', '/account/sessions/revoke-all', AUTHENTICATED, (c) => {
    const user = c.get('user')!;
    invalidateUserSessions(sqlite, user.id);
    audit(sqlite, c, { action: 'auth.session.revoke_all', entity: 'core.user', entityId: user.id }, kernel.config.trustProxy);
    return signOutHere(c);
  });

  // ---------------------------------------------------------------- reset links (public)

  const invalidPage = (c: HrContext, status: 'invalid' | 'expired' | 'used') =>
    render(kernel, c, 'core/reset-invalid', { status }, { title: c.get('t')('core.reset.title'), status: status === 'invalid' ? 404 : 410 });
  const resetPage = (c: HrContext, token: string, name: string, errors: Record<string, string> = {}, status = 200) =>
    render(kernel, c, 'core/reset-form', { token, name, errors }, { title: c.get('t')('core.reset.title'), status });

  route(app, kernel, 'core', 'get', '/reset/:token', PUBLIC, (c) => {
    // The token is in the URL: keep it out of caches.
    c.header('Cache-Control', 'no-store');
    const token = c.req.param('token') ?? '';
    const found = lookupResetToken(sqlite, token);
    if (found.status !== 'valid') return invalidPage(c, found.status);
    return resetPage(c, token, found.name);
  });

  route(app, kernel, 'core', 'post', '/reset/:token', PUBLIC, async (c) => {
    c.header('Cache-Control', 'no-store');
    const t = c.get('t');
    const token = c.req.param('token') ?? '';
    const found = lookupResetToken(sqlite, token);
    if (found.status !== 'valid') return invalidPage(c, found.status);
    const form = await parseForm(c, resetSchema);
    if (!form.ok) {
      if (form.errors.confirm === 'mismatch') form.errors.confirm = t('core.password.mismatch');
      return resetPage(c, token, found.name, form.errors, 400);
    }
    const problem = checkPasswordPolicy(form.data.password, found.login);
    if (problem) return resetPage(c, token, found.name, { password: t(problem.key, problem.params) }, 400);
    const hash = await hashPassword(form.data.password);
    const done = sqlite.transaction(() => {
      if (!consumeResetToken(sqlite, token)) return false;
      setPassword(kernel, found.userId, hash);
      invalidateUserSessions(sqlite, found.userId);
      unlockAccount(sqlite, found.login);
      return true;
    }).immediate();
    if (!done) return invalidPage(c, 'used');
    audit(sqlite, c, { action: 'auth.password.reset', entity: 'core.user', entityId: found.userId }, kernel.config.trustProxy);
    addFlash(c, { kind: 'success', text: t('core.reset.done') });
    return c.redirect('/login', 303);
  });
}
