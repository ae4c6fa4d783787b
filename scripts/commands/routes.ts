/** `hr routes [--json]`: the route registry, as the running suite would have it. */
import { defineCommand } from '../../core/cli/command.js';
import { formatTable } from '../../core/cli/table.js';
import { createApp } from '../../core/app.js';
import { loadConfig } from '../../core/config.js';
import { createKernel } from '../../core/kernel.js';
import { cliLogger } from './context.js';

export const command = defineCommand({
  usage: 'npm run hr -- routes [--json]',
  description: `
Builds the suite as configured in hr.config.ts (against an in-memory database, so the
real one is not touched) and lists every route: method, path, permission and plugin.`,
  options: { json: { type: 'boolean', description: 'Print a JSON array instead of a table.' } },
  async run({ values }) {
    const config = await loadConfig();
    const kernel = await createKernel({ ...config, dbPath: ':memory:' }, { log: cliLogger() });
    try {
      createApp(kernel);
      const routes = [...kernel.routes].sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
      if (values.json) {
        console.log(JSON.stringify(routes, null, 2));
        return;
      }
      console.log(formatTable(['METHOD', 'PATH', 'PERMISSION', 'PLUGIN', 'KIND'], routes.map((r) => [r.method.toUpperCase(), r.path, r.permission, r.plugin, r.kind])));
      console.log(`\n${routes.length} routes.`);
    } finally {
      await kernel.close();
    }
  },
});
