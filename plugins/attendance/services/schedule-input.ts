/** Validation of shifts, rotations and assignments (forms, API and service calls share these schemas). */
import { z } from '../../../core/sdk.js';
import { isValidDate, parseHhmm } from '../domain/time.js';

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
const hhmm = z.string().regex(HHMM, 'attendance.error.badTime');
const blankToNull = (v: unknown) => (v === '' || v === undefined ? null : v);
const optionalHhmm = z.preprocess(blankToNull, hhmm.nullable());
const minutes = (max: number, fallback: number) => z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(0).max(max).default(fallback));
const checkbox = z.preprocess((v) => v === true || v === 'on' || v === 'true' || v === '1', z.boolean());
const isoDate = z.string().refine(isValidDate, 'attendance.error.badDate');
const optionalDate = z.preprocess(blankToNull, isoDate.nullable());
const optionalId = z.preprocess(blankToNull, z.coerce.number().int().positive().nullable());

/** Start, end and break of a shift on one time line (minutes after the shift date's midnight). */
export function shiftTimeline(s: { start: string; end: string; breakStart: string | null; breakEnd: string | null }) {
  const start = parseHhmm(s.start);
  let end = parseHhmm(s.end);
  if (end <= start) end += 1440; // ends at or before it starts: a night shift
  const after = (t: number, ref: number) => (t < ref ? t + 1440 : t);
  const breakStart = s.breakStart ? after(parseHhmm(s.breakStart), start) : null;
  const breakEnd = s.breakEnd && breakStart !== null ? after(parseHhmm(s.breakEnd), breakStart) : null;
  return { start, end, breakStart, breakEnd };
}

export const shiftInput = z
  .object({
    name: z.string().trim().min(1).max(40),
    kind: z.enum(['fixed', 'flexible']).default('fixed'),
    start: hhmm,
    end: hhmm,
    breakStart: optionalHhmm.default(null),
    breakEnd: optionalHhmm.default(null),
    graceLateMinutes: minutes(240, 0),
    graceEarlyMinutes: minutes(240, 0),
    flexMinutes: minutes(480, 0),
    requiredMinutes: z.preprocess(blankToNull, z.coerce.number().int().min(30).max(1440).nullable()).default(null),
    windowBeforeMinutes: minutes(720, 240),
    windowAfterMinutes: minutes(720, 360),
    absentAfterMinutes: minutes(1440, 0),
    color: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'attendance.time.error.color').default('#2f6fdf'),
    active: checkbox,
  })
  .superRefine((s, ctx) => {
    if (s.start === s.end) ctx.addIssue({ code: 'custom', path: ['end'], message: 'attendance.time.error.zeroLength' });
    if ((s.breakStart === null) !== (s.breakEnd === null)) ctx.addIssue({ code: 'custom', path: ['breakEnd'], message: 'attendance.time.error.breakPair' });
    const times = [s.start, s.end, s.breakStart, s.breakEnd].filter((v): v is string => v !== null);
    if (!times.every((v) => HHMM.test(v))) return; // already reported by the field checks
    const t = shiftTimeline(s);
    if (t.breakStart !== null && t.breakEnd !== null && (t.breakStart < t.start || t.breakEnd > t.end || t.breakEnd <= t.breakStart)) {
      ctx.addIssue({ code: 'custom', path: ['breakStart'], message: 'attendance.time.error.breakOutside' });
    }
    if (s.kind === 'flexible' && s.requiredMinutes === null) ctx.addIssue({ code: 'custom', path: ['requiredMinutes'], message: 'attendance.time.error.requiredMinutes' });
  });

export const rotationInput = z.object({
  name: z.string().trim().min(1).max(40),
  pattern: z.array(z.number().int().positive().nullable()).min(1).max(62),
  active: checkbox,
});

export const assignmentInput = z
  .object({
    targetType: z.enum(['employee', 'department']),
    targetId: z.coerce.number().int().positive(),
    shiftId: optionalId.default(null),
    rotationId: optionalId.default(null),
    anchorDate: optionalDate.default(null),
    effectiveFrom: isoDate,
    effectiveTo: optionalDate.default(null),
  })
  .superRefine((a, ctx) => {
    if ((a.shiftId === null) === (a.rotationId === null)) ctx.addIssue({ code: 'custom', path: ['shiftId'], message: 'attendance.time.error.planOne' });
    if (a.effectiveTo !== null && a.effectiveTo < a.effectiveFrom) ctx.addIssue({ code: 'custom', path: ['effectiveTo'], message: 'attendance.error.endBeforeStart' });
  });
