/**
 * GET /people: the directory, limited to the viewer's scope of core.people.view
 * (employees see themselves, managers their reporting line, HR everyone).
 * A plain GET form; with htmx the search box searches as one types and only the
 * results region (#people-results) is replaced, the URL following along.
 */
import { z } from 'zod';
import { route, type HrApp } from '../../app.js';
import { can } from '../../auth/permissions.js';
import { isFragmentRequest, render } from '../../http/render.js';
import type { Kernel } from '../../kernel.js';
import { withQuery } from '../../views/page.js';
import { ACTIVE_STATUSES } from '../queries.js';
import { EMPLOYEE_STATUSES } from '../schema.js';
import { EXPORT, MANAGE, VIEW, currentUser, scopeOf } from './common.js';

export const PAGE_SIZE = 20;

const directoryQuery = z.object({
  q: z.string().trim().max(100).catch(''),
  departmentId: z.coerce.number().int().positive().optional().catch(undefined),
  /** '' = everyone still employed, 'all' = including leavers, or one status. */
  status: z.enum(['all', ...EMPLOYEE_STATUSES]).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});
export type DirectoryQuery = z.output<typeof directoryQuery>;

/** Whether the export module of core/people/export has mounted its routes. */
function exportHref(kernel: Kernel, format: 'xlsx' | 'csv'): string | null {
  const path = `/people/export.${format}`;
  return kernel.routes.some((r) => r.path === path && r.method === 'get') ? path : null;
}

export function mountDirectoryRoutes(app: HrApp, kernel: Kernel): void {
  const people = kernel.people.service;

  route(app, kernel, 'core', 'get', '/people', VIEW, async (c) => {
    const user = currentUser(c);
    const t = c.get('t');
    const query = directoryQuery.parse(c.req.query());
    const scope = scopeOf(user, VIEW) ?? 'self';
    const status = query.status === 'all' ? undefined : query.status ? query.status : ACTIVE_STATUSES;
    const result = people.employees.list({ q: query.q, departmentId: query.departmentId, status, visibleTo: { user, scope }, page: query.page, pageSize: PAGE_SIZE });
    const filters = { q: query.q, departmentId: query.departmentId ?? '', status: query.status ?? '' };
    const baseUrl = withQuery('/people', filters);
    const data = {
      result,
      filters,
      baseUrl,
      filtered: !!(query.q || query.departmentId || query.status),
      statuses: EMPLOYEE_STATUSES,
      // Department names help everyone; the list of all departments is no secret inside the company.
      departments: people.departments.options(),
      canCreate: can(user.permissions, MANAGE) && scopeOf(user, MANAGE) === 'all',
      exports: can(user.permissions, EXPORT) ? { xlsx: exportHref(kernel, 'xlsx'), csv: exportHref(kernel, 'csv') } : null,
    };
    // The live search asks for the results only; a history restore or a plain visit gets the page.
    if (isFragmentRequest(c)) return render(kernel, c, 'core/people-results', data, { fragment: true });
    return render(kernel, c, 'core/people-directory', data, { title: t('core.people.directory') });
  });
}
