/**
 * `npm start`: run the suite as plain JavaScript. When the sources differ from the
 * last build (first start, `git pull`, an edited or added plugin) it is rebuilt
 * first (scripts/build.mjs, a fraction of a second); a stale build never runs.
 * Should building be impossible (a read-only folder, say), the TypeScript sources
 * run through tsx instead, as `npm run dev` does, only slower to start.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BUILD_DIR_NAME, ensureBuild, ROOT } from './build.mjs';

// dist/ holds source maps, but reading them costs every start ~5 % more; for stack
// traces with TypeScript lines run `NODE_OPTIONS=--enable-source-maps npm start`.

let main = join(ROOT, BUILD_DIR_NAME, 'core', 'main.js');
try {
  const built = await ensureBuild();
  if (built) console.log(`Built the suite in ${built.ms} ms (${built.reason}).`);
} catch (err) {
  console.error(`The suite could not be built, so it runs from its TypeScript sources (slower to start):\n  ${err?.message ?? err}`);
  const { register } = await import('tsx/esm/api');
  register();
  main = join(ROOT, 'core', 'main.ts');
}
await import(pathToFileURL(main).href);
