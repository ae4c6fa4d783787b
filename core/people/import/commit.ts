/**
 * The commit: everything in ONE SQLite transaction, all or nothing. Inside it the
 * stored state is read again and every database-dependent check re-run (someone
 * may have changed the directory since the dry run). Departments and positions
 * (a handful of rows) go through the directory's services; employees through
 * write.ts (batched, same sealing, events and audit as the service, see there).
 * Managers are set in a second pass once every number has an id. One more audit
 * entry sums the import up.
 */
import type { HrContext } from '../../sdk.js';
import type { PeopleContext } from '../context.js';
import { createDepartments } from '../departments.js';
import { PeopleError } from '../errors.js';
import { createPositions } from '../positions.js';
import { compare, type Analysis } from './analyze.js';
import type { RowAction } from './plan.js';
import type { RowProblem } from './rows.js';
import { loadState, type StoredState } from './state.js';
import { writeEmployees } from './write.js';

export class ImportRejectedError extends Error {
  override name = 'ImportRejectedError';
  constructor(readonly problems: RowProblem[]) {
    super(`import rejected: ${problems.length} problem(s), nothing was written`);
  }
}

export interface CommitResult {
  added: number;
  updated: number;
  unchanged: number;
  departmentsAdded: number;
  departmentsUpdated: number;
  ms: number;
}

/** New hires with managers first: a manager who is also new comes before their reports. */
export function managersFirst(adds: RowAction[]): RowAction[] {
  const byNo = new Map(adds.map((a) => [a.row.values.employeeNo!, a]));
  const out: RowAction[] = [];
  const state = new Map<string, 1 | 2>();
  const visit = (a: RowAction) => {
    const no = a.row.values.employeeNo!;
    if (state.get(no)) return; // done, or on the stack (a cycle the checks would have refused)
    state.set(no, 1);
    const m = a.row.values.managerNo;
    const manager = m ? byNo.get(m) : undefined;
    if (manager) visit(manager);
    state.set(no, 2);
    out.push(a);
  };
  for (const a of adds) visit(a);
  return out;
}

/** Commit what `analyze` read; a dry run with problems is refused before anything starts. */
export function commitImport(ctx: PeopleContext, analysis: Pick<Analysis, 'employees' | 'departments' | 'fileName' | 'problems' | 'fileProblems'>, c: HrContext | null = null): CommitResult {
  const t0 = performance.now();
  if (analysis.fileProblems.length) throw new ImportRejectedError([]);
  if (analysis.problems.length) throw new ImportRejectedError(analysis.problems);
  const deps = createDepartments(ctx);
  const positions = createPositions(ctx);
  const run = ctx.sqlite.transaction(() => {
    const state: StoredState = loadState(ctx);
    const { problems, plan, departmentsAdded, departmentsUpdated } = compare(analysis, [], state, ctx);
    if (problems.length) throw new ImportRejectedError(problems);
    /** A service refusal names the row it came from; the whole transaction rolls back. */
    const atRow = <T>(sheet: RowProblem['sheet'], row: number, fn: () => T): T => {
      try {
        return fn();
      } catch (err) {
        if (err instanceof PeopleError) throw new ImportRejectedError([{ sheet, row, field: err.field ?? null, reason: err.messageKey, ...(err.params ? { params: err.params } : {}) }]);
        throw err;
      }
    };

    // Departments, parents before children.
    const sorted = [...analysis.departments].sort((a, b) => a.path.split('/').length - b.path.split('/').length);
    for (const d of sorted) {
      const id = state.departmentIdByPath.get(d.path);
      if (id === undefined) {
        const parentId = d.parentPath ? state.departmentIdByPath.get(d.parentPath)! : null;
        const created = atRow('departments', d.row, () => deps.create({ name: d.name, code: d.values.code ?? null, parentId }, c));
        state.departmentIdByPath.set(d.path, created.id);
      } else if ('code' in d.values && (d.values.code ?? null) !== state.departmentById.get(id)!.code) {
        atRow('departments', d.row, () => deps.update(id, { code: d.values.code ?? null }, c));
      }
    }
    const ids = {
      department: (path: string) => state.departmentIdByPath.get(path)!,
      position: (name: string) => {
        let id = state.positionIdByName.get(name);
        if (id === undefined) state.positionIdByName.set(name, (id = positions.create({ name }, c).id));
        return id;
      },
    };

    // Employees: batched inserts and changed-column updates, managers by number (write.ts).
    const idByNo = new Map([...state.employees.values()].map((e) => [e.employeeNo, e.id]));
    writeEmployees(ctx, managersFirst(plan.actions.filter((x) => x.kind === 'add')).concat(plan.actions.filter((x) => x.kind !== 'add')), ids, idByNo, c);

    // Department heads, once every employee exists.
    for (const d of analysis.departments) {
      if (!('managerNo' in d.values)) continue;
      const id = state.departmentIdByPath.get(d.path)!;
      const managerEmployeeId = d.values.managerNo ? (idByNo.get(d.values.managerNo) ?? null) : null;
      if ((state.departmentById.get(id)?.managerEmployeeId ?? null) !== managerEmployeeId) atRow('departments', d.row, () => deps.update(id, { managerEmployeeId }, c));
    }

    const result = { added: plan.added, updated: plan.updated, unchanged: plan.unchanged, departmentsAdded, departmentsUpdated };
    ctx.audit(c, { action: 'people.import', entity: 'people.employee', entityId: null, after: { file: analysis.fileName, ...result } });
    return result;
  });
  const result = run.immediate();
  return { ...result, ms: Math.round(performance.now() - t0) };
}
