import { join } from 'node:path';
import { ROOT } from '../config.js';
import type { MigrationSource } from './migrator.js';

export const CORE_MIGRATIONS = join(ROOT, 'core', 'db', 'migrations');

/**
 * Core's own parts with tables. Each keeps its drizzle-kit schema and migrations
 * next to its code and has its own name in the ledger ('core.people'…), so the
 * parts evolve independently; a dot keeps them apart from plugin ids.
 */
export const CORE_MODULES: { id: string; schema: string; migrations: string }[] = [
  { id: 'core', schema: join(ROOT, 'core', 'db', 'schema.ts'), migrations: CORE_MIGRATIONS },
  { id: 'core.auth', schema: join(ROOT, 'core', 'auth', 'schema.ts'), migrations: join(ROOT, 'core', 'auth', 'migrations') },
  { id: 'core.access', schema: join(ROOT, 'core', 'access', 'schema.ts'), migrations: join(ROOT, 'core', 'access', 'migrations') },
  { id: 'core.people', schema: join(ROOT, 'core', 'people', 'schema.ts'), migrations: join(ROOT, 'core', 'people', 'migrations') },
  { id: 'core.ai', schema: join(ROOT, 'core', 'ai', 'schema.ts'), migrations: join(ROOT, 'core', 'ai', 'migrations') },
  { id: 'core.connectors', schema: join(ROOT, 'core', 'connectors', 'schema.ts'), migrations: join(ROOT, 'core', 'connectors', 'migrations') },
];

export function coreMigrationSources(): MigrationSource[] {
  return CORE_MODULES.map((m) => ({ plugin: m.id, folder: m.migrations }));
}

