/**
 * Punches from a platform's check-in data into attendance, the pure part: days as instants in the
 * instance's time zone, and remote punches mapped to attendance's `addPunches` input through the
 * links. The core does not import the attendance plugin: it sees its service through the
 * structural type below (plugins/attendance/service-api.ts `AttendanceService` satisfies it).
 */
import { todayIn } from '../people/validate.js';
import type { RemotePunch } from './types.js';

/** What the connector layer uses of the `attendance` service. */
export interface PunchSink {
  addPunches(punches: PunchInput[]): { added: number; skipped: number };
  isMonthLocked(month: string): boolean;
}

/** Sources attendance knows; another connector's punches are stored as `api`. */
const ATTENDANCE_SOURCES = ['wecom', 'dingtalk'];

/** The UTC instant of 00:00 on `date` (`YYYY-MM-DD`) in `timeZone`. */
export function localMidnight(date: string, timeZone: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const guess = Date.UTC(y, m - 1, d);
  // Two passes settle days where the offset itself changes (DST zones; China has none).
  let at = guess - offsetMs(guess, timeZone);
  at = guess - offsetMs(at, timeZone);
  return at;
}

function offsetMs(at: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(new Date(at));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return wall - Math.floor(at / 1000) * 1000;
}

export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** `[from 00:00, the day after `to` 00:00)` as ISO instants. */
export function dayRange(from: string, to: string, timeZone: string): { fromIso: string; toIso: string } {
  return { fromIso: new Date(localMidnight(from, timeZone)).toISOString(), toIso: new Date(localMidnight(addDays(to, 1), timeZone)).toISOString() };
}

export interface PunchInput {
  employeeId: number;
  at: Date;
  source: string;
  externalId: string;
  latitude?: number;
  longitude?: number;
  note: string;
}

export interface MappedPunches {
  punches: PunchInput[];
  /** Punches of accounts linked to nobody. */
  unlinked: number;
  /** In the future, unreadable, or in a month locked for payroll. */
  refused: number;
}

/**
 * Remote punches → attendance input. The external id (`<connector>:<user>:<ms>`) makes a second
 * sync of the same day add nothing (attendance skips a known (source, externalId)).
 */
export function mapPunches(
  connector: string,
  remote: readonly RemotePunch[],
  employeeOf: (remoteUserId: string) => number | null,
  opts: { now: number; timeZone: string; isMonthLocked(month: string): boolean },
): MappedPunches {
  const out: MappedPunches = { punches: [], unlinked: 0, refused: 0 };
  const source = ATTENDANCE_SOURCES.includes(connector) ? connector : 'api';
  const seen = new Set<string>();
  for (const p of remote) {
    const employeeId = employeeOf(p.remoteUserId);
    if (employeeId === null) {
      out.unlinked++;
      continue;
    }
    const at = Date.parse(p.at);
    if (!Number.isFinite(at) || at > opts.now || opts.isMonthLocked(todayIn(opts.timeZone, new Date(at)).slice(0, 7))) {
      out.refused++;
      continue;
    }
    const externalId = `${connector}:${p.remoteUserId}:${at}`;
    if (seen.has(externalId)) continue;
    seen.add(externalId);
    out.punches.push({
      employeeId,
      at: new Date(at),
      source,
      externalId,
      ...(typeof p.latitude === 'number' ? { latitude: p.latitude } : {}),
      ...(typeof p.longitude === 'number' ? { longitude: p.longitude } : {}),
      note: p.source.slice(0, 200),
    });
  }
  return out;
}
