/**
 * What every part of the recruiting services receives (services/index.ts wires them), and
 * the row types they pass around.
 */
import type Database from 'better-sqlite3';
import { sql, type SQL } from 'drizzle-orm';
import type { AnySQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { Db, PluginContext } from '../../../core/sdk.js';
import type { activities, applications, candidates, jobs, onboarding, plans, requisitions, resumes, screenBatches } from '../schema.js';
import type { RecruitingSettings } from '../settings.js';

export interface RecruitingParts {
  ctx: PluginContext<RecruitingSettings>;
  db: Db;
  sqlite: Database.Database;
  settings: RecruitingSettings;
  now: () => Date;
  /** Today in the configured time zone, `YYYY-MM-DD`. */
  today: () => string;
}

export type JobRow = typeof jobs.$inferSelect;
export type RequisitionRow = typeof requisitions.$inferSelect;
export type PlanRow = typeof plans.$inferSelect;
export type CandidateRow = typeof candidates.$inferSelect;
export type ResumeRow = typeof resumes.$inferSelect;
export type ApplicationRow = typeof applications.$inferSelect;
export type ActivityRow = typeof activities.$inferSelect;
export type BatchRow = typeof screenBatches.$inferSelect;
export type OnboardingRow = typeof onboarding.$inferSelect;

/** One page of a list. */
export interface Page<T> {
  total: number;
  page: number;
  pageSize: number;
  items: T[];
}

export interface PageInput {
  page?: number | undefined;
  pageSize?: number | undefined;
}

/** Page numbers clamped: 1-based page, 1..200 rows (default 50). */
export function pageOf(input: PageInput): { page: number; pageSize: number; offset: number } {
  const pageSize = Math.min(200, Math.max(1, Math.floor(input.pageSize ?? 50)));
  const page = Math.max(1, Math.floor(input.page ?? 1));
  return { page, pageSize, offset: (page - 1) * pageSize };
}

/** `column LIKE %q%` where `%` and `_` typed by a person are literal characters, not wildcards. */
export function contains(column: AnySQLiteColumn | SQL, q: string): SQL {
  return sql`${column} LIKE ${`%${q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`} ESCAPE '\\'`;
}
