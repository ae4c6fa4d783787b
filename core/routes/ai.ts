/**
 * /admin/ai: what the AI runtime is configured with, a connection test, the embedding model's
 * status, the privacy switch, the admin's synonyms and usage figures. The LLM endpoint itself
 * is configured in hr.config.ts (or HR_AI_* variables): a key never passes through a form.
 */
import { z } from 'zod';
import { route, type HrApp } from '../app.js';
import { audit } from '../audit.js';
import { addFlash } from '../http/flash.js';
import { render } from '../http/render.js';
import { formArray, parseForm } from '../http/validate.js';
import type { Kernel } from '../kernel.js';
import { todayIn } from '../people/validate.js';
import { parseSynonymLines } from '../ai/runtime.js';
import { cosine } from '../ai/embed/index.js';
import type { HrContext } from '../sdk.js';

const USAGE_DAYS = 30;
// The page sends a hidden 'off' before the checkbox, so an unticked box still says so.
const privacyForm = z.object({ redact: formArray(z.enum(['on', 'off'])).refine((v) => v.length > 0) });
const synonymsForm = z.object({ synonyms: z.string().max(20_000) });

function sinceDay(timezone: string, days: number): string {
  return todayIn(timezone, new Date(Date.now() - (days - 1) * 86_400_000));
}

/** Shown on the page: never the key itself, only whether one is set. */
function llmSummary(kernel: Kernel) {
  const cfg = kernel.ai.llmConfig;
  if (!cfg) return null;
  return {
    provider: cfg.provider,
    baseUrl: cfg.baseUrl,
    model: cfg.model,
    keySet: !!kernel.config.ai.llm?.apiKey,
    remote: kernel.ai.llmFor('core').remote,
    timeoutMs: cfg.timeoutMs,
    maxConcurrency: cfg.maxConcurrency,
  };
}

export function mountAiRoutes(app: HrApp, kernel: Kernel): void {
  const { ai } = kernel;
  const page = (c: HrContext, extra: Record<string, unknown> = {}, status = 200) => {
    const usage = ai.usage(sinceDay(kernel.config.timezone, USAGE_DAYS));
    const totals = usage.reduce(
      (s, r) => ({ calls: s.calls + r.calls, failures: s.failures + r.failures, tokens: s.tokens + r.promptTokens + r.completionTokens }),
      { calls: 0, failures: 0, tokens: 0 },
    );
    return render(
      kernel,
      c,
      'core/admin-ai',
      {
        llm: llmSummary(kernel),
        embeddings: { status: ai.embedder.status(), error: ai.embedder.lastError(), info: ai.embedder.modelInfo(), config: kernel.config.ai.embeddings },
        redact: ai.redactEnabled(),
        synonyms: ai.adminSynonyms(),
        usage,
        totals,
        usageDays: USAGE_DAYS,
        test: null,
        embedTest: null,
        ...extra,
      },
      { title: c.get('t')('core.ai.admin.title'), status },
    );
  };

  route(app, kernel, 'core', 'get', '/admin/ai', 'core.admin', (c) => page(c));

  // Answers with the whole page (or, for htmx, its result box): the admin sees what happened.
  route(app, kernel, 'core', 'post', '/admin/ai/test', 'core.admin', async (c) => {
    const result = ai.llm.available ? await ai.testConnection(c) : null;
    if (c.req.header('hx-request') === 'true') {
      return render(kernel, c, 'core/admin-ai-test', { test: result, ran: true, configured: ai.llm.available }, { fragment: true });
    }
    return page(c, { test: result ?? { ok: false, code: 'unavailable', message: '', ms: 0 } });
  });

  route(app, kernel, 'core', 'post', '/admin/ai/embeddings/test', 'core.admin', async (c) => {
    const started = performance.now();
    const texts = ['熟悉 React 和 TypeScript 的前端工程师', 'Frontend engineer with React and TypeScript', '仓库管理与物流调度'];
    const vectors = await ai.embeddings.embed(texts, { kind: 'passage' });
    const embedTest = vectors
      ? { ok: true, ms: Math.round(performance.now() - started), dims: vectors[0]?.length ?? 0, related: cosine(vectors[0]!, vectors[1]!), unrelated: cosine(vectors[0]!, vectors[2]!) }
      : { ok: false, status: ai.embedder.status(), error: ai.embedder.lastError() };
    return page(c, { embedTest });
  });

  route(app, kernel, 'core', 'post', '/admin/ai/privacy', 'core.admin', async (c) => {
    const form = await parseForm(c, privacyForm);
    if (!form.ok) return page(c, {}, 400);
    const before = ai.redactEnabled();
    const after = form.data.redact.includes('on');
    if (before !== after) {
      ai.setRedact(after);
      audit(kernel.dbh.sqlite, c, { action: 'core.ai.privacy', entity: 'ai', entityId: 'redactPersonalData', before: { redact: before }, after: { redact: after } }, kernel.config.trustProxy);
    }
    addFlash(c, { kind: after ? 'success' : 'warning', text: c.get('t')(after ? 'core.ai.admin.privacy.saved_on' : 'core.ai.admin.privacy.saved_off') });
    return c.redirect('/admin/ai', 303);
  });

  route(app, kernel, 'core', 'post', '/admin/ai/synonyms', 'core.admin', async (c) => {
    const t = c.get('t');
    const form = await parseForm(c, synonymsForm);
    if (!form.ok) return page(c, { synonymsError: t('core.ai.admin.synonyms.too_long') }, 400);
    const text = form.data.synonyms.replace(/\r\n/g, '\n');
    const bad = text
      .split('\n')
      .map((line, i) => ({ line: line.replace(/#.*$/, '').trim(), n: i + 1 }))
      .filter(({ line }) => line && parseSynonymLines(line).length === 0);
    if (bad.length) {
      return page(c, { synonyms: text, synonymsError: t('core.ai.admin.synonyms.bad_lines', { lines: bad.map((b) => b.n).join(', ') }) }, 400);
    }
    const before = ai.adminSynonyms();
    const { groups } = ai.setAdminSynonyms(text);
    audit(kernel.dbh.sqlite, c, { action: 'core.ai.synonyms', entity: 'ai', entityId: 'synonyms', before: { text: before }, after: { text } }, kernel.config.trustProxy);
    addFlash(c, { kind: 'success', text: t('core.ai.admin.synonyms.saved', { groups }) });
    return c.redirect('/admin/ai', 303);
  });
}
