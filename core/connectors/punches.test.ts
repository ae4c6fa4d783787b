import { describe, expect, it } from 'vitest';
import { nextEmployeeNumbers } from './org-apply.js';
import { addDays, dayRange, localMidnight, mapPunches } from './punches.js';

describe('days as instants', () => {
  it.each([
    ['Asia/Shanghai', '2026-11-25', '2026-11-24T16:00:00.000Z'],
    ['UTC', '2026-11-25', '2026-11-25T00:00:00.000Z'],
    // The night clocks go back in Berlin: midnight is still +01:00 … and in summer +02:00.
    ['Europe/Berlin', '2026-10-25', '2026-10-24T22:00:00.000Z'],
    ['Europe/Berlin', '2026-10-26', '2026-10-25T23:00:00.000Z'],
  ])('00:00 of a day in %s', (zone, date, iso) => {
    expect(new Date(localMidnight(date, zone)).toISOString()).toBe(iso);
  });

  it('covers whole days, the last one included', () => {
    expect(dayRange('2026-11-30', '2026-12-01', 'Asia/Shanghai')).toEqual({ fromIso: '2026-11-29T16:00:00.000Z', toIso: '2026-12-01T16:00:00.000Z' });
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
  });
});

describe('mapPunches', () => {
  const links = new Map([
    ['zhangsan', 1],
    ['lisi', 2],
  ]);
  const now = Date.parse('2026-11-26T02:00:00Z');
  const opts = { now, timeZone: 'Asia/Shanghai', isMonthLocked: (m: string) => m === '2026-10' };

  it('maps linked accounts, counts the rest, and refuses future or locked-month punches', () => {
    const out = mapPunches(
      'wecom',
      [
        { remoteUserId: 'zhangsan', at: '2026-11-25T00:58:00Z', source: '上班打卡', latitude: 31.2, longitude: 121.5 },
        { remoteUserId: 'zhangsan', at: '2026-11-25T00:58:00Z', source: '上班打卡' },
        { remoteUserId: 'lisi', at: '2026-11-25T10:02:00Z', source: '下班打卡' },
        { remoteUserId: 'stranger', at: '2026-11-25T01:00:00Z', source: '上班打卡' },
        { remoteUserId: 'lisi', at: '2026-11-27T01:00:00Z', source: '上班打卡' },
        // 2026-10-31 23:30 UTC is 1 November in Shanghai: not in the locked October.
        { remoteUserId: 'lisi', at: '2026-10-31T23:30:00Z', source: '补卡' },
        { remoteUserId: 'lisi', at: '2026-10-31T15:30:00Z', source: '补卡' },
        { remoteUserId: 'lisi', at: 'not a time', source: '上班打卡' },
      ],
      (id) => links.get(id) ?? null,
      opts,
    );
    expect(out.unlinked).toBe(1);
    expect(out.refused).toBe(3);
    expect(out.punches).toEqual([
      { employeeId: 1, at: new Date('2026-11-25T00:58:00Z'), source: 'wecom', externalId: `wecom:zhangsan:${Date.parse('2026-11-25T00:58:00Z')}`, latitude: 31.2, longitude: 121.5, note: '上班打卡' },
      { employeeId: 2, at: new Date('2026-11-25T10:02:00Z'), source: 'wecom', externalId: `wecom:lisi:${Date.parse('2026-11-25T10:02:00Z')}`, note: '下班打卡' },
      { employeeId: 2, at: new Date('2026-10-31T23:30:00Z'), source: 'wecom', externalId: `wecom:lisi:${Date.parse('2026-10-31T23:30:00Z')}`, note: '补卡' },
    ]);
  });

  it('stores a connector attendance does not know as `api`, with ids that stay the same on the next sync', () => {
    const punch = [{ remoteUserId: 'lisi', at: '2026-11-25T10:02:00Z', source: 'x' }];
    const a = mapPunches('feishu', punch, (id) => links.get(id) ?? null, opts);
    const b = mapPunches('feishu', punch, (id) => links.get(id) ?? null, opts);
    expect(a.punches[0]!.source).toBe('api');
    expect(a.punches[0]!.externalId).toBe(b.punches[0]!.externalId);
  });
});

describe('nextEmployeeNumbers', () => {
  it.each([
    ['after the highest of this prefix', ['WECOM-0003', 'WECOM-0010', 'E001', 'DING-0099'], 'WECOM', 2, ['WECOM-0011', 'WECOM-0012']],
    ['from 1 when there is none', ['E001'], 'WECOM', 1, ['WECOM-0001']],
    ['past four digits', ['WECOM-9999'], 'WECOM', 1, ['WECOM-10000']],
    ['a prefix with an underscore', ['MY_HR-0002'], 'MY_HR', 1, ['MY_HR-0003']],
  ])('%s', (_name, existing, prefix, count, expected) => {
    expect(nextEmployeeNumbers(existing, prefix, count)).toEqual(expected);
  });
});
