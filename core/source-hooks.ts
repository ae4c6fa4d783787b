/**
 * Module resolve hook, registered by core/source-import.ts only when the suite runs
 * from the build and must import code from outside it (a plugin folder configured
 * with `path`). Such code imports the SDK by its source path (`../../core/sdk.js`);
 * this hook hands it the already loaded built module (`dist/core/sdk.js`) instead,
 * so there is one copy of the core, and `instanceof HttpError` and every registry
 * mean the same thing on both sides.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { builtPathOf } from './paths.js';

type Resolved = { url: string; format?: string | null; shortCircuit?: boolean };
type NextResolve = (specifier: string, context: ResolveContext) => Promise<Resolved>;
interface ResolveContext {
  parentURL?: string;
  conditions: string[];
  importAttributes: Record<string, string>;
}

export async function resolve(specifier: string, context: ResolveContext, next: NextResolve): Promise<Resolved> {
  const pathLike = specifier.startsWith('./') || specifier.startsWith('../') || specifier.startsWith('/') || specifier.startsWith('file:');
  if (pathLike && context.parentURL?.startsWith('file:')) {
    const target = fileURLToPath(new URL(specifier, context.parentURL));
    const built = builtPathOf(target);
    if (built && existsSync(built)) return { url: pathToFileURL(built).href, shortCircuit: true };
  }
  return next(specifier, context);
}
