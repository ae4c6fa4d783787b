import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LOCALES, type Messages, type PluginDefinition } from '../sdk.js';
import { coreMessages, createI18n, formatDate, formatMoney, negotiateLocale } from './index.js';

const pluginsDir = path.resolve(import.meta.dirname, '../../plugins');

/** Plugin folders with an index.ts; none is fine (the suite starts without plugins). */
function pluginFolders(): string[] {
  if (!fs.existsSync(pluginsDir)) return [];
  return fs
    .readdirSync(pluginsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(pluginsDir, d.name, 'index.ts')))
    .map((d) => d.name)
    .sort();
}

function checkParity(prefix: string, messages: Messages) {
  const [first, ...others] = LOCALES;
  const reference = Object.keys(messages[first]).sort();
  expect(reference.length, `${prefix}: no messages in ${first}`).toBeGreaterThan(0);
  for (const locale of others) {
    expect(Object.keys(messages[locale]).sort(), `${prefix}: ${locale} keys differ from ${first}`).toEqual(reference);
  }
  for (const locale of LOCALES) {
    for (const [key, text] of Object.entries(messages[locale])) {
      expect(key.startsWith(`${prefix}.`), `${locale} key "${key}" must start with "${prefix}."`).toBe(true);
      expect(text.trim(), `${locale} "${key}" is empty`).not.toBe('');
    }
  }
}

describe('key parity', () => {
  it('core zh-CN and en have the same keys, all prefixed core., none empty', () => {
    checkParity('core', coreMessages);
    expect(coreMessages['zh-CN']['core.app.name']).toBe('人事系统');
    expect(coreMessages.en['core.app.name']).toBe('HR Suite');
  });

  // Each plugin's default export is its definition; check whatever messages it declares.
  const plugins = pluginFolders();
  it.each(plugins.length ? plugins : ['(no plugins yet)'])('plugin %s: messages match in every locale', async (folder) => {
    if (!plugins.length) return;
    const mod = (await import(pathToFileURL(path.join(pluginsDir, folder, 'index.ts')).href)) as {
      default?: PluginDefinition;
    };
    const def = mod.default;
    expect(def, `plugins/${folder}/index.ts has no default export`).toBeDefined();
    if (!def?.i18n) return;
    checkParity(def.id, def.i18n);
  });

  it('the parity check itself catches a missing key, a foreign prefix and an empty text', () => {
    expect(() => checkParity('p', { 'zh-CN': { 'p.a': '甲', 'p.b': '乙' }, en: { 'p.a': 'A' } })).toThrow(/keys differ/);
    expect(() => checkParity('p', { 'zh-CN': { 'q.a': '甲' }, en: { 'q.a': 'A' } })).toThrow(/must start with "p."/);
    expect(() => checkParity('p', { 'zh-CN': { 'p.a': ' ' }, en: { 'p.a': 'A' } })).toThrow(/is empty/);
  });

  it('all sources together have no gaps and no clashes', async () => {
    const i18n = createI18n('zh-CN');
    i18n.add('core', coreMessages);
    for (const folder of pluginFolders()) {
      const mod = (await import(pathToFileURL(path.join(pluginsDir, folder, 'index.ts')).href)) as {
        default?: PluginDefinition;
      };
      if (mod.default?.i18n) i18n.add(mod.default.id, mod.default.i18n); // throws on a clash
    }
    expect(i18n.missing()).toEqual([]);
  });
});

describe('createI18n', () => {
  const msgs: Messages = {
    'zh-CN': { 'x.hello': '你好，{name}！今天有 {count} 条通知', 'x.onlyZh': '仅中文' },
    en: { 'x.hello': 'Hello, {name}! {count} notices today' },
  };

  it('replaces placeholders and leaves unknown ones', () => {
    const i18n = createI18n('zh-CN');
    i18n.add('x', msgs);
    expect(i18n.t('zh-CN', 'x.hello', { name: '张三', count: 3 })).toBe('你好，张三！今天有 3 条通知');
    expect(i18n.t('en', 'x.hello', { name: 'Ann' })).toBe('Hello, Ann! {count} notices today');
    expect(i18n.translator('en')('x.hello', { name: 'Bo', count: 0 })).toBe('Hello, Bo! 0 notices today');
  });

  it('returns the key for an unknown key, falls back to the default locale, reports gaps', () => {
    const i18n = createI18n('zh-CN');
    i18n.add('x', msgs);
    expect(i18n.t('en', 'x.nope')).toBe('x.nope');
    expect(i18n.t('en', 'x.onlyZh')).toBe('仅中文');
    expect(i18n.has('en', 'x.onlyZh')).toBe(false);
    expect(i18n.has('zh-CN', 'x.onlyZh')).toBe(true);
    expect(i18n.missing()).toEqual([{ source: 'x', key: 'x.onlyZh', locale: 'en' }]);
    expect(i18n.keys()).toEqual(['x.hello', 'x.onlyZh']);
  });

  it('refuses a key already defined by another source, but lets a source replace itself', () => {
    const i18n = createI18n('en');
    i18n.add('x', msgs);
    expect(() => i18n.add('y', { 'zh-CN': { 'x.hello': '?' }, en: { 'x.hello': '?' } })).toThrow(/already defined by "x"/);
    i18n.add('x', { 'zh-CN': { 'x.new': '新' }, en: { 'x.new': 'new' } });
    expect(i18n.keys()).toEqual(['x.new']);
  });
});

describe('negotiateLocale', () => {
  it.each([
    ['zh', 'zh-CN'],
    ['zh-CN,zh;q=0.9', 'zh-CN'],
    ['zh-Hans-CN', 'zh-CN'],
    ['zh-TW', 'zh-CN'],
    ['en-US,en;q=0.9', 'en'],
    ['en-GB', 'en'],
    ['fr-FR,en;q=0.5,zh;q=0.8', 'zh-CN'],
    ['zh;q=0.2,en;q=0.9', 'en'],
    ['de,fr', 'en'],
    ['en;q=0,zh;q=0.1', 'zh-CN'],
    ['*', 'en'],
    ['', 'en'],
  ] as const)('%s -> %s', (header, expected) => {
    expect(negotiateLocale(header, 'en')).toBe(expected);
  });

  it('uses the fallback when there is no header', () => {
    expect(negotiateLocale(undefined, 'zh-CN')).toBe('zh-CN');
  });
});

describe('formatting', () => {
  it('formats money as yuan with two decimals in both locales', () => {
    expect(formatMoney('zh-CN', 1234.5)).toBe('¥1,234.50');
    expect(formatMoney('en', 1234.5)).toBe('¥1,234.50');
    expect(formatMoney('en', 0)).toBe('¥0.00');
    expect(formatMoney('zh-CN', -9876543.219)).toBe('-¥9,876,543.22');
    expect(formatMoney('zh-CN', -0.001)).toBe('¥0.00');
  });

  it('formats dates per locale in the configured time zone', () => {
    const d = new Date('2026-11-26T03:00:00Z');
    expect(formatDate('zh-CN', d)).toBe('2026年11月26日');
    expect(formatDate('en', d)).toBe('26 Nov 2026');
    expect(formatDate('en', new Date('2026-09-05T00:00:00Z'))).toBe('5 Sep 2026');
    // 20:00 UTC on the 25th is already the 26th in Shanghai, still the 25th in New York.
    const evening = new Date('2026-11-25T20:00:00Z');
    expect(formatDate('en', evening)).toBe('26 Nov 2026');
    expect(formatDate('en', evening, 'America/New_York')).toBe('25 Nov 2026');
  });

  it('prints a date-only string as written, whatever the zone', () => {
    expect(formatDate('zh-CN', '2026-01-01', 'America/Los_Angeles')).toBe('2026年1月1日');
    expect(formatDate('en', 'not a date')).toBe('');
  });
});
