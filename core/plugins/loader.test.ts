import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { resolveConfig, type HrConfigInput } from '../config.js';
import type { PluginDefinition } from '../sdk.js';
import { checkDefinition, CORE_VERSION, listPlugins, loadPlugins, orderPlugins, parseSettings, PluginError } from './loader.js';

const SDK_URL = pathToFileURL(join(import.meta.dirname, '..', 'sdk.ts')).href;

function def(id: string, extra: Partial<PluginDefinition> = {}): PluginDefinition {
  return { id, version: '1.0.0', name: { 'zh-CN': id, en: id }, ...extra };
}

function plugin(id: string, extra: Partial<PluginDefinition> = {}) {
  return { id, def: def(id, extra) };
}

function pluginError(fn: () => unknown): PluginError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(PluginError);
    return err as PluginError;
  }
  throw new Error('expected a PluginError, nothing was thrown');
}

const ids = (list: { id: string }[]) => list.map((p) => p.id);

describe('orderPlugins', () => {
  it.each([
    ['a dependency before its dependent', [plugin('payroll', { requires: ['core@^1', 'attendance'] }), plugin('attendance')], ['attendance', 'payroll']],
    [
      'a chain of three',
      [plugin('a', { requires: ['b'] }), plugin('b', { requires: ['c@^1'] }), plugin('c')],
      ['c', 'b', 'a'],
    ],
    ['an enabled optional plugin before the one that uses it', [plugin('attendance', { optional: ['wecom'] }), plugin('wecom')], ['wecom', 'attendance']],
    ['an optional plugin that is not enabled is ignored', [plugin('attendance', { optional: ['wecom', 'dingtalk@^1'] })], ['attendance']],
    ['unrelated plugins by id', [plugin('zeta'), plugin('alpha'), plugin('mid')], ['alpha', 'mid', 'zeta']],
  ])('%s', (_label, plugins, expected) => {
    expect(ids(orderPlugins(plugins))).toEqual(expected);
  });

  it('gives the same order whatever order the plugins were found in', () => {
    const all = [
      plugin('payroll', { requires: ['attendance', 'people-extra'] }),
      plugin('attendance', { optional: ['wecom'] }),
      plugin('wecom'),
      plugin('people-extra'),
      plugin('notices'),
      plugin('reports', { optional: ['payroll'] }),
    ];
    const expected = ids(orderPlugins(all));
    for (let i = 0; i < 10; i++) {
      const shuffled = [...all].sort(() => Math.random() - 0.5);
      expect(ids(orderPlugins(shuffled))).toEqual(expected);
    }
    // every plugin comes after everything it depends on
    const pos = (id: string) => expected.indexOf(id);
    expect(pos('attendance')).toBeLessThan(pos('payroll'));
    expect(pos('people-extra')).toBeLessThan(pos('payroll'));
    expect(pos('wecom')).toBeLessThan(pos('attendance'));
    expect(pos('payroll')).toBeLessThan(pos('reports'));
  });

  it('refuses a missing requirement, naming both plugins', () => {
    const err = pluginError(() => orderPlugins([plugin('payroll', { requires: ['core@^1', 'attendance@^1'] })]));
    expect(err.plugin).toBe('payroll');
    expect(err.message).toContain('"payroll"');
    expect(err.message).toContain('"attendance"');
    expect(err.message).toContain('not enabled');
  });

  it.each([
    ['core out of range', [plugin('payroll', { requires: ['core@^2'] })], 'core ^2', CORE_VERSION],
    ['a plugin out of range', [plugin('payroll', { requires: ['other@^2'] }), plugin('other')], 'other ^2', '1.0.0'],
    ['a plugin too old', [plugin('payroll', { requires: ['other@>=1.5.0'] }), plugin('other', { version: '1.4.9' })], 'other >=1.5.0', '1.4.9'],
  ])('refuses %s with the range and the installed version', (_label, plugins, range, installed) => {
    const err = pluginError(() => orderPlugins(plugins));
    expect(err.plugin).toBe('payroll');
    expect(err.message).toContain(range);
    expect(err.message).toContain(`version ${installed} is installed`);
  });

  it('accepts versions inside the range', () => {
    expect(ids(orderPlugins([plugin('payroll', { requires: ['core@^1', 'other@^1.2'] }), plugin('other', { version: '1.3.0' })]))).toEqual([
      'other',
      'payroll',
    ]);
  });

  it.each([
    ['two', [plugin('cycle-a', { requires: ['cycle-b'] }), plugin('cycle-b', { requires: ['cycle-a'] })], 'cycle-a → cycle-b → cycle-a'],
    [
      'three',
      [plugin('a', { requires: ['b'] }), plugin('b', { requires: ['c'] }), plugin('c', { optional: ['a'] })],
      'a → b → c → a',
    ],
  ])('refuses a cycle of %s, showing it with arrows', (_label, plugins, cycle) => {
    const err = pluginError(() => orderPlugins(plugins));
    expect(err.message).toContain(cycle);
  });
});

describe('checkDefinition', () => {
  it('accepts a consistent definition', () => {
    expect(() =>
      checkDefinition(
        'notices',
        def('notices', {
          permissions: [{ id: 'notices.view', label: 'notices.permission.view' }],
          i18n: { 'zh-CN': { 'notices.title': '公告' }, en: { 'notices.title': 'Notices' } },
        }),
      ),
    ).not.toThrow();
  });

  it.each([
    ['id mismatch', 'notices', def('notice'), 'says id "notice"'],
    ['bad id', 'Notices', def('Notices'), 'lower-case'],
    ['bad version', 'notices', def('notices', { version: '1.0' }), 'version "1.0"'],
    ['permission not prefixed', 'notices', def('notices', { permissions: [{ id: 'view', label: 'x' }] }), 'permission "view" must start with "notices."'],
    [
      'permission of another plugin',
      'notices',
      def('notices', { permissions: [{ id: 'payroll.view', label: 'x' }] }),
      'permission "payroll.view"',
    ],
    [
      'i18n key not prefixed',
      'notices',
      def('notices', { i18n: { 'zh-CN': { title: '公告' }, en: { 'notices.title': 'Notices' } } }),
      'message key "title" (zh-CN)',
    ],
    ['missing English name', 'notices', def('notices', { name: { 'zh-CN': '公告', en: '' } }), 'zh-CN and en'],
    ['missing Chinese name', 'notices', def('notices', { name: { en: 'Notices' } as PluginDefinition['name'] }), 'zh-CN and en'],
  ])('refuses %s', (_label, expectedId, definition, text) => {
    const err = pluginError(() => checkDefinition(expectedId, definition));
    expect(err.message).toContain(`Plugin "${expectedId}"`);
    expect(err.message).toContain(text);
  });
});

describe('parseSettings', () => {
  const schema = z.object({ pinnedLimit: z.number().int().min(0).max(10).default(3), title: z.string().default('公告') });

  it('refuses settings for a plugin that has none, naming the key', () => {
    const err = pluginError(() => parseSettings('notices', undefined, { pinnedLimit: 2 }));
    expect(err.message).toContain('"plugins.notices.settings.pinnedLimit"');
  });

  it('accepts no settings for a plugin without a schema', () => {
    expect(parseSettings('notices', undefined, {})).toEqual({});
  });

  it('refuses a bad value naming plugins.<id>.settings.<key>', () => {
    const err = pluginError(() => parseSettings('notices', schema, { pinnedLimit: 99 }));
    expect(err.message).toContain('"plugins.notices.settings.pinnedLimit"');
  });

  it('applies defaults and keeps given values', () => {
    expect(parseSettings('notices', schema, {})).toEqual({ pinnedLimit: 3, title: '公告' });
    expect(parseSettings('notices', schema, { pinnedLimit: 5 })).toEqual({ pinnedLimit: 5, title: '公告' });
  });
});

describe('listPlugins and loadPlugins from a folder', () => {
  let root: string;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'hr-plugins-'));
  });

  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
  });

  /** A plugin written with definePlugin from the real SDK. */
  function writeTsPlugin(dir: string, id: string, body = '') {
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, 'index.ts'),
      `import { definePlugin, z } from ${JSON.stringify(SDK_URL)};
export default definePlugin({ id: ${JSON.stringify(id)}, version: '1.0.0', name: { 'zh-CN': '插件', en: 'Plugin' }${body} });
`,
    );
  }

  /** A plugin that exports a plain object (no SDK import). */
  function writeMjsPlugin(dir: string, id: string, extra: Record<string, unknown> = {}) {
    mkdirSync(dir, { recursive: true });
    const definition = { id, version: '1.0.0', name: { 'zh-CN': '插件', en: 'Plugin' }, ...extra };
    writeFileSync(join(dir, 'index.mjs'), `export default ${JSON.stringify(definition)};\n`);
  }

  const config = (c: HrConfigInput) => resolveConfig(c, { root });

  it('lists every built-in folder but enables only those named in the config', async () => {
    writeTsPlugin(join(root, 'plugins', 'alpha'), 'alpha');
    writeTsPlugin(join(root, 'plugins', 'beta'), 'beta', ", requires: ['core@^1', 'alpha']");
    writeMjsPlugin(join(root, 'plugins', 'gamma'), 'gamma');
    mkdirSync(join(root, 'plugins', 'empty-folder'));
    writeFileSync(join(root, 'plugins', 'README.md'), 'not a plugin');
    const cfg = config({ plugins: { beta: true, alpha: { enabled: true }, gamma: false } });

    const listed = listPlugins(cfg, root);
    expect(listed.map((l) => [l.id, l.enabled, l.source])).toEqual([
      ['alpha', true, 'builtin'],
      ['beta', true, 'builtin'],
      ['gamma', false, 'builtin'],
    ]);

    const loaded = await loadPlugins(cfg, root);
    expect(ids(loaded)).toEqual(['alpha', 'beta']);
    expect(loaded[0]!.dir).toBe(join(root, 'plugins', 'alpha'));
    expect(loaded[0]!.def.name.en).toBe('Plugin');
  });

  it('loads nothing when the config names no plugin', async () => {
    writeTsPlugin(join(root, 'plugins', 'alpha'), 'alpha');
    expect(await loadPlugins(config({}), root)).toEqual([]);
  });

  it('validates settings and finds migrations and views folders next to the index', async () => {
    const dir = join(root, 'plugins', 'notes');
    writeTsPlugin(dir, 'notes', ', settings: z.object({ limit: z.number().default(3) })');
    mkdirSync(join(dir, 'migrations'));
    mkdirSync(join(dir, 'views'));
    const [notes] = await loadPlugins(config({ plugins: { notes: { settings: { limit: 7 } } } }), root);
    expect(notes!.settings).toEqual({ limit: 7 });
    expect(notes!.migrationsDir).toBe(join(dir, 'migrations'));
    expect(notes!.viewsDir).toBe(join(dir, 'views'));
    expect(notes!.assetsDir).toBeNull();

    await expect(loadPlugins(config({ plugins: { notes: { settings: { limit: 'x' } } } }), root)).rejects.toThrow(
      '"plugins.notes.settings.limit"',
    );
  });

  it('refuses a plugin enabled in the config without a folder', async () => {
    const err = await loadPlugins(config({ plugins: { payroll: true } }), root).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PluginError);
    expect((err as Error).message).toContain('"payroll"');
    expect((err as Error).message).toContain('there is no plugin at');
  });

  it('does not complain about a disabled plugin without a folder', async () => {
    expect(await loadPlugins(config({ plugins: { payroll: false, other: { enabled: false } } }), root)).toEqual([]);
  });

  it('loads a plugin from a local path (relative to the root or absolute)', async () => {
    writeMjsPlugin(join(root, 'vendor', 'local-one'), 'local-one');
    const elsewhere = mkdtempSync(join(tmpdir(), 'hr-plugin-abs-'));
    try {
      writeTsPlugin(join(elsewhere, 'two'), 'local-two', ", requires: ['local-one@^1']");
      const cfg = config({ plugins: { 'local-one': { path: 'vendor/local-one' }, 'local-two': { path: join(elsewhere, 'two') } } });
      const loaded = await loadPlugins(cfg, root);
      expect(loaded.map((p) => [p.id, p.source])).toEqual([
        ['local-one', 'local'],
        ['local-two', 'local'],
      ]);
      expect(loaded[0]!.dir).toBe(join(root, 'vendor', 'local-one'));
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it('refuses a local path without an index, naming the folder', async () => {
    const err = await loadPlugins(config({ plugins: { ghost: { path: 'vendor/ghost' } } }), root).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PluginError);
    expect((err as Error).message).toContain(join(root, 'vendor', 'ghost'));
  });

  it('refuses a folder whose definition carries another id', async () => {
    writeMjsPlugin(join(root, 'plugins', 'alpha'), 'beta');
    await expect(loadPlugins(config({ plugins: { alpha: true } }), root)).rejects.toThrow('says id "beta"');
  });

  it('refuses an index without a default export', async () => {
    mkdirSync(join(root, 'plugins', 'alpha'), { recursive: true });
    writeFileSync(join(root, 'plugins', 'alpha', 'index.mjs'), 'export const id = "alpha";\n');
    await expect(loadPlugins(config({ plugins: { alpha: true } }), root)).rejects.toThrow('export default definePlugin');
  });

  it('tells the admin to npm install a package that is not installed', async () => {
    const name = '@hr-suite-test/not-installed-plugin';
    const cfg = config({ plugins: { extra: { package: name } } });
    expect(listPlugins(cfg, root)).toEqual([{ id: 'extra', dir: '', source: 'npm', enabled: true, entry: null }]);
    const err = await loadPlugins(cfg, root).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PluginError);
    expect((err as Error).message).toContain(`npm install ${name}`);
  });

  it('tells an installed package that is not a plugin apart from a missing one', async () => {
    // semver is installed, but its default export is no plugin definition
    const err = await loadPlugins(config({ plugins: { semver: { package: 'semver' } } }), root).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PluginError);
    expect((err as Error).message).toContain('export default definePlugin');
    expect((err as Error).message).not.toContain('npm install');
  });

  it('refuses a plugin whose requirement is not enabled, naming both', async () => {
    writeMjsPlugin(join(root, 'plugins', 'payroll'), 'payroll', { requires: ['core@^1', 'attendance'] });
    writeMjsPlugin(join(root, 'plugins', 'attendance'), 'attendance');
    const err = await loadPlugins(config({ plugins: { payroll: true } }), root).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PluginError);
    expect((err as Error).message).toMatch(/"payroll".*"attendance"/);
  });
});
