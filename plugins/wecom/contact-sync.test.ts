import { describe, expect, it } from 'vitest';
import { createContactSync } from './contact-sync.js';

describe('org sync on contact changes', () => {
  it('syncs once for changes made before a successful sync started, again for later ones', async () => {
    let clock = 1_000;
    let syncs = 0;
    const onChange = createContactSync({ now: () => clock, syncNow: async () => void syncs++ });
    const at = (ms: number) => ({ emittedAt: new Date(ms) });
    expect(await onChange(at(900))).toBe('synced');
    clock = 1_100;
    expect(await onChange(at(950))).toBe('covered');
    expect(await onChange(at(999))).toBe('covered');
    expect(await onChange(at(1_050))).toBe('synced');
    expect(syncs).toBe(2);
  });

  it('covers nothing with a sync that failed, so the retry syncs', async () => {
    let fail = true;
    let syncs = 0;
    const onChange = createContactSync({
      now: () => 2_000,
      syncNow: async () => {
        if (fail) throw new Error('WeCom unreachable');
        syncs++;
      },
    });
    await expect(onChange({ emittedAt: new Date(1_500) })).rejects.toThrow('unreachable');
    fail = false;
    expect(await onChange({ emittedAt: new Date(1_500) })).toBe('synced');
    expect(syncs).toBe(1);
  });
});
