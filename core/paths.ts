/**
 * Where things are. The code runs either from its TypeScript sources (`core/…` under
 * tsx, vitest and `npm run dev`) or from the plain JavaScript build that `npm start`
 * makes (`dist/core/…`, see scripts/build.mjs). ROOT is the project root in both
 * cases: views, migrations, themes, hr.config.ts, data/ and node_modules/ are always
 * found there, never inside the build.
 */
import { isAbsolute, join, relative, resolve } from 'node:path';

/** True when this code is the built JavaScript in dist/. */
export const BUILT = import.meta.url.endsWith('.js');

export const ROOT = resolve(import.meta.dirname, BUILT ? '../..' : '..');

/** The build folder (its name is also set in scripts/build.mjs). */
export const BUILD_DIR = join(ROOT, 'dist');

/** Folders under ROOT whose code the build holds (as in scripts/build.mjs). */
export const BUILT_SOURCE_DIRS = ['core', 'plugins', 'scripts'] as const;

/** Whether `path` is `dir` or inside it. */
export function isInside(dir: string, path: string): boolean {
  const rel = relative(dir, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/**
 * The built counterpart of a source file under ROOT (`core/sdk.ts` or the
 * `core/sdk.js` that TypeScript imports name → `dist/core/sdk.js`), or null when
 * the file is not in a built folder. Whether that file exists is for the caller to check.
 */
export function builtPathOf(sourcePath: string): string | null {
  if (!isInside(ROOT, sourcePath) || isInside(BUILD_DIR, sourcePath) || sourcePath.includes('/node_modules/')) return null;
  const rel = relative(ROOT, sourcePath);
  if (!BUILT_SOURCE_DIRS.some((d) => isInside(d, rel))) return null;
  return join(BUILD_DIR, rel.endsWith('.ts') && !rel.endsWith('.d.ts') ? rel.slice(0, -3) + '.js' : rel);
}
