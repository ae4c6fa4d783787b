/**
 * Org sync, the writing part: reading the local side for diffOrg, and applying a diff through
 * the people service (so every change has the directory's validation, audit entry and
 * `employee.*` event: leavers go through the same update that fires `employee.left`). One
 * transaction: any refusal (a name clash, an invalid value) leaves the directory untouched.
 */
import type Database from 'better-sqlite3';
import type { PeopleService } from '../people/service.js';
import type { AuditFn } from '../people/context.js';
import type { HrContext } from '../sdk.js';
import { diffCounts, type LocalOrg, type OrgDiff } from './org-diff.js';
import type { ConnectorStore } from './store.js';

/** The people directory as diffOrg compares it (sensitive fields are not involved). */
export function loadLocalOrg(sqlite: Database.Database, store: ConnectorStore, connector: string): LocalOrg {
  const departments = sqlite.prepare('SELECT id, name, parent_id AS parentId FROM people_departments ORDER BY id').all() as LocalOrg['departments'];
  const employees = sqlite
    .prepare(
      `SELECT e.id, e.employee_no AS employeeNo, e.name, e.mobile, e.email, e.department_id AS departmentId, p.name AS position, e.status
       FROM people_employees e LEFT JOIN people_positions p ON p.id = e.position_id ORDER BY e.id`,
    )
    .all() as LocalOrg['employees'];
  const links = new Map(store.links(connector).map((l) => [l.remoteUserId, l.employeeId]));
  return { departments, employees, links, departmentLinks: store.departmentLinks(connector) };
}

/** `WECOM-0007` after `WECOM-0006`: numbers of employees a sync adds. */
export function nextEmployeeNumbers(existing: readonly string[], prefix: string, count: number): string[] {
  const pattern = new RegExp(`^${prefix.replace(/[^A-Za-z0-9_]/g, (ch) => `\\${ch}`)}-(\\d+)$`);
  let max = 0;
  for (const no of existing) {
    const m = pattern.exec(no);
    if (m) max = Math.max(max, Number(m[1]));
  }
  const taken = new Set(existing);
  const out: string[] = [];
  for (let n = max + 1; out.length < count; n++) {
    const no = `${prefix}-${String(n).padStart(4, '0')}`;
    if (!taken.has(no)) out.push(no);
  }
  return out;
}

export interface ApplyDeps {
  sqlite: Database.Database;
  people: PeopleService;
  store: ConnectorStore;
  audit: AuditFn;
  connector: string;
  employeeNoPrefix: string;
  /** `YYYY-MM-DD` in the instance's time zone: the termination date of leavers. */
  today(): string;
  /** Why leavers left, in the instance's language ("企业微信同步：账号已停用"). */
  leaveReason(reason: 'inactive' | 'absent'): string;
  trigger: 'schedule' | 'manual';
}

/** Apply `diff` in one transaction; returns the counts (also audited as `connectors.sync.apply`). */
export function applyOrgDiff(diff: OrgDiff, c: HrContext | null, deps: ApplyDeps): Record<string, number> {
  const { people, store, connector } = deps;
  return deps.sqlite.transaction(() => {
    const departmentOf = store.departmentLinks(connector);
    const resolve = (remoteId: string | null): number | null => {
      if (remoteId === null) return null;
      const id = departmentOf.get(remoteId);
      if (id === undefined) throw new Error(`org sync: department ${remoteId} is neither linked nor added by this diff`);
      return id;
    };

    for (const l of diff.departments.link) {
      store.linkDepartment(connector, l.remoteId, l.departmentId);
      departmentOf.set(l.remoteId, l.departmentId);
    }
    for (const d of diff.departments.add) {
      const created = people.departments.create({ name: d.name.slice(0, 64), parentId: resolve(d.parentRemoteId) ?? undefined }, c);
      store.linkDepartment(connector, d.remoteId, created.id);
      departmentOf.set(d.remoteId, created.id);
    }
    for (const r of diff.departments.rename) people.departments.update(r.departmentId, { name: r.to.slice(0, 64) }, c);
    for (const m of diff.departments.move) people.departments.move(m.departmentId, resolve(m.toParentRemoteId), c);

    const positions = new Map(people.positions.list().map((p) => [p.name, p.id]));
    const positionId = (name: string | null | undefined): number | undefined => {
      if (!name) return undefined;
      let id = positions.get(name);
      if (id === undefined) {
        id = people.positions.create({ name }, c).id;
        positions.set(name, id);
      }
      return id;
    };

    const existingNumbers = (deps.sqlite.prepare('SELECT employee_no AS no FROM people_employees').all() as { no: string }[]).map((r) => r.no);
    const numbers = nextEmployeeNumbers(existingNumbers, deps.employeeNoPrefix, diff.employees.add.length);
    diff.employees.add.forEach((a, i) => {
      const employeeId = people.employees.create(
        {
          employeeNo: numbers[i]!,
          name: a.name,
          mobile: a.mobile ?? undefined,
          email: a.email ?? undefined,
          departmentId: resolve(a.departmentRemoteId)!,
          positionId: positionId(a.position),
          // People on the platform already work here: not on probation by default.
          status: 'regular',
        },
        c,
      );
      store.link(c, { connector, employeeId, remoteUserId: a.remoteUserId, via: 'sync' });
    });

    for (const ch of diff.employees.change) {
      const { name, mobile, email, departmentRemoteId, position } = ch.set;
      const input = {
        ...(name !== undefined ? { name } : {}),
        ...(mobile !== undefined ? { mobile } : {}),
        ...(email !== undefined ? { email } : {}),
        ...(departmentRemoteId !== undefined ? { departmentId: resolve(departmentRemoteId)! } : {}),
        ...(position !== undefined ? { positionId: positionId(position) } : {}),
      };
      if (Object.keys(input).length) people.employees.update(ch.employeeId, input, c);
      if (ch.link) store.link(c, { connector, employeeId: ch.employeeId, remoteUserId: ch.remoteUserId, via: 'sync' });
    }

    const today = deps.today();
    for (const l of diff.employees.leave) {
      people.employees.update(l.employeeId, { status: 'left', terminationDate: today, terminationReason: deps.leaveReason(l.reason).slice(0, 500) }, c);
    }

    const counts = diffCounts(diff);
    deps.audit(c, { action: 'connectors.sync.apply', entity: 'connector', entityId: connector, after: { ...counts, trigger: deps.trigger } });
    return counts;
  })();
}
