/**
 * Signing in through a connector (OAuth-style, e.g. WeCom's web authorization or QR login):
 *
 *   GET /auth/connector/<id>/start?next=…   random state in a signed 10-minute cookie, then the
 *                                            platform (silent inside its app, QR code elsewhere)
 *   GET /auth/connector/<id>/callback?code&state
 *        state checked (CSRF) → code → platform user id → linked employee → their active
 *        account → a new session → `next` (default: the self-service page)
 *
 * Started while signed in with `?link=1`, an unlinked platform account is linked to the user's
 * own employee record first (`via: 'signin'`). Every refusal is audited as
 * `auth.connector.failed` and explained on a page in words; a success as `auth.connector.signin`.
 */
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { route, type HrApp } from '../app.js';
import { audit } from '../audit.js';
import type { RegisteredConnector } from '../connectors/index.js';
import { chooseSignInTarget, openState, randomState, sameState, sealState, STATE_TTL_MS } from '../connectors/signin-state.js';
import { createRateLimiter } from '../http/rate-limit.js';
import { render } from '../http/render.js';
import { clientIp, isHttps } from '../http/security.js';
import type { Kernel } from '../kernel.js';
import { HttpError, PUBLIC, type HrContext } from '../sdk.js';
import { safeNext, signIn } from './index.js';

/** Where people land by default: their own page. */
export const SELF_SERVICE = '/me';

export type SignInFailure =
  | 'state_missing'
  | 'state_forged'
  | 'state_expired'
  | 'state_mismatch'
  | 'denied'
  | 'exchange'
  | 'unlinked'
  | 'remote_taken'
  | 'no_account'
  | 'inactive'
  | 'throttled';

const STATUS: Record<SignInFailure, number> = {
  state_missing: 400,
  state_forged: 400,
  state_expired: 400,
  state_mismatch: 400,
  denied: 400,
  exchange: 502,
  unlinked: 403,
  remote_taken: 409,
  no_account: 403,
  inactive: 403,
  throttled: 429,
};

interface Account {
  employeeId: number;
  employeeName: string;
  userId: number | null;
  active: number | null;
}

export function mountConnectorSignInRoutes(app: HrApp, kernel: Kernel): void {
  const { connectors } = kernel;
  const { sqlite } = kernel.dbh;
  const cookieName = kernel.cookies.session.replace('hr_session_', 'hr_connector_');
  const cookiePath = '/auth/connector/';
  // Each callback costs a call to the platform: keep a flood of forged ones from turning into one.
  const limiter = createRateLimiter({ limit: 30, windowMs: 10 * 60_000 });
  const accountOf = sqlite.prepare(
    `SELECT e.id AS employeeId, e.name AS employeeName, e.user_id AS userId, u.active AS active
     FROM people_employees e LEFT JOIN core_users u ON u.id = e.user_id WHERE e.id = ?`,
  );
  const employeeOfUser = sqlite.prepare('SELECT id FROM people_employees WHERE user_id = ?');

  const usable = (id: string): RegisteredConnector => {
    const r = connectors.get(id);
    let ok = false;
    try {
      ok = !!r?.def.signIn && r.def.configured();
    } catch {
      ok = false;
    }
    if (!r || !ok) throw new HttpError(404, 'core.connectors.signin.unavailable');
    return r;
  };
  const callbackUrl = (id: string) => `${kernel.config.publicUrl.replace(/\/+$/, '')}/auth/connector/${encodeURIComponent(id)}/callback`;

  route(app, kernel, 'core', 'get', '/auth/connector/:id/start', PUBLIC, async (c) => {
    const r = usable(c.req.param('id') ?? '');
    const signInDef = r.def.signIn!;
    const wanted = c.req.query('next');
    const next = wanted ? safeNext(wanted) : SELF_SERVICE;
    const user = c.get('user');
    const linking = c.req.query('link') === '1' && !!user;
    // A link in a notification passes through here: someone already signed in goes straight on.
    if (user && !linking) return c.redirect(next, 303);
    const state = randomState();
    const sealed = sealState(kernel.config.secret, { connector: r.def.id, state, next, userId: linking ? user.id : null, expiresAt: Date.now() + STATE_TTL_MS });
    setCookie(c, cookieName, sealed, { path: cookiePath, httpOnly: true, sameSite: 'Lax', secure: isHttps(c, kernel.config.trustProxy), maxAge: STATE_TTL_MS / 1000 });
    const inApp = r.def.isInApp?.(c.req.header('user-agent') ?? '') ?? false;
    const target = chooseSignInTarget({ mode: c.req.query('mode'), inApp, hasQr: !!signInDef.qrLoginUrl });
    const redirectUri = callbackUrl(r.def.id);
    const url = target === 'qr' ? signInDef.qrLoginUrl!(state, redirectUri) : signInDef.authorizeUrl(state, redirectUri);
    return c.redirect(url, 302);
  });

  route(app, kernel, 'core', 'get', '/auth/connector/:id/callback', PUBLIC, async (c) => {
    const r = usable(c.req.param('id') ?? '');
    const id = r.def.id;
    const opened = openState(kernel.config.secret, getCookie(c, cookieName), Date.now());
    // Spent whatever happens next: the browser drops it (a platform's code is single-use anyway).
    deleteCookie(c, cookieName, { path: cookiePath });

    const fail = (reason: SignInFailure, details: Record<string, unknown> = {}) => {
      c.get('log').warn({ connector: id, reason }, 'sign-in through a connector refused');
      audit(sqlite, c, { action: 'auth.connector.failed', entity: 'connector', entityId: id, after: { reason, ...details } }, kernel.config.trustProxy);
      const t = c.get('t');
      const name = r.def.name[c.get('locale')];
      return render(
        kernel,
        c,
        'core/connector-signin-failed',
        { reason, connector: { id, name }, remoteUserId: typeof details.remoteUserId === 'string' ? details.remoteUserId : null, retryHref: `/auth/connector/${encodeURIComponent(id)}/start` },
        { title: t('core.connectors.signin.failed.title', { name }), status: STATUS[reason] },
      );
    };

    const ip = clientIp(c, kernel.config.trustProxy) ?? 'unknown';
    if (!limiter.hit(ip).ok) return fail('throttled');
    if (!opened.ok) return fail(`state_${opened.reason}`);
    const state = opened.state;
    if (state.connector !== id || !sameState(state.state, c.req.query('state') ?? '')) return fail('state_mismatch');
    const code = c.req.query('code');
    // The person declined on the platform's page (or it sent us back without a code).
    if (!code) return fail('denied');

    let remoteUserId: string;
    try {
      remoteUserId = await r.def.signIn!.exchangeCode(code);
    } catch (err) {
      return fail('exchange', { error: (err instanceof Error ? err.message : String(err)).slice(0, 300) });
    }

    let employeeId = connectors.store.employeeOf(id, remoteUserId);
    if (state.userId !== null) {
      const own = (employeeOfUser.get(state.userId) as { id: number } | undefined)?.id ?? null;
      if (employeeId !== null && employeeId !== own) return fail('remote_taken', { remoteUserId });
      if (employeeId === null && own !== null) {
        try {
          connectors.store.link(c, { connector: id, employeeId: own, remoteUserId, via: 'signin' });
        } catch (err) {
          if (err instanceof HttpError && err.status === 409) return fail('remote_taken', { remoteUserId });
          throw err;
        }
        employeeId = own;
      }
    }
    if (employeeId === null) return fail('unlinked', { remoteUserId });
    const account = accountOf.get(employeeId) as Account | undefined;
    if (!account?.userId) return fail('no_account', { remoteUserId, employeeId });
    if (account.active !== 1) return fail('inactive', { remoteUserId, employeeId, userId: account.userId });

    signIn(kernel, c as HrContext, account.userId);
    audit(sqlite, c, { action: 'auth.connector.signin', entity: 'core.user', entityId: account.userId, after: { connector: id, employeeId, remoteUserId, linked: state.userId !== null } }, kernel.config.trustProxy);
    return c.redirect(state.next, 303);
  });
}
