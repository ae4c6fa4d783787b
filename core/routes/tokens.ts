/**
 * /account/tokens: each user's personal API tokens. A new token is shown once,
 * in the response to the form that created it, and never again (only its hash
 * is stored). Creating and revoking are audited, without the token itself.
 */
import { z } from 'zod';
import { route, type HrApp } from '../app.js';
import { createApiToken, getApiToken, listApiTokens, revokeApiToken, type TokenInfo } from '../access/tokens.js';
import { audit } from '../audit.js';
import { addFlash } from '../http/flash.js';
import { render } from '../http/render.js';
import { formArray, parseForm } from '../http/validate.js';
import type { Kernel } from '../kernel.js';
import { AUTHENTICATED, HttpError, type HrContext } from '../sdk.js';
import { permissionGroups } from './roles.js';

const DAY = 24 * 3600 * 1000;
export const TOKEN_DAYS = [7, 30, 90, 180, 365] as const;

const tokenForm = z.object({
  name: z.string().trim().min(1).max(80),
  days: z.coerce.number().int().refine((d) => (TOKEN_DAYS as readonly number[]).includes(d)),
  perm: formArray(z.string().max(200)),
});

const status = (tok: TokenInfo, now = Date.now()) => (tok.revokedAt ? 'revoked' : tok.expiresAt <= now ? 'expired' : 'active');
const publicView = (tok: TokenInfo) => ({ id: tok.id, name: tok.name, prefix: tok.prefix, permissions: tok.permissions, expiresAt: tok.expiresAt, issuedVia: tok.issuedVia });

export function mountTokenRoutes(app: HrApp, kernel: Kernel): void {
  const { sqlite } = kernel.dbh;

  const page = (c: HrContext, extra: { values?: Record<string, unknown>; errors?: Record<string, string>; created?: { token: string; name: string } | null } = {}, code = 200) => {
    const user = c.get('user')!;
    // Offer only what the user holds now; a token can never widen their rights.
    const groups = permissionGroups(kernel, c)
      .map((g) => ({ ...g, permissions: g.permissions.filter((p) => user.permissions.has(p.id)) }))
      .filter((g) => g.permissions.length > 0);
    const tokens = listApiTokens(sqlite, user.id).map((tok) => ({ ...tok, status: status(tok) }));
    return render(
      kernel,
      c,
      'core/tokens-list',
      { tokens, groups, days: TOKEN_DAYS, values: extra.values ?? { days: '90', perm: [] }, errors: extra.errors ?? {}, created: extra.created ?? null },
      { title: c.get('t')('core.tokens.title'), status: code },
    );
  };

  route(app, kernel, 'core', 'get', '/account/tokens', AUTHENTICATED, (c) => page(c));

  route(app, kernel, 'core', 'post', '/account/tokens', AUTHENTICATED, async (c) => {
    const t = c.get('t');
    const user = c.get('user')!;
    const form = await parseForm(c, tokenForm);
    const raw = (await c.req.parseBody({ all: true }).catch(() => ({}))) as Record<string, unknown>;
    const values = { name: raw.name, days: raw.days, perm: [raw.perm].flat().filter((p) => typeof p === 'string') };
    if (!form.ok) return page(c, { values, errors: form.errors }, 400);
    const errors: Record<string, string> = {};
    const notHeld = form.data.perm.find((p) => !user.permissions.has(p));
    if (notHeld) errors.perm = t('core.tokens.error.permission', { permission: notHeld });
    else if (form.data.perm.length === 0) errors.perm = t('core.tokens.error.permissions_required');
    if (Object.keys(errors).length) return page(c, { values, errors }, 400);
    const { token, info } = createApiToken(sqlite, { userId: user.id, name: form.data.name, permissions: form.data.perm, expiresAt: Date.now() + form.data.days * DAY });
    audit(sqlite, c, { action: 'core.tokens.create', entity: 'access_tokens', entityId: info.id, after: publicView(info) }, kernel.config.trustProxy);
    // Rendered, not redirected: this response is the only place the token ever appears.
    c.header('Cache-Control', 'no-store');
    return page(c, { created: { token, name: info.name } });
  });

  route(app, kernel, 'core', 'post', '/account/tokens/:id/revoke', AUTHENTICATED, async (c) => {
    const user = c.get('user')!;
    const id = Number(c.req.param('id'));
    const before = Number.isInteger(id) ? getApiToken(sqlite, id) : null;
    if (!before || before.userId !== user.id) throw new HttpError(404, 'core.error.404.body');
    if (revokeApiToken(sqlite, user.id, id)) {
      const after = getApiToken(sqlite, id)!;
      audit(sqlite, c, { action: 'core.tokens.revoke', entity: 'access_tokens', entityId: id, before: { ...publicView(before), revokedAt: null }, after: { ...publicView(after), revokedAt: after.revokedAt } }, kernel.config.trustProxy);
    }
    addFlash(c, { kind: 'success', text: c.get('t')('core.tokens.revoked', { name: before.name }) });
    return c.redirect('/account/tokens', 303);
  });
}
