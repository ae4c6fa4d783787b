// Plugin commands by convention: plugins/<id>/commands/<name>.ts answers `npm run hr -- <id>:<name>`.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanup, tempDir } from '../../tests/helpers/server.js';
import { pluginCommands } from './index.js';

describe('plugin commands', () => {
  const root = tempDir('hr-cmd-');
  afterAll(() => cleanup(root));
  const write = (path: string, text: string) => {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  write(
    'plugins/sample/commands/hello.ts',
    `export const command = { usage: 'hr sample:hello', description: 'Says hello. More words here.', async run() { return 7; } };\n`,
  );
  write('plugins/sample/commands/hello.test.ts', 'export {};\n');
  write('plugins/sample/commands/Bad Name.ts', 'export {};\n');
  write('plugins/other/index.ts', 'export {};\n');

  it('finds each command file of each plugin as <id>:<name>, and no tests or odd names', async () => {
    const found = pluginCommands(root);
    expect(found.map((c) => c.name)).toEqual(['sample:hello']);
    const { command } = await found[0]!.load();
    expect(command.description).toBe('Says hello. More words here.');
    expect(await command.run({ positionals: [], values: {} })).toBe(7);
  });

  it('has no commands when there is no plugins folder', () => {
    expect(pluginCommands(join(root, 'nowhere'))).toEqual([]);
  });
});
