/**
 * Shifts, rotations and assignments (班次与排班), and which shift an employee
 * works on a date. Resolution, per employee and date:
 * 1. the employee's own assignments covering the date, else those of the
 *    nearest department up the tree that has one; among them the latest
 *    `effectiveFrom` (then the newest row);
 * 2. no assignment at all: the default shift;
 * 3. a shift (fixed or flexible) applies on the calendar's workdays only; a
 *    rotation's pattern decides by itself: day (date − anchor) mod length.
 * `shiftsFor` loads every table once and resolves whole departments at a time,
 * so recomputing a month for a thousand people stays fast.
 */
import { and, asc, desc, eq, gte, isNull, lte, or } from 'drizzle-orm';
import { HttpError, type HrContext, type SessionUser } from '../../../core/sdk.js';
import { daysBetween, monthOf, shiftMonth } from '../domain/time.js';
import type { CalendarDay, ShiftRule } from '../domain/types.js';
import { assignments, rotations, shifts } from '../schema.js';
import { parseOrThrow } from './input.js';
import { assignmentInput, rotationInput, shiftInput, shiftTimeline } from './schedule-input.js';
import { minDate, oneDatePerMonth } from './ranges.js';
import { translate } from './text.js';
import type { AssignmentInput, AssignmentRow, AttendanceParts, RotationRow, ScheduleService, ShiftInput, ShiftRow } from './types.js';

type ShiftDbRow = typeof shifts.$inferSelect;
type AssignmentDbRow = typeof assignments.$inferSelect;

/** A stored shift as the daily-results function needs it. */
export function toShiftRule(row: ShiftDbRow): ShiftRule {
  const t = shiftTimeline(row);
  const breakMinutes = t.breakStart !== null && t.breakEnd !== null ? t.breakEnd - t.breakStart : 0;
  return {
    id: row.id,
    kind: row.kind,
    start: t.start,
    end: t.end,
    breakStart: t.breakStart,
    breakEnd: t.breakEnd,
    graceLateMinutes: row.graceLateMinutes,
    graceEarlyMinutes: row.graceEarlyMinutes,
    flexMinutes: row.flexMinutes,
    requiredMinutes: row.kind === 'flexible' && row.requiredMinutes ? row.requiredMinutes : t.end - t.start - breakMinutes,
    windowBeforeMinutes: row.windowBeforeMinutes,
    windowAfterMinutes: row.windowAfterMinutes,
    absentAfterMinutes: row.absentAfterMinutes,
  };
}

function toShiftRow(row: ShiftDbRow): ShiftRow {
  const { createdAt: _created, ...rest } = row;
  return rest;
}

/** Newest first: the latest `effectiveFrom`, then the latest row. */
function byRecency(a: AssignmentDbRow, b: AssignmentDbRow): number {
  return a.effectiveFrom === b.effectiveFrom ? b.id - a.id : a.effectiveFrom < b.effectiveFrom ? 1 : -1;
}

export function createScheduleService(parts: AttendanceParts): ScheduleService {
  const { db, ctx, settings } = parts;

  function ensureDefaultShift(): number {
    const existing = db.select({ id: shifts.id }).from(shifts).where(eq(shifts.isDefault, true)).get();
    if (existing) return existing.id;
    const d = settings.defaultShift;
    return db
      .insert(shifts)
      .values({ name: translate(ctx.config.defaultLocale, 'attendance.time.shift.defaultName'), kind: 'fixed', start: d.start, end: d.end, breakStart: d.breakStart, breakEnd: d.breakEnd, isDefault: true })
      .returning({ id: shifts.id })
      .get().id;
  }

  /** Department id → its chain up to the root, nearest first. */
  function departmentChains(): Map<number, number[]> {
    const parentOf = new Map(ctx.people.departments().map((d) => [d.id, d.parentId]));
    const chains = new Map<number, number[]>();
    for (const id of parentOf.keys()) {
      const chain: number[] = [];
      for (let at: number | null | undefined = id; at != null && !chain.includes(at); at = parentOf.get(at)) chain.push(at);
      chains.set(id, chain);
    }
    return chains;
  }

  function shiftsFor(employeeIds: number[], from: string, to: string): Map<number, Map<string, ShiftRule | null>> {
    const out = new Map<number, Map<string, ShiftRule | null>>();
    if (!employeeIds.length || to < from) return out;
    const defaultId = ensureDefaultShift();
    const rules = new Map(db.select().from(shifts).all().map((r) => [r.id, toShiftRule(r)]));
    const patterns = new Map(db.select({ id: rotations.id, pattern: rotations.pattern }).from(rotations).all().map((r) => [r.id, r.pattern]));
    const covering = db
      .select()
      .from(assignments)
      .where(and(lte(assignments.effectiveFrom, to), or(isNull(assignments.effectiveTo), gte(assignments.effectiveTo, from))))
      .all()
      .sort(byRecency);
    const ofEmployee = new Map<number, AssignmentDbRow[]>();
    const ofDepartment = new Map<number, AssignmentDbRow[]>();
    for (const a of covering) {
      const map = a.targetType === 'employee' ? ofEmployee : ofDepartment;
      const list = map.get(a.targetId) ?? [];
      list.push(a);
      map.set(a.targetId, list);
    }
    const days = parts.calendar.days(from, to);
    const chains = departmentChains();
    const defaultRule = rules.get(defaultId) ?? null;

    const planOn = (a: AssignmentDbRow | undefined, day: CalendarDay): ShiftRule | null => {
      if (!a) return day.kind === 'workday' ? defaultRule : null;
      if (a.rotationId !== null) {
        const pattern = patterns.get(a.rotationId);
        if (!pattern?.length) return null;
        const n = daysBetween(a.anchorDate ?? a.effectiveFrom, day.date);
        const shiftId = pattern[((n % pattern.length) + pattern.length) % pattern.length];
        return shiftId == null ? null : (rules.get(shiftId) ?? null);
      }
      return day.kind === 'workday' && a.shiftId !== null ? (rules.get(a.shiftId) ?? null) : null;
    };
    const pick = (levels: AssignmentDbRow[][], date: string): AssignmentDbRow | undefined => {
      for (const level of levels) {
        const found = level.find((a) => a.effectiveFrom <= date && (a.effectiveTo === null || a.effectiveTo >= date));
        if (found) return found;
      }
      return undefined;
    };
    const resolve = (levels: AssignmentDbRow[][]) => new Map(days.map((day) => [day.date, planOn(pick(levels, day.date), day)]));

    // Everyone in a department without assignments of their own shares one result.
    const byDepartment = new Map<number, Map<string, ShiftRule | null>>();
    const departmentLevels = (departmentId: number) => (chains.get(departmentId) ?? [departmentId]).map((id) => ofDepartment.get(id) ?? []).filter((l) => l.length);
    const roster = ctx.people.employees.roster({ ids: employeeIds, includeLeft: true });
    for (const e of roster) {
      const own = ofEmployee.get(e.id);
      if (own) {
        out.set(e.id, resolve([own, ...departmentLevels(e.departmentId)]));
        continue;
      }
      let shared = byDepartment.get(e.departmentId);
      if (!shared) {
        shared = resolve(departmentLevels(e.departmentId));
        byDepartment.set(e.departmentId, shared);
      }
      out.set(e.id, shared);
    }
    return out;
  }

  /**
   * Changing a shift or rotation changes the days it applies to: recompute the
   * open part of the last two months (payroll may still be working on the
   * previous one); locked months keep their results.
   */
  function recomputeRecent(): void {
    const today = parts.today();
    parts.recompute.many(`${shiftMonth(monthOf(today), -1)}-01`, today, undefined, { skipLocked: true });
  }

  function employeesOf(a: Pick<AssignmentInput, 'targetType' | 'targetId'>): number[] {
    if (a.targetType === 'employee') return [a.targetId];
    const inTree = [...departmentChains()].filter(([, chain]) => chain.includes(a.targetId)).map(([id]) => id);
    const set = new Set(inTree);
    return ctx.people.employees
      .roster({ includeLeft: true })
      .filter((e) => set.has(e.departmentId))
      .map((e) => e.id);
  }

  /** An assignment changes its employees' days from `effectiveFrom` on: check locks, recompute the past part. */
  function applyAssignmentChange(c: HrContext | null, user: SessionUser | null, a: AssignmentInput): void {
    const end = minDate(a.effectiveTo ?? parts.today(), parts.today());
    if (a.effectiveFrom > end) return;
    parts.locks.assertWritable(c, user, oneDatePerMonth(a.effectiveFrom, end), 'schedule.assignment');
    const ids = employeesOf(a);
    if (ids.length) parts.recompute.many(a.effectiveFrom, end, ids);
  }

  function shiftRow(id: number): ShiftRow | null {
    const row = db.select().from(shifts).where(eq(shifts.id, id)).get();
    return row ? toShiftRow(row) : null;
  }

  function checkShiftIds(ids: (number | null)[]): void {
    const known = new Set(db.select({ id: shifts.id }).from(shifts).all().map((r) => r.id));
    for (const id of ids) if (id !== null && !known.has(id)) throw new HttpError(400, 'attendance.time.error.unknownShift', { id });
  }

  function targetName(a: AssignmentDbRow, names: Map<number, string>, paths: Map<number, string>): string {
    return (a.targetType === 'employee' ? names.get(a.targetId) : paths.get(a.targetId)) ?? `#${a.targetId}`;
  }

  return {
    shiftFor: (employeeId, date) => shiftsFor([employeeId], date, date).get(employeeId)?.get(date) ?? null,
    shiftsFor,
    ensureDefaultShift,

    shifts: () => db.select().from(shifts).orderBy(desc(shifts.isDefault), asc(shifts.name), asc(shifts.id)).all().map(toShiftRow),
    shift: shiftRow,

    saveShift(c, user, raw: ShiftInput, id) {
      const input = parseOrThrow(shiftInput, raw);
      return db.transaction(() => {
        const before = id === undefined ? null : shiftRow(id);
        if (id !== undefined && !before) throw new HttpError(404, 'attendance.error.notFound');
        const saved =
          id === undefined
            ? db.insert(shifts).values(input).returning({ id: shifts.id }).get().id
            : (db.update(shifts).set(input).where(eq(shifts.id, id)).run(), id);
        ctx.audit(c, { action: id === undefined ? 'attendance.shift.create' : 'attendance.shift.update', entity: 'attendance_shifts', entityId: saved, before: before ?? undefined, after: input });
        if (before) recomputeRecent();
        return saved;
      });
    },

    deleteShift(c, user, id) {
      db.transaction(() => {
        const before = shiftRow(id);
        if (!before) throw new HttpError(404, 'attendance.error.notFound');
        if (before.isDefault) throw new HttpError(409, 'attendance.time.error.defaultShift');
        const inAssignment = db.select({ id: assignments.id }).from(assignments).where(eq(assignments.shiftId, id)).get();
        const inRotation = db.select({ pattern: rotations.pattern }).from(rotations).all().some((r) => r.pattern.includes(id));
        if (inAssignment || inRotation) throw new HttpError(409, 'attendance.time.error.shiftInUse', { name: before.name });
        db.delete(shifts).where(eq(shifts.id, id)).run();
        ctx.audit(c, { action: 'attendance.shift.delete', entity: 'attendance_shifts', entityId: id, before });
      });
    },

    makeDefaultShift(c, user, id) {
      db.transaction(() => {
        const target = shiftRow(id);
        if (!target) throw new HttpError(404, 'attendance.error.notFound');
        if (target.isDefault) return;
        const previous = db.select({ id: shifts.id }).from(shifts).where(eq(shifts.isDefault, true)).get();
        db.update(shifts).set({ isDefault: false }).where(eq(shifts.isDefault, true)).run();
        db.update(shifts).set({ isDefault: true, active: true }).where(eq(shifts.id, id)).run();
        ctx.audit(c, { action: 'attendance.shift.default', entity: 'attendance_shifts', entityId: id, before: { defaultShiftId: previous?.id ?? null }, after: { defaultShiftId: id } });
        recomputeRecent();
      });
    },

    rotations: () => db.select().from(rotations).orderBy(asc(rotations.name), asc(rotations.id)).all().map(({ createdAt: _c, ...r }): RotationRow => r),

    saveRotation(c, user, raw, id) {
      const input = parseOrThrow(rotationInput, raw);
      return db.transaction(() => {
        checkShiftIds(input.pattern);
        const before = id === undefined ? undefined : db.select().from(rotations).where(eq(rotations.id, id)).get();
        if (id !== undefined && !before) throw new HttpError(404, 'attendance.error.notFound');
        const saved =
          id === undefined
            ? db.insert(rotations).values(input).returning({ id: rotations.id }).get().id
            : (db.update(rotations).set(input).where(eq(rotations.id, id)).run(), id);
        ctx.audit(c, { action: id === undefined ? 'attendance.rotation.create' : 'attendance.rotation.update', entity: 'attendance_rotations', entityId: saved, before, after: input });
        if (before) recomputeRecent();
        return saved;
      });
    },

    deleteRotation(c, user, id) {
      db.transaction(() => {
        const before = db.select().from(rotations).where(eq(rotations.id, id)).get();
        if (!before) throw new HttpError(404, 'attendance.error.notFound');
        if (db.select({ id: assignments.id }).from(assignments).where(eq(assignments.rotationId, id)).get()) {
          throw new HttpError(409, 'attendance.time.error.rotationInUse', { name: before.name });
        }
        db.delete(rotations).where(eq(rotations.id, id)).run();
        ctx.audit(c, { action: 'attendance.rotation.delete', entity: 'attendance_rotations', entityId: id, before });
      });
    },

    assignments() {
      const rows = db.select().from(assignments).orderBy(desc(assignments.effectiveFrom), desc(assignments.id)).all();
      const employeeIds = [...new Set(rows.filter((a) => a.targetType === 'employee').map((a) => a.targetId))];
      const names = new Map(employeeIds.length ? ctx.people.employees.roster({ ids: employeeIds, includeLeft: true }).map((e) => [e.id, `${e.name}（${e.employeeNo}）`]) : []);
      const paths = new Map(ctx.people.departments().map((d) => [d.id, d.path]));
      const shiftNames = new Map(db.select({ id: shifts.id, name: shifts.name }).from(shifts).all().map((s) => [s.id, s.name]));
      const rotationNames = new Map(db.select({ id: rotations.id, name: rotations.name }).from(rotations).all().map((r) => [r.id, r.name]));
      return rows.map(
        (a): AssignmentRow => ({
          id: a.id,
          targetType: a.targetType,
          targetId: a.targetId,
          shiftId: a.shiftId,
          rotationId: a.rotationId,
          anchorDate: a.anchorDate,
          effectiveFrom: a.effectiveFrom,
          effectiveTo: a.effectiveTo,
          targetName: targetName(a, names, paths),
          planName: (a.shiftId !== null ? shiftNames.get(a.shiftId) : rotationNames.get(a.rotationId ?? 0)) ?? '',
        }),
      );
    },

    addAssignment(c, user, raw) {
      const input = parseOrThrow(assignmentInput, raw);
      return db.transaction(() => {
        if (input.targetType === 'employee' && !ctx.people.employees.roster({ ids: [input.targetId], includeLeft: true }).length) {
          throw new HttpError(400, 'attendance.time.error.unknownEmployee', { value: input.targetId });
        }
        if (input.targetType === 'department' && !ctx.people.departments().some((d) => d.id === input.targetId)) {
          throw new HttpError(400, 'attendance.time.error.unknownDepartment');
        }
        if (input.shiftId !== null) checkShiftIds([input.shiftId]);
        if (input.rotationId !== null && !db.select({ id: rotations.id }).from(rotations).where(eq(rotations.id, input.rotationId)).get()) {
          throw new HttpError(400, 'attendance.time.error.unknownRotation');
        }
        const values = { ...input, anchorDate: input.rotationId !== null ? (input.anchorDate ?? input.effectiveFrom) : null, createdByUserId: user?.id ?? null };
        const id = db.insert(assignments).values(values).returning({ id: assignments.id }).get().id;
        ctx.audit(c, { action: 'attendance.assignment.create', entity: 'attendance_assignments', entityId: id, after: values });
        applyAssignmentChange(c, user, values);
        return id;
      });
    },

    deleteAssignment(c, user, id) {
      db.transaction(() => {
        const before = db.select().from(assignments).where(eq(assignments.id, id)).get();
        if (!before) throw new HttpError(404, 'attendance.error.notFound');
        db.delete(assignments).where(eq(assignments.id, id)).run();
        ctx.audit(c, { action: 'attendance.assignment.delete', entity: 'attendance_assignments', entityId: id, before });
        applyAssignmentChange(c, user, before);
      });
    },
  };
}
