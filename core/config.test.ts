import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyEnv, ConfigError, loadConfig, loadOrCreateSecret, resolveConfig } from './config.js';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hr-config-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** The message of the error `fn` throws; fails the test when it does not throw a ConfigError. */
function configError(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('expected a ConfigError, nothing was thrown');
}

describe('resolveConfig defaults', () => {
  it('gives a working configuration from an empty file', () => {
    const c = resolveConfig({}, { root: dir });
    expect(c.port).toBe(3000);
    expect(c.dataDir).toBe(resolve(dir, 'data'));
    expect(c.dbPath).toBe(resolve(dir, 'data', 'hr.db'));
    expect(c.locale).toBe('zh-CN');
    expect(c.theme).toBe('default');
    expect(c.trustProxy).toBe(false);
    expect(c.jobs.enabled).toBe(true);
    expect(c.publicUrl).toBe('http://localhost:3000');
    expect(c.configFile).toBeNull();
  });

  it('puts a relative database path inside the data folder and keeps an absolute one', () => {
    expect(resolveConfig({ dataDir: 'var', database: { path: 'other.db' } }, { root: dir }).dbPath).toBe(resolve(dir, 'var', 'other.db'));
    const abs = join(dir, 'elsewhere', 'x.db');
    expect(resolveConfig({ database: { path: abs } }, { root: dir }).dbPath).toBe(abs);
  });

  it('drops a trailing slash from the public address (links are built from it)', () => {
    expect(resolveConfig({ publicUrl: 'https://hr.example.com/' }, { root: dir }).publicUrl).toBe('https://hr.example.com');
  });
});

describe('applyEnv', () => {
  const file = {
    port: 4000,
    dataDir: 'from-file',
    database: { path: 'file.db' },
    publicUrl: 'https://file.example.com',
    theme: 'file-theme',
    locale: 'zh-CN',
    trustProxy: false,
    jobs: { enabled: true },
  };

  it.each([
    ['HR_PORT', '8080', (c: ReturnType<typeof resolveConfig>) => c.port, 8080],
    ['HR_DATA_DIR', '/srv/hr-data', (c: ReturnType<typeof resolveConfig>) => c.dataDir, '/srv/hr-data'],
    ['HR_DB_PATH', '/srv/db/main.db', (c: ReturnType<typeof resolveConfig>) => c.dbPath, '/srv/db/main.db'],
    ['HR_PUBLIC_URL', 'https://hr.example.cn', (c: ReturnType<typeof resolveConfig>) => c.publicUrl, 'https://hr.example.cn'],
    ['HR_THEME', 'dark', (c: ReturnType<typeof resolveConfig>) => c.theme, 'dark'],
    ['HR_LOCALE', 'en', (c: ReturnType<typeof resolveConfig>) => c.locale, 'en'],
    ['HR_TRUST_PROXY', 'true', (c: ReturnType<typeof resolveConfig>) => c.trustProxy, true],
    ['HR_TRUST_PROXY', '1', (c: ReturnType<typeof resolveConfig>) => c.trustProxy, true],
    ['HR_JOBS', 'off', (c: ReturnType<typeof resolveConfig>) => c.jobs.enabled, false],
    ['HR_JOBS', 'false', (c: ReturnType<typeof resolveConfig>) => c.jobs.enabled, false],
  ])('%s=%s overrides the file', (name, value, pick, expected) => {
    const withEnv = resolveConfig(applyEnv(file, { [name]: value }), { root: dir });
    const withoutEnv = resolveConfig(applyEnv(file, {}), { root: dir });
    expect(pick(withEnv)).toEqual(expected);
    expect(pick(withoutEnv)).not.toEqual(expected);
  });

  it('HR_DATA_DIR moves the default database with it', () => {
    const c = resolveConfig(applyEnv({}, { HR_DATA_DIR: join(dir, 'd2') }), { root: dir });
    expect(c.dbPath).toBe(join(dir, 'd2', 'hr.db'));
  });

  it('keeps the other database settings when HR_DB_PATH is set, and does not change the input object', () => {
    const raw = { database: { path: 'a.db' } };
    const out = applyEnv(raw, { HR_DB_PATH: 'b.db' });
    expect(out.database).toEqual({ path: 'b.db' });
    expect(raw.database.path).toBe('a.db');
  });

  it('refuses HR_PORT that is not a number and names the variable', () => {
    const msg = configError(() => applyEnv({}, { HR_PORT: 'abc' }));
    expect(msg).toContain('HR_PORT');
    expect(msg).toContain('abc');
  });

  it('HR_LOCALE with an unsupported language is refused naming "locale"', () => {
    expect(configError(() => resolveConfig(applyEnv({}, { HR_LOCALE: 'fr' }), { root: dir }))).toContain('"locale"');
  });
});

describe('bad values name the key', () => {
  it.each([
    ['port out of range', { port: 70000 }, '"port"'],
    ['port not a number', { port: '3000' }, '"port"'],
    ['unknown locale', { locale: 'de' }, '"locale"'],
    ['theme with capitals', { theme: 'Dark' }, '"theme"'],
    ['public url not a url', { publicUrl: 'hr.example' }, '"publicUrl"'],
    ['short secret', { secret: 'short' }, '"secret"'],
    ['bad plugin id', { plugins: { Payroll_X: true } }, '"plugins.Payroll_X'],
    ['plugin entry of the wrong type', { plugins: { notices: 'yes' } }, '"plugins.notices"'],
    ['nested bad value', { jobs: { enabled: 'no' } }, '"jobs.enabled"'],
  ])('%s', (_label, raw, key) => {
    expect(configError(() => resolveConfig(raw, { root: dir }))).toContain(key);
  });

  it('an unknown key is reported as an unknown setting with its spelling', () => {
    expect(configError(() => resolveConfig({ prot: 3000 }, { root: dir }))).toContain('unknown setting "prot"');
  });

  it('an unknown key inside a plugin entry names its full path', () => {
    expect(configError(() => resolveConfig({ plugins: { notices: { enable: true } } }, { root: dir }))).toContain(
      'unknown setting "plugins.notices.enable"',
    );
  });

  it('lists every bad key at once', () => {
    const msg = configError(() => resolveConfig({ port: -1, locale: 'xx' }, { root: dir }));
    expect(msg).toContain('"port"');
    expect(msg).toContain('"locale"');
  });
});

describe('loadOrCreateSecret', () => {
  it('creates data/secret.key readable only by the owner, then returns the same secret', () => {
    const first = loadOrCreateSecret(dir);
    const file = join(dir, 'secret.key');
    expect(existsSync(file)).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(readFileSync(file, 'utf8').trim()).toBe(first);
    expect(loadOrCreateSecret(dir)).toBe(first);
  });

  it('refuses a damaged (short) secret file instead of replacing it', () => {
    const file = join(dir, 'secret.key');
    writeFileSync(file, 'tooshort\n');
    const msg = configError(() => loadOrCreateSecret(dir));
    expect(msg).toContain('damaged');
    expect(readFileSync(file, 'utf8')).toBe('tooshort\n');
  });

  it('gives two instances side by side two different secrets', () => {
    const a = join(dir, 'a');
    const b = join(dir, 'b');
    mkdirSync(a);
    mkdirSync(b);
    expect(loadOrCreateSecret(a)).not.toBe(loadOrCreateSecret(b));
  });
});

describe('loadConfig', () => {
  it('reads HR_CONFIG, applies HR_DATA_DIR and creates the data folder with its subfolders and secret', async () => {
    const configFile = join(dir, 'hr.config.mjs');
    writeFileSync(configFile, `export default { port: 4321, locale: 'en', plugins: { notices: true } };\n`);
    const dataDir = join(dir, 'instance-data');
    const c = await loadConfig({ HR_CONFIG: configFile, HR_DATA_DIR: dataDir });
    expect(c.configFile).toBe(configFile);
    expect(c.port).toBe(4321);
    expect(c.locale).toBe('en');
    expect(c.plugins).toEqual({ notices: true });
    expect(c.dataDir).toBe(dataDir);
    expect(c.dbPath).toBe(join(dataDir, 'hr.db'));
    for (const sub of ['uploads', 'backups', 'models']) expect(statSync(join(dataDir, sub)).isDirectory()).toBe(true);
    expect(c.secret).toBe(readFileSync(join(dataDir, 'secret.key'), 'utf8').trim());
  });

  it('keeps a secret given by HR_SECRET and writes no secret file', async () => {
    const configFile = join(dir, 'secret.config.mjs');
    writeFileSync(configFile, 'export default {};\n');
    const dataDir = join(dir, 'd');
    const secret = 'x'.repeat(40);
    const c = await loadConfig({ HR_CONFIG: configFile, HR_DATA_DIR: dataDir, HR_SECRET: secret });
    expect(c.secret).toBe(secret);
    expect(existsSync(join(dataDir, 'secret.key'))).toBe(false);
  });

  it('refuses a config file without a default export', async () => {
    const configFile = join(dir, 'named.config.mjs');
    writeFileSync(configFile, 'export const port = 1;\n');
    await expect(loadConfig({ HR_CONFIG: configFile, HR_DATA_DIR: join(dir, 'd') })).rejects.toThrow(/export default/);
  });

  it('refuses HR_CONFIG pointing to a missing file', async () => {
    const missing = join(dir, 'nope.config.mjs');
    const err = await loadConfig({ HR_CONFIG: missing, HR_DATA_DIR: join(dir, 'd') }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toContain(missing);
    expect(existsSync(join(dir, 'd'))).toBe(false);
  });
});
