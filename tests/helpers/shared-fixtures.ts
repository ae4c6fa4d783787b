/**
 * The official test vectors and reference numbers of `../shared/fixtures/`
 * (next to the repository on development machines). A clone elsewhere (CI)
 * has no such folder, so tests/fixtures/shared/ keeps verbatim copies; when the
 * shared folder is there, tests/helpers/shared-fixtures.test.ts checks the
 * copies are still identical. Tests read expected values from these files and
 * never copy them into code.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const SHARED_FIXTURES = resolve(import.meta.dirname, '..', '..', '..', 'shared', 'fixtures');
export const VENDORED_FIXTURES = resolve(import.meta.dirname, '..', 'fixtures', 'shared');

/** The fixture's text: from ../shared/fixtures when present, else the vendored copy. */
export function sharedFixtureText(name: string): string {
  const shared = join(SHARED_FIXTURES, name);
  return readFileSync(existsSync(shared) ? shared : join(VENDORED_FIXTURES, name), 'utf8');
}

export function sharedFixture<T = unknown>(name: string): T {
  return JSON.parse(sharedFixtureText(name)) as T;
}
