/**
 * GET /people/org (core.people.view): the department tree with heads, head
 * counts and members, or (?view=lines) who reports to whom. Everyone with the
 * permission sees the structure and names; a name links to the profile only
 * when the viewer's scope reaches that person.
 */
import { route, type HrApp } from '../../app.js';
import { can } from '../../auth/permissions.js';
import { render } from '../../http/render.js';
import type { Kernel } from '../../kernel.js';
import type { HrContext } from '../../sdk.js';
import type { OrgDepartment, OrgReport } from '../org.js';

const VIEW = 'core.people.view';

/** Who the viewer may open: everyone with scope `all`, else the ids their scope reaches. */
export function linkableFor(kernel: Kernel, c: HrContext, permission = VIEW): (id: number) => boolean {
  const user = c.get('user');
  const scope = user?.scopes.get(permission);
  if (!user || !scope) return () => false;
  if (scope === 'all') return () => true;
  const ids = new Set(kernel.people.service.scopes.visibleEmployeeIds(user, scope));
  return (id) => ids.has(id);
}

function countDepartments(nodes: OrgDepartment[]): number {
  return nodes.reduce((n, d) => n + 1 + countDepartments(d.children), 0);
}

function countPeople(nodes: OrgReport[]): number {
  return nodes.reduce((n, p) => n + 1 + countPeople(p.reports), 0);
}

export function mountOrgChart(app: HrApp, kernel: Kernel): void {
  route(app, kernel, 'core', 'get', '/people/org', VIEW, (c) => {
    const t = c.get('t');
    const people = kernel.people.service;
    const view = c.req.query('view') === 'lines' ? 'lines' : 'chart';
    const linkable = linkableFor(kernel, c);
    const data =
      view === 'lines'
        ? { view, lines: people.org.reportingLines(), chart: [] as OrgDepartment[] }
        : { view, chart: people.org.chart(), lines: [] as OrgReport[] };
    const totals = { departments: view === 'chart' ? countDepartments(data.chart) : 0, people: view === 'lines' ? countPeople(data.lines) : data.chart.reduce((n, d) => n + d.totalCount, 0) };
    const canManage = can(c.get('user')!.permissions, 'core.people.manage');
    return render(kernel, c, 'core/people-org', { ...data, totals, linkable, canManage }, { title: t('core.people.org_chart') });
  });
}
