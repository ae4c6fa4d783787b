import { describe, expect, it } from 'vitest';
import { dedupePunches, distanceMeters, insideGeofence, ipAllowed, isValidIpRange } from './punch-rules.js';

const tiananmen = { latitude: 39.9087, longitude: 116.3975 };
const peoplesSquare = { latitude: 31.2304, longitude: 121.4737 };

describe('distanceMeters', () => {
  it.each([
    ['same point', tiananmen, tiananmen, 0, 0.001],
    ['Beijing → Shanghai ≈ 1068 km', tiananmen, peoplesSquare, 1_067_900, 2_000],
    ['0.001° of latitude ≈ 111 m', { latitude: 30, longitude: 120 }, { latitude: 30.001, longitude: 120 }, 111.2, 0.5],
    ['across the antimeridian', { latitude: 0, longitude: 179.999 }, { latitude: 0, longitude: -179.999 }, 222.4, 0.5],
  ])('%s', (_label, a, b, meters, tolerance) => {
    expect(Math.abs(distanceMeters(a, b) - meters)).toBeLessThanOrEqual(tolerance);
  });
});

describe('insideGeofence', () => {
  const office = { name: 'HQ', latitude: 31.2304, longitude: 121.4737, radiusMeters: 200 };
  const annex = { name: 'Annex', latitude: 31.2314, longitude: 121.4737, radiusMeters: 200 };

  it.each([
    ['at the office', { latitude: 31.2304, longitude: 121.4737 }, [office], 'HQ'],
    ['150 m north', { latitude: 31.23175, longitude: 121.4737 }, [office], 'HQ'],
    ['300 m north', { latitude: 31.2331, longitude: 121.4737 }, [office], null],
    ['between two fences: the nearer one', { latitude: 31.2312, longitude: 121.4737 }, [office, annex], 'Annex'],
    ['no fences', { latitude: 31.2304, longitude: 121.4737 }, [], null],
  ] as const)('%s → %s', (_label, point, fences, name) => {
    expect(insideGeofence(point, fences)?.name ?? null).toBe(name);
  });
});

describe('ipAllowed', () => {
  it.each([
    ['10.1.2.3', ['10.0.0.0/8'], true],
    ['11.0.0.1', ['10.0.0.0/8'], false],
    ['192.168.1.77', ['192.168.1.0/24'], true],
    ['192.168.2.1', ['192.168.1.0/24'], false],
    ['203.0.113.9', ['203.0.113.9'], true],
    ['203.0.113.10', ['203.0.113.9'], false],
    ['203.0.113.10', ['203.0.113.9/32', '0.0.0.0/0'], true],
    ['::ffff:10.0.0.5', ['10.0.0.0/8'], true], // IPv4-mapped IPv6
    ['::FFFF:10.0.0.5', ['10.0.0.5'], true],
    ['10.0.0.5', ['::ffff:10.0.0.0/104'], true], // range written as mapped IPv6
    ['::ffff:0a00:0005', ['10.0.0.0/8'], true], // mapped, hex form
    ['2001:db8::1', ['2001:db8::/32'], true],
    ['2001:db9::1', ['2001:db8::/32'], false],
    ['2001:0db8:0000:0000:0000:0000:0000:0001', ['2001:db8::1'], true],
    ['fe80::1%eth0', ['fe80::/10'], true],
    ['[2001:db8::5]', ['2001:db8::/64'], true],
    ['::1', ['::1'], true],
    ['::1', ['127.0.0.1'], false], // loopback of another family
    ['10.0.0.5', ['2001:db8::/32'], false],
    ['10.0.0.5', [], true], // no ranges configured: any address
    ['not-an-ip', ['10.0.0.0/8'], false],
    ['10.0.0.256', ['10.0.0.0/8'], false],
    ['1:2:3:4:5:6:7:8:9', ['::/0'], false],
    ['10.0.0.5', ['10.0.0.0/33', 'garbage'], false], // malformed ranges match nothing
  ] as const)('%s in %o → %s', (ip, ranges, allowed) => {
    expect(ipAllowed(ip, ranges)).toBe(allowed);
  });

  it('a missing address is refused when ranges are set', () => {
    expect(ipAllowed(null, ['10.0.0.0/8'])).toBe(false);
    expect(ipAllowed(undefined, [])).toBe(true);
  });

  it.each([
    ['10.0.0.0/8', true],
    ['10.0.0.1', true],
    ['2001:db8::/32', true],
    ['::ffff:10.0.0.0/104', true],
    ['10.0.0.0/40', false],
    ['2001:db8::/129', false],
    ['10.0.0.0/8/1', false],
    ['1::2::3', false],
    ['hello', false],
  ])('isValidIpRange(%s) → %s', (range, valid) => {
    expect(isValidIpRange(range)).toBe(valid);
  });
});

describe('dedupePunches', () => {
  const s = 1000;
  it.each([
    [[], 60, []],
    [[0], 60, [0]],
    [[0, 30 * s, 59 * s, 60 * s], 60, [0, 60 * s]],
    [[0, 61 * s, 120 * s], 60, [0, 61 * s]], // measured from the last kept punch
    [[0, 50 * s, 100 * s, 150 * s], 60, [0, 100 * s]],
    [[0, 0, 1], 0, [0, 0, 1]], // 0 seconds: keep everything
    [[1_000, 1_000, 9 * 3600 * s], 60, [1_000, 9 * 3600 * s]],
  ])('%o within %i s → %o', (input, seconds, kept) => {
    expect(dedupePunches(input, seconds)).toEqual(kept);
  });
});
