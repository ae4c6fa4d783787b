/**
 * `npm run build`: transpile the TypeScript of core/, plugins/ and scripts/ to plain
 * ES modules in dist/, file by file (no bundling), keeping the folder layout. Every
 * other file of those folders (views, migrations, JSON, assets) is copied next to
 * its code, so paths relative to `import.meta.url` keep working; the running code
 * still finds views, migrations and themes from the project root (ROOT in
 * core/paths.ts), as it does under tsx.
 *
 * dist/build.json records a content hash of every source file. `npm start`
 * (scripts/start.mjs) calls ensureBuild(): the build is used only when that record
 * matches the sources exactly, otherwise it is rebuilt first, so a stale build
 * never runs. hr.config.ts is not part of the build: the server compiles it on every
 * start that finds it changed (core/source-import.ts), so an edit takes effect
 * without a rebuild.
 *
 * Plain JavaScript on purpose: it has to run before anything is built, without tsx.
 */
import { createHash } from 'node:crypto';
import { closeSync, copyFileSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(import.meta.dirname, '..');
/** The build folder's name under the project root (core/paths.ts relies on it too). */
export const BUILD_DIR_NAME = 'dist';
/** Folders whose code is built. */
export const SOURCE_DIRS = ['core', 'plugins', 'scripts'];
/** Files outside those folders that change what esbuild produces. */
const TOOL_FILES = ['tsconfig.json'];
const MANIFEST = 'build.json';
/** Bump when the shape of the output changes, to force a rebuild. */
const FORMAT = 1;

const isTs = (f) => f.endsWith('.ts') && !f.endsWith('.d.ts');
/** Test files are run by vitest from the sources; they are neither built nor tracked. */
const skipFile = (f) => f.endsWith('.test.ts') || f.endsWith('.d.ts') || f === '.DS_Store';
const skipDir = (d) => d === 'node_modules' || d.startsWith('.');

/** Every tracked source file, relative to `root` with forward slashes, sorted. */
export function sourceFiles(root = ROOT) {
  const out = [];
  const walk = (rel) => {
    const abs = join(root, rel);
    for (const d of readdirSync(abs, { withFileTypes: true })) {
      const child = rel ? `${rel}/${d.name}` : d.name;
      const stat = d.isSymbolicLink() ? statSync(join(root, child), { throwIfNoEntry: false }) : d;
      if (!stat) continue;
      if (stat.isDirectory()) {
        if (!skipDir(d.name)) walk(child);
      } else if (stat.isFile() && !skipFile(d.name)) out.push(child);
    }
  };
  for (const dir of SOURCE_DIRS) if (existsSync(join(root, dir))) walk(dir);
  return out.sort();
}

const sha = (data) => createHash('sha256').update(data).digest('hex');

function esbuildVersion(root) {
  try {
    return JSON.parse(readFileSync(join(root, 'node_modules', 'esbuild', 'package.json'), 'utf8')).version;
  } catch {
    return 'missing';
  }
}

/** What the build was made from: a hash per source file plus the tools' own inputs. */
export function fingerprint(root = ROOT) {
  const files = {};
  for (const f of sourceFiles(root)) files[f] = sha(readFileSync(join(root, f))).slice(0, 32);
  const tools = [`format ${FORMAT}`, `esbuild ${esbuildVersion(root)}`, `node ${process.versions.node.split('.')[0]}`];
  for (const f of TOOL_FILES) tools.push(`${f} ${existsSync(join(root, f)) ? sha(readFileSync(join(root, f))).slice(0, 32) : '-'}`);
  return { tools: tools.join('; '), files };
}

/** The output path of a source file, relative to the build folder. */
export const outputOf = (rel) => (isTs(rel) ? rel.slice(0, -3) + '.js' : rel);

/**
 * Why the build in `<root>/dist` cannot be used, or null when it matches the sources.
 * Reads and hashes every source file (a few milliseconds): times can lie, contents not.
 */
export function staleReason(root = ROOT) {
  const dist = join(root, BUILD_DIR_NAME);
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(join(dist, MANIFEST), 'utf8'));
  } catch {
    return 'there is no build yet';
  }
  const now = fingerprint(root);
  if (manifest.tools !== now.tools) return 'the build tools or their settings changed';
  const before = manifest.files ?? {};
  for (const [f, hash] of Object.entries(now.files)) {
    if (before[f] === undefined) return `${f} is new`;
    if (before[f] !== hash) return `${f} changed`;
    if (!existsSync(join(dist, outputOf(f)))) return `${BUILD_DIR_NAME}/${outputOf(f)} is missing`;
  }
  for (const f of Object.keys(before)) if (now.files[f] === undefined) return `${f} was removed`;
  return null;
}

/** Build now, whether or not the sources changed (`npm run build`). */
export async function build(options = {}) {
  const root = options.root ?? ROOT;
  return withLock(root, () => buildUnlocked({ root }));
}

/** Build into a fresh folder, then swap it in, so a half-written build is never seen. */
async function buildUnlocked(options = {}) {
  const root = options.root ?? ROOT;
  const started = performance.now();
  const { build: esbuild } = await import('esbuild');
  const source = fingerprint(root);
  const files = Object.keys(source.files);
  const dist = join(root, BUILD_DIR_NAME);
  const tmp = join(root, `.${BUILD_DIR_NAME}-new-${process.pid}`);
  // Leftovers of a build that was killed half-way (we hold the lock, so none is running).
  for (const d of readdirSync(root)) if (d.startsWith(`.${BUILD_DIR_NAME}-new-`) || d.startsWith(`.${BUILD_DIR_NAME}-old-`)) rmSync(join(root, d), { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  try {
    const entryPoints = files.filter(isTs).map((f) => join(root, f));
    const result = await esbuild({
      entryPoints,
      outdir: tmp,
      outbase: root,
      bundle: false,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      // Node 20.10+ understands `import … with { type: 'json' }`; esbuild's node20
      // target assumes it does not and would drop the attribute, which Node requires.
      supported: { 'import-attributes': true },
      sourcemap: 'linked',
      sourcesContent: false,
      tsconfig: join(root, 'tsconfig.json'),
      logLevel: 'silent',
    });
    if (result.errors.length) throw new Error(result.errors.map((e) => e.text).join('\n'));
    for (const f of files.filter((f) => !isTs(f))) {
      mkdirSync(dirname(join(tmp, f)), { recursive: true });
      copyFileSync(join(root, f), join(tmp, f));
    }
    // ES modules whatever the project's package.json says.
    writeFileSync(join(tmp, 'package.json'), '{ "type": "module" }\n');
    // Written last: a folder without it is never taken for a build.
    writeFileSync(join(tmp, MANIFEST), JSON.stringify({ ...source, builtAt: new Date().toISOString() }, null, 1) + '\n');
    const old = join(root, `.${BUILD_DIR_NAME}-old-${process.pid}`);
    if (existsSync(dist)) renameSync(dist, old);
    renameSync(tmp, dist);
    rmSync(old, { recursive: true, force: true });
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
  return { ms: Math.round(performance.now() - started), files: files.length };
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

/** One builder at a time (two instances started together after an upgrade). */
async function withLock(root, fn) {
  const lock = join(root, `.${BUILD_DIR_NAME}.lock`);
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      const fd = openSync(lock, 'wx');
      writeFileSync(fd, String(process.pid));
      closeSync(fd);
      break;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
      let holder = NaN;
      let age = 0;
      try {
        holder = Number(readFileSync(lock, 'utf8').trim() || NaN);
        age = Date.now() - statSync(lock).mtimeMs;
      } catch {
        continue; // released meanwhile
      }
      // A build takes a second or two: a lock whose holder is gone, or that is old
      // (its pid reused after a reboot), is left over. An empty one is being written.
      if ((Number.isInteger(holder) && !alive(holder)) || age > 60_000) {
        rmSync(lock, { force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`another build holds ${lock} for too long; delete it if no build is running`);
      await sleep(100);
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lock, { force: true });
  }
}

/**
 * Make sure dist/ matches the sources: returns null when it already did, else the
 * reason it was (re)built and how long that took.
 */
export async function ensureBuild(options = {}) {
  const root = options.root ?? ROOT;
  const reason = staleReason(root);
  if (reason === null) return null;
  return withLock(root, async () => {
    // Another process may have built while we waited for the lock.
    const still = staleReason(root);
    if (still === null) return null;
    return { reason: still, ...(await buildUnlocked({ root })) };
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const r = await build();
    console.log(`Built ${r.files} files into ${relative(process.cwd(), join(ROOT, BUILD_DIR_NAME)) || '.'}${sep} in ${r.ms} ms.`);
  } catch (err) {
    console.error(`The build failed:\n${err.message ?? err}`);
    process.exitCode = 1;
  }
}
