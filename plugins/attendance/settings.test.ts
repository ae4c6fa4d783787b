import { describe, expect, it } from 'vitest';
import { settingsSchema } from './settings.js';

describe('attendance settings', () => {
  it('has working defaults: 8-hour days, manager → HR, 36 hours of overtime a month', () => {
    const s = settingsSchema.parse({});
    expect(s.workdayMinutes).toBe(480);
    expect(s.approval.chain).toEqual(['manager', 'hr']);
    expect(s.overtime.monthlyLimitHours).toBe(36);
    expect(s.punch.allowedIps).toEqual([]);
  });

  it('accepts office addresses and ranges in IPv4 and IPv6', () => {
    expect(settingsSchema.parse({ punch: { allowedIps: ['10.0.0.0/8', '192.168.1.20', '2001:db8::/32'] } }).punch.allowedIps).toHaveLength(3);
  });

  it.each([['10.0.0.0/33'], ['office-lan'], ['300.1.1.1']])('refuses the office range %s, naming the key', (range) => {
    const result = settingsSchema.safeParse({ punch: { allowedIps: [range] } });
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.path).toEqual(['punch', 'allowedIps', 0]);
    expect(result.error!.issues[0]!.message).toContain('CIDR');
  });

  it('refuses a shift time that is not HH:MM', () => {
    expect(settingsSchema.safeParse({ defaultShift: { start: '9:00' } }).success).toBe(false);
  });
});
