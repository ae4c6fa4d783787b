/**
 * /admin/connectors: every registered connector, configured or not, with what it can do, its
 * links and last syncs; the org sync dry run and its reviewed apply; punches "sync now"; manual
 * links. Sign-in through a connector is in connector-signin.ts.
 */
import { z } from 'zod';
import { route, type HrApp } from '../app.js';
import { MAX_PUNCH_DAYS, type RegisteredConnector } from '../connectors/index.js';
import { diffCounts, isEmptyDiff, type OrgDiff } from '../connectors/org-diff.js';
import { addFlash } from '../http/flash.js';
import { render } from '../http/render.js';
import { parseForm } from '../http/validate.js';
import type { Kernel } from '../kernel.js';
import { isIsoDate, todayIn } from '../people/validate.js';
import { HttpError, type HrContext } from '../sdk.js';
import { mountConnectorSignInRoutes } from './connector-signin.js';

const ADMIN = 'core.admin';
const date = z.string().trim().refine(isIsoDate, 'core.connectors.error.bad_date');
const punchForm = z.object({ from: date, to: date });
const linkForm = z.object({
  employeeNo: z.string().trim().min(1).max(32),
  remoteUserId: z.string().trim().min(1).max(128),
});
const unlinkForm = z.object({ employeeNo: z.string().trim().min(1).max(32) });
const applyForm = z.object({ hash: z.string().regex(/^[0-9a-f]{32}$/) });

function capabilities(def: RegisteredConnector['def']): string[] {
  return [def.deliver && 'deliver', def.fetchOrg && 'org', def.fetchPunches && 'punches', def.signIn && 'signin'].filter((x): x is string => !!x);
}

function configured(kernel: Kernel, r: RegisteredConnector): boolean {
  try {
    return r.def.configured();
  } catch (err) {
    kernel.log.error({ connector: r.def.id, err: (err as Error).message }, 'configured() failed');
    return false;
  }
}

/** A platform error as the admin reads it: the message only (never a stack), clipped. */
function problem(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).slice(0, 500);
}

export function mountConnectorRoutes(app: HrApp, kernel: Kernel): void {
  const { connectors } = kernel;
  const connectorOf = (c: HrContext): RegisteredConnector => {
    const found = connectors.get(c.req.param('id') ?? '');
    if (!found) throw new HttpError(404, 'core.connectors.error.unknown');
    return found;
  };
  const nameOf = (c: HrContext, r: RegisteredConnector) => r.def.name[c.get('locale')];
  const back = (c: HrContext) => c.redirect('/admin/connectors', 303);

  route(app, kernel, 'core', 'get', '/admin/connectors', ADMIN, async (c) => {
    const today = todayIn(kernel.config.timezone);
    const rows = connectors.list().map((r) => ({
      id: r.def.id,
      plugin: r.plugin,
      name: nameOf(c, r),
      configured: configured(kernel, r),
      capabilities: capabilities(r.def),
      links: connectors.store.count(r.def.id),
      lastOrg: connectors.store.lastRun(r.def.id, 'org'),
      lastPunches: connectors.store.lastRun(r.def.id, 'punches'),
      hasOrg: !!r.def.fetchOrg,
      hasPunches: !!r.def.fetchPunches,
    }));
    return render(
      kernel,
      c,
      'core/admin-connectors',
      { connectors: rows, attendance: connectors.hasAttendance(), today, maxPunchDays: MAX_PUNCH_DAYS },
      { title: c.get('t')('core.connectors.title') },
    );
  });

  const syncPage = (c: HrContext, r: RegisteredConnector, data: { diff: OrgDiff | null; hash: string | null; error?: string | null; stale?: boolean }, status = 200) =>
    render(
      kernel,
      c,
      'core/admin-connectors-sync',
      {
        connector: { id: r.def.id, name: nameOf(c, r) },
        diff: data.diff,
        hash: data.hash,
        counts: data.diff ? diffCounts(data.diff) : null,
        empty: data.diff ? isEmptyDiff(data.diff) : true,
        error: data.error ?? null,
        stale: data.stale ?? false,
      },
      { title: c.get('t')('core.connectors.sync.title', { name: nameOf(c, r) }), status },
    );

  // The dry run: fetch the platform's org and show what applying it would change. Nothing is written.
  route(app, kernel, 'core', 'get', '/admin/connectors/:id/sync', ADMIN, async (c) => {
    const r = connectorOf(c);
    try {
      const { diff, hash } = await connectors.dryRun(r.def.id);
      return syncPage(c, r, { diff, hash });
    } catch (err) {
      if (err instanceof HttpError) throw err;
      c.get('log').warn({ connector: r.def.id, err: problem(err) }, 'org sync dry run failed');
      return syncPage(c, r, { diff: null, hash: null, error: problem(err) }, 502);
    }
  });

  route(app, kernel, 'core', 'post', '/admin/connectors/:id/sync', ADMIN, async (c) => {
    const r = connectorOf(c);
    const t = c.get('t');
    const form = await parseForm(c, applyForm);
    if (!form.ok) throw new HttpError(400, 'core.error.400.body');
    let result;
    try {
      result = await connectors.applyReviewed(r.def.id, c, form.data.hash);
    } catch (err) {
      if (err instanceof HttpError) throw err;
      c.get('log').warn({ connector: r.def.id, err: problem(err) }, 'org sync apply failed');
      return syncPage(c, r, { diff: null, hash: null, error: problem(err) }, 502);
    }
    // The platform changed since the dry run: refuse, and show what would be applied now.
    if (!result.ok) return syncPage(c, r, { diff: result.diff, hash: result.hash, stale: true }, 409);
    addFlash(c, { kind: 'success', text: t('core.connectors.sync.applied', countsParams(result.counts)) });
    return back(c);
  });

  route(app, kernel, 'core', 'post', '/admin/connectors/:id/punches', ADMIN, async (c) => {
    const r = connectorOf(c);
    const t = c.get('t');
    const form = await parseForm(c, punchForm);
    if (!form.ok) {
      addFlash(c, { kind: 'error', text: Object.values(form.errors)[0] ?? t('core.error.400.body') });
      return back(c);
    }
    try {
      const res = await connectors.syncPunches(r.def.id, form.data.from, form.data.to, 'manual');
      addFlash(c, { kind: 'success', text: t('core.connectors.punches.done', { ...res }) });
    } catch (err) {
      const text = err instanceof HttpError ? t(err.messageKey, err.params) : t('core.connectors.error.platform', { error: problem(err) });
      addFlash(c, { kind: 'error', text });
    }
    return back(c);
  });

  route(app, kernel, 'core', 'post', '/admin/connectors/:id/links', ADMIN, async (c) => {
    const r = connectorOf(c);
    const t = c.get('t');
    const form = await parseForm(c, linkForm);
    const employeeId = form.ok ? kernel.people.service.employees.idByEmployeeNo(form.data.employeeNo) : null;
    if (!form.ok || employeeId === null) {
      addFlash(c, { kind: 'error', text: t(form.ok ? 'core.connectors.error.employee_no_unknown' : 'core.connectors.link.invalid', form.ok ? { no: form.data.employeeNo } : {}) });
      return back(c);
    }
    try {
      connectors.store.link(c, { connector: r.def.id, employeeId, remoteUserId: form.data.remoteUserId, via: 'manual' });
      addFlash(c, { kind: 'success', text: t('core.connectors.link.done', { no: form.data.employeeNo, remote: form.data.remoteUserId }) });
    } catch (err) {
      if (!(err instanceof HttpError)) throw err;
      addFlash(c, { kind: 'error', text: t(err.messageKey, err.params) });
    }
    return back(c);
  });

  route(app, kernel, 'core', 'post', '/admin/connectors/:id/unlink', ADMIN, async (c) => {
    const r = connectorOf(c);
    const t = c.get('t');
    const form = await parseForm(c, unlinkForm);
    const employeeId = form.ok ? kernel.people.service.employees.idByEmployeeNo(form.data.employeeNo) : null;
    const removed = employeeId !== null && connectors.store.unlink(c, r.def.id, employeeId);
    addFlash(c, removed ? { kind: 'success', text: t('core.connectors.unlink.done', { no: form.ok ? form.data.employeeNo : '' }) } : { kind: 'error', text: t('core.connectors.unlink.none') });
    return back(c);
  });

  mountConnectorSignInRoutes(app, kernel);
}

function countsParams(counts: Record<string, number>): Record<string, number> {
  return {
    departments: (counts.departmentsAdded ?? 0) + (counts.departmentsRenamed ?? 0) + (counts.departmentsMoved ?? 0),
    added: counts.employeesAdded ?? 0,
    changed: counts.employeesChanged ?? 0,
    left: counts.employeesLeft ?? 0,
  };
}
