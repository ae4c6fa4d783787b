// The `attendance` service other plugins get: the company calendar's workdays (payroll prorates by them).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTimeKit, thrown, type TimeKit } from '../../../tests/helpers/attendance-time-kit.js';
import { publicService } from './index.js';

describe('attendance service for other plugins', () => {
  let kit: TimeKit;
  beforeAll(async () => {
    kit = await startTimeKit({ now: '2026-11-26T10:00:00+08:00' });
  });
  afterAll(async () => {
    await kit?.close();
  });

  it('lists workdays by the company calendar: holidays out, adjusted Saturdays and company workdays in', () => {
    const service = publicService(kit.att);
    // National Day 10-01..07 off; Saturday 10-10 worked (调休).
    expect(service.workdays('2026-10-01', '2026-10-12')).toEqual(['2026-10-08', '2026-10-09', '2026-10-10', '2026-10-12']);
    kit.parts.calendar.addCompanyDays(null, null, { from: '2026-10-11', to: '2026-10-11', kind: 'workday', name: '盘点' });
    expect(service.workdays('2026-10-10', '2026-10-12')).toEqual(['2026-10-10', '2026-10-11', '2026-10-12']);
  });

  it('refuses a year the calendar does not know', () => {
    expect(thrown(() => publicService(kit.att).workdays('2027-01-01', '2027-01-31')).status).toBe(422);
  });
});
