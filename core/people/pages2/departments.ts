/**
 * Departments and positions (core.people.manage):
 *
 * GET  /people/departments                  the tree with counts, forms, positions
 * POST /people/departments                  create (name, code, parent, head)
 * POST /people/departments/:id/rename       name, code, head
 * POST /people/departments/:id/move         parentId ('' = top level); a cycle is refused
 * POST /people/departments/:id/delete       refused while employees or sub-departments remain
 * POST /people/departments/positions        create a position
 *
 * Plain forms answer with a redirect (and a flash) or the page with the error;
 * htmx requests get the page's panel back with the outcome inside it.
 */
import { z } from 'zod';
import { route, type HrApp } from '../../app.js';
import { addFlash } from '../../http/flash.js';
import { render } from '../../http/render.js';
import { parseForm } from '../../http/validate.js';
import type { Kernel } from '../../kernel.js';
import type { HrContext } from '../../sdk.js';
import type { DepartmentNode } from '../departments.js';
import { departmentCreateSchema, departmentUpdateSchema, positionCreateSchema } from '../input.js';
import type { OrgDepartment } from '../org.js';
import { explain, idParam, wantsFragment } from './shared.js';

// The department tree is the whole company's: managing it needs the permission for everyone.
const MANAGE = { permission: 'core.people.manage', scope: 'all' as const };
const PAGE = '/people/departments';

const moveSchema = z.object({
  parentId: z.preprocess((v) => (v === '' || v === undefined || v === null ? null : v), z.coerce.number().int().positive().nullable()),
});

/** What went wrong, and where on the page to show it: the create form, one department's panel, or the position form. */
export interface Outcome {
  where?: 'create' | 'position' | number;
  kind: 'success' | 'error';
  message: string;
  errors?: Record<string, string>;
  values?: Record<string, unknown>;
}

/** Each department → the ids of its sub-departments (all levels), so a move select can leave them out. */
function descendants(tree: DepartmentNode[]): Map<number, Set<number>> {
  const out = new Map<number, Set<number>>();
  const walk = (n: DepartmentNode): number[] => {
    const below = n.children.flatMap((ch) => [ch.id, ...walk(ch)]);
    out.set(n.id, new Set(below));
    return below;
  };
  tree.forEach(walk);
  return out;
}

function orgPeople(chart: OrgDepartment[]): { id: number; name: string; employeeNo: string }[] {
  const all: { id: number; name: string; employeeNo: string }[] = [];
  const walk = (d: OrgDepartment) => {
    for (const p of d.employees) all.push({ id: p.id, name: p.name, employeeNo: p.employeeNo });
    d.children.forEach(walk);
  };
  chart.forEach(walk);
  return all.sort((a, b) => a.employeeNo.localeCompare(b.employeeNo));
}

export function mountDepartmentPages(app: HrApp, kernel: Kernel): void {
  const people = kernel.people.service;

  const page = (c: HrContext, outcome: Outcome | null = null, status = 200) => {
    const tree = people.departments.tree();
    const below = descendants(tree);
    return render(
      kernel,
      c,
      'core/people-departments',
      {
        tree,
        options: people.departments.options(),
        people: orgPeople(people.org.chart()),
        positions: people.positions.list(),
        below: (id: number) => below.get(id) ?? new Set<number>(),
        outcome,
      },
      { title: c.get('t')('core.people.depts.title'), status },
    );
  };

  /** Success: htmx gets the panel with the message, a plain form a redirect with a flash. */
  const done = (c: HrContext, outcome: Outcome) => {
    if (wantsFragment(c)) return page(c, outcome);
    addFlash(c, { kind: 'success', text: outcome.message });
    return c.redirect(PAGE, 303);
  };
  const failed = (c: HrContext, where: Outcome['where'], err: unknown, values?: Record<string, unknown>) => {
    const e = explain(c.get('t'), err);
    return page(c, { where, kind: 'error', message: e.message, errors: e.errors, values }, e.status);
  };
  const invalid = (c: HrContext, where: Outcome['where'], form: { errors: Record<string, string>; message: string }, values: Record<string, unknown>) =>
    page(c, { where, kind: 'error', message: form.message, errors: form.errors, values }, 400);
  const posted = async (c: HrContext): Promise<Record<string, unknown>> => {
    const type = c.req.header('content-type') ?? '';
    return type.includes('form') ? { ...(await c.req.parseBody()) } : {};
  };

  route(app, kernel, 'core', 'get', PAGE, MANAGE, (c) => page(c));

  /** Creating a department or a position: validate, call the service, report on the page. */
  const createAction =
    <S extends z.ZodType>(where: 'create' | 'position', schema: S, create: (data: z.output<S>, c: HrContext) => { name: string }, messageKey: string) =>
    async (c: HrContext) => {
      const values = await posted(c);
      const form = await parseForm(c, schema);
      if (!form.ok) return invalid(c, where, form, values);
      try {
        const created = create(form.data, c);
        return done(c, { where, kind: 'success', message: c.get('t')(messageKey, { name: created.name }) });
      } catch (err) {
        return failed(c, where, err, values);
      }
    };

  route(app, kernel, 'core', 'post', PAGE, MANAGE, createAction('create', departmentCreateSchema, (data, c) => people.departments.create(data, c), 'core.people.depts.created'));
  route(app, kernel, 'core', 'post', `${PAGE}/positions`, MANAGE, createAction('position', positionCreateSchema, (data, c) => people.positions.create(data, c), 'core.people.depts.position_created'));

  route(app, kernel, 'core', 'post', `${PAGE}/:id/rename`, MANAGE, async (c) => {
    const t = c.get('t');
    const id = idParam(c);
    const values = await posted(c);
    const form = await parseForm(c, departmentUpdateSchema.pick({ name: true, code: true, managerEmployeeId: true }).required({ name: true }));
    if (!form.ok) return invalid(c, id, form, values);
    try {
      const d = people.departments.update(id, form.data, c);
      return done(c, { where: id, kind: 'success', message: t('core.people.depts.saved', { name: d.name }) });
    } catch (err) {
      return failed(c, id, err, values);
    }
  });

  route(app, kernel, 'core', 'post', `${PAGE}/:id/move`, MANAGE, async (c) => {
    const t = c.get('t');
    const id = idParam(c);
    const values = await posted(c);
    const form = await parseForm(c, moveSchema);
    if (!form.ok) return invalid(c, id, form, values);
    try {
      const d = people.departments.move(id, form.data.parentId, c);
      return done(c, { where: id, kind: 'success', message: t('core.people.depts.moved', { name: d.name }) });
    } catch (err) {
      return failed(c, id, err, values);
    }
  });

  route(app, kernel, 'core', 'post', `${PAGE}/:id/delete`, MANAGE, (c) => {
    const t = c.get('t');
    const id = idParam(c);
    try {
      const before = people.departments.get(id);
      people.departments.delete(id, c);
      return done(c, { kind: 'success', message: t('core.people.depts.deleted', { name: before?.name ?? String(id) }) });
    } catch (err) {
      return failed(c, id, err);
    }
  });
}
