/**
 * Org sync, the pure part: what would change in the people directory to make it match the
 * platform's org. No IO: the admin's dry run shows this diff, "apply" hands exactly it to
 * org-apply.ts (after checking its hash is still what the admin saw).
 *
 * Matching rules (documented for admins in docs/architecture.md "Connectors"):
 * - departments: by their link from an earlier sync, else by name under the same (matched)
 *   parent; the platform's top department (the company) is matched to the single local top
 *   department when no name matches, and top departments are never renamed or moved;
 * - members: by link, then by mobile among active employees not linked yet; a mobile shared by
 *   several employees, or by one already linked to another account, is left to the admin;
 * - a field the platform does not return (WeCom hides mobiles and emails from most apps) is
 *   "unknown", never "cleared";
 * - leavers are linked employees whose account is disabled or gone. An empty member list (an
 *   app that sees nobody) proposes no "gone" leavers: that is a permission problem, not a layoff.
 */
import { createHash } from 'node:crypto';
import { isEmail, normalizeMobile } from '../people/validate.js';
import type { RemoteDepartment, RemoteMember, RemoteOrg } from './types.js';

export interface LocalDepartment {
  id: number;
  name: string;
  parentId: number | null;
}

export interface LocalEmployee {
  id: number;
  employeeNo: string;
  name: string;
  mobile: string | null;
  email: string | null;
  departmentId: number;
  position: string | null;
  /** `left` employees are only matched by link. */
  status: string;
}

export interface LocalOrg {
  departments: LocalDepartment[];
  employees: LocalEmployee[];
  /** Remote user id → employee id (this connector's links). */
  links: ReadonlyMap<string, number>;
  /** Remote department id → department id. */
  departmentLinks: ReadonlyMap<string, number>;
}

export type EmployeeField = 'name' | 'mobile' | 'email' | 'department' | 'position';

export interface FieldChange {
  field: EmployeeField;
  /** As shown (a department as its path). */
  from: string | null;
  to: string | null;
}

export interface DepartmentAdd {
  remoteId: string;
  name: string;
  parentRemoteId: string | null;
  /** `总部 / 研发部 / 前端组` as it will be. */
  path: string;
}

export interface EmployeeAdd {
  remoteUserId: string;
  name: string;
  mobile: string | null;
  email: string | null;
  departmentRemoteId: string;
  departmentPath: string;
  position: string | null;
}

export interface EmployeeChange {
  employeeId: number;
  employeeNo: string;
  remoteUserId: string;
  name: string;
  matchedBy: 'link' | 'mobile';
  /** Not linked yet: the apply links them (a match by mobile). */
  link: boolean;
  changes: FieldChange[];
  /** The values to write, by field (department as the remote id). */
  set: { name?: string; mobile?: string; email?: string; departmentRemoteId?: string; position?: string };
}

export interface EmployeeLeave {
  employeeId: number;
  employeeNo: string;
  name: string;
  remoteUserId: string;
  reason: 'inactive' | 'absent';
}

export type UnmatchedReason = 'no_department' | 'ambiguous_mobile' | 'mobile_linked_elsewhere' | 'left_locally' | 'not_on_platform';

export interface Unmatched {
  side: 'remote' | 'local';
  name: string;
  remoteUserId: string | null;
  employeeId: number | null;
  reason: UnmatchedReason;
}

export interface OrgDiff {
  departments: {
    /** Parents before their children. */
    add: DepartmentAdd[];
    rename: { departmentId: number; remoteId: string; from: string; to: string }[];
    move: { departmentId: number; remoteId: string; name: string; fromPath: string; toParentRemoteId: string | null; toPath: string }[];
    /** Matched by name (or as the top department) and linked by the apply, unchanged otherwise. */
    link: { departmentId: number; remoteId: string; path: string }[];
  };
  employees: { add: EmployeeAdd[]; change: EmployeeChange[]; leave: EmployeeLeave[] };
  unmatched: Unmatched[];
}

/** Where a remote department lands: an existing local one, or one the apply creates. */
interface Placement {
  localId: number | null;
  path: string;
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Remote departments parents first; a parent the app cannot see (or a cycle) makes a top department. */
export function orderDepartments(remote: readonly RemoteDepartment[]): (RemoteDepartment & { parentId: string | null })[] {
  const byId = new Map(remote.map((d) => [d.remoteId, d]));
  const out: (RemoteDepartment & { parentId: string | null })[] = [];
  const placed = new Set<string>();
  const visiting = new Set<string>();
  const visit = (d: RemoteDepartment) => {
    if (placed.has(d.remoteId)) return;
    visiting.add(d.remoteId);
    let parentId = d.parentId !== null && byId.has(d.parentId) && d.parentId !== d.remoteId ? d.parentId : null;
    if (parentId !== null && visiting.has(parentId)) parentId = null;
    if (parentId !== null) visit(byId.get(parentId)!);
    visiting.delete(d.remoteId);
    placed.add(d.remoteId);
    out.push({ ...d, parentId });
  };
  for (const d of [...remote].sort((a, b) => byText(a.remoteId, b.remoteId))) visit(d);
  return out;
}

function localPaths(departments: readonly LocalDepartment[]): Map<number, string> {
  const byId = new Map(departments.map((d) => [d.id, d]));
  const paths = new Map<number, string>();
  const pathOf = (id: number, depth = 0): string => {
    const known = paths.get(id);
    if (known !== undefined) return known;
    const d = byId.get(id);
    if (!d) return '';
    const parent = d.parentId !== null && depth < 50 ? pathOf(d.parentId, depth + 1) : '';
    const path = parent ? `${parent} / ${d.name}` : d.name;
    paths.set(id, path);
    return path;
  };
  for (const d of departments) pathOf(d.id);
  return paths;
}

const clean = (v: string | null | undefined): string | null => {
  const t = v?.trim();
  return t ? t : null;
};

/** The diff that makes `local` match `remote`. Deterministic: the same inputs give the same diff (and hash). */
export function diffOrg(remote: RemoteOrg, local: LocalOrg): OrgDiff {
  const diff: OrgDiff = { departments: { add: [], rename: [], move: [], link: [] }, employees: { add: [], change: [], leave: [] }, unmatched: [] };
  const paths = localPaths(local.departments);
  const localDepts = new Map(local.departments.map((d) => [d.id, d]));

  // ---------------------------------------------------------------- departments
  const placement = new Map<string, Placement>();
  const claimed = new Set<number>();
  for (const id of local.departmentLinks.values()) if (localDepts.has(id)) claimed.add(id);
  const ordered = orderDepartments(remote.departments);
  const tops = ordered.filter((d) => d.parentId === null).length;
  const localTops = local.departments.filter((d) => d.parentId === null);
  for (const d of ordered) {
    const name = clean(d.name) ?? d.remoteId;
    const parent = d.parentId === null ? null : placement.get(d.parentId)!;
    const linked = local.departmentLinks.get(d.remoteId);
    let localId = linked !== undefined && localDepts.has(linked) ? linked : null;
    const matchedByLink = localId !== null;
    if (localId === null && (parent === null || parent.localId !== null)) {
      const parentId = parent?.localId ?? null;
      const sameName = local.departments.find((l) => l.parentId === parentId && l.name === name && !claimed.has(l.id));
      // The company at the top: one remote top department onto the one local top department.
      const company = d.parentId === null && tops === 1 && localTops.length === 1 && !claimed.has(localTops[0]!.id) ? localTops[0]! : undefined;
      const match = sameName ?? company;
      if (match) {
        localId = match.id;
        claimed.add(match.id);
        diff.departments.link.push({ departmentId: match.id, remoteId: d.remoteId, path: paths.get(match.id)! });
      }
    }
    if (localId === null) {
      const path = parent ? `${parent.path} / ${name}` : name;
      diff.departments.add.push({ remoteId: d.remoteId, name, parentRemoteId: d.parentId, path });
      placement.set(d.remoteId, { localId: null, path });
      continue;
    }
    const here = localDepts.get(localId)!;
    const isTop = d.parentId === null;
    if (matchedByLink && !isTop && here.name !== name) {
      diff.departments.rename.push({ departmentId: localId, remoteId: d.remoteId, from: here.name, to: name });
    }
    const wantedParent = parent?.localId ?? null;
    if (!isTop && (parent!.localId === null || here.parentId !== wantedParent)) {
      diff.departments.move.push({
        departmentId: localId,
        remoteId: d.remoteId,
        name,
        fromPath: here.parentId === null ? '' : (paths.get(here.parentId) ?? ''),
        toParentRemoteId: d.parentId,
        toPath: parent!.path,
      });
    }
    const path = isTop ? paths.get(localId)! : `${parent!.path} / ${name}`;
    placement.set(d.remoteId, { localId, path });
  }

  // ---------------------------------------------------------------- employees
  const employees = new Map(local.employees.map((e) => [e.id, e]));
  const linkedIds = new Set([...local.links.values()]);
  const byMobile = new Map<string, LocalEmployee[]>();
  for (const e of local.employees) {
    const m = e.status !== 'left' && e.mobile ? normalizeMobile(e.mobile) : null;
    if (m) byMobile.set(m, [...(byMobile.get(m) ?? []), e]);
  }
  const seen = new Set<string>();
  const matchedLocal = new Set<number>();
  const members = [...remote.members].sort((a, b) => byText(a.remoteUserId, b.remoteUserId));
  for (const m of members) {
    if (seen.has(m.remoteUserId)) continue; // a member listed under two departments
    seen.add(m.remoteUserId);
    const name = clean(m.name) ?? m.remoteUserId;
    const linkedId = local.links.get(m.remoteUserId);
    const linked = linkedId !== undefined ? employees.get(linkedId) : undefined;
    if (linked) {
      matchedLocal.add(linked.id);
      if (!m.active) {
        if (linked.status !== 'left') diff.employees.leave.push({ employeeId: linked.id, employeeNo: linked.employeeNo, name: linked.name, remoteUserId: m.remoteUserId, reason: 'inactive' });
        continue;
      }
      if (linked.status === 'left') {
        diff.unmatched.push({ side: 'remote', name, remoteUserId: m.remoteUserId, employeeId: linked.id, reason: 'left_locally' });
        continue;
      }
      const change = changesOf(linked, m, name, placement, paths);
      if (change.changes.length) diff.employees.change.push({ employeeId: linked.id, employeeNo: linked.employeeNo, remoteUserId: m.remoteUserId, name: linked.name, matchedBy: 'link', link: false, ...change });
      continue;
    }
    if (!m.active) continue; // disabled and never ours: nothing to do
    const mobile = m.mobile ? normalizeMobile(m.mobile) : null;
    const sameMobile = mobile ? (byMobile.get(mobile) ?? []) : [];
    const free = sameMobile.filter((e) => !linkedIds.has(e.id) && !matchedLocal.has(e.id));
    if (sameMobile.length > 0 && free.length === 0) {
      diff.unmatched.push({ side: 'remote', name, remoteUserId: m.remoteUserId, employeeId: sameMobile[0]!.id, reason: 'mobile_linked_elsewhere' });
      continue;
    }
    if (free.length > 1) {
      diff.unmatched.push({ side: 'remote', name, remoteUserId: m.remoteUserId, employeeId: null, reason: 'ambiguous_mobile' });
      continue;
    }
    const candidate = free[0];
    if (candidate) {
      matchedLocal.add(candidate.id);
      const change = changesOf(candidate, m, name, placement, paths);
      diff.employees.change.push({ employeeId: candidate.id, employeeNo: candidate.employeeNo, remoteUserId: m.remoteUserId, name: candidate.name, matchedBy: 'mobile', link: true, ...change });
      continue;
    }
    const dept = m.departmentId !== null ? placement.get(m.departmentId) : undefined;
    if (!dept || m.departmentId === null) {
      diff.unmatched.push({ side: 'remote', name, remoteUserId: m.remoteUserId, employeeId: null, reason: 'no_department' });
      continue;
    }
    const email = clean(m.email);
    diff.employees.add.push({
      remoteUserId: m.remoteUserId,
      name: name.slice(0, 64),
      mobile,
      email: email && isEmail(email) ? email.toLowerCase() : null,
      departmentRemoteId: m.departmentId,
      departmentPath: dept.path,
      position: clean(m.position)?.slice(0, 64) ?? null,
    });
  }

  const anyoneThere = remote.members.length > 0;
  for (const [remoteUserId, employeeId] of [...local.links].sort((a, b) => a[1] - b[1])) {
    const e = employees.get(employeeId);
    if (!e || seen.has(remoteUserId) || e.status === 'left' || !anyoneThere) continue;
    diff.employees.leave.push({ employeeId, employeeNo: e.employeeNo, name: e.name, remoteUserId, reason: 'absent' });
    matchedLocal.add(employeeId);
  }
  for (const e of local.employees) {
    if (e.status === 'left' || matchedLocal.has(e.id) || linkedIds.has(e.id)) continue;
    diff.unmatched.push({ side: 'local', name: e.name, remoteUserId: null, employeeId: e.id, reason: 'not_on_platform' });
  }
  diff.employees.leave.sort((a, b) => a.employeeId - b.employeeId);
  return diff;
}

function changesOf(e: LocalEmployee, m: RemoteMember, name: string, placement: ReadonlyMap<string, Placement>, paths: ReadonlyMap<number, string>): Pick<EmployeeChange, 'changes' | 'set'> {
  const changes: FieldChange[] = [];
  const set: EmployeeChange['set'] = {};
  const newName = name.slice(0, 64);
  if (newName !== e.name) {
    changes.push({ field: 'name', from: e.name, to: newName });
    set.name = newName;
  }
  const mobile = m.mobile ? normalizeMobile(m.mobile) : null;
  if (mobile && mobile !== (e.mobile ? normalizeMobile(e.mobile) : null)) {
    changes.push({ field: 'mobile', from: e.mobile, to: mobile });
    set.mobile = mobile;
  }
  const email = clean(m.email)?.toLowerCase() ?? null;
  if (email && isEmail(email) && email !== e.email?.toLowerCase()) {
    changes.push({ field: 'email', from: e.email, to: email });
    set.email = email;
  }
  const dept = m.departmentId !== null ? placement.get(m.departmentId) : undefined;
  if (dept && m.departmentId !== null && dept.localId !== e.departmentId) {
    changes.push({ field: 'department', from: paths.get(e.departmentId) ?? null, to: dept.path });
    set.departmentRemoteId = m.departmentId;
  }
  const position = clean(m.position)?.slice(0, 64) ?? null;
  if (position && position !== e.position) {
    changes.push({ field: 'position', from: e.position, to: position });
    set.position = position;
  }
  return { changes, set };
}

/** What the scheduled sync applies unless the connector allows more: adds and changes, never leavers. */
export function withoutLeavers(diff: OrgDiff): OrgDiff {
  return { ...diff, employees: { ...diff.employees, leave: [] } };
}

export function isEmptyDiff(diff: OrgDiff): boolean {
  const { departments: d, employees: e } = diff;
  return d.add.length + d.rename.length + d.move.length + d.link.length + e.add.length + e.change.length + e.leave.length === 0;
}

/** Counts for the admin page, the audit entry and the run history (no names). */
export function diffCounts(diff: OrgDiff): Record<string, number> {
  return {
    departmentsAdded: diff.departments.add.length,
    departmentsRenamed: diff.departments.rename.length,
    departmentsMoved: diff.departments.move.length,
    departmentsLinked: diff.departments.link.length,
    employeesAdded: diff.employees.add.length,
    employeesChanged: diff.employees.change.length,
    employeesLeft: diff.employees.leave.length,
    unmatched: diff.unmatched.length,
  };
}

/** A short fingerprint of a diff: "apply" refuses when the platform changed since the dry run. */
export function diffHash(diff: OrgDiff): string {
  return createHash('sha256').update(JSON.stringify(diff)).digest('hex').slice(0, 32);
}
