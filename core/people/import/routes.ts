/**
 * Pages for import and export, mounted by whoever builds the people pages:
 *
 *   registerImportRoutes(app, kernel, { context: peopleContext(...) })
 *
 * GET  /people/import                      upload form, template links
 * GET  /people/import/template.xlsx        XLSX template (employees + departments sheets)
 * GET  /people/import/template.csv         CSV template (?kind=departments for departments)
 * POST /people/import                      upload -> job; htmx gets the status fragment, a form a redirect
 * GET  /people/import/:id                  the job's page (progress, then the dry-run report)
 * GET  /people/import/:id/status           fragment polled by htmx while the file is checked
 * POST /people/import/:id/commit           the one-transaction commit
 * GET  /people/export.xlsx|.csv            employees in the viewer's scope, masked unless they may reveal
 */
import { route, type HrApp } from '../../app.js';
import { can } from '../../auth/permissions.js';
import { render } from '../../http/render.js';
import type { Kernel } from '../../kernel.js';
import { HttpError, type HrContext, type Permission } from '../../sdk.js';
import type { PeopleContext } from '../context.js';
import { attachment, exportEmployees } from '../export/export.js';
import { createPeopleImport, type ImportJob, type PeopleImport } from './jobs.js';
import { CSV_TYPE, templateCsv, templateXlsx, XLSX_TYPE } from './template.js';
import { LIMITS } from './read.js';
import { jobView } from './view.js';
import { scopeCovers } from '../../auth/permissions.js';

export interface ImportRouteOptions {
  context: PeopleContext;
  /** Who may import (and download templates). */
  importPermission?: Permission;
  /** Who may export; records are limited to the scope held with it. */
  exportPermission?: Permission;
  /** Who sees ID and bank numbers in full in an export. */
  revealPermission?: Permission;
  imports?: PeopleImport;
}

export const IMPORT_PERMISSION = 'core.people.import';
export const EXPORT_PERMISSION = 'core.people.export';
export const REVEAL_PERMISSION = 'core.people.sensitive';

const download = (c: HrContext, body: Buffer | string, type: string, name: string) =>
  c.body(typeof body === 'string' ? body : new Uint8Array(body), 200, { 'Content-Type': type, 'Content-Disposition': attachment(name), 'Cache-Control': 'no-store' });

export function registerImportRoutes(app: HrApp, kernel: Kernel, options: ImportRouteOptions): PeopleImport {
  // Importing writes anyone's record: only for those who hold the permission for everyone.
  const imp = { permission: options.importPermission ?? IMPORT_PERMISSION, scope: 'all' as const };
  const exp = options.exportPermission ?? EXPORT_PERMISSION;
  const reveal = options.revealPermission ?? REVEAL_PERMISSION;
  const imports = options.imports ?? createPeopleImport(options.context);
  const userId = (c: HrContext) => c.get('user')?.id ?? null;
  const jobOf = (c: HrContext): ImportJob => {
    const job = imports.get(c.req.param('id') ?? '', userId(c));
    if (!job) throw new HttpError(404, 'core.people.import.not_found');
    return job;
  };
  const page = (c: HrContext, job: ImportJob | null, error: string | null = null, status = 200) =>
    render(kernel, c, 'core/people-import', { job: job ? jobView(job, c.get('t'), c.get('locale')) : null, error, maxMb: LIMITS.maxBytes / 1024 / 1024 }, { title: c.get('t')('core.people.import.title'), status });
  const statusFragment = (c: HrContext, job: ImportJob) => render(kernel, c, 'core/people-import-status', { job: jobView(job, c.get('t'), c.get('locale')) }, { fragment: true });

  route(app, kernel, 'core', 'get', '/people/import', imp, (c) => page(c, null));
  route(app, kernel, 'core', 'get', '/people/import/template.xlsx', imp, async (c) => download(c, await templateXlsx(c.get('locale')), XLSX_TYPE, c.get('locale') === 'en' ? 'employee-import-template.xlsx' : '员工导入模板.xlsx'));
  route(app, kernel, 'core', 'get', '/people/import/template.csv', imp, (c) => {
    const kind = c.req.query('kind') === 'departments' ? 'departments' : 'employees';
    const name = c.get('locale') === 'en' ? `${kind}-template.csv` : kind === 'employees' ? '员工导入模板.csv' : '部门导入模板.csv';
    return download(c, templateCsv(c.get('locale'), kind), CSV_TYPE, name);
  });

  route(app, kernel, 'core', 'post', '/people/import', imp, async (c) => {
    const body = await c.req.parseBody();
    const file = body.file;
    if (!(file instanceof File) || file.size === 0) return page(c, null, c.get('t')('core.people.import.file.empty'), 400);
    if (file.size > LIMITS.maxBytes) return page(c, null, c.get('t')('core.people.import.file.too_large', { max: LIMITS.maxBytes / 1024 / 1024 }), 400);
    const { job } = imports.start({ name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) }, userId(c));
    if (c.req.header('hx-request') === 'true') return statusFragment(c, job);
    return c.redirect(`/people/import/${job.id}`, 303);
  });
  route(app, kernel, 'core', 'get', '/people/import/:id', imp, (c) => page(c, jobOf(c)));
  route(app, kernel, 'core', 'get', '/people/import/:id/status', imp, (c) => statusFragment(c, jobOf(c)));
  route(app, kernel, 'core', 'post', '/people/import/:id/commit', imp, (c) => {
    const job = imports.commit(jobOf(c), c);
    if (c.req.header('hx-request') === 'true') return statusFragment(c, job);
    return c.redirect(`/people/import/${job.id}`, 303);
  });

  for (const format of ['xlsx', 'csv'] as const) {
    route(app, kernel, 'core', 'get', `/people/export.${format}`, exp, async (c) => {
      const user = c.get('user')!;
      const scope = user.scopes.get(exp) ?? 'self';
      const file = await exportEmployees(options.context, { user, scope, reveal: can(user.permissions, reveal) && scopeCovers(user.scopes.get(reveal), scope) }, format, c.get('locale'), c);
      return download(c, file.body, file.contentType, file.fileName);
    });
  }
  return imports;
}
