// Acceptance: `create-plugin sample-x`, then enabling it: its page shows in the menu and its own test passes.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanup, ROOT } from '../../tests/helpers/server.js';
import { runCli } from '../test-helpers.js';

// Inside the project (tmp/ is git-ignored) so the plugin can import drizzle-orm like plugins/ can.
mkdirSync(join(ROOT, 'tmp'), { recursive: true });
const parent = mkdtempSync(join(ROOT, 'tmp', 'create-plugin-'));
const dir = join(parent, 'sample-x');

function run(cmd: string, args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('HR_')));
    const child = spawn(cmd, args, { cwd: ROOT, env: { ...env, NO_COLOR: '1', FORCE_COLOR: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.once('close', (code) => resolve({ code, output }));
  });
}

describe('hr create-plugin', () => {
  afterAll(() => cleanup(parent));

  it('scaffolds a plugin with a real drizzle-kit migration and prints the config line', async () => {
    const r = await runCli(['create-plugin', 'sample-x', '--dir', relative(ROOT, parent)]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`plugins: { 'sample-x': { path: '${relative(ROOT, dir)}' } }`);
    for (const f of ['index.ts', 'schema.ts', 'routes.ts', 'api.ts', 'i18n.ts', 'services/items.ts', 'views/index.eta', 'views/items.eta', 'tests/sample-x.test.ts']) {
      expect(existsSync(join(dir, f)), f).toBe(true);
    }
    const journal = JSON.parse(readFileSync(join(dir, 'migrations', 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string }[] };
    expect(journal.entries.map((e) => e.tag)).toEqual(['0000_init']);
    expect(readFileSync(join(dir, 'migrations', '0000_init.sql'), 'utf8')).toContain('CREATE TABLE `sample_x_items`');
    const { messages } = (await import(pathToFileURL(join(dir, 'i18n.ts')).href)) as { messages: Record<string, Record<string, string>> };
    expect(Object.keys(messages['zh-CN']!).sort()).toEqual(Object.keys(messages.en!).sort());
    expect(Object.keys(messages.en!).every((k) => k.startsWith('sample-x.'))).toBe(true);
    expect(readFileSync(join(dir, 'index.ts'), 'utf8')).not.toMatch(/__[A-Z]+__/);
  });

  it("passes its own test, which starts the server with it enabled and finds its page in the menu", async () => {
    const r = await run(join(ROOT, 'node_modules', '.bin', 'vitest'), ['run', '--root', dir, '--config', join(ROOT, 'scripts', 'vitest.plugin.config.ts')]);
    expect(r.code, r.output).toBe(0);
    expect(r.output).toMatch(/Tests\s+7 passed/);
  }, 120_000);

  it('make-migration adds a migration after schema.ts changes', async () => {
    const schema = join(dir, 'schema.ts');
    writeFileSync(schema, readFileSync(schema, 'utf8').replace("  title: text('title').notNull(),", "  title: text('title').notNull(),\n  note: text('note'),"));
    const r = await runCli(['make-migration', 'sample-x', '--dir', dir, '--name', 'add_note']);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(readdirSync(join(dir, 'migrations')).filter((f) => f.endsWith('.sql'))).toEqual(['0000_init.sql', '0001_add_note.sql']);
    expect(readFileSync(join(dir, 'migrations', '0001_add_note.sql'), 'utf8')).toContain('ADD `note` text');
  });

  it.each([
    ['Sample_X', /not a valid plugin id/],
    ['admin', /reserved/],
    ['notices', /already exists/],
    ['sample-x', /already exists/],
  ])('refuses the id %s', async (id, message) => {
    const r = await runCli(['create-plugin', id, '--dir', relative(ROOT, parent)]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
  });

  it('refuses a folder outside the project, where drizzle-orm cannot be imported', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'hr-outside-'));
    try {
      const r = await runCli(['create-plugin', 'far-away', '--dir', outside]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('outside the project');
      expect(existsSync(join(outside, 'far-away'))).toBe(false);
    } finally {
      cleanup(outside);
    }
  });

  it('make-migration refuses a plugin without a folder or a schema', async () => {
    const missing = await runCli(['make-migration', 'no-such-plugin']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('There is no plugin folder');
    const noSchema = join(parent, 'no-schema');
    mkdirSync(noSchema);
    const r = await runCli(['make-migration', 'no-schema', '--dir', noSchema]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('has no schema.ts');
  });
});
