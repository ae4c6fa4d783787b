/**
 * Where a web punch may come from (geofences, office IP ranges) and which
 * punches are repeats. Pure functions; settings.ts `punch` holds the lists.
 */

export interface GeoPoint {
  latitude: number;
  longitude: number;
}

export interface Geofence extends GeoPoint {
  name: string;
  radiusMeters: number;
}

/** Mean earth radius (IUGG), metres. */
const EARTH_RADIUS_M = 6_371_008.8;

/** Great-circle distance in metres between two points (haversine). */
export function distanceMeters(a: GeoPoint, b: GeoPoint): number {
  const rad = Math.PI / 180;
  const dLat = (b.latitude - a.latitude) * rad;
  const dLon = (b.longitude - a.longitude) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * The nearest fence whose circle contains `point` (the edge counts), or null.
 * An empty list contains nothing: callers skip the check when no fences are
 * configured ("none = location not required").
 */
export function insideGeofence<F extends Geofence>(point: GeoPoint, fences: readonly F[]): F | null {
  let best: F | null = null;
  let bestDistance = Infinity;
  for (const fence of fences) {
    const distance = distanceMeters(point, fence);
    if (distance <= fence.radiusMeters && distance < bestDistance) [best, bestDistance] = [fence, distance];
  }
  return best;
}

// ---------------------------------------------------------------- IP addresses

interface ParsedIp {
  version: 4 | 6;
  value: bigint;
}

function parseIpv4(text: string): bigint | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  let value = 0n;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return null;
    value = (value << 8n) | BigInt(Number(part));
  }
  return value;
}

function parseIpv6(text: string): bigint | null {
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const groups = (half: string): bigint[] | null => {
    if (half === '') return [];
    const out: bigint[] = [];
    const parts = half.split(':');
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i]!;
      if (i === parts.length - 1 && part.includes('.')) {
        // An embedded IPv4 address fills the last two groups (::ffff:10.0.0.5).
        const v4 = parseIpv4(part);
        if (v4 === null) return null;
        out.push(v4 >> 16n, v4 & 0xffffn);
      } else if (/^[0-9a-f]{1,4}$/i.test(part)) out.push(BigInt(`0x${part}`));
      else return null;
    }
    return out;
  };
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  if (!head || !tail) return null;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  let value = 0n;
  for (const group of [...head, ...Array<bigint>(missing).fill(0n), ...tail]) value = (value << 16n) | group;
  return value;
}

/** IPv4-mapped IPv6 (`::ffff:a.b.c.d`) is treated as the IPv4 address it carries. */
function parseIp(text: string): ParsedIp | null {
  const clean = text.trim().replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  if (!clean.includes(':')) {
    const v4 = parseIpv4(clean);
    return v4 === null ? null : { version: 4, value: v4 };
  }
  const v6 = parseIpv6(clean);
  if (v6 === null) return null;
  if (v6 >> 32n === 0xffffn) return { version: 4, value: v6 & 0xffffffffn };
  return { version: 6, value: v6 };
}

interface ParsedRange {
  version: 4 | 6;
  network: bigint;
  prefix: number;
}

/** `10.0.0.0/8`, `2001:db8::/32`, or one address (a /32 or /128). Null when malformed. */
function parseRange(range: string): ParsedRange | null {
  const [address, prefixText, extra] = range.trim().split('/');
  if (extra !== undefined || address === undefined) return null;
  const parsed = parseIp(address);
  if (!parsed) return null;
  const mappedV4 = parsed.version === 4 && address.includes(':');
  const bits = parsed.version === 4 ? 32 : 128;
  let prefix = bits;
  if (prefixText !== undefined) {
    if (!/^\d{1,3}$/.test(prefixText)) return null;
    prefix = Number(prefixText);
    // `::ffff:10.0.0.0/104` is written on the IPv6 scale: 96 bits of mapping prefix.
    if (mappedV4) prefix -= 96;
    if (prefix < 0 || prefix > bits) return null;
  }
  const shift = BigInt(bits - prefix);
  return { version: parsed.version, network: (parsed.value >> shift) << shift, prefix };
}

/** Whether `range` is an address or CIDR range `ipAllowed` understands (for validating settings). */
export function isValidIpRange(range: string): boolean {
  return parseRange(range) !== null;
}

/**
 * Whether `ip` is in one of `ranges` (IPv4 and IPv6 CIDR ranges and single
 * addresses; `::ffff:10.0.0.5` matches `10.0.0.0/8`). No ranges = any address
 * (settings: "none = any address"); malformed ranges match nothing, and a
 * malformed or missing `ip` is refused when ranges are set.
 */
export function ipAllowed(ip: string | null | undefined, ranges: readonly string[]): boolean {
  if (ranges.length === 0) return true;
  const parsed = ip ? parseIp(ip) : null;
  if (!parsed) return false;
  for (const text of ranges) {
    const range = parseRange(text);
    if (!range || range.version !== parsed.version) continue;
    const shift = BigInt((range.version === 4 ? 32 : 128) - range.prefix);
    if ((parsed.value >> shift) << shift === range.network) return true;
  }
  return false;
}

// ---------------------------------------------------------------- repeats

/**
 * Drop repeated punches (double taps, device repeats): a punch less than
 * `seconds` after the last kept punch is the same punch. Input: instants in
 * milliseconds, ascending. Returns the kept instants.
 */
export function dedupePunches(sortedMs: readonly number[], seconds: number): number[] {
  const kept: number[] = [];
  const gap = seconds * 1000;
  for (const at of sortedMs) {
    const last = kept[kept.length - 1];
    if (last === undefined || at - last >= gap) kept.push(at);
  }
  return kept;
}
