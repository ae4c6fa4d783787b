/**
 * An in-memory rate limiter for public forms (a careers page's applications, intake from
 * job boards): at most `limit` hits per key in any `windowMs`, as a sliding log of hit
 * times. One process serves the suite, so memory is the right place; a restart forgets,
 * which only ever lets a few more requests through. Keys are forgotten once their hits
 * age out, so memory stays bounded by the traffic of one window.
 */
export interface RateLimitResult {
  ok: boolean;
  /** Hits left in the current window (0 when refused). */
  remaining: number;
  /** Seconds until the next hit would be allowed (0 when ok). */
  retryAfterSeconds: number;
}

export interface RateLimiter {
  /** Count a hit for `key` (an address, an API token…) unless the limit is reached. */
  hit(key: string, now?: number): RateLimitResult;
  /** Forget everything (tests, or an admin clearing a block). */
  reset(): void;
}

export function createRateLimiter(options: { limit: number; windowMs: number }): RateLimiter {
  const { limit, windowMs } = options;
  if (!(limit >= 1) || !(windowMs >= 1)) throw new Error('createRateLimiter: limit and windowMs must be positive');
  const hits = new Map<string, number[]>();
  let lastSweep = 0;

  const sweep = (now: number) => {
    if (now - lastSweep < windowMs) return;
    lastSweep = now;
    for (const [key, times] of hits) if ((times[times.length - 1] ?? 0) <= now - windowMs) hits.delete(key);
  };

  return {
    hit(key, now = Date.now()) {
      sweep(now);
      const times = (hits.get(key) ?? []).filter((t) => t > now - windowMs);
      if (times.length >= limit) {
        hits.set(key, times);
        return { ok: false, remaining: 0, retryAfterSeconds: Math.max(1, Math.ceil((times[0]! + windowMs - now) / 1000)) };
      }
      times.push(now);
      hits.set(key, times);
      return { ok: true, remaining: limit - times.length, retryAfterSeconds: 0 };
    },
    reset() {
      hits.clear();
    },
  };
}
