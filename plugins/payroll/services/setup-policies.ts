/**
 * Company-wide setup: components (formulas checked when saved: syntax with
 * the position of the problem, unknown variables, cycles over all
 * components), structures (which components apply to whom) and city policies
 * of social insurance and housing fund (rules checked by
 * domain/social.ts `validateCityRules`). Every write is audited.
 */
import { and, asc, desc, eq, lte, ne } from 'drizzle-orm';
import { HttpError, type HrContext } from '../../../core/sdk.js';
import { ExprError, isValidName, orderByDependencies, parseExpression, type Expr } from '../domain/expr.js';
import { validateCityRules } from '../domain/social.js';
import type { CityRules } from '../domain/types.js';
import { cityPolicies, components, structures } from '../schema.js';
import { CITY_EXAMPLES, DEFAULT_COMPONENTS, DEFAULT_STRUCTURE_NAME, exampleRules } from './setup-defaults.js';
import { cityPolicyInputSchema, componentInputSchema, FORMULA_VARIABLES, parseOrThrow, structureInputSchema } from './setup-input.js';
import type { CityPolicyInput, CityPolicyRow, ComponentInput, ComponentRow, PayrollParts, StructureInput, StructureRow } from './types.js';

type FullComponent = ComponentRow & { active: boolean };
const VARIABLES: ReadonlySet<string> = new Set(FORMULA_VARIABLES);

/** Where `name` is first read in a formula (0-based), or -1. */
function positionOf(ast: Expr, name: string): number {
  switch (ast.type) {
    case 'var':
      return ast.name === name ? ast.pos : -1;
    case 'num':
      return -1;
    case 'unary':
      return positionOf(ast.arg, name);
    case 'binary': {
      const left = positionOf(ast.left, name);
      return left >= 0 ? left : positionOf(ast.right, name);
    }
    case 'call':
      for (const arg of ast.args) {
        const at = positionOf(arg, name);
        if (at >= 0) return at;
      }
      return -1;
  }
}

function variablesIn(ast: Expr, out = new Set<string>()): Set<string> {
  if (ast.type === 'var') out.add(ast.name);
  else if (ast.type === 'unary') variablesIn(ast.arg, out);
  else if (ast.type === 'binary') (variablesIn(ast.left, out), variablesIn(ast.right, out));
  else if (ast.type === 'call') for (const a of ast.args) variablesIn(a, out);
  return out;
}

/**
 * Checks one component's formula against every component (`all`, the saved
 * one included with its new formula): it parses, reads only known variables
 * and active components, and no component depends on itself. Throws HttpError
 * 422 whose key is the problem (`payroll.expr.*`, `payroll.setup.error.*`) with
 * `column` (1-based) and `field: 'formula'`.
 */
export function checkFormula(target: { code: string; formula: string; active: boolean }, all: { code: string; formula: string; active: boolean }[]): void {
  let ast: Expr;
  try {
    ast = parseExpression(target.formula);
  } catch (err) {
    if (err instanceof ExprError) throw new HttpError(422, err.code, { ...err.params, column: err.pos + 1, field: 'formula' });
    throw err;
  }
  const byCode = new Map(all.map((c) => [c.code, c]));
  for (const name of variablesIn(ast)) {
    const column = positionOf(ast, name) + 1;
    if (VARIABLES.has(name)) continue;
    const other = byCode.get(name);
    if (!other) throw new HttpError(422, 'payroll.expr.unknownVariable', { name, column, field: 'formula' });
    if (name === target.code) throw new HttpError(422, 'payroll.expr.cycle', { codes: `${name} → ${name}`, component: name, field: 'formula' });
    if (target.active && !other.active) throw new HttpError(422, 'payroll.setup.error.inactiveReference', { name, column, field: 'formula' });
  }
  try {
    orderByDependencies(all);
  } catch (err) {
    if (err instanceof ExprError) throw new HttpError(422, err.code, { ...err.params, field: 'formula' });
    throw err;
  }
}

export function createPolicyStore(parts: PayrollParts) {
  const { db, ctx, settings } = parts;

  const toComponent = (r: typeof components.$inferSelect): FullComponent => ({
    id: r.id,
    code: r.code,
    nameZh: r.nameZh,
    nameEn: r.nameEn,
    kind: r.kind,
    formula: r.formula,
    taxable: r.taxable,
    sort: r.sort,
    active: r.active,
  });
  const toStructure = (r: typeof structures.$inferSelect): StructureRow => ({ id: r.id, name: r.name, componentIds: r.componentIds, isDefault: r.isDefault });
  const toPolicy = (r: typeof cityPolicies.$inferSelect): CityPolicyRow => ({
    id: r.id,
    cityCode: r.cityCode,
    cityName: r.cityName,
    effectiveFrom: r.effectiveFrom,
    rules: r.rules as unknown as CityRules,
    note: r.note,
  });

  const allComponents = (): FullComponent[] => db.select().from(components).orderBy(asc(components.sort), asc(components.code)).all().map(toComponent);
  const allStructures = (): StructureRow[] => db.select().from(structures).orderBy(desc(structures.isDefault), asc(structures.name)).all().map(toStructure);

  // ---------------------------------------------------------------- components

  function saveComponent(c: HrContext | null, raw: ComponentInput, id?: number): FullComponent {
    const input = parseOrThrow(componentInputSchema, raw);
    const existing = id === undefined ? undefined : db.select().from(components).where(eq(components.id, id)).get();
    if (id !== undefined && !existing) throw new HttpError(404, 'payroll.error.notFound');
    if (existing && existing.code !== input.code) throw new HttpError(422, 'payroll.setup.error.codeFixed', { field: 'code', code: existing.code });
    if (!isValidName(input.code) || VARIABLES.has(input.code)) throw new HttpError(422, 'payroll.setup.error.codeReserved', { field: 'code', code: input.code });
    const others = allComponents().filter((o) => o.id !== existing?.id);
    if (!existing && others.some((o) => o.code === input.code)) throw new HttpError(409, 'payroll.setup.error.codeTaken', { field: 'code', code: input.code });
    const all = [...others, { ...input, id: existing?.id ?? 0 }];
    checkFormula(input, all);
    if (!input.active) {
      // An active formula that reads this component would fail in the run.
      const user = others.find((o) => o.active && variablesIn(parseExpression(o.formula)).has(input.code));
      if (user) throw new HttpError(422, 'payroll.setup.error.inUse', { field: 'active', code: input.code, by: user.code });
    }
    return db.transaction(() => {
      const row = existing
        ? db.update(components).set(input).where(eq(components.id, existing.id)).returning().get()
        : db.insert(components).values(input).returning().get();
      ctx.audit(c, { action: existing ? 'payroll.component.update' : 'payroll.component.create', entity: 'payroll_components', entityId: row.id, before: existing ? toComponent(existing) : undefined, after: toComponent(row) });
      return toComponent(row);
    });
  }

  /** Components of a structure (the default one for null), active only, each after those its formula uses. */
  function componentsOf(structureId: number | null): ComponentRow[] {
    const list = allStructures();
    const structure = structureId === null ? list.find((s) => s.isDefault) : list.find((s) => s.id === structureId);
    if (structureId !== null && !structure) throw new HttpError(422, 'payroll.setup.error.unknownStructure', { id: structureId });
    const wanted = structure ? new Set(structure.componentIds) : null;
    const chosen = allComponents().filter((x) => x.active && (!wanted || wanted.has(x.id)));
    return orderByDependencies(chosen).map(({ active: _active, ...rest }) => rest);
  }

  // ---------------------------------------------------------------- structures

  function saveStructure(c: HrContext | null, raw: StructureInput, id?: number): StructureRow {
    const input = parseOrThrow(structureInputSchema, raw);
    const existing = id === undefined ? undefined : db.select().from(structures).where(eq(structures.id, id)).get();
    if (id !== undefined && !existing) throw new HttpError(404, 'payroll.error.notFound');
    const every = allComponents();
    const byId = new Map(every.map((x) => [x.id, x]));
    const ids = [...new Set(input.componentIds)];
    const unknown = ids.find((i) => !byId.has(i));
    if (unknown !== undefined) throw new HttpError(422, 'payroll.setup.error.unknownComponent', { field: 'componentIds', id: unknown });
    // A chosen formula that reads another component needs that component in the structure too.
    const codes = new Set(ids.map((i) => byId.get(i)!.code));
    const byCode = new Map(every.map((x) => [x.code, x]));
    for (const i of ids) {
      const comp = byId.get(i)!;
      for (const name of variablesIn(parseExpression(comp.formula))) {
        if (byCode.has(name) && !codes.has(name)) throw new HttpError(422, 'payroll.setup.error.missingDependency', { field: 'componentIds', component: comp.code, needs: name });
      }
    }
    if (existing?.isDefault && !input.isDefault) throw new HttpError(422, 'payroll.setup.error.needDefault', { field: 'isDefault' });
    return db.transaction(() => {
      const values = { name: input.name, componentIds: ids, isDefault: input.isDefault };
      if (input.isDefault) db.update(structures).set({ isDefault: false }).where(existing ? ne(structures.id, existing.id) : undefined).run();
      const row = existing ? db.update(structures).set(values).where(eq(structures.id, existing.id)).returning().get() : db.insert(structures).values(values).returning().get();
      ctx.audit(c, { action: existing ? 'payroll.structure.update' : 'payroll.structure.create', entity: 'payroll_structures', entityId: row.id, before: existing ? toStructure(existing) : undefined, after: toStructure(row) });
      return toStructure(row);
    });
  }

  // ---------------------------------------------------------------- city policies

  function cityRules(cityCode: string, month: string): CityRules {
    const row = db
      .select()
      .from(cityPolicies)
      .where(and(eq(cityPolicies.cityCode, cityCode), lte(cityPolicies.effectiveFrom, month)))
      .orderBy(desc(cityPolicies.effectiveFrom))
      .get();
    if (!row) throw new HttpError(422, 'payroll.setup.error.noCityRules', { city: cityCode, month });
    return row.rules as unknown as CityRules;
  }

  function saveCityPolicy(c: HrContext | null, raw: CityPolicyInput, id?: number): CityPolicyRow {
    const input = parseOrThrow(cityPolicyInputSchema, raw);
    const problem = validateCityRules(input.rules)[0];
    if (problem) throw new HttpError(422, problem.code, { ...problem.params, field: `rules.${problem.path}` });
    const existing = id === undefined ? undefined : db.select().from(cityPolicies).where(eq(cityPolicies.id, id)).get();
    if (id !== undefined && !existing) throw new HttpError(404, 'payroll.error.notFound');
    if (existing && existing.cityCode !== input.cityCode) throw new HttpError(422, 'payroll.setup.error.cityCodeFixed', { field: 'cityCode', code: existing.cityCode });
    const clash = db
      .select({ id: cityPolicies.id })
      .from(cityPolicies)
      .where(and(eq(cityPolicies.cityCode, input.cityCode), eq(cityPolicies.effectiveFrom, input.effectiveFrom)))
      .get();
    if (clash && clash.id !== existing?.id) throw new HttpError(409, 'payroll.setup.error.policyExists', { field: 'effectiveFrom', city: input.cityName, month: input.effectiveFrom });
    return db.transaction(() => {
      const values = { cityCode: input.cityCode, cityName: input.cityName, effectiveFrom: input.effectiveFrom, rules: input.rules as unknown as Record<string, unknown>, note: input.note };
      const row = existing ? db.update(cityPolicies).set(values).where(eq(cityPolicies.id, existing.id)).returning().get() : db.insert(cityPolicies).values(values).returning().get();
      ctx.audit(c, { action: existing ? 'payroll.city.update' : 'payroll.city.create', entity: 'payroll_city_policies', entityId: row.id, before: existing ? toPolicy(existing) : undefined, after: toPolicy(row) });
      return toPolicy(row);
    });
  }

  // ---------------------------------------------------------------- defaults

  function ensureDefaults(): void {
    db.transaction(() => {
      const codes = new Set(allComponents().map((x) => x.code));
      for (const comp of DEFAULT_COMPONENTS) if (!codes.has(comp.code)) db.insert(components).values(comp).run();
      if (!db.select({ id: structures.id }).from(structures).get()) {
        const ids = db.select({ id: components.id, code: components.code }).from(components).all().filter((x) => DEFAULT_COMPONENTS.some((d) => d.code === x.code)).map((x) => x.id);
        db.insert(structures).values({ name: DEFAULT_STRUCTURE_NAME[ctx.config.defaultLocale], componentIds: ids, isDefault: true }).run();
      } else if (!db.select({ id: structures.id }).from(structures).where(eq(structures.isDefault, true)).get()) {
        const first = db.select({ id: structures.id }).from(structures).orderBy(asc(structures.id)).get()!;
        db.update(structures).set({ isDefault: true }).where(eq(structures.id, first.id)).run();
      }
      const cities = new Set(db.select({ code: cityPolicies.cityCode }).from(cityPolicies).all().map((r) => r.code));
      for (const example of CITY_EXAMPLES) {
        if (cities.has(example.cityCode)) continue;
        const rules = exampleRules(example);
        db.insert(cityPolicies).values({ cityCode: example.cityCode, cityName: example.cityName, effectiveFrom: example.effectiveFrom, rules: rules as unknown as Record<string, unknown>, note: example.note }).run();
      }
    });
    if (!db.select({ id: cityPolicies.id }).from(cityPolicies).where(eq(cityPolicies.cityCode, settings.defaultCity)).get()) {
      ctx.log.warn({ city: settings.defaultCity }, 'payroll: the default city has no social insurance rules; add them at /payroll/admin/cities');
    }
  }

  return {
    ensureDefaults,
    allComponents,
    saveComponent,
    componentsOf,
    structures: allStructures,
    saveStructure,
    cityRules,
    cityPolicies: () => db.select().from(cityPolicies).orderBy(asc(cityPolicies.cityCode), desc(cityPolicies.effectiveFrom)).all().map(toPolicy),
    saveCityPolicy,
  };
}
