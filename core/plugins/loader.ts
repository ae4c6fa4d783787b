/**
 * Plugin discovery and ordering.
 *
 * Built-in plugins live in `plugins/<id>/index.ts`; a config entry can instead
 * point at a local folder (`path`) or an npm package (`package`). Only plugins
 * named in the config and enabled are loaded. They are ordered so that every
 * plugin comes after what it `requires` and after enabled `optional` plugins.
 *
 * From the build (`npm start`), a plugin folder that is part of it is imported from
 * `dist/<folder>/index.js`; its `dir` stays the source folder, where its views,
 * migrations and assets are. Anything else goes through core/source-import.ts.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import semver from 'semver';
import type { z } from 'zod';
import { describeIssues, type ResolvedConfig, ROOT } from '../config.js';
import { BUILT, builtPathOf } from '../paths.js';
import type { PluginDefinition } from '../sdk.js';
import { prepareImport } from '../source-import.js';

/** Version of the plugin API that `requires: ['core@^1']` is checked against. */
export const CORE_VERSION = '1.0.0';

export class PluginError extends Error {
  override name = 'PluginError';
  constructor(
    message: string,
    readonly plugin: string,
  ) {
    super(message);
  }
}

export interface LoadedPlugin {
  id: string;
  def: PluginDefinition;
  /** Folder holding the plugin's index file. */
  dir: string;
  source: 'builtin' | 'local' | 'npm';
  settings: unknown;
  migrationsDir: string | null;
  viewsDir: string | null;
  assetsDir: string | null;
}

export interface PluginListing {
  id: string;
  dir: string;
  source: LoadedPlugin['source'];
  enabled: boolean;
  entry: string | null;
}

type PluginEntry = ResolvedConfig['plugins'][string];

function entryOptions(entry: PluginEntry | undefined) {
  if (entry === undefined || entry === false) return { enabled: false, settings: {} as Record<string, unknown> };
  if (entry === true) return { enabled: true, settings: {} as Record<string, unknown> };
  return { enabled: entry.enabled, settings: entry.settings, path: entry.path, package: entry.package };
}

const INDEX_FILES = ['index.ts', 'index.js', 'index.mjs'];

function indexIn(dir: string): string | null {
  for (const f of INDEX_FILES) {
    const file = join(dir, f);
    if (!existsSync(file)) continue;
    const built = BUILT ? builtPathOf(file) : null;
    return built && existsSync(built) ? built : file;
  }
  return null;
}

/** Every plugin the admin could switch on: built-in folders plus config entries with a path or package. */
export function listPlugins(config: ResolvedConfig, root = ROOT): PluginListing[] {
  const out = new Map<string, PluginListing>();
  const builtinDir = join(root, 'plugins');
  if (existsSync(builtinDir)) {
    for (const id of readdirSync(builtinDir).sort()) {
      const dir = join(builtinDir, id);
      if (!statSync(dir).isDirectory()) continue;
      const entry = indexIn(dir);
      if (!entry) continue;
      out.set(id, { id, dir, source: 'builtin', enabled: entryOptions(config.plugins[id]).enabled, entry });
    }
  }
  for (const [id, raw] of Object.entries(config.plugins)) {
    const opts = entryOptions(raw);
    if (opts.path) {
      const dir = isAbsolute(opts.path) ? opts.path : resolve(root, opts.path);
      out.set(id, { id, dir, source: 'local', enabled: opts.enabled, entry: indexIn(dir) });
    } else if (opts.package) {
      out.set(id, { id, dir: '', source: 'npm', enabled: opts.enabled, entry: null });
    } else if (!out.has(id)) {
      out.set(id, { id, dir: '', source: 'builtin', enabled: opts.enabled, entry: null });
    }
  }
  return [...out.values()];
}

async function importDefinition(listing: PluginListing, packageName: string | undefined): Promise<{ def: PluginDefinition; dir: string }> {
  let specifier: string;
  let dir = listing.dir;
  if (listing.source === 'npm') {
    specifier = packageName!;
    try {
      const resolved = import.meta.resolve(specifier);
      dir = dirname(fileURLToPath(resolved));
    } catch {
      throw new PluginError(`Plugin "${listing.id}": the npm package "${specifier}" is not installed. Run \`npm install ${specifier}\`.`, listing.id);
    }
  } else {
    if (!listing.entry) {
      const where = listing.dir || join('plugins', listing.id);
      throw new PluginError(`Plugin "${listing.id}" is enabled in hr.config.ts but there is no plugin at ${where} (no index.ts).`, listing.id);
    }
    specifier = pathToFileURL(listing.entry).href;
  }
  let mod: { default?: PluginDefinition };
  try {
    await prepareImport(fileURLToPath(listing.source === 'npm' ? import.meta.resolve(specifier) : specifier));
    mod = (await import(specifier)) as { default?: PluginDefinition };
  } catch (err) {
    throw new PluginError(`Plugin "${listing.id}" could not be loaded: ${(err as Error).message}`, listing.id);
  }
  if (!mod.default || typeof mod.default !== 'object' || typeof mod.default.id !== 'string') {
    throw new PluginError(`Plugin "${listing.id}": its index must \`export default definePlugin({ ... })\`.`, listing.id);
  }
  return { def: mod.default, dir };
}

function folderOption(dir: string, value: string | URL | undefined, fallback: string): string | null {
  if (value !== undefined) return value instanceof URL ? fileURLToPath(value) : isAbsolute(value) ? value : resolve(dir, value);
  const path = join(dir, fallback);
  return existsSync(path) ? path : null;
}

/** Check the definition's own consistency: ids, version, names of permissions and messages. */
export function checkDefinition(expectedId: string, def: PluginDefinition): void {
  const fail = (msg: string) => {
    throw new PluginError(`Plugin "${expectedId}": ${msg}`, expectedId);
  };
  if (def.id !== expectedId) fail(`its definition says id "${def.id}", but it is configured as "${expectedId}". Use the same id in both places.`);
  if (!/^[a-z][a-z0-9-]*$/.test(def.id)) fail('the id may only hold lower-case letters, digits and dashes, starting with a letter.');
  if (!semver.valid(def.version)) fail(`version "${def.version}" is not a semantic version like 1.0.0.`);
  if (!def.name?.['zh-CN'] || !def.name?.en) fail('it needs a name in both zh-CN and en.');
  for (const p of def.permissions ?? []) if (!p.id.startsWith(`${def.id}.`)) fail(`permission "${p.id}" must start with "${def.id}.".`);
  for (const [locale, messages] of Object.entries(def.i18n ?? {})) {
    for (const key of Object.keys(messages)) if (!key.startsWith(`${def.id}.`)) fail(`message key "${key}" (${locale}) must start with "${def.id}.".`);
  }
}

/** Validate a plugin's settings from the config; the error names the plugin and the key. */
export function parseSettings(id: string, schema: z.ZodType | undefined, raw: Record<string, unknown>): unknown {
  if (!schema) {
    const keys = Object.keys(raw);
    if (keys.length > 0) throw new PluginError(`Plugin "${id}" has no settings, but hr.config.ts sets ${keys.map((k) => `"plugins.${id}.settings.${k}"`).join(', ')}.`, id);
    return {};
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    throw new PluginError(`Plugin "${id}" has bad settings in hr.config.ts:\n${describeIssues(parsed.error.issues, `plugins.${id}.settings`)}`, id);
  }
  return parsed.data;
}

interface Requirement {
  id: string;
  range: string | null;
}

export function parseRequirement(spec: string): Requirement {
  const at = spec.indexOf('@', 1);
  return at === -1 ? { id: spec, range: null } : { id: spec.slice(0, at), range: spec.slice(at + 1) };
}

/**
 * Order plugins so dependencies come first. Refuses, naming the plugin, a
 * missing or disabled requirement, an incompatible version and a cycle.
 */
export function orderPlugins<T extends { id: string; def: PluginDefinition }>(plugins: T[], coreVersion = CORE_VERSION): T[] {
  const byId = new Map(plugins.map((p) => [p.id, p]));
  const deps = new Map<string, string[]>();
  for (const p of plugins) {
    const list: string[] = [];
    for (const spec of p.def.requires ?? []) {
      const req = parseRequirement(spec);
      const version = req.id === 'core' ? coreVersion : byId.get(req.id)?.def.version;
      if (version === undefined) {
        throw new PluginError(
          `Plugin "${p.id}" requires plugin "${req.id}", which is not enabled. Enable "${req.id}" in hr.config.ts or switch "${p.id}" off.`,
          p.id,
        );
      }
      if (req.range && !semver.satisfies(version, req.range)) {
        throw new PluginError(`Plugin "${p.id}" requires ${req.id} ${req.range}, but version ${version} is installed.`, p.id);
      }
      if (req.id !== 'core') list.push(req.id);
    }
    for (const spec of p.def.optional ?? []) {
      const req = parseRequirement(spec);
      if (byId.has(req.id)) list.push(req.id);
    }
    deps.set(p.id, list);
  }
  const ordered: T[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (id: string, trail: string[]) => {
    if (state.get(id) === 'done') return;
    if (state.get(id) === 'visiting') {
      const cycle = [...trail.slice(trail.indexOf(id)), id];
      throw new PluginError(`Plugins depend on each other in a circle: ${cycle.join(' → ')}. Remove one of these requirements.`, id);
    }
    state.set(id, 'visiting');
    for (const dep of deps.get(id) ?? []) visit(dep, [...trail, id]);
    state.set(id, 'done');
    ordered.push(byId.get(id)!);
  };
  for (const p of [...plugins].sort((a, b) => a.id.localeCompare(b.id))) visit(p.id, []);
  return ordered;
}

/** Import, check and order every enabled plugin. */
export async function loadPlugins(config: ResolvedConfig, root = ROOT): Promise<LoadedPlugin[]> {
  const listings = listPlugins(config, root).filter((l) => l.enabled);
  const loaded: LoadedPlugin[] = [];
  for (const listing of listings) {
    const opts = entryOptions(config.plugins[listing.id]);
    const { def, dir } = await importDefinition(listing, opts.package);
    checkDefinition(listing.id, def);
    loaded.push({
      id: listing.id,
      def,
      dir,
      source: listing.source,
      settings: parseSettings(listing.id, def.settings, opts.settings),
      migrationsDir: folderOption(dir, def.migrations, 'migrations'),
      viewsDir: folderOption(dir, def.views, 'views'),
      assetsDir: folderOption(dir, def.assets, 'assets'),
    });
  }
  return orderPlugins(loaded);
}

/** Load a plugin's definition for display only (admin page); never throws. */
export async function peekDefinition(listing: PluginListing, config: ResolvedConfig): Promise<PluginDefinition | null> {
  try {
    return (await importDefinition(listing, entryOptions(config.plugins[listing.id]).package)).def;
  } catch {
    return null;
  }
}
