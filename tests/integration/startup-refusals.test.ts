// Acceptance: a broken migration stops startup with a message naming plugin and file and leaves
// the database unchanged; a missing dependency, a cycle and a bad setting are refused by name.
import { afterAll, describe, expect, it } from 'vitest';
import { cleanup, startExpectingFailure, startServer, tempDir } from '../helpers/server.js';
import { snapshot } from '../helpers/db.js';

const fixture = (id: string) => ({ path: `tests/fixtures/plugins/${id}` });

describe('startup refuses what it cannot run', () => {
  const dirs: string[] = [];
  const dir = () => {
    const d = tempDir();
    dirs.push(d);
    return d;
  };
  afterAll(() => dirs.forEach(cleanup));

  it('stops on a broken migration, names plugin and file, and changes nothing', async () => {
    const dataDir = dir();
    const ok = await startServer({ dataDir });
    await ok.stop();
    const before = snapshot(dataDir);
    const result = await startExpectingFailure({ dataDir, config: { plugins: { notices: true, 'broken-migration': fixture('broken-migration') } } });
    expect(result.code).toBe(1);
    expect(result.output).toContain('Plugin "broken-migration"');
    expect(result.output).toContain('0001_bad.sql');
    expect(result.output).not.toMatch(/\n\s+at /); // a sentence, not a stack trace
    expect(snapshot(dataDir)).toBe(before);
  });

  it('refuses a missing dependency, naming both plugins', async () => {
    const result = await startExpectingFailure({ dataDir: dir(), config: { plugins: { 'needs-missing': fixture('needs-missing') } } });
    expect(result.code).toBe(1);
    expect(result.output).toContain('Plugin "needs-missing" requires plugin "payroll-x"');
  });

  it('refuses a dependency cycle and shows it', async () => {
    const result = await startExpectingFailure({ dataDir: dir(), config: { plugins: { 'cycle-a': fixture('cycle-a'), 'cycle-b': fixture('cycle-b') } } });
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/cycle-a → cycle-b → cycle-a|cycle-b → cycle-a → cycle-b/);
  });

  it('refuses a bad settings value, naming plugin and key', async () => {
    const result = await startExpectingFailure({ dataDir: dir(), config: { plugins: { notices: { settings: { pinnedLimit: 'many' } } } } });
    expect(result.code).toBe(1);
    expect(result.output).toContain('Plugin "notices"');
    expect(result.output).toContain('plugins.notices.settings.pinnedLimit');
  });

  it('refuses a bad core setting, naming the key', async () => {
    const result = await startExpectingFailure({ dataDir: dir(), config: { theme: 'Not A Theme!', plugins: {} } });
    expect(result.code).toBe(1);
    expect(result.output).toContain('"theme"');
  });

  it('refuses an unknown key with a hint about spelling', async () => {
    const result = await startExpectingFailure({ dataDir: dir(), config: { prot: 8080, plugins: {} } });
    expect(result.output).toContain('unknown setting "prot"');
  });
});
