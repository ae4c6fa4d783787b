/**
 * Plugin scaffolding: copy scripts/templates/plugin/** (files ending in `.tpl`)
 * with placeholders filled in, then generate the first migration with drizzle-kit.
 *
 * Placeholders: `__ID__` (plugin id, also in file names), `__TABLE__` (its first
 * table), `__NAME__` (display name), `__ROOT__` (relative path from the file's
 * folder to the project root, for `__ROOT__/core/sdk.js` and the test helpers).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { ROOT } from '../config.js';
import { CliError } from './command.js';
import { drizzleGenerate, PLUGIN_ID } from './drizzle.js';

export const TEMPLATE_DIR = join(ROOT, 'scripts', 'templates', 'plugin');

/** Ids that would clash with core URLs or names. */
export const RESERVED_IDS = ['core', 'api', 'admin', 'static', 'themes', 'assets', 'login', 'logout', 'setup', 'healthz', 'preferences'];

export interface ScaffoldNames {
  id: string;
  table: string;
  name: string;
}

export function namesFor(id: string): ScaffoldNames {
  return {
    id,
    table: `${id.replace(/-/g, '_')}_items`,
    name: id
      .split('-')
      .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
      .join(' '),
  };
}

/** Refuse a bad, reserved or taken id; returns the plugin folder to create. */
export function checkNewPlugin(id: string, parentDir: string | undefined, root = ROOT): string {
  if (!PLUGIN_ID.test(id) || id.endsWith('-') || id.includes('--') || id.length > 40) {
    throw new CliError(`"${id}" is not a valid plugin id: use lower-case letters, digits and single dashes, starting with a letter (at most 40 characters), e.g. "sample-x".`);
  }
  if (RESERVED_IDS.includes(id)) throw new CliError(`"${id}" is reserved by core (${RESERVED_IDS.join(', ')}); pick another id.`);
  const builtin = join(root, 'plugins', id);
  if (existsSync(builtin)) throw new CliError(`A plugin "${id}" already exists in ${builtin}; pick another id.`);
  const target = parentDir ? resolve(parentDir, id) : builtin;
  if (existsSync(target)) throw new CliError(`${target} already exists; pick another id or folder.`);
  // Plugin code imports drizzle-orm; Node finds it only in a node_modules above the plugin folder.
  try {
    createRequire(join(target, 'index.ts')).resolve('drizzle-orm');
  } catch {
    throw new CliError(
      `${dirname(target)} is outside the project, where the plugin could not import drizzle-orm. ` +
        `Create it inside the project folder (${root}), e.g. --dir local-plugins.`,
    );
  }
  return target;
}

function templateFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? templateFiles(join(dir, e.name), join(prefix, e.name)) : e.name.endsWith('.tpl') ? [join(prefix, e.name)] : [],
  );
}

export function fill(text: string, names: ScaffoldNames, rootFromFile: string): string {
  return text.replaceAll('__ID__', names.id).replaceAll('__TABLE__', names.table).replaceAll('__NAME__', names.name).replaceAll('__ROOT__', rootFromFile);
}

/** Write the plugin folder from the templates; returns the files written (relative to the folder). */
export function writeTemplates(target: string, names: ScaffoldNames, root = ROOT, templates = TEMPLATE_DIR): string[] {
  const written: string[] = [];
  for (const tpl of templateFiles(templates).sort()) {
    const rel = tpl.replace(/\.tpl$/, '').replaceAll('__ID__', names.id);
    const dest = join(target, rel);
    mkdirSync(dirname(dest), { recursive: true });
    const up = relative(dirname(dest), root).split(sep).join('/') || '.';
    writeFileSync(dest, fill(readFileSync(join(templates, tpl), 'utf8'), names, up.startsWith('.') ? up : `./${up}`));
    written.push(rel);
  }
  return written;
}

export interface ScaffoldResult {
  dir: string;
  files: string[];
  /** The value to put under `plugins` in hr.config.ts. */
  configEntry: string;
}

/** Create a working plugin: files from the templates, then its first migration (drizzle-kit). */
export async function scaffoldPlugin(id: string, parentDir?: string, root = ROOT): Promise<ScaffoldResult> {
  const dir = checkNewPlugin(id, parentDir, root);
  const names = namesFor(id);
  try {
    const files = writeTemplates(dir, names, root);
    await drizzleGenerate({ id, schema: join(dir, 'schema.ts'), out: join(dir, 'migrations') }, { name: 'init', quiet: true });
    const migrations = readdirSync(join(dir, 'migrations')).filter((f) => f.endsWith('.sql'));
    if (migrations.length !== 1) throw new CliError(`drizzle-kit wrote ${migrations.length} migration files for "${id}" instead of one.`);
    files.push(`migrations/${migrations[0]}`, 'migrations/meta/_journal.json');
    const builtin = dir === join(root, 'plugins', id);
    const shownDir = dir.startsWith(root + sep) ? relative(root, dir) : dir;
    return { dir, files, configEntry: builtin ? `'${id}': true` : `'${id}': { path: '${shownDir}' }` };
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}
