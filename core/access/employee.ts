/**
 * Which employee record an account belongs to, for `SessionUser.employeeId`.
 *
 * One prepared statement on `people_employees.user_id` (core.people), run on
 * every request, so it stays a direct lookup rather than going through the
 * people service. The table is checked once when the app is created, so a
 * database whose people migration has not run yet still serves requests.
 */
import type Database from 'better-sqlite3';

export type EmployeeLookup = (userId: number) => number | null;

export function employeeLookup(sqlite: Database.Database): EmployeeLookup {
  try {
    const table = sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'people_employees'").get();
    if (!table) return () => null;
    const columns = sqlite.prepare("SELECT name FROM pragma_table_info('people_employees')").all() as { name: string }[];
    if (!columns.some((c) => c.name === 'user_id') || !columns.some((c) => c.name === 'id')) return () => null;
    const statement = sqlite.prepare('SELECT id FROM people_employees WHERE user_id = ? LIMIT 1');
    return (userId) => {
      const row = statement.get(userId) as { id: number } | undefined;
      return row ? Number(row.id) : null;
    };
  } catch {
    return () => null;
  }
}
