/**
 * Pure arithmetic of the leave balance ledger (no database, no clock).
 *
 * A balance is the sum of its ledger rows. To know which minutes expire, the
 * positive rows (grants, accruals, carried and earned minutes) are kept as
 * "lots" and the negative ones consume them: the lot that expires first is
 * used first, a lot already expired on the row's date is not used, and what no
 * lot covers becomes a debt (negative balance, where the policy allows it) that
 * later lots pay off. A restore gives back exactly what its request took.
 * Rows are replayed in date order (the day each row counts for), then id.
 */
import { addDays, monthRange, shiftMonth } from '../domain/time.js';

export type LedgerKind = 'grant' | 'accrual' | 'carry' | 'expire' | 'taken' | 'restore' | 'earned' | 'adjust';

export interface LedgerRow {
  id: number;
  kind: LedgerKind;
  minutes: number;
  date: string;
  expiresOn: string | null;
  periodKey: string | null;
  requestId: number | null;
}

export interface Lot {
  /** The ledger row that created it. */
  id: number;
  date: string;
  expiresOn: string | null;
  minutes: number;
  remaining: number;
}

export interface LotState {
  lots: Lot[];
  /** Minutes used beyond every lot (a negative balance). */
  debt: number;
}

/** Period key of a year-end close: the year's unused balance is written off (and partly carried). */
export const closeKey = (year: number): string => `close:${year}`;
/** Period key of the n-th expiry of one lot (a restore after expiry can make a second one necessary). */
export const lotExpiryKey = (lotId: number, n: number): string => `lot:${lotId}:${n}`;
const lotOfExpiry = (periodKey: string | null): number | null => {
  const m = /^lot:(\d+):\d+$/.exec(periodKey ?? '');
  return m ? Number(m[1]) : null;
};

const byDateThenId = (a: LedgerRow, b: LedgerRow) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.id - b.id);
const FAR = '9999-12-31';

/** Replay the rows into lots. */
export function replayLedger(rows: readonly LedgerRow[]): LotState {
  const lots: Lot[] = [];
  const lotById = new Map<number, Lot>();
  let debt = 0;
  // What each request took, from which lot (null = debt), to give back on restore.
  const takenBy = new Map<number, { lot: Lot | null; minutes: number }[]>();

  const addLot = (row: LedgerRow, minutes: number) => {
    const paid = Math.min(debt, minutes);
    debt -= paid;
    const lot: Lot = { id: row.id, date: row.date, expiresOn: row.expiresOn, minutes, remaining: minutes - paid };
    lots.push(lot);
    lotById.set(lot.id, lot);
  };

  const consume = (row: LedgerRow, minutes: number) => {
    const usable = lots
      .filter((l) => l.remaining > 0 && (l.expiresOn == null || l.expiresOn >= row.date))
      .sort((a, b) => ((a.expiresOn ?? FAR) < (b.expiresOn ?? FAR) ? -1 : (a.expiresOn ?? FAR) > (b.expiresOn ?? FAR) ? 1 : a.id - b.id));
    const parts: { lot: Lot | null; minutes: number }[] = [];
    let left = minutes;
    for (const lot of usable) {
      if (left === 0) break;
      const take = Math.min(lot.remaining, left);
      lot.remaining -= take;
      left -= take;
      parts.push({ lot, minutes: take });
    }
    if (left > 0) {
      debt += left;
      parts.push({ lot: null, minutes: left });
    }
    if (row.requestId != null) takenBy.set(row.requestId, [...(takenBy.get(row.requestId) ?? []), ...parts]);
  };

  const restore = (row: LedgerRow, minutes: number) => {
    const parts = row.requestId != null ? (takenBy.get(row.requestId) ?? []) : [];
    let left = minutes;
    while (left > 0 && parts.length) {
      const part = parts[parts.length - 1]!;
      const back = Math.min(part.minutes, left);
      if (part.lot) part.lot.remaining += back;
      else debt -= back;
      part.minutes -= back;
      left -= back;
      if (part.minutes === 0) parts.pop();
    }
    if (left > 0) addLot(row, left);
  };

  for (const row of [...rows].sort(byDateThenId)) {
    if (row.kind === 'restore' && row.minutes > 0) restore(row, row.minutes);
    else if (row.kind === 'expire' && lotOfExpiry(row.periodKey) != null) {
      const lot = lotById.get(lotOfExpiry(row.periodKey)!);
      if (lot) lot.remaining = Math.max(0, lot.remaining + row.minutes);
    } else if (row.kind === 'expire' && row.periodKey?.startsWith('close:')) {
      // A year-end close writes off everything unused up to its date.
      for (const lot of lots) if (lot.date <= row.date) lot.remaining = 0;
    } else if (row.minutes > 0) addLot(row, row.minutes);
    else if (row.minutes < 0) consume(row, -row.minutes);
  }
  return { lots, debt };
}

/** Expiry rows due on `today`: every lot past its date with minutes left. `expiredCount` = expiry rows already written per lot. */
export function dueExpiries(
  state: LotState,
  today: string,
  expiredCount: ReadonlyMap<number, number>,
): { lotId: number; minutes: number; date: string; periodKey: string }[] {
  return state.lots
    .filter((l) => l.expiresOn != null && l.expiresOn < today && l.remaining > 0)
    .map((l) => ({ lotId: l.id, minutes: -l.remaining, date: addDays(l.expiresOn!, 1), periodKey: lotExpiryKey(l.id, (expiredCount.get(l.id) ?? 0) + 1) }));
}

/** How many expiry rows each lot already has. */
export function expiryCounts(rows: readonly LedgerRow[]): Map<number, number> {
  const out = new Map<number, number>();
  for (const r of rows) {
    const lot = r.kind === 'expire' ? lotOfExpiry(r.periodKey) : null;
    if (lot != null) out.set(lot, (out.get(lot) ?? 0) + 1);
  }
  return out;
}

/** Minutes still valid that expire from `asOf` to `until` inclusive, per expiry date, soonest first. */
export function expiringBetween(state: LotState, asOf: string, until: string): { date: string; minutes: number }[] {
  const byDate = new Map<string, number>();
  for (const l of state.lots) {
    if (l.expiresOn == null || l.remaining <= 0 || l.expiresOn < asOf || l.expiresOn > until) continue;
    byDate.set(l.expiresOn, (byDate.get(l.expiresOn) ?? 0) + l.remaining);
  }
  return [...byDate].sort(([a], [b]) => (a < b ? -1 : 1)).map(([date, minutes]) => ({ date, minutes }));
}

/**
 * The year-end close of `year` for a balance whose rows up to that year's last
 * day sum to `remaining`: write it all off and carry at most `capMinutes` into
 * the next year. Nothing when there is nothing left (a debt stays a debt).
 */
export function yearClose(
  year: number,
  remaining: number,
  capMinutes: number,
  expiryMonths: number,
): { expire: number; carry: number; carryExpiresOn: string | null } | null {
  if (remaining <= 0) return null;
  const carry = Math.min(remaining, Math.max(0, capMinutes));
  return { expire: -remaining, carry, carryExpiresOn: carry > 0 && expiryMonths > 0 ? lastDayOfMonth(year + 1, expiryMonths) : null };
}

/** The last day of the `n`-th month of `year` (n = 3 → `YYYY-03-31`; 15 → March of the next year). */
export function lastDayOfMonth(year: number, n: number): string {
  const index = year * 12 + (n - 1);
  const month = `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
  return monthRange(month).to;
}

/** `date` plus `months` calendar months, the day clamped to the month's length (01-31 + 1 → 02-28). */
export function addMonths(date: string, months: number): string {
  const month = shiftMonth(date.slice(0, 7), months);
  const last = monthRange(month).to;
  const day = `${month}-${date.slice(8, 10)}`;
  return day > last ? last : day;
}

