/** Admin pages of the core: plugins, scheduled jobs, event deliveries, route registry. */
import { z } from 'zod';
import { route, type HrApp } from '../app.js';
import { appliedMigrations } from '../db/migrator.js';
import { render } from '../http/render.js';
import { addFlash } from '../http/flash.js';
import type { Kernel } from '../kernel.js';
import { listPlugins, peekDefinition } from '../plugins/loader.js';
import { HttpError } from '../sdk.js';
import { mountAiRoutes } from './ai.js';
import { mountAuditRoutes } from './audit.js';
import { mountConnectorRoutes } from './connectors.js';
import { mountRoleRoutes } from './roles.js';
import { mountTokenRoutes } from './tokens.js';


const PAGE_SIZE = 50;
const pageQuery = z.object({ page: z.coerce.number().int().min(1).catch(1), job: z.string().max(200).optional() });

export function mountAdminRoutes(app: HrApp, kernel: Kernel): void {
  route(app, kernel, 'core', 'get', '/admin/plugins', 'core.admin', async (c) => {
    const t = c.get('t');
    const locale = c.get('locale');
    const applied = appliedMigrations(kernel.dbh.sqlite);
    const jobs = kernel.jobs.list();
    const rows = [];
    for (const listing of listPlugins(kernel.config)) {
      const loaded = kernel.plugins.find((p) => p.id === listing.id);
      const def = loaded?.def ?? (await peekDefinition(listing, kernel.config));
      const pluginJobs = jobs.filter((j) => j.pluginId === listing.id);
      rows.push({
        id: listing.id,
        name: def?.name[locale] ?? listing.id,
        description: def?.description?.[locale] ?? '',
        version: def?.version ?? '?',
        source: listing.source,
        enabled: !!loaded,
        loadError: !def,
        migrations: applied.filter((m) => m.plugin === listing.id),
        routes: kernel.routes.filter((r) => r.plugin === listing.id),
        // A switched-off plugin's messages are not loaded: read its labels from its own definition.
        permissions: (def?.permissions ?? []).map((p) => ({ id: p.id, label: loaded ? t(p.label) : (def?.i18n?.[locale]?.[p.label] ?? p.label), roles: p.roles ?? [] })),
        jobs: pluginJobs,
        failingJobs: pluginJobs.filter((j) => j.lastRun?.status === 'failed').length,
        requires: def?.requires ?? [],
        optional: def?.optional ?? [],
      });
    }
    return render(kernel, c, 'core/admin-plugins', { plugins: rows, coreMigrations: applied.filter((m) => m.plugin === 'core' || m.plugin.startsWith('core.')) }, { title: t('core.admin.plugins.title') });
  });

  route(app, kernel, 'core', 'get', '/admin/jobs', 'core.admin', async (c) => {
    const q = pageQuery.parse(c.req.query());
    const history = kernel.jobs.history(q.job, PAGE_SIZE + 1, (q.page - 1) * PAGE_SIZE);
    return render(
      kernel,
      c,
      'core/admin-jobs',
      { jobs: kernel.jobs.list(), history: history.slice(0, PAGE_SIZE), page: q.page, hasNext: history.length > PAGE_SIZE, job: q.job ?? '' },
      { title: c.get('t')('core.admin.jobs.title') },
    );
  });

  route(app, kernel, 'core', 'post', '/admin/jobs/:id/run', 'core.admin', async (c) => {
    const id = c.req.param('id') ?? '';
    if (!kernel.jobs.list().some((j) => j.id === id)) throw new HttpError(404, 'core.error.404.body');
    const t = c.get('t');
    const run = await kernel.jobs.runNow(id);
    const kind = run.status === 'ok' ? 'success' : run.status === 'skipped' ? 'warning' : 'error';
    addFlash(c, { kind, text: t(`core.admin.jobs.result.${run.status}`, { job: id, error: run.error ?? '' }) });
    return c.redirect('/admin/jobs', 303);
  });

  route(app, kernel, 'core', 'get', '/admin/outbox', 'core.admin', async (c) => {
    const q = pageQuery.parse(c.req.query());
    const dead = kernel.events.deadLetters(PAGE_SIZE + 1, (q.page - 1) * PAGE_SIZE);
    return render(
      kernel,
      c,
      'core/admin-outbox',
      { counts: kernel.events.counts(), dead: dead.slice(0, PAGE_SIZE), page: q.page, hasNext: dead.length > PAGE_SIZE },
      { title: c.get('t')('core.admin.outbox.title') },
    );
  });

  route(app, kernel, 'core', 'post', '/admin/outbox/:id/retry', 'core.admin', async (c) => {
    const id = Number(c.req.param('id'));
    const t = c.get('t');
    const ok = Number.isInteger(id) && kernel.events.retry(id);
    addFlash(c, ok ? { kind: 'success', text: t('core.admin.outbox.retried') } : { kind: 'error', text: t('core.admin.outbox.not_dead') });
    return c.redirect('/admin/outbox', 303);
  });

  route(app, kernel, 'core', 'get', '/admin/routes', 'core.admin', async (c) => {
    const routes = [...kernel.routes].sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
    return render(kernel, c, 'core/admin-routes', { routes }, { title: c.get('t')('core.admin.routes.title') });
  });

  mountRoleRoutes(app, kernel);
  mountTokenRoutes(app, kernel);

  mountAuditRoutes(app, kernel);
  mountAiRoutes(app, kernel);
  mountConnectorRoutes(app, kernel);
}
