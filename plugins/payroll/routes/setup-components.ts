/**
 * HR's pages for components (薪资项目: formulas checked when saved, the error
 * naming the column) and structures (薪资结构: which components apply).
 */
import { formArray, HttpError, parseForm, z, type HrContext, type PluginContext } from '../../../core/sdk.js';
import { MAX_FORMULA_LENGTH } from '../domain/expr.js';
import type { Payroll } from '../services/index.js';
import { checkbox, FORMULA_VARIABLES } from '../services/setup-input.js';
import type { ComponentRow, StructureRow } from '../services/types.js';
import type { PayrollSettings } from '../settings.js';
import { formValues, idOr404, MANAGE, refusal, type Errors, type Values } from './setup-common.js';

const componentForm = z.object({
  code: z.string().trim().min(1).max(40),
  nameZh: z.string().trim().min(1).max(40),
  nameEn: z.string().trim().min(1).max(60),
  kind: z.enum(['earning', 'deduction']),
  formula: z.string().trim().min(1).max(MAX_FORMULA_LENGTH),
  taxable: checkbox,
  sort: z.preprocess((v) => (v === '' || v === undefined ? 0 : v), z.coerce.number().int().min(-1000).max(1000)),
  active: checkbox,
});

const structureForm = z.object({
  name: z.string().trim().min(1).max(40),
  componentIds: formArray(z.coerce.number().int().positive()),
  isDefault: checkbox,
});

const componentValues = (c: ComponentRow & { active: boolean }): Values => ({
  ...c,
  sort: String(c.sort),
  taxable: c.taxable ? 'on' : '',
  active: c.active ? 'on' : '',
});

export function registerComponentPages(ctx: PluginContext<PayrollSettings>, payroll: Payroll): void {
  const { setup } = payroll;
  const t = (c: HrContext) => c.get('t');

  // ---------------------------------------------------------------- components

  const componentsPage = (c: HrContext, editing: number | null = null, values: Values = { kind: 'earning', taxable: 'on', active: 'on', sort: '0' }, errors: Errors = {}, status = 200) =>
    ctx.render(
      c,
      'setup-components',
      { components: setup.allComponents(), variables: FORMULA_VARIABLES, editing, values, errors },
      { title: t(c)('payroll.setup.components.title'), status },
    );

  const componentOr404 = (c: HrContext) => {
    const id = idOr404(c);
    const found = setup.allComponents().find((x) => x.id === id);
    if (!found) throw new HttpError(404, 'payroll.error.notFound');
    return found;
  };

  const saveComponent = async (c: HrContext, id?: number) => {
    const values = await formValues(c);
    const form = await parseForm(c, componentForm);
    if (!form.ok) return componentsPage(c, id ?? null, values, { ...form.errors, _form: form.message }, 400);
    try {
      const saved = setup.saveComponent(c, form.data, id);
      ctx.flash(c, { kind: 'success', text: t(c)('payroll.setup.components.saved', { code: saved.code }) });
      return c.redirect(`/payroll/admin/components#component-${saved.id}`, 303);
    } catch (err) {
      const r = refusal(c, err);
      return componentsPage(c, id ?? null, values, r.errors, r.status);
    }
  };

  ctx.pages.get('/admin/components', MANAGE, (c) => componentsPage(c));
  ctx.pages.post('/admin/components', MANAGE, (c) => saveComponent(c));
  ctx.pages.get('/admin/components/:id', MANAGE, (c) => {
    const found = componentOr404(c);
    return componentsPage(c, found.id, componentValues(found));
  });
  ctx.pages.post('/admin/components/:id', MANAGE, (c) => saveComponent(c, componentOr404(c).id));

  // ---------------------------------------------------------------- structures

  const structuresPage = (c: HrContext, editing: number | null = null, values: Values = { componentIds: [] }, errors: Errors = {}, status = 200) => {
    const components = setup.allComponents();
    const names = new Map(components.map((x) => [x.id, c.get('locale') === 'en' ? x.nameEn : x.nameZh]));
    const structures = setup.structures().map((s) => ({ ...s, componentNames: s.componentIds.map((i) => names.get(i) ?? `#${i}`) }));
    return ctx.render(c, 'setup-structures', { structures, components, editing, values, errors }, { title: t(c)('payroll.setup.structures.title'), status });
  };

  const structureOr404 = (c: HrContext): StructureRow => {
    const id = idOr404(c);
    const found = setup.structures().find((s) => s.id === id);
    if (!found) throw new HttpError(404, 'payroll.error.notFound');
    return found;
  };

  const saveStructure = async (c: HrContext, id?: number) => {
    const values = await formValues(c);
    const form = await parseForm(c, structureForm);
    if (!form.ok) return structuresPage(c, id ?? null, values, { ...form.errors, _form: form.message }, 400);
    try {
      const saved = setup.saveStructure(c, form.data, id);
      ctx.flash(c, { kind: 'success', text: t(c)('payroll.setup.structures.saved', { name: saved.name }) });
      return c.redirect('/payroll/admin/structures', 303);
    } catch (err) {
      const r = refusal(c, err);
      return structuresPage(c, id ?? null, values, r.errors, r.status);
    }
  };

  ctx.pages.get('/admin/structures', MANAGE, (c) => structuresPage(c));
  ctx.pages.post('/admin/structures', MANAGE, (c) => saveStructure(c));
  ctx.pages.get('/admin/structures/:id', MANAGE, (c) => {
    const s = structureOr404(c);
    return structuresPage(c, s.id, { name: s.name, componentIds: s.componentIds.map(String), isDefault: s.isDefault ? 'on' : '' });
  });
  ctx.pages.post('/admin/structures/:id', MANAGE, (c) => saveStructure(c, structureOr404(c).id));
}
