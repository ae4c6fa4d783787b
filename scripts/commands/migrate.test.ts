// migrate is idempotent, --status tells applied from pending; demo loads once; routes lists the registry.
import { afterAll, describe, expect, it } from 'vitest';
import { openDb, snapshot } from '../../tests/helpers/db.js';
import { cleanup } from '../../tests/helpers/server.js';
import { instance, runCli } from '../test-helpers.js';

describe('hr migrate', async () => {
  const inst = await instance();
  afterAll(() => cleanup(inst.dataDir));

  it('lists pending migrations before, applies them once, then has nothing to do', async () => {
    const before = await runCli(['migrate', '--status'], inst.env);
    expect(before.code, before.stderr).toBe(0);
    expect(before.stdout).toMatch(/core\s+0000_core_init\s+pending/);
    expect(before.stdout).toMatch(/notices\s+0000_init\s+pending/);

    const first = await runCli(['migrate'], inst.env);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('core: 0000_core_init');
    expect(first.stdout).toContain('notices: 0000_init');
    const state = snapshot(inst.dataDir);

    const second = await runCli(['migrate'], inst.env);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toContain('nothing to do');
    expect(snapshot(inst.dataDir)).toBe(state);

    const after = await runCli(['migrate', '--status'], inst.env);
    expect(after.stdout).toMatch(/notices\s+0000_init\s+applied/);
    expect(after.stdout).toContain('Nothing pending.');
  });

  it('loads the demo company once and refuses the second time', async () => {
    const first = await runCli(['demo', '--locale', 'en'], inst.env);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('notices');
    const count = () => {
      const db = openDb(inst.dataDir);
      try {
        return (db.prepare('SELECT count(*) AS n FROM notices_notices').get() as { n: number }).n;
      } finally {
        db.close();
      }
    };
    const loaded = count();
    expect(loaded).toBeGreaterThan(0);

    const second = await runCli(['demo'], inst.env);
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(/already loaded/);
    expect(second.stderr).not.toMatch(/\n\s+at /); // a sentence, not a stack
    expect(count()).toBe(loaded);
  });

  it('refuses a bad --locale', async () => {
    const r = await runCli(['demo', '--locale', 'fr'], inst.env);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--locale must be');
  });

  it('prints the route registry as JSON and as a table', async () => {
    const json = await runCli(['routes', '--json'], inst.env);
    expect(json.code, json.stderr).toBe(0);
    const routes = JSON.parse(json.stdout) as { method: string; path: string; permission: string; plugin: string }[];
    expect(routes).toContainEqual(expect.objectContaining({ method: 'get', path: '/notices', permission: 'notices.view', plugin: 'notices' }));
    expect(routes).toContainEqual(expect.objectContaining({ method: 'post', path: '/login', permission: 'public', plugin: 'core' }));
    const table = await runCli(['routes'], inst.env);
    expect(table.stdout).toMatch(/GET\s+\/notices\s+notices\.view\s+notices/);
  });
});

describe('hr (dispatcher)', () => {
  it('lists the commands and exits 2 on an unknown one', async () => {
    const r = await runCli(['frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Unknown command "frobnicate"');
    for (const name of ['migrate', 'make-migration', 'create-plugin', 'backup', 'restore', 'demo', 'routes']) expect(r.stderr).toContain(name);
  });

  it('answers --help for a command and rejects unknown options with exit 2', async () => {
    const help = await runCli(['restore', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: npm run hr -- restore <file> [--yes]');
    const bad = await runCli(['migrate', '--frob']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("Unknown option '--frob'");
  });

  it('prints configuration errors as a sentence, exit 1', async () => {
    const r = await runCli(['migrate'], { HR_CONFIG: '/nonexistent/hr.config.mjs' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('HR_CONFIG points to /nonexistent/hr.config.mjs, which does not exist.');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
