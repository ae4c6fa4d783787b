import { describe, expect, it } from 'vitest';
import { createRateLimiter } from './rate-limit.js';

describe('createRateLimiter', () => {
  it('allows `limit` hits per window and key, then refuses with the wait', () => {
    const rl = createRateLimiter({ limit: 3, windowMs: 60_000 });
    const t0 = 1_000_000;
    expect([0, 1, 2].map((i) => rl.hit('1.2.3.4', t0 + i * 1000).ok)).toEqual([true, true, true]);
    expect(rl.hit('1.2.3.4', t0 + 10_000)).toEqual({ ok: false, remaining: 0, retryAfterSeconds: 50 });
    expect(rl.hit('5.6.7.8', t0 + 10_000).ok).toBe(true); // another key is not affected
    expect(rl.hit('1.2.3.4', t0 + 60_001).ok).toBe(true); // the first hit aged out
    expect(rl.hit('1.2.3.4', t0 + 60_002).ok).toBe(false);
  });

  it('refused hits do not extend the block', () => {
    const rl = createRateLimiter({ limit: 1, windowMs: 1000 });
    expect(rl.hit('k', 0).ok).toBe(true);
    for (let t = 100; t < 1000; t += 100) expect(rl.hit('k', t).ok).toBe(false);
    expect(rl.hit('k', 1000).ok).toBe(true);
  });

  it('rejects nonsense options', () => {
    expect(() => createRateLimiter({ limit: 0, windowMs: 1000 })).toThrow();
  });
});
