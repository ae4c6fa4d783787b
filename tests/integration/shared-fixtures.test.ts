import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SHARED_FIXTURES, VENDORED_FIXTURES } from '../helpers/shared-fixtures.js';

describe('vendored copies of ../shared/fixtures', () => {
  const copies = readdirSync(VENDORED_FIXTURES).filter((f) => f.endsWith('.json'));

  it('exist for the fixtures the tests read', () => {
    expect(copies).toContain('china-iit-reference.json');
    expect(copies).toContain('wecom-crypto-vectors.json');
  });

  // Only where the shared folder exists (development machines); a clone elsewhere has nothing to compare with.
  it.runIf(existsSync(SHARED_FIXTURES)).each(copies)('%s is identical to the shared original', (name) => {
    expect(readFileSync(join(VENDORED_FIXTURES, name), 'utf8')).toBe(readFileSync(join(SHARED_FIXTURES, name), 'utf8'));
  });
});
