/**
 * Leave types and their policies (假期政策): the statutory defaults created at
 * startup, and HR's edits. Amounts are stored in minutes; the admin form speaks
 * in days of `settings.workdayMinutes`.
 *
 * Defaults (China): annual leave by statute (《职工带薪年休假条例》, granted by
 * `annualEntitlement`), sick leave (paid per company policy, no balance),
 * personal leave (unpaid), marriage, maternity (98 natural days + the local
 * extension), paternity, bereavement, and time off in lieu (调休) earned from
 * rest-day overtime, in hours, expiring after `overtime.lieuExpiryMonths`.
 */
import { asc, eq } from 'drizzle-orm';
import { HttpError, z, type HrContext, type Locale } from '../../../core/sdk.js';
import { LEAVE_ACCRUALS, leaveTypes } from '../schema.js';
import type { AttendanceSettings } from '../settings.js';
import type { AttendanceParts } from './types.js';

export type LeaveType = typeof leaveTypes.$inferSelect;
type NewLeaveType = typeof leaveTypes.$inferInsert;

/** The statutory set, by code. Settings fill in the numbers set by each province. */
export function defaultLeaveTypes(settings: AttendanceSettings): Omit<NewLeaveType, 'id' | 'createdAt'>[] {
  const day = settings.workdayMinutes;
  const { leave } = settings;
  return [
    {
      code: 'annual',
      nameZh: '年假',
      nameEn: 'Annual leave',
      paid: true,
      unit: 'half_day',
      accrual: 'statutory_annual',
      carryForwardCapMinutes: 5 * day,
      carryForwardExpiryMonths: 3,
      sort: 10,
    },
    { code: 'sick', nameZh: '病假', nameEn: 'Sick leave', paid: true, unit: 'half_day', accrual: 'none', sort: 20 },
    { code: 'personal', nameZh: '事假', nameEn: 'Personal leave', paid: false, unit: 'half_day', accrual: 'none', sort: 30 },
    { code: 'marriage', nameZh: '婚假', nameEn: 'Marriage leave', paid: true, unit: 'day', accrual: 'none', maxPerRequestMinutes: leave.marriageDays * day, sort: 40 },
    {
      code: 'maternity',
      nameZh: '产假',
      nameEn: 'Maternity leave',
      paid: true,
      unit: 'day',
      accrual: 'none',
      calendarDays: true,
      maxPerRequestMinutes: (98 + leave.maternityExtraDays) * day,
      gender: 'female',
      sort: 50,
    },
    {
      code: 'paternity',
      nameZh: '陪产假',
      nameEn: 'Paternity leave',
      paid: true,
      unit: 'day',
      accrual: 'none',
      maxPerRequestMinutes: leave.paternityDays * day,
      gender: 'male',
      sort: 60,
    },
    { code: 'bereavement', nameZh: '丧假', nameEn: 'Bereavement leave', paid: true, unit: 'day', accrual: 'none', maxPerRequestMinutes: leave.bereavementDays * day, sort: 70 },
    { code: 'lieu', nameZh: '调休', nameEn: 'Time off in lieu', paid: true, unit: 'hour', accrual: 'overtime', sort: 80 },
  ];
}

/** A leave type's name in the reader's language. */
export function typeName(type: Pick<LeaveType, 'nameZh' | 'nameEn'>, locale: Locale): string {
  return locale === 'en' ? type.nameEn : type.nameZh;
}

/** Whether the type keeps a balance (a request needs enough of it). */
export function hasBalance(type: Pick<LeaveType, 'accrual'>): boolean {
  return type.accrual !== 'none';
}

const checkbox = z.preprocess((v) => v === true || v === 'on' || v === 'true' || v === '1', z.boolean());
/** Days with at most two decimals (half days, quarter days), from a form field or JSON. */
const days = (max: number) =>
  z.preprocess((v) => (v === '' || v == null ? 0 : v), z.coerce.number({ message: 'attendance.leave.error.days' }).min(0).max(max));
const emptyToNull = (v: unknown) => (v === '' || v == null ? null : v);

/** HR's edit of a leave type, in days (converted to minutes by the service). */
export const leaveTypeInput = z.object({
  nameZh: z.string().trim().min(1).max(40),
  nameEn: z.string().trim().min(1).max(60),
  paid: checkbox,
  unit: z.enum(['day', 'half_day', 'hour']),
  accrual: z.enum(LEAVE_ACCRUALS),
  grantDays: days(366),
  calendarDays: checkbox,
  maxPerRequestDays: days(366),
  allowNegative: checkbox,
  negativeLimitDays: days(366),
  carryForwardCapDays: days(366),
  carryForwardExpiryMonths: z.coerce.number().int().min(0).max(24).default(0),
  requiresAttachment: checkbox,
  gender: z.preprocess(emptyToNull, z.enum(['male', 'female']).nullable()),
  active: checkbox,
  sort: z.coerce.number().int().min(0).max(9999).default(0),
});
export type LeaveTypeInput = z.output<typeof leaveTypeInput>;

/** A new company leave type: the edit fields plus a code. */
export const newLeaveTypeInput = leaveTypeInput.extend({
  code: z
    .string()
    .trim()
    .regex(/^[a-z][a-z0-9_]{1,31}$/, { message: 'attendance.leave.error.code' }),
});

/** The form's view of a type: minutes as days. */
export function typeToForm(type: LeaveType, workdayMinutes: number): Record<string, string | boolean | number | null> {
  const d = (m: number) => Math.round((m / workdayMinutes) * 100) / 100;
  return {
    nameZh: type.nameZh,
    nameEn: type.nameEn,
    paid: type.paid,
    unit: type.unit,
    accrual: type.accrual,
    grantDays: d(type.grantMinutes),
    calendarDays: type.calendarDays,
    maxPerRequestDays: d(type.maxPerRequestMinutes),
    allowNegative: type.allowNegative,
    negativeLimitDays: d(type.negativeLimitMinutes),
    carryForwardCapDays: d(type.carryForwardCapMinutes),
    carryForwardExpiryMonths: type.carryForwardExpiryMonths,
    requiresAttachment: type.requiresAttachment,
    gender: type.gender,
    active: type.active,
    sort: type.sort,
  };
}

function formToColumns(input: LeaveTypeInput, workdayMinutes: number) {
  const m = (days: number) => Math.round(days * workdayMinutes);
  return {
    nameZh: input.nameZh,
    nameEn: input.nameEn,
    paid: input.paid,
    unit: input.unit,
    accrual: input.accrual,
    grantMinutes: m(input.grantDays),
    calendarDays: input.calendarDays,
    maxPerRequestMinutes: m(input.maxPerRequestDays),
    allowNegative: input.allowNegative,
    negativeLimitMinutes: m(input.negativeLimitDays),
    carryForwardCapMinutes: m(input.carryForwardCapDays),
    carryForwardExpiryMonths: input.carryForwardExpiryMonths,
    requiresAttachment: input.requiresAttachment,
    gender: input.gender,
    active: input.active,
    sort: input.sort,
  };
}

export function createLeavePolicy(parts: Pick<AttendanceParts, 'ctx' | 'db' | 'settings' | 'now'>) {
  const { ctx, db, settings } = parts;

  const parse = <S extends z.ZodType>(schema: S, input: unknown): z.output<S> => {
    const result = schema.safeParse(input);
    if (result.success) return result.data;
    const issue = result.error.issues[0]!;
    throw new HttpError(400, 'attendance.leave.error.invalid', { field: issue.path.map(String).join('.') });
  };

  const policy = {
    /** Insert the statutory types that are missing (by code); existing ones, as HR edited them, stay. Idempotent. */
    ensureDefaults(): number {
      let added = 0;
      db.transaction(() => {
        for (const t of defaultLeaveTypes(settings)) {
          const inserted = db.insert(leaveTypes).values({ ...t, createdAt: parts.now() }).onConflictDoNothing({ target: leaveTypes.code }).returning().get();
          if (inserted) added++;
        }
      });
      return added;
    },

    /** Every type, active and not, in display order. */
    types(): LeaveType[] {
      return db.select().from(leaveTypes).orderBy(asc(leaveTypes.sort), asc(leaveTypes.id)).all();
    },

    type(id: number): LeaveType | null {
      return db.select().from(leaveTypes).where(eq(leaveTypes.id, id)).get() ?? null;
    },

    typeByCode(code: string): LeaveType | null {
      return db.select().from(leaveTypes).where(eq(leaveTypes.code, code)).get() ?? null;
    },

    updateType(c: HrContext | null, id: number, input: unknown): LeaveType {
      const data = parse(leaveTypeInput, input);
      return db.transaction(() => {
        const before = policy.type(id);
        if (!before) throw new HttpError(404, 'attendance.error.notFound');
        const after = db.update(leaveTypes).set(formToColumns(data, settings.workdayMinutes)).where(eq(leaveTypes.id, id)).returning().get()!;
        ctx.audit(c, { action: 'attendance.leave_type.update', entity: 'attendance_leave_types', entityId: id, before, after });
        return after;
      });
    },

    createType(c: HrContext | null, input: unknown): LeaveType {
      const data = parse(newLeaveTypeInput, input);
      return db.transaction(() => {
        if (policy.typeByCode(data.code)) throw new HttpError(409, 'attendance.leave.error.codeTaken', { code: data.code });
        const created = db
          .insert(leaveTypes)
          .values({ code: data.code, ...formToColumns(data, settings.workdayMinutes), createdAt: parts.now() })
          .returning()
          .get();
        ctx.audit(c, { action: 'attendance.leave_type.create', entity: 'attendance_leave_types', entityId: created.id, after: created });
        return created;
      });
    },
  };
  return policy;
}

export type LeavePolicy = ReturnType<typeof createLeavePolicy>;
