/**
 * Punches (打卡): web punches from phones and desktops (with the office's
 * geofence or IP rules), device exports (CSV, all or nothing), punches other
 * plugins add (WeCom, DingTalk connectors) and approved corrections (补卡).
 *
 * Every way in goes through `store`: duplicates by (source, externalId) and
 * punches within `settings.punch.dedupeSeconds` of another of the same person
 * are skipped; future punches and locked months are refused; the affected days
 * (and the day before, for night shifts) are recomputed in the same transaction.
 */
import { and, asc, eq, gte, inArray, lt } from 'drizzle-orm';
import { HttpError, type HrContext, type SessionUser } from '../../../core/sdk.js';
import { distanceMeters, insideGeofence, ipAllowed } from '../domain/punch-rules.js';
import { addDays, localDate, zonedMidnight } from '../domain/time.js';
import { punches, PUNCH_SOURCES } from '../schema.js';
import type { AddPunchInput } from '../service-api.js';
import { createCorrectionService } from './corrections.js';
import { OVERRIDE_PERMISSION } from './locks.js';
import { readPunchCsv, type ImportMessage } from './punch-import.js';
import { maxDate, minDate, uniqueDates } from './ranges.js';
import type { AttendanceParts } from './types.js';

/** Device clocks drift a little: a punch up to this far ahead of the server clock is taken as now. */
export const FUTURE_TOLERANCE_MS = 60_000;
/** Sources other plugins and devices may add; `correction` punches come only from approved corrections. */
const EXTERNAL_SOURCES: readonly string[] = PUNCH_SOURCES.filter((s) => s !== 'correction');

export type PunchSource = (typeof PUNCH_SOURCES)[number];

export interface NewPunch {
  employeeId: number;
  at: number;
  source: PunchSource;
  externalId?: string | null;
  latitude?: number | null;
  longitude?: number | null;
  ip?: string | null;
  note?: string | null;
}

export interface PunchView {
  id: number;
  employeeId: number;
  at: Date;
  source: string;
  note: string | null;
}

export interface ImportReport {
  fileName: string;
  encoding: string;
  rows: number;
  errors: ImportMessage[];
  errorCount: number;
  /** Whether anything was written (only when there was no error). */
  written: boolean;
  added: number;
  skipped: number;
  employees: number;
  from: string | null;
  to: string | null;
}

/** `850 m`, `12.3 km`: as people say distances. */
export function formatDistance(meters: number): string {
  return meters < 1000 ? `${Math.round(meters)} m` : `${(meters / 1000).toFixed(1)} km`;
}

export function createPunchService(parts: AttendanceParts) {
  const { db, ctx, settings } = parts;
  const timezone = ctx.config.timezone;
  const dedupeMs = settings.punch.dedupeSeconds * 1000;

  const nearStmt = parts.sqlite.prepare('SELECT 1 FROM attendance_punches WHERE employee_id = ? AND at > ? AND at < ? LIMIT 1');
  const externalStmt = parts.sqlite.prepare('SELECT 1 FROM attendance_punches WHERE source = ? AND external_id = ? LIMIT 1');

  /**
   * Insert the punches that are not duplicates and recompute their days. Call
   * inside a transaction, after validation. Returns what was added.
   */
  function store(list: NewPunch[], createdByUserId: number | null): { added: NewPunch[]; skipped: number } {
    const sorted = [...list].sort((a, b) => a.employeeId - b.employeeId || a.at - b.at);
    const added: NewPunch[] = [];
    const lastOf = new Map<number, number>();
    let skipped = 0;
    for (const p of sorted) {
      const externalDuplicate = p.externalId != null && externalStmt.get(p.source, p.externalId);
      const previous = lastOf.get(p.employeeId);
      // As domain dedupePunches: closer than the window to a kept punch is the same punch.
      const nearOther = (previous !== undefined && p.at - previous < dedupeMs) || (dedupeMs > 0 && nearStmt.get(p.employeeId, p.at - dedupeMs, p.at + dedupeMs));
      if (externalDuplicate || nearOther) {
        skipped++;
        continue;
      }
      db.insert(punches)
        .values({ employeeId: p.employeeId, at: p.at, source: p.source, externalId: p.externalId ?? null, latitude: p.latitude ?? null, longitude: p.longitude ?? null, ip: p.ip ?? null, note: p.note ?? null, createdByUserId })
        .run();
      lastOf.set(p.employeeId, p.at);
      added.push(p);
    }
    recomputeFor(added);
    return { added, skipped };
  }

  /** A punch after midnight may close the previous day's night shift: recompute from the day before. */
  function recomputeFor(list: NewPunch[]): void {
    if (!list.length) return;
    const dates = list.map((p) => localDate(p.at, timezone));
    const from = addDays(dates.reduce(minDate), -1);
    const to = dates.reduce(maxDate);
    parts.recompute.many(from, to, [...new Set(list.map((p) => p.employeeId))]);
  }

  function assertNotFuture(at: number): void {
    if (at > parts.now().getTime() + FUTURE_TOLERANCE_MS) throw new HttpError(422, 'attendance.error.future');
  }

  function knownEmployees(ids: number[]): Set<number> {
    return new Set(ctx.people.employees.roster({ ids: [...new Set(ids)], includeLeft: true }).map((e) => e.id));
  }

  /** The web punch rules: an office IP, or a location inside a geofence; none configured = allowed. */
  function checkWhere(ip: string | null, latitude: number | null, longitude: number | null): void {
    const { geofences, allowedIps } = settings.punch;
    if (!geofences.length && !allowedIps.length) return;
    if (allowedIps.length && ip && ipAllowed(ip, allowedIps)) return;
    if (geofences.length && latitude !== null && longitude !== null) {
      const point = { latitude, longitude };
      if (insideGeofence(point, geofences)) return;
      const nearest = geofences.map((f) => ({ name: f.name, meters: distanceMeters(point, f) })).sort((a, b) => a.meters - b.meters)[0]!;
      throw new HttpError(403, 'attendance.time.punch.error.outside', { name: nearest.name, meters: formatDistance(nearest.meters) });
    }
    if (geofences.length) throw new HttpError(403, allowedIps.length ? 'attendance.time.punch.error.locationOrNetwork' : 'attendance.time.punch.error.location');
    throw new HttpError(403, 'attendance.time.punch.error.network', { ip: ip ?? '?' });
  }

  const service = {
    ensureDefaultShift: () => parts.schedule.ensureDefaultShift(),

    /** Punches from other plugins (connectors) and devices: all refused when one is invalid. */
    addMany(list: AddPunchInput[]): { added: number; skipped: number } {
      if (!list.length) return { added: 0, skipped: 0 };
      const known = knownEmployees(list.map((p) => p.employeeId));
      const prepared: NewPunch[] = list.map((p) => {
        const at = p.at instanceof Date ? p.at.getTime() : new Date(p.at as unknown as string).getTime();
        if (!Number.isFinite(at)) throw new HttpError(400, 'attendance.time.punch.error.badInstant');
        if (!known.has(p.employeeId)) throw new HttpError(422, 'attendance.time.error.unknownEmployee', { value: p.employeeId });
        if (!EXTERNAL_SOURCES.includes(p.source)) throw new HttpError(400, 'attendance.time.punch.error.badSource', { source: String(p.source) });
        assertNotFuture(at);
        return { employeeId: p.employeeId, at, source: p.source, externalId: p.externalId ?? null, latitude: p.latitude ?? null, longitude: p.longitude ?? null, note: p.note ?? null };
      });
      return db.transaction(() => {
        parts.locks.assertWritable(null, null, uniqueDates(prepared.map((p) => localDate(p.at, timezone))), 'punch');
        const { added, skipped } = store(prepared, null);
        if (added.length) {
          ctx.audit(null, { action: 'attendance.punch.add', entity: 'attendance_punches', after: { count: added.length, skipped, sources: [...new Set(added.map((p) => p.source))] } });
        }
        return { added: added.length, skipped };
      });
    },

    /** The signed-in employee punches now, from this browser. */
    webPunch(c: HrContext, user: SessionUser, where: { latitude?: number | null; longitude?: number | null }): { at: Date; duplicate: boolean } {
      if (user.employeeId == null) throw new HttpError(422, 'attendance.error.noEmployee');
      const employeeId = user.employeeId;
      // Core honours `trustProxy` (X-Forwarded-For behind a reverse proxy); mapped IPv4 is matched by ipAllowed.
      const ip = ctx.clientIp(c);
      const latitude = where.latitude ?? null;
      const longitude = where.longitude ?? null;
      checkWhere(ip, latitude, longitude);
      const at = parts.now().getTime();
      return db.transaction(() => {
        parts.locks.assertWritable(c, user, [localDate(at, timezone)], 'punch');
        const { added } = store([{ employeeId, at, source: 'web', latitude, longitude, ip }], user.id);
        if (added.length) ctx.audit(c, { action: 'attendance.punch.web', entity: 'attendance_punches', entityId: employeeId, after: { at: new Date(at), latitude, longitude, ip } });
        return { at: new Date(at), duplicate: added.length === 0 };
      });
    },

    /** A device export: every row checked first; with any error nothing is written. Re-importing the same file adds nothing. */
    importCsv(c: HrContext | null, user: SessionUser | null, bytes: Uint8Array, fileName: string): ImportReport {
      const override = !!user?.permissions.has(OVERRIDE_PERMISSION);
      const byNumber = new Map(ctx.people.employees.roster({ includeLeft: true }).map((e) => [e.employeeNo.trim(), e.id]));
      const parsed = readPunchCsv(bytes, {
        timezone,
        now: parts.now().getTime() + FUTURE_TOLERANCE_MS,
        employeeIdOf: (no) => byNumber.get(no) ?? null,
        isBlockedMonth: (month) => !override && parts.locks.isLocked(month),
      });
      const dates = parsed.punches.map((p) => p.date).sort();
      const report: ImportReport = {
        fileName,
        encoding: parsed.encoding,
        rows: parsed.rows,
        errors: parsed.errors,
        errorCount: parsed.errorCount,
        written: false,
        added: 0,
        skipped: 0,
        employees: new Set(parsed.punches.map((p) => p.employeeId)).size,
        from: dates[0] ?? null,
        to: dates[dates.length - 1] ?? null,
      };
      if (parsed.errorCount > 0) return report;
      return db.transaction(() => {
        parts.locks.assertWritable(c, user, uniqueDates(dates), 'punch.import');
        const list: NewPunch[] = parsed.punches.map((p) => ({ employeeId: p.employeeId, at: p.at, source: 'import', externalId: `${p.employeeNo}@${p.at}` }));
        const { added, skipped } = store(list, user?.id ?? null);
        ctx.audit(c, { action: 'attendance.punch.import', entity: 'attendance_punches', after: { fileName, rows: parsed.rows, added: added.length, skipped, from: report.from, to: report.to } });
        return { ...report, written: true, added: added.length, skipped };
      });
    },

    /** HR adds a punch someone forgot, resolving an exception: source `correction`, audited, locked months need the override. */
    addManual(c: HrContext | null, user: SessionUser, employeeId: number, at: number, note: string): { added: boolean } {
      if (!knownEmployees([employeeId]).has(employeeId)) throw new HttpError(404, 'attendance.error.notFound');
      assertNotFuture(at);
      return db.transaction(() => {
        parts.locks.assertWritable(c, user, [localDate(at, timezone)], 'punch.manual');
        const { added } = store([{ employeeId, at, source: 'correction', note: note || null }], user.id);
        if (added.length) ctx.audit(c, { action: 'attendance.punch.manual', entity: 'attendance_punches', entityId: employeeId, after: { at: new Date(at), note } });
        return { added: added.length > 0 };
      });
    },

    /** Punches of one person on one local date, in time order. */
    listForDay(employeeId: number, date: string): PunchView[] {
      return service.list([employeeId], date, date);
    },

    /** Punches of these people (null: everyone) from `from` to `to` (local dates, inclusive). */
    list(employeeIds: number[] | null, from: string, to: string): PunchView[] {
      if (employeeIds && !employeeIds.length) return [];
      return db
        .select({ id: punches.id, employeeId: punches.employeeId, at: punches.at, source: punches.source, note: punches.note })
        .from(punches)
        .where(
          and(
            employeeIds ? inArray(punches.employeeId, employeeIds) : undefined,
            gte(punches.at, zonedMidnight(from, timezone)),
            lt(punches.at, zonedMidnight(addDays(to, 1), timezone)),
          ),
        )
        .orderBy(asc(punches.employeeId), asc(punches.at))
        .all()
        .map((p) => ({ ...p, at: new Date(p.at) }));
    },

    /** One punch by id (corrections link theirs). */
    get(id: number): PunchView | null {
      const p = db.select({ id: punches.id, employeeId: punches.employeeId, at: punches.at, source: punches.source, note: punches.note }).from(punches).where(eq(punches.id, id)).get();
      return p ? { ...p, at: new Date(p.at) } : null;
    },
  };

  /** Approved corrections become punches through the same path (dedupe, recompute). */
  const corrections = createCorrectionService(parts, {
    addCorrectionPunch(employeeId, at, correctionId, note, createdByUserId) {
      const { added } = store([{ employeeId, at, source: 'correction', externalId: `correction:${correctionId}`, note }], createdByUserId);
      if (added.length) return db.select({ id: punches.id }).from(punches).where(and(eq(punches.source, 'correction'), eq(punches.externalId, `correction:${correctionId}`))).get()?.id ?? null;
      return null;
    },
  });

  return { ...service, corrections };
}

export type PunchService = ReturnType<typeof createPunchService>;
