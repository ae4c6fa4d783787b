// The balance ledger's arithmetic: lots used soonest-expiring first, expiry, restores, the year-end close, month math.
import { describe, expect, it } from 'vitest';
import {
  addMonths,
  dueExpiries,
  expiringBetween,
  expiryCounts,
  lastDayOfMonth,
  replayLedger,
  yearClose,
  type LedgerRow,
} from './leave-ledger.js';

let nextId = 1;
const row = (kind: LedgerRow['kind'], minutes: number, date: string, extra: Partial<LedgerRow> = {}): LedgerRow => ({
  id: nextId++,
  kind,
  minutes,
  date,
  expiresOn: null,
  periodKey: null,
  requestId: null,
  ...extra,
});

describe('replayLedger', () => {
  it('uses the lot that expires first, then lots that never expire', () => {
    const carry = row('carry', 960, '2026-01-01', { expiresOn: '2026-03-31' });
    const grant = row('grant', 4800, '2026-01-01');
    const state = replayLedger([grant, carry, row('taken', -1440, '2026-02-10', { requestId: 1 })]);
    expect(state.lots.find((l) => l.id === carry.id)?.remaining).toBe(0);
    expect(state.lots.find((l) => l.id === grant.id)?.remaining).toBe(4800 - 480);
    expect(state.debt).toBe(0);
  });

  it('does not use a lot already expired on the day of the leave', () => {
    const carry = row('carry', 960, '2026-01-01', { expiresOn: '2026-03-31' });
    const grant = row('grant', 4800, '2026-01-01');
    const state = replayLedger([carry, grant, row('taken', -480, '2026-04-01', { requestId: 2 })]);
    expect(state.lots.find((l) => l.id === carry.id)?.remaining).toBe(960);
    expect(state.lots.find((l) => l.id === grant.id)?.remaining).toBe(4320);
  });

  it('gives a restore back to the lots its request took from', () => {
    const carry = row('carry', 480, '2026-01-01', { expiresOn: '2026-03-31' });
    const grant = row('grant', 2400, '2026-01-01');
    const state = replayLedger([
      carry,
      grant,
      row('taken', -960, '2026-02-02', { requestId: 3 }),
      row('restore', 960, '2026-02-02', { requestId: 3 }),
    ]);
    expect(state.lots.map((l) => l.remaining)).toEqual([480, 2400]);
  });

  it('keeps what no lot covers as a debt that the next grant pays', () => {
    const state = replayLedger([row('taken', -480, '2026-01-05', { requestId: 4 }), row('grant', 2400, '2026-02-01')]);
    expect(state.debt).toBe(0);
    expect(state.lots[0]?.remaining).toBe(1920);
    expect(replayLedger([row('taken', -480, '2026-01-05', { requestId: 5 })]).debt).toBe(480);
  });

  it('zeroes every earlier lot at a year-end close', () => {
    const grant = row('grant', 2400, '2025-01-01');
    const state = replayLedger([grant, row('expire', -2400, '2025-12-31', { periodKey: 'close:2025' }), row('carry', 960, '2026-01-01', { expiresOn: '2026-03-31' })]);
    expect(state.lots.map((l) => l.remaining)).toEqual([0, 960]);
  });
});

describe('expiry', () => {
  const carry = row('carry', 960, '2026-01-01', { expiresOn: '2026-03-31' });
  const rows = [carry, row('grant', 4800, '2026-01-01'), row('taken', -480, '2026-02-02', { requestId: 6 })];

  it.each([
    ['2026-03-31', []],
    ['2026-04-01', [{ lotId: carry.id, minutes: -480, date: '2026-04-01', periodKey: `lot:${carry.id}:1` }]],
  ])('on %s writes %j', (today, expected) => {
    expect(dueExpiries(replayLedger(rows), today, expiryCounts(rows))).toEqual(expected);
  });

  it('writes nothing once the expiry row exists (idempotent)', () => {
    const done = [...rows, row('expire', -480, '2026-04-01', { periodKey: `lot:${carry.id}:1` })];
    expect(dueExpiries(replayLedger(done), '2026-05-01', expiryCounts(done))).toEqual([]);
  });

  it('points out minutes expiring soon', () => {
    expect(expiringBetween(replayLedger(rows), '2026-03-01', '2026-06-01')).toEqual([{ date: '2026-03-31', minutes: 480 }]);
    expect(expiringBetween(replayLedger(rows), '2026-01-01', '2026-02-01')).toEqual([]);
  });
});

describe('yearClose', () => {
  it.each([
    // year, remaining, cap, months, expected
    [2025, 4800, 2400, 3, { expire: -4800, carry: 2400, carryExpiresOn: '2026-03-31' }],
    [2025, 960, 2400, 3, { expire: -960, carry: 960, carryExpiresOn: '2026-03-31' }],
    [2025, 960, 0, 3, { expire: -960, carry: 0, carryExpiresOn: null }],
    [2025, 960, 2400, 0, { expire: -960, carry: 960, carryExpiresOn: null }],
    [2025, 0, 2400, 3, null],
    [2025, -480, 2400, 3, null],
  ])('%i with %i left, cap %i, %i months → %j', (year, remaining, cap, months, expected) => {
    expect(yearClose(year, remaining, cap, months)).toEqual(expected);
  });
});

describe('month math', () => {
  it.each([
    [2026, 3, '2026-03-31'],
    [2026, 2, '2026-02-28'],
    [2024, 2, '2024-02-29'],
    [2026, 15, '2027-03-31'],
  ])('lastDayOfMonth(%i, %i) = %s', (year, n, expected) => expect(lastDayOfMonth(year, n)).toBe(expected));

  it.each([
    ['2026-01-31', 1, '2026-02-28'],
    ['2026-08-15', 6, '2027-02-15'],
    ['2026-11-30', 3, '2027-02-28'],
  ])('addMonths(%s, %i) = %s', (date, n, expected) => expect(addMonths(date, n)).toBe(expected));
});
