/**
 * Data for the org chart: departments with their people, and reporting lines.
 * People who left are not on the chart. Plain nested objects, ready for a view.
 */
import { asc, eq, ne } from 'drizzle-orm';
import type { PeopleContext } from './context.js';
import { createDepartments, type DepartmentNode } from './departments.js';
import { departments, employees, positions } from './schema.js';

export interface OrgPerson {
  id: number;
  employeeNo: string;
  name: string;
  positionName: string | null;
  departmentId: number;
  departmentName: string;
  managerId: number | null;
}

export interface OrgDepartment {
  id: number;
  name: string;
  code: string | null;
  /** The department's head (`manager_employee_id`), if set and still employed. */
  manager: OrgPerson | null;
  /** People directly in this department, by employee number. */
  employees: OrgPerson[];
  /** Head count here and below. */
  totalCount: number;
  children: OrgDepartment[];
}

export interface OrgReport extends OrgPerson {
  reports: OrgReport[];
}

/** Reporting trees: roots are people whose manager is absent (or left); a cycle in the data is cut where it closes. */
export function buildReportingTree(people: OrgPerson[]): OrgReport[] {
  const byId = new Map(people.map((p) => [p.id, { ...p, reports: [] as OrgReport[] }]));
  const roots: OrgReport[] = [];
  for (const p of byId.values()) {
    const boss = p.managerId == null ? undefined : byId.get(p.managerId);
    (boss ? boss.reports : roots).push(p);
  }
  // People stuck in a cycle are reachable from no root: lift one of each cycle up as a root.
  const reached = new Set<number>();
  const walk = (n: OrgReport) => {
    if (reached.has(n.id)) return;
    reached.add(n.id);
    n.reports.forEach(walk);
  };
  roots.forEach(walk);
  for (const p of byId.values()) {
    if (reached.has(p.id)) continue;
    const boss = byId.get(p.managerId!);
    if (boss) boss.reports = boss.reports.filter((r) => r.id !== p.id);
    roots.push(p);
    walk(p);
  }
  return roots;
}

export function createOrg(ctx: PeopleContext) {
  const { db } = ctx;

  function people(): OrgPerson[] {
    return db
      .select({
        id: employees.id,
        employeeNo: employees.employeeNo,
        name: employees.name,
        positionName: positions.name,
        departmentId: employees.departmentId,
        departmentName: departments.name,
        managerId: employees.managerId,
      })
      .from(employees)
      .innerJoin(departments, eq(departments.id, employees.departmentId))
      .leftJoin(positions, eq(positions.id, employees.positionId))
      .where(ne(employees.status, 'left'))
      .orderBy(asc(employees.employeeNo))
      .all();
  }

  return {
    /** The department tree with each department's head and people. */
    chart(): OrgDepartment[] {
      const all = people();
      const byId = new Map(all.map((p) => [p.id, p]));
      const byDept = new Map<number, OrgPerson[]>();
      for (const p of all) byDept.set(p.departmentId, [...(byDept.get(p.departmentId) ?? []), p]);
      const convert = (n: DepartmentNode): OrgDepartment => ({
        id: n.id,
        name: n.name,
        code: n.code,
        manager: n.managerEmployeeId == null ? null : (byId.get(n.managerEmployeeId) ?? null),
        employees: byDept.get(n.id) ?? [],
        totalCount: n.totalCount,
        children: n.children.map(convert),
      });
      return createDepartments(ctx).tree().map(convert);
    },

    /** Who reports to whom, from the top; `rootId` gives the tree under one person. */
    reportingLines(rootId?: number): OrgReport[] {
      const roots = buildReportingTree(people());
      if (rootId == null) return roots;
      const find = (nodes: OrgReport[]): OrgReport | undefined => {
        for (const n of nodes) {
          if (n.id === rootId) return n;
          const hit = find(n.reports);
          if (hit) return hit;
        }
        return undefined;
      };
      const hit = find(roots);
      return hit ? [hit] : [];
    },
  };
}
