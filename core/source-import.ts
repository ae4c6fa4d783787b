/**
 * Importing code that is not part of the build. Under tsx (`npm run dev`, the tests)
 * every import already understands TypeScript and nothing here is needed. When the
 * suite runs from dist/ with plain node (`npm start`):
 *
 * - the config file (hr.config.ts, or HR_CONFIG) is compiled with esbuild whenever
 *   its content (or that of a file of the admin's it imports) differs from the last
 *   start, cached by content hash in dist/config-cache/; its imports of core files
 *   point at the build;
 * - a plugin from a folder outside the build (`path` in the config) is imported
 *   through tsx, registered only then, with core/source-hooks.ts so that its imports
 *   of the SDK reach the built core.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { register } from 'node:module';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { BUILD_DIR, BUILT, builtPathOf, isInside } from './paths.js';

const TYPESCRIPT = /\.[cm]?ts$/;
const sha = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

/** Thrown when esbuild cannot read the config file; the message shows where. */
export class ConfigSyntaxError extends Error {
  override name = 'ConfigSyntaxError';
}

/** Compile a config file to one ES module: its own relative imports bundled in, core files taken from the build, packages left to node. */
async function compileConfig(file: string): Promise<{ code: string; inputs: string[] }> {
  const esbuild = await import('esbuild');
  const url = pathToFileURL(file).href;
  const workDir = dirname(file);
  const result = await esbuild
    .build({
      entryPoints: [file],
      absWorkingDir: workDir,
      bundle: true,
      write: false,
      metafile: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      logLevel: 'silent',
      // The compiled file lives elsewhere; the config still sees where it really is.
      define: { 'import.meta.url': JSON.stringify(url), 'import.meta.filename': JSON.stringify(file), 'import.meta.dirname': JSON.stringify(workDir) },
      plugins: [
        {
          name: 'hr-config-imports',
          setup(b) {
            b.onResolve({ filter: /.*/ }, (args) => {
              if (args.kind === 'entry-point') return undefined;
              const p = args.path;
              if (!(p.startsWith('.') || isAbsolute(p) || p.startsWith('file:'))) return { path: p, external: true };
              const target = p.startsWith('file:') ? fileURLToPath(p) : resolve(args.resolveDir, p);
              const built = builtPathOf(target);
              if (built && existsSync(built)) return { path: pathToFileURL(built).href, external: true };
              return undefined; // a file of the admin's own: bundled in
            });
          },
        },
      ],
    })
    .catch((err: Error & { errors?: { text: string; location?: { line: number; column: number; lineText: string } | null }[] }) => {
      const where = (err.errors ?? []).map((e) => (e.location ? `  line ${e.location.line}: ${e.text}\n    ${e.location.lineText.trim()}` : `  ${e.text}`));
      throw new ConfigSyntaxError(`${file} could not be read:\n${where.join('\n') || err.message}`);
    });
  const inputs = Object.keys(result.metafile.inputs).map((p) => resolve(workDir, p));
  return { code: result.outputFiles[0]!.text, inputs: inputs.includes(file) ? inputs : [file, ...inputs] };
}

/** One hash over the content of every file the compiled config was made from. */
function keyOf(inputs: string[]): string {
  const h = createHash('sha256').update(`node ${process.versions.node}\0`);
  for (const f of inputs) h.update(`${f}\0`).update(existsSync(f) ? readFileSync(f) : 'missing').update('\0');
  return h.digest('hex').slice(0, 24);
}

/**
 * Import the config file. Under tsx it is simply imported. From the build it is
 * compiled with esbuild whenever it, or a file of the admin's that it imports,
 * differs from the last start (dist/config-cache/ keeps the result by content hash).
 */
export async function importConfigFile(file: string): Promise<{ default?: unknown }> {
  if (!BUILT) return (await import(pathToFileURL(file).href)) as { default?: unknown };
  const cacheDir = join(BUILD_DIR, 'config-cache');
  const prefix = sha(file).slice(0, 12);
  const record = join(cacheDir, `${prefix}.json`);
  const cached = (() => {
    try {
      const r = JSON.parse(readFileSync(record, 'utf8')) as { inputs: string[]; key: string };
      const out = join(cacheDir, `${prefix}-${r.key}.mjs`);
      return keyOf(r.inputs) === r.key && existsSync(out) ? out : null;
    } catch {
      return null;
    }
  })();
  if (cached) return (await import(pathToFileURL(cached).href)) as { default?: unknown };

  const { code, inputs } = await compileConfig(file);
  const key = keyOf(inputs);
  const out = join(cacheDir, `${prefix}-${key}.mjs`);
  try {
    mkdirSync(cacheDir, { recursive: true });
    for (const old of readdirSync(cacheDir)) if (old.startsWith(`${prefix}-`) && old !== basename(out)) rmSync(join(cacheDir, old), { force: true });
    const tmp = `${out}.${process.pid}.tmp`;
    writeFileSync(tmp, `// Compiled from ${file}; rewritten whenever it changes.\n${code}`);
    renameSync(tmp, out);
    writeFileSync(`${record}.${process.pid}.tmp`, JSON.stringify({ inputs, key }));
    renameSync(`${record}.${process.pid}.tmp`, record);
  } catch {
    // A read-only build folder: import the compiled text directly (its core imports are absolute).
    return (await import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`)) as { default?: unknown };
  }
  return (await import(pathToFileURL(out).href)) as { default?: unknown };
}

let hooks: 'none' | 'redirect' | 'typescript' = 'none';

/**
 * Before importing `file` (a plugin's entry): from the build, a file outside it gets
 * the SDK redirect, and TypeScript gets tsx. Registered once, and never for built plugins.
 */
export async function prepareImport(file: string): Promise<void> {
  if (!BUILT || isInside(BUILD_DIR, file)) return;
  const wantTs = TYPESCRIPT.test(file);
  if (hooks === 'typescript' || (hooks === 'redirect' && !wantTs)) return;
  if (wantTs) {
    const tsx = await import('tsx/esm/api');
    tsx.register();
  }
  // Registered after tsx, so it is asked first.
  if (hooks === 'none' || wantTs) register('./source-hooks.js', import.meta.url);
  hooks = wantTs ? 'typescript' : 'redirect';
}
