/** Shapes of runs shared by the run services, pages and API. */
import type { runs } from '../schema.js';
import type { RunTotals } from './types.js';

export type RunRow = typeof runs.$inferSelect;
export type RunStatus = RunRow['status'];

/** A run as lists and the API show it: the row with typed totals. */
export interface RunView extends Omit<RunRow, 'totals'> {
  totals: RunTotals | null;
}

export const runView = (row: RunRow): RunView => ({ ...row, totals: (row.totals as RunTotals | null) ?? null });

/** Statuses in which a run is never changed again. */
export const FROZEN: readonly RunStatus[] = ['locked', 'published'];

/** The stored `error` of a run: an i18n key and its parameters. */
export function runError(row: Pick<RunRow, 'error'>): { key: string; params: Record<string, string | number> } | null {
  if (!row.error) return null;
  try {
    const parsed = JSON.parse(row.error) as { key?: unknown; params?: unknown };
    if (typeof parsed.key === 'string') return { key: parsed.key, params: (parsed.params ?? {}) as Record<string, string | number> };
  } catch {
    // A plain message.
  }
  return { key: 'payroll.run.error.unexpected', params: { message: row.error } };
}
