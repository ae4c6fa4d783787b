/**
 * What an import would do to each row: add, update (which fields), or nothing.
 * Pure: the stored employees come in as snapshots, the two comparisons that need
 * the secret (ID number hash, bank account decryption) as callbacks.
 */
import { deriveFromIdNumber } from '../input.js';
import { KEEP, normalizePath } from './cells.js';
import type { EmployeeField } from './columns.js';
import type { EmployeeRow, Values } from './rows.js';

/** A stored employee in the import's terms: department as a path, position by name, manager by number. */
export interface EmployeeSnapshot {
  id: number;
  employeeNo: string;
  values: Values<EmployeeField>;
  idNumberHash: string | null;
  bankAccountEnc: string | null;
}

export interface SensitiveCompare {
  idHash(normalized: string): string;
  open(enc: string): string;
}

export type RowAction = { kind: 'add'; row: EmployeeRow } | { kind: 'update'; row: EmployeeRow; id: number; changed: EmployeeField[] } | { kind: 'unchanged'; row: EmployeeRow; id: number };

export interface Plan {
  actions: RowAction[];
  added: number;
  updated: number;
  unchanged: number;
}

/** Fill birth date and gender from the ID number where the row leaves them empty. */
export function completeRow(row: EmployeeRow): EmployeeRow {
  const v = row.values;
  if (!v.idNumber || v.idNumber === KEEP) return row;
  const filled = deriveFromIdNumber({ idNumber: v.idNumber, birthDate: v.birthDate ?? null, gender: (v.gender ?? null) as 'male' | 'female' | null });
  const values = { ...v };
  if (!v.birthDate) values.birthDate = filled.birthDate ?? null;
  if (!v.gender) values.gender = filled.gender ?? null;
  return { row: row.row, values };
}

export function changedFields(row: EmployeeRow, current: EmployeeSnapshot, box: SensitiveCompare): EmployeeField[] {
  const changed: EmployeeField[] = [];
  for (const [field, value] of Object.entries(row.values) as [EmployeeField, string | null][]) {
    if (field === 'employeeNo' || value === KEEP) continue;
    if (field === 'idNumber') {
      if ((value === null ? null : box.idHash(value)) !== current.idNumberHash) changed.push(field);
    } else if (field === 'bankAccount') {
      const stored = current.bankAccountEnc === null ? null : box.open(current.bankAccountEnc);
      if (stored !== value) changed.push(field);
    } else if (field === 'department') {
      if (normalizePath(value ?? '') !== (current.values.department ?? '')) changed.push(field);
    } else if ((current.values[field] ?? null) !== value) changed.push(field);
  }
  return changed;
}

export function planImport(rows: EmployeeRow[], existing: ReadonlyMap<string, EmployeeSnapshot>, box: SensitiveCompare): Plan {
  const plan: Plan = { actions: [], added: 0, updated: 0, unchanged: 0 };
  for (const raw of rows) {
    const row = completeRow(raw);
    const current = existing.get(row.values.employeeNo!);
    if (!current) {
      plan.actions.push({ kind: 'add', row });
      plan.added++;
      continue;
    }
    const changed = changedFields(row, current, box);
    if (changed.length) {
      plan.actions.push({ kind: 'update', row, id: current.id, changed });
      plan.updated++;
    } else {
      plan.actions.push({ kind: 'unchanged', row, id: current.id });
      plan.unchanged++;
    }
  }
  return plan;
}
