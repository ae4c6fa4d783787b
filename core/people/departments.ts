/**
 * Departments: a tree by parent_id. Moves that would put a department under
 * itself are refused; a department with employees or sub-departments cannot be
 * deleted (the foreign keys would refuse too, but with an unreadable message).
 */
import { and, asc, count, eq, isNull, ne, sql } from 'drizzle-orm';
import type { HrContext } from '../sdk.js';
import type { PeopleContext } from './context.js';
import { PeopleError, isUniqueViolation, notFound, parseOrThrow as parse } from './errors.js';
import { departmentCreateSchema, departmentUpdateSchema, type DepartmentCreateInput, type DepartmentUpdateInput } from './input.js';
import { departments, employees } from './schema.js';

export type Department = typeof departments.$inferSelect;

export interface DepartmentNode extends Department {
  /** Employees in this department itself, not counting those who left. */
  employeeCount: number;
  /** Employees here and in every sub-department, not counting those who left. */
  totalCount: number;
  children: DepartmentNode[];
}

/** A department in tree order, for a `<select>`: indent by `depth`, or show `path`. */
export interface DepartmentOption {
  id: number;
  name: string;
  depth: number;
  /** Names from the top, joined with ' / ': `总部 / 研发部 / 前端组`. */
  path: string;
}

/** Nest flat rows (siblings by sort, then name); rows whose parent is missing become roots. */
export function buildTree(rows: Department[], counts: ReadonlyMap<number, number>): DepartmentNode[] {
  const nodes = new Map<number, DepartmentNode>();
  for (const r of rows) nodes.set(r.id, { ...r, employeeCount: counts.get(r.id) ?? 0, totalCount: 0, children: [] });
  const roots: DepartmentNode[] = [];
  for (const n of nodes.values()) {
    const parent = n.parentId == null ? undefined : nodes.get(n.parentId);
    (parent ? parent.children : roots).push(n);
  }
  const order = (a: DepartmentNode, b: DepartmentNode) => a.sort - b.sort || a.name.localeCompare(b.name, 'zh-CN') || a.id - b.id;
  const total = (n: DepartmentNode, seen: Set<number>): number => {
    seen.add(n.id);
    n.children.sort(order);
    n.totalCount = n.employeeCount + n.children.reduce((s, c) => s + (seen.has(c.id) ? 0 : total(c, seen)), 0);
    return n.totalCount;
  };
  roots.sort(order);
  const seen = new Set<number>();
  for (const r of roots) total(r, seen);
  return roots;
}

/** Depth-first, in display order. */
export function flattenTree(tree: DepartmentNode[]): DepartmentOption[] {
  const out: DepartmentOption[] = [];
  const walk = (nodes: DepartmentNode[], depth: number, prefix: string) => {
    for (const n of nodes) {
      const path = prefix ? `${prefix} / ${n.name}` : n.name;
      out.push({ id: n.id, name: n.name, depth, path });
      walk(n.children, depth + 1, path);
    }
  };
  walk(tree, 0, '');
  return out;
}

/** The department and all below it. UNION (not UNION ALL) ends the walk even if the data hold a cycle. */
export function subtreeIds(ctx: Pick<PeopleContext, 'sqlite'>, id: number): number[] {
  const rows = ctx.sqlite
    .prepare(
      `WITH RECURSIVE sub(id) AS (SELECT id FROM people_departments WHERE id = ?
         UNION SELECT d.id FROM people_departments d JOIN sub ON d.parent_id = sub.id)
       SELECT id FROM sub`,
    )
    .all(id) as { id: number }[];
  return rows.map((r) => r.id);
}

export function createDepartments(ctx: PeopleContext) {
  const { db } = ctx;

  function get(id: number): Department | undefined {
    return db.select().from(departments).where(eq(departments.id, id)).get();
  }
  function mustGet(id: number, field?: string): Department {
    const d = get(id);
    if (!d) throw notFound('department', field);
    return d;
  }
  function checkName(name: string, parentId: number | null, exceptId?: number) {
    const clash = db
      .select({ id: departments.id })
      .from(departments)
      .where(and(parentId == null ? isNull(departments.parentId) : eq(departments.parentId, parentId), eq(departments.name, name), exceptId ? ne(departments.id, exceptId) : undefined))
      .get();
    if (clash) throw new PeopleError(409, 'core.people.error.department_name_taken', 'name');
  }
  function checkManager(employeeId: number | null | undefined) {
    if (employeeId == null) return;
    if (!db.select({ id: employees.id }).from(employees).where(eq(employees.id, employeeId)).get()) throw notFound('employee', 'managerEmployeeId');
  }
  /** Unique-index failures that a pre-check missed (a concurrent write) still get a readable error. */
  function translated<T>(fn: () => T): T {
    try {
      return fn();
    } catch (err) {
      if (isUniqueViolation(err, 'code')) throw new PeopleError(409, 'core.people.error.department_code_taken', 'code');
      if (isUniqueViolation(err, 'name')) throw new PeopleError(409, 'core.people.error.department_name_taken', 'name');
      throw err;
    }
  }

  const api = {
    get,

    create(input: DepartmentCreateInput, c: HrContext | null = null): Department {
      const data = parse(departmentCreateSchema.safeParse(input));
      return translated(() =>
        db.transaction((tx) => {
          if (data.parentId != null) mustGet(data.parentId, 'parentId');
          checkName(data.name, data.parentId ?? null);
          checkManager(data.managerEmployeeId);
          const at = ctx.now();
          const row = tx
            .insert(departments)
            .values({ name: data.name, code: data.code ?? null, parentId: data.parentId ?? null, managerEmployeeId: data.managerEmployeeId ?? null, sort: data.sort, createdAt: at, updatedAt: at })
            .returning()
            .get();
          ctx.audit(c, { action: 'people.department.create', entity: 'people.department', entityId: row.id, after: row });
          return row;
        }),
      );
    },

    /** Name, code, manager, sort order; moving is `move`. */
    update(id: number, input: DepartmentUpdateInput, c: HrContext | null = null): Department {
      const data = parse(departmentUpdateSchema.safeParse(input));
      return translated(() =>
        db.transaction((tx) => {
          const before = mustGet(id);
          if (data.name !== undefined) checkName(data.name, before.parentId, id);
          checkManager(data.managerEmployeeId);
          const after = tx
            .update(departments)
            .set({ ...data, updatedAt: ctx.now() })
            .where(eq(departments.id, id))
            .returning()
            .get();
          ctx.audit(c, { action: 'people.department.update', entity: 'people.department', entityId: id, before, after });
          return after!;
        }),
      );
    },

    rename(id: number, name: string, c: HrContext | null = null): Department {
      return api.update(id, { name }, c);
    },

    /** Put the department under `parentId` (null: top level). Refused under itself or its own descendants. */
    move(id: number, parentId: number | null, c: HrContext | null = null): Department {
      return translated(() =>
        db.transaction((tx) => {
          const before = mustGet(id);
          if (parentId != null) {
            mustGet(parentId, 'parentId');
            if (subtreeIds(ctx, id).includes(parentId)) throw new PeopleError(400, 'core.people.error.department_cycle', 'parentId');
          }
          checkName(before.name, parentId, id);
          const after = tx.update(departments).set({ parentId, updatedAt: ctx.now() }).where(eq(departments.id, id)).returning().get();
          ctx.audit(c, { action: 'people.department.move', entity: 'people.department', entityId: id, before: { parentId: before.parentId }, after: { parentId } });
          return after!;
        }),
      );
    },

    /** Refused while employees (also those who left: their records point here) or sub-departments remain. */
    delete(id: number, c: HrContext | null = null): void {
      db.transaction((tx) => {
        const before = mustGet(id);
        const people = tx.select({ n: count() }).from(employees).where(eq(employees.departmentId, id)).get()?.n ?? 0;
        if (people > 0) throw new PeopleError(409, 'core.people.error.department_has_employees', undefined, { n: people });
        const children = tx.select({ n: count() }).from(departments).where(eq(departments.parentId, id)).get()?.n ?? 0;
        if (children > 0) throw new PeopleError(409, 'core.people.error.department_has_children', undefined, { n: children });
        tx.delete(departments).where(eq(departments.id, id)).run();
        ctx.audit(c, { action: 'people.department.delete', entity: 'people.department', entityId: id, before });
      });
    },

    tree(): DepartmentNode[] {
      const rows = db.select().from(departments).orderBy(asc(departments.sort), asc(departments.id)).all();
      const counts = db
        .select({ id: employees.departmentId, n: count() })
        .from(employees)
        .where(sql`${employees.status} <> 'left'`)
        .groupBy(employees.departmentId)
        .all();
      return buildTree(rows, new Map(counts.map((r) => [r.id, r.n])));
    },

    options(): DepartmentOption[] {
      return flattenTree(api.tree());
    },

    /** Every department with its parent and head, in tree order, with its path. */
    flat(): { id: number; name: string; parentId: number | null; managerEmployeeId: number | null; path: string }[] {
      const rows = new Map(db.select().from(departments).all().map((d) => [d.id, d]));
      return api.options().map((o) => {
        const d = rows.get(o.id)!;
        return { id: d.id, name: d.name, parentId: d.parentId, managerEmployeeId: d.managerEmployeeId, path: o.path };
      });
    },

    subtreeIds: (id: number) => subtreeIds(ctx, id),
  };
  return api;
}
export type DepartmentService = ReturnType<typeof createDepartments>;
