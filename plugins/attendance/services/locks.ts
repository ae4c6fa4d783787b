/**
 * Month locks (月度锁定): once payroll is approved HR locks the month, and every
 * write that would change one of its days' results is refused — unless the
 * writer holds `attendance.override`, in which case it goes through and leaves
 * an audit entry saying what was changed in the closed month.
 */
import { desc, eq } from 'drizzle-orm';
import { HttpError, type HrContext, type SessionUser } from '../../../core/sdk.js';
import { monthOf } from '../domain/time.js';
import { monthLocks } from '../schema.js';
import type { AttendanceParts, LocksService } from './types.js';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export const OVERRIDE_PERMISSION = 'attendance.override';

export function assertMonth(month: string): void {
  if (!MONTH.test(month)) throw new HttpError(400, 'attendance.error.badMonth');
}

export function createLocksService(parts: Pick<AttendanceParts, 'ctx' | 'db' | 'events' | 'now'>): LocksService {
  const { ctx, db, events } = parts;

  const row = (month: string) => db.select().from(monthLocks).where(eq(monthLocks.month, month)).get();

  return {
    isLocked(month) {
      return !!row(month);
    },

    lockedMonths() {
      return db
        .select({ month: monthLocks.month, lockedAt: monthLocks.lockedAt, lockedByUserId: monthLocks.lockedByUserId, lockedByName: monthLocks.lockedByName, note: monthLocks.note })
        .from(monthLocks)
        .orderBy(desc(monthLocks.month))
        .all();
    },

    lock(c, month, note) {
      assertMonth(month);
      const user = c?.get('user') ?? null;
      db.transaction(() => {
        // Idempotent: payroll may approve (and lock) the same month twice.
        if (row(month)) return;
        const created = db
          .insert(monthLocks)
          .values({ month, note: note.trim(), lockedByUserId: user?.id ?? null, lockedByName: user?.name ?? null, lockedAt: parts.now() })
          .returning()
          .get();
        events.emit('attendance.month.locked', { month });
        ctx.audit(c, { action: 'attendance.month.lock', entity: 'attendance_month_locks', entityId: month, after: created });
      });
    },

    unlock(c, month, note) {
      assertMonth(month);
      db.transaction(() => {
        const before = row(month);
        if (!before) throw new HttpError(409, 'attendance.locks.error.notLocked', { month });
        db.delete(monthLocks).where(eq(monthLocks.month, month)).run();
        ctx.audit(c, { action: 'attendance.month.unlock', entity: 'attendance_month_locks', entityId: month, before, after: { note: note.trim() } });
      });
    },

    assertWritable(c: HrContext | null, user: SessionUser | null, dates: string[], what: string) {
      const months = [...new Set(dates.map(monthOf))].sort();
      const locked = months.filter((m) => row(m));
      if (!locked.length) return;
      if (!user?.permissions.has(OVERRIDE_PERMISSION)) throw new HttpError(409, 'attendance.error.monthLocked', { month: locked[0]! });
      // Allowed, but a change to a closed payroll month must be traceable: who, what, which days.
      ctx.audit(c, {
        action: 'attendance.override',
        entity: 'attendance_month_locks',
        entityId: locked.join(','),
        after: { what, months: locked, dates: [...new Set(dates)].sort(), userId: user.id, userLogin: user.login },
      });
    },
  };
}
