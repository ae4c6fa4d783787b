/**
 * The employee profile: GET /people/:id (?tab=x), the tab fragment htmx swaps in,
 * and the reveal of an encrypted field.
 *
 * A profile outside the viewer's scope answers 404, exactly like one that does
 * not exist. Tabs: core's four, then the ones plugins registered (tabs.ts), each
 * shown only when its permission's scope reaches this employee.
 */
import { route, type HrApp } from '../../app.js';
import { isFragmentRequest, render } from '../../http/render.js';
import type { Kernel } from '../../kernel.js';
import { HttpError, type HrContext } from '../../sdk.js';
import type { Employee } from '../queries.js';
import { SENSITIVE_FIELDS, type SensitiveField } from '../sensitive.js';
import { MANAGE, SENSITIVE, VIEW, currentUser, idParam, reaches, renderCoreView, visibleEmployee } from './common.js';
import { accountLogin } from './options.js';
import { CORE_TABS, profileTabs, type CoreTab } from './tabs.js';

interface TabLink {
  id: string;
  label: string;
  active: boolean;
  href: string;
  fragmentHref: string;
}

type Revealed = Partial<Record<SensitiveField, string | null>>;

/** A row of a core tab: plain text, a date, a link, or an encrypted field with its Show button. */
type FieldRow =
  | { label: string; kind: 'text' | 'date'; value: string | null }
  | { label: string; kind: 'link'; value: string | null; href: string | null }
  | { label: string; kind: 'sensitive'; field: SensitiveField; masked: string | null };

function coreRows(e: Employee, tab: CoreTab, t: (k: string) => string): FieldRow[] {
  const label = (f: string) => t(`core.people.field.${f}`);
  const text = (f: keyof Employee, value: string | null = (e[f] as string | null) ?? null): FieldRow => ({ label: label(f), kind: 'text', value });
  const date = (f: keyof Employee): FieldRow => ({ label: label(f), kind: 'date', value: (e[f] as string | null) ?? null });
  switch (tab) {
    case 'basic':
      return [
        text('employeeNo'),
        text('name'),
        text('gender', e.gender ? t(`core.people.gender.${e.gender}`) : null),
        date('birthDate'),
        { label: label('idNumber'), kind: 'sensitive', field: 'idNumber', masked: e.idNumberMasked },
      ];
    case 'job': {
      const rows: FieldRow[] = [
        text('departmentId', e.departmentName),
        text('positionId', e.positionName),
        { label: label('managerId'), kind: 'link', value: e.managerName, href: e.managerId ? `/people/${e.managerId}` : null },
        text('employmentType', t(`core.people.employment_type.${e.employmentType}`)),
        text('status', t(`core.people.status.${e.status}`)),
        date('hireDate'),
        date('firstWorkDate'),
        date('contractStart'),
        date('contractEnd'),
      ];
      if (e.status === 'left' || e.status === 'leaving' || e.terminationDate) rows.push(date('terminationDate'), text('terminationReason'));
      return rows;
    }
    case 'contact':
      return [text('mobile'), text('email'), text('emergencyContactName'), text('emergencyContactPhone')];
    case 'bank':
      return [text('bankName'), { label: label('bankAccount'), kind: 'sensitive', field: 'bankAccount', masked: e.bankAccountMasked }];
  }
}

export function mountProfileRoutes(app: HrApp, kernel: Kernel): void {
  const people = kernel.people.service;

  /** The tabs this viewer gets on this profile, with `selected` marked active (the first when unknown). */
  function tabsFor(c: HrContext, employee: Employee, selected: string | undefined) {
    const user = currentUser(c);
    const t = c.get('t');
    const extra = profileTabs(kernel).filter((tab) => reaches(kernel, user, tab.permission, employee.id));
    const all = [...CORE_TABS.map((id) => ({ id, label: `core.people.page.tab.${id}` })), ...extra.map((tab) => ({ id: tab.id, label: tab.label }))];
    const active = all.some((tab) => tab.id === selected) ? selected! : 'basic';
    const links: TabLink[] = all.map((tab) => ({
      id: tab.id,
      label: t(tab.label),
      active: tab.id === active,
      href: tab.id === 'basic' ? `/people/${employee.id}` : `/people/${employee.id}?tab=${tab.id}`,
      fragmentHref: `/people/${employee.id}/tabs/${tab.id}`,
    }));
    return { links, active, plugin: extra.find((tab) => tab.id === active) };
  }

  /** The tab strip and the active panel: what the profile includes and what a tab click swaps in. */
  async function tabsData(c: HrContext, employee: Employee, selected: string | undefined, revealed: Revealed = {}) {
    const user = currentUser(c);
    const t = c.get('t');
    const { links, active, plugin } = tabsFor(c, employee, selected);
    let panel: string;
    if (plugin) {
      try {
        panel = await plugin.render(c, employee);
      } catch (err) {
        // One plugin's broken tab must not take the profile down.
        c.get('log').error({ err, tab: `${plugin.plugin}.${plugin.id}` }, 'profile tab failed');
        panel = await renderCoreView(kernel, c, 'empty', { icon: '⚠️', text: t('core.people.page.tab_failed') });
      }
    } else {
      panel = await renderCoreView(kernel, c, 'people-tab', {
        employeeId: employee.id,
        rows: coreRows(employee, active as CoreTab, t),
        revealed,
        canReveal: reaches(kernel, user, SENSITIVE, employee.id),
      });
    }
    return { employee, tabs: links, active, panel };
  }

  async function profilePage(c: HrContext, employee: Employee, selected: string | undefined, revealed: Revealed = {}) {
    const user = currentUser(c);
    const data = {
      ...(await tabsData(c, employee, selected, revealed)),
      canEdit: reaches(kernel, user, MANAGE, employee.id),
      account: accountLogin(kernel, employee.userId),
    };
    // Reveals must not be kept by a browser or proxy cache.
    if (Object.keys(revealed).length) c.header('Cache-Control', 'no-store');
    return render(kernel, c, 'core/people-profile', data, { title: employee.name, fragment: false });
  }

  route(app, kernel, 'core', 'get', '/people/:id{[0-9]+}', VIEW, async (c) => {
    const employee = visibleEmployee(kernel, c, idParam(c));
    return profilePage(c, employee, c.req.query('tab'));
  });

  route(app, kernel, 'core', 'get', '/people/:id{[0-9]+}/tabs/:tab', VIEW, async (c) => {
    const employee = visibleEmployee(kernel, c, idParam(c));
    const tab = c.req.param('tab') ?? '';
    if (!tabsFor(c, employee, tab).links.some((l) => l.id === tab)) throw new HttpError(404, 'core.error.404.body');
    // Opened directly (no htmx): the whole profile with that tab.
    if (!isFragmentRequest(c)) return c.redirect(tab === 'basic' ? `/people/${employee.id}` : `/people/${employee.id}?tab=${encodeURIComponent(tab)}`, 303);
    return render(kernel, c, 'core/people-tabs', await tabsData(c, employee, tab), { fragment: true });
  });

  route(app, kernel, 'core', 'post', '/people/:id{[0-9]+}/reveal/:field', SENSITIVE, async (c) => {
    const field = c.req.param('field') as SensitiveField;
    if (!(SENSITIVE_FIELDS as readonly string[]).includes(field)) throw new HttpError(404, 'core.error.404.body');
    // Both the profile and the plain value must be within reach.
    const employee = visibleEmployee(kernel, c, idParam(c), SENSITIVE);
    if (!reaches(kernel, currentUser(c), VIEW, employee.id)) throw new HttpError(404, 'core.people.error.employee_not_found');
    // The service writes the audit entry (people.employee.reveal): not again here.
    const value = people.employees.reveal(employee.id, field, c);
    if (isFragmentRequest(c)) {
      c.header('Cache-Control', 'no-store');
      return render(kernel, c, 'core/people-reveal', { employeeId: employee.id, field, masked: null, value, revealed: true }, { fragment: true });
    }
    return profilePage(c, employee, field === 'idNumber' ? 'basic' : 'bank', { [field]: value });
  });
}
