import { describe, expect, it } from 'vitest';
import { jsapiSignature, type WecomCheckin } from './client.js';
import { pageToSign, signPage } from './jssdk.js';
import { normalizeWecomMobile, toRemotePunches } from './mapping.js';

describe('mobiles from WeCom', () => {
  it.each([
    ['13800000001', '13800000001'],
    ['+86 13800000001', '13800000001'],
    ['+8613800000001', '13800000001'],
    ['86-138-0000-0001', '13800000001'],
    ['+852 91234567', '+85291234567'],
    ['', null],
    [null, null],
  ])('%s → %s', (input, expected) => {
    expect(normalizeWecomMobile(input)).toBe(expected);
  });
});

describe('check-in records → punches', () => {
  const record = (over: Partial<WecomCheckin>): WecomCheckin => ({
    userId: 'zhangsan',
    checkinType: '上班打卡',
    exceptionType: '',
    checkinTime: 1_763_254_680,
    scheduledTime: null,
    groupName: '打卡规则',
    locationTitle: '',
    locationDetail: '',
    wifiName: '',
    notes: '',
    deviceId: '',
    lat: null,
    lng: null,
    ...over,
  });

  it('keeps real punches once, oldest first, with place and coordinates in degrees', () => {
    const punches = toRemotePunches([
      record({ checkinTime: 1_763_287_200, checkinType: '下班打卡', wifiName: 'Office-5G' }),
      record({ locationTitle: '总部大厦', lat: 31_230_400, lng: 121_473_700, exceptionType: '地点异常' }),
      record({ locationTitle: '总部大厦', lat: 31_230_400, lng: 121_473_700 }),
      record({ checkinTime: 1_763_290_000, checkinType: '下班打卡', exceptionType: '未打卡' }),
    ]);
    expect(punches).toEqual([
      { remoteUserId: 'zhangsan', at: '2025-11-16T00:58:00.000Z', source: '企业微信 上班打卡 · 总部大厦', latitude: 31.2304, longitude: 121.4737 },
      { remoteUserId: 'zhangsan', at: '2025-11-16T10:00:00.000Z', source: '企业微信 下班打卡 · Office-5G', latitude: null, longitude: null },
    ]);
  });
});

describe('JS-SDK configuration', () => {
  it.each([
    { url: 'https://hr.example.com/attendance/punch?x=1#top', expected: 'https://hr.example.com/attendance/punch?x=1' },
    { url: 'https://evil.example.com/attendance', expected: null },
    { url: 'http://hr.example.com/attendance', expected: null },
    { url: 'not a url', expected: null },
    { url: undefined, expected: null },
  ])('signs $url only when it is a page of the suite', ({ url, expected }) => {
    expect(pageToSign(url, 'https://hr.example.com')).toBe(expected);
  });

  it('gives wx.config what it needs, signed over the ticket, nonce, timestamp and page', () => {
    const config = signPage('ticket-1', 'https://hr.example.com/p', 'wwcorp', 1_763_254_680_123, 'n0nce');
    expect(config).toEqual({ appId: 'wwcorp', timestamp: 1_763_254_680, nonceStr: 'n0nce', signature: jsapiSignature('ticket-1', 'n0nce', 1_763_254_680, 'https://hr.example.com/p') });
  });
});
