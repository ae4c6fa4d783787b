/**
 * Heavy libraries (exceljs ~1 s, pinyin-pro ~0.3 s to load) are loaded on first
 * use, not at startup: most requests never need them and startup must stay fast.
 * createRequire keeps the call synchronous, so callers need not become async.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export function lazy<T>(specifier: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= require(specifier) as T);
}
