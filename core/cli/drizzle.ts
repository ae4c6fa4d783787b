/** Running drizzle-kit for one plugin's schema (or core's). */
import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { ROOT } from '../config.js';
import { CliError } from './command.js';
import { CORE_MODULES } from '../db/modules.js';

export const PLUGIN_ID = /^[a-z][a-z0-9-]*$/;

export interface SchemaTarget {
  id: string;
  schema: string;
  out: string;
}

/** Where the schema and migrations of `id` live: core's own, `<dir>`, or plugins/<id>. */
export function schemaTarget(id: string, dir?: string, root = ROOT): SchemaTarget {
  const coreModule = CORE_MODULES.find((m) => m.id === id);
  if (coreModule && !dir) return { id, schema: coreModule.schema, out: coreModule.migrations };
  if (!PLUGIN_ID.test(id)) throw new CliError(`"${id}" is not a plugin id: use lower-case letters, digits and dashes, starting with a letter.`);
  const folder = dir ? resolve(dir) : join(root, 'plugins', id);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    throw new CliError(`There is no plugin folder ${folder}. Create the plugin first (\`npm run hr -- create-plugin ${id}\`) or pass --dir <folder>.`);
  }
  const schema = join(folder, 'schema.ts');
  if (!existsSync(schema)) throw new CliError(`Plugin "${id}" has no schema.ts in ${folder}: there are no tables to generate migrations for.`);
  return { id, schema, out: join(folder, 'migrations') };
}

const shown = (p: string) => (p.startsWith(ROOT + '/') ? relative(ROOT, p) : p);

/** `drizzle-kit generate --dialect sqlite --schema … --out … [--name …]`; resolves with its output. */
export function drizzleGenerate(target: SchemaTarget, options: { name?: string; quiet?: boolean } = {}): Promise<string> {
  const bin = join(ROOT, 'node_modules', '.bin', 'drizzle-kit');
  if (!existsSync(bin)) throw new CliError('drizzle-kit is not installed (node_modules/.bin/drizzle-kit is missing). Run `npm install`.');
  const args = ['generate', '--dialect', 'sqlite', '--schema', shown(target.schema), '--out', shown(target.out)];
  if (options.name) {
    if (!/^[A-Za-z0-9_-]+$/.test(options.name)) throw new CliError(`Migration name "${options.name}" may only hold letters, digits, dashes and underscores.`);
    args.push('--name', options.name);
  }
  return new Promise((resolvePromise, reject) => {
    const child = spawn(bin, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const collect = (stream: NodeJS.WritableStream) => (chunk: Buffer) => {
      output += chunk;
      if (!options.quiet) stream.write(chunk);
    };
    child.stdout.on('data', collect(process.stdout));
    child.stderr.on('data', collect(process.stderr));
    child.once('error', (err) => reject(new CliError(`drizzle-kit could not be started: ${err.message}`)));
    child.once('close', (code) => {
      // drizzle-kit sometimes reports a failure with exit code 0; its error lines start with "Error".
      if (code === 0 && !/^\s*Error\b/m.test(output)) resolvePromise(output);
      else reject(new CliError(`drizzle-kit failed for "${target.id}" (exit code ${code}):\n${output.trim()}`));
    });
  });
}
