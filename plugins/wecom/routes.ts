/**
 * Pages of the WeCom connector:
 * - `/wecom/callback` (PUBLIC, called by WeCom's servers): GET verifies the URL, POST
 *   receives messages and events — see callback.ts;
 * - `/wecom/jssdk-config?url=` (any signed-in user): the JS-SDK signature for a page of ours;
 * - `/wecom/admin` (core.admin): what is configured, what to enter in the WeCom console, and
 *   a connection test. Secrets are shown as set / not set only.
 */
import { AUTHENTICATED, PUBLIC, z, type HrContext, type PluginContext } from '../../core/sdk.js';
import { answerCallback, answerVerification, MAX_CALLBACK_BYTES, type CallbackAnswer, type CallbackDeps } from './callback.js';
import type { WecomClient } from './client.js';
import type { WecomCallbackQuery } from './crypto.js';
import { isWecomApiError } from './errors.js';
import { pageToSign, signPage } from './jssdk.js';
import { apiConfigured, callbackConfigured, describeSettings, type WecomConfig } from './settings.js';

const callbackQuery = z.object({
  msg_signature: z.string().max(100).optional(),
  timestamp: z.string().max(20).optional(),
  nonce: z.string().max(100).optional(),
  echostr: z.string().max(4096).optional(),
});

const send = (c: HrContext, answer: CallbackAnswer) => {
  c.header('content-type', answer.contentType);
  c.header('cache-control', 'no-store');
  return c.body(answer.body, answer.status as 200);
};

function queryOf(raw: Record<string, string>): WecomCallbackQuery {
  const parsed = callbackQuery.safeParse(raw);
  // Oversized values cannot be WeCom's: treat them as absent, so the signature check refuses.
  return parsed.success ? parsed.data : {};
}

export function registerCallbackRoutes(ctx: PluginContext, deps: CallbackDeps): void {
  ctx.pages.get('/callback', PUBLIC, (c) => send(c, answerVerification(deps, queryOf(c.req.query()))));
  ctx.pages.post('/callback', PUBLIC, async (c) => {
    const declared = Number(c.req.header('content-length') ?? 0);
    if (declared > MAX_CALLBACK_BYTES) return send(c, { status: 413, contentType: 'text/plain; charset=utf-8', body: 'callback too large' });
    return send(c, answerCallback(deps, queryOf(c.req.query()), await c.req.text()));
    // WeCom's servers send no cookie and no CSRF token: the msg_signature check in answerCallback authenticates.
  }, { webhook: true });
}

export function registerJssdkRoute(ctx: PluginContext, config: WecomConfig, client: WecomClient | null, now: () => number): void {
  ctx.pages.get('/jssdk-config', AUTHENTICATED, async (c) => {
    c.header('cache-control', 'no-store');
    if (!client || !apiConfigured(config)) return c.json({ error: 'WeCom is not configured' }, 404);
    const page = pageToSign(c.req.query('url'), ctx.config.publicUrl);
    if (!page) return c.json({ error: 'url must be a page of this site' }, 400);
    const agent = c.req.query('agent') === '1';
    let ticket: string;
    try {
      ticket = agent ? await client.getAgentJsapiTicket() : await client.getJsapiTicket();
    } catch (e) {
      if (!isWecomApiError(e)) throw e;
      ctx.log.warn({ path: e.path, errcode: e.errcode, kind: e.kind }, 'wecom jsapi ticket unavailable');
      return c.json({ error: 'WeCom is unavailable' }, 502);
    }
    const signed = signPage(ticket, page, config.corpId, now());
    return c.json(agent ? { ...signed, agentId: config.agentId } : signed);
  });
}

export function registerStatusPages(ctx: PluginContext, config: WecomConfig, client: WecomClient | null): void {
  const view = () => {
    const publicUrl = new URL(ctx.config.publicUrl);
    return {
      configured: apiConfigured(config) && client !== null,
      callbackConfigured: callbackConfigured(config),
      rows: describeSettings(config),
      callbackUrl: `${publicUrl.origin}/wecom/callback`,
      trustedDomain: publicUrl.host,
      options: { syncLeavers: config.syncLeavers, pushHires: config.pushHires, pushLeavers: config.pushLeavers },
      pushNeedsContacts: (config.pushHires || config.pushLeavers) && !config.contactsSecret,
    };
  };

  ctx.pages.get('/admin', 'core.admin', (c) => ctx.render(c, 'status', view(), { title: c.get('t')('wecom.status.title') }));

  ctx.pages.post('/admin/check', 'core.admin', async (c) => {
    const t = c.get('t');
    if (!client) {
      ctx.flash(c, { kind: 'warning', text: t('wecom.status.not_configured') });
      return c.redirect('/wecom/admin', 303);
    }
    try {
      const departments = await client.listDepartments();
      ctx.flash(c, { kind: 'success', text: t('wecom.status.check_ok', { departments: departments.length }) });
    } catch (e) {
      // The error names the API path and WeCom's errcode, never a token or the secret.
      const error = isWecomApiError(e) ? (e.errcode !== null ? `errcode ${e.errcode} ${e.errmsg}` : e.message) : 'unexpected error';
      ctx.flash(c, { kind: 'error', text: t('wecom.status.check_failed', { error }) });
    }
    return c.redirect('/wecom/admin', 303);
  });
}
