/**
 * The dry run: read the file, find the sheets and their headers, check every
 * row (in chunks, yielding to the event loop between them so progress can be
 * polled and the server stays responsive), then compare with the database.
 * Writes nothing.
 */
import type { PeopleContext } from '../context.js';
import { DEPARTMENT_COLUMNS, EMPLOYEE_COLUMNS, type DepartmentField, type EmployeeField } from './columns.js';
import { planImport, type Plan } from './plan.js';
import { ImportFileError, readUpload, type ReadFile, LIMITS } from './read.js';
import { coerceRows, crossCheck, pickSheets, toDepartments, type DepartmentRow, type EmployeeRow, type RowProblem } from './rows.js';
import { loadState, type StoredState } from './state.js';

export const FILE = 'core.people.import.file.';

export interface FileProblem {
  key: string;
  params?: Record<string, string | number>;
}

export interface Progress {
  phase: 'reading' | 'checking' | 'comparing' | 'writing' | 'done';
  done: number;
  total: number;
}

export type OnProgress = (p: Progress) => void;

export interface Analysis {
  fileName: string;
  format: ReadFile['format'] | null;
  encoding: ReadFile['encoding'];
  fileProblems: FileProblem[];
  /** Every bad row with every reason, ordered by sheet then row. */
  problems: RowProblem[];
  unknownHeaders: string[];
  employees: EmployeeRow[];
  departments: DepartmentRow[];
  counts: { rows: number; added: number; updated: number; unchanged: number; departmentsAdded: number; departmentsUpdated: number };
  /** Row numbers with at least one problem, per sheet. */
  badRows: { employees: number[]; departments: number[] };
  ok: boolean;
}

export interface AnalyzeOptions {
  onProgress?: OnProgress;
  chunkSize?: number;
  limits?: typeof LIMITS;
}

const tick = () => new Promise<void>((r) => setImmediate(r));

function empty(fileName: string, fileProblems: FileProblem[], file?: ReadFile): Analysis {
  return {
    fileName,
    format: file?.format ?? null,
    encoding: file?.encoding ?? null,
    fileProblems,
    problems: [],
    unknownHeaders: [],
    employees: [],
    departments: [],
    counts: { rows: 0, added: 0, updated: 0, unchanged: 0, departmentsAdded: 0, departmentsUpdated: 0 },
    badRows: { employees: [], departments: [] },
    ok: false,
  };
}

export function sortProblems(problems: RowProblem[]): RowProblem[] {
  return problems.sort((a, b) => (a.sheet === b.sheet ? a.row - b.row : a.sheet === 'departments' ? -1 : 1));
}

/** Rows, problems and counts given the stored state: used by the dry run and again inside the commit. */
export function compare(a: Pick<Analysis, 'employees' | 'departments'>, rowProblems: RowProblem[], state: StoredState, ctx: Pick<PeopleContext, 'box' | 'today'>) {
  const problems = sortProblems([...rowProblems, ...crossCheck(a.employees, a.departments, state.existing, ctx.today())]);
  const bad = new Set(problems.filter((p) => p.sheet === 'employees').map((p) => p.row));
  const plan: Plan = planImport(
    a.employees.filter((e) => !bad.has(e.row)),
    state.employees,
    ctx.box,
  );
  let departmentsAdded = 0;
  let departmentsUpdated = 0;
  for (const d of a.departments) {
    const id = state.departmentIdByPath.get(d.path);
    if (id === undefined) departmentsAdded++;
    else if ('code' in d.values && (d.values.code ?? null) !== state.departmentById.get(id)!.code) departmentsUpdated++;
  }
  return { problems, plan, departmentsAdded, departmentsUpdated };
}

export async function analyze(ctx: Pick<PeopleContext, 'db' | 'box' | 'today'>, upload: { name: string; bytes: Uint8Array }, options: AnalyzeOptions = {}): Promise<Analysis & { plan?: Plan }> {
  const progress = options.onProgress ?? (() => {});
  const chunk = options.chunkSize ?? 500;
  progress({ phase: 'reading', done: 0, total: 0 });
  let file: ReadFile;
  try {
    file = await readUpload(upload, options.limits);
  } catch (err) {
    if (err instanceof ImportFileError) return empty(upload.name, [{ key: FILE + err.key, params: err.params }]);
    throw err;
  }
  const { employees: eSheet, departments: dSheet } = pickSheets(file.sheets);
  const fileProblems: FileProblem[] = [];
  if (!eSheet && !dSheet) return empty(upload.name, [{ key: `${FILE}no_header` }], file);
  const label = (defs: typeof EMPLOYEE_COLUMNS | typeof DEPARTMENT_COLUMNS, f: string) => defs.find((d) => d.field === f)!.headers[0]!;
  for (const [sheet, defs] of [[eSheet, EMPLOYEE_COLUMNS], [dSheet, DEPARTMENT_COLUMNS]] as const) {
    if (!sheet) continue;
    for (const f of sheet.mapping.missing) fileProblems.push({ key: `${FILE}missing_column`, params: { sheet: sheet.sheet.name, column: label(defs, f) } });
    for (const f of sheet.mapping.duplicated) fileProblems.push({ key: `${FILE}duplicate_column`, params: { sheet: sheet.sheet.name, column: label(defs, f) } });
  }
  if (fileProblems.length) return empty(upload.name, fileProblems, file);

  const today = ctx.today();
  const rowProblems: RowProblem[] = [];
  const total = (eSheet?.dataRows.length ?? 0) + (dSheet?.dataRows.length ?? 0);
  if (total === 0) return empty(upload.name, [{ key: `${FILE}no_rows` }], file);
  let done = 0;
  progress({ phase: 'checking', done, total });
  const departments: DepartmentRow[] = [];
  const employees: EmployeeRow[] = [];
  if (dSheet) {
    departments.push(...toDepartments(coerceRows(dSheet, DEPARTMENT_COLUMNS, dSheet.dataRows, 'departments', today, rowProblems)));
    done += dSheet.dataRows.length;
    progress({ phase: 'checking', done, total });
  }
  if (eSheet) {
    for (let i = 0; i < eSheet.dataRows.length; i += chunk) {
      const part = eSheet.dataRows.slice(i, i + chunk);
      employees.push(...coerceRows<EmployeeField>(eSheet, EMPLOYEE_COLUMNS, part, 'employees', today, rowProblems));
      done += part.length;
      progress({ phase: 'checking', done, total });
      await tick();
    }
  }
  progress({ phase: 'comparing', done, total });
  const state = loadState(ctx);
  const { problems, plan, departmentsAdded, departmentsUpdated } = compare({ employees, departments }, rowProblems, state, ctx);
  const rowsOf = (s: 'employees' | 'departments') => [...new Set(problems.filter((p) => p.sheet === s).map((p) => p.row))];
  const unknownHeaders = [...(eSheet?.mapping.unknown ?? []), ...(dSheet?.mapping.unknown ?? [])];
  return {
    fileName: upload.name,
    format: file.format,
    encoding: file.encoding,
    fileProblems: [],
    problems,
    unknownHeaders,
    employees,
    departments,
    counts: { rows: employees.length, added: plan.added, updated: plan.updated, unchanged: plan.unchanged, departmentsAdded, departmentsUpdated },
    badRows: { employees: rowsOf('employees'), departments: rowsOf('departments') },
    ok: problems.length === 0,
    plan,
  };
}

export type { DepartmentField };
