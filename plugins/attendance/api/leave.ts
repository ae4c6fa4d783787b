/**
 * REST endpoints for leave (under /api/v1/attendance): types, balances,
 * requests (submit, read, withdraw, cancel) and approval decisions. Other
 * people's records only within the caller's `attendance.view` scope.
 */
import { HttpError, isIsoDate, z, type HrContext, type PluginContext, type SessionUser } from '../../../core/sdk.js';
import type { Attendance } from '../services/index.js';
import type { LeaveRequest } from '../services/leave-requests.js';
import type { AttendanceSettings } from '../settings.js';

const leaveTypeOut = z.object({
  id: z.number().int(),
  code: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  paid: z.boolean(),
  unit: z.enum(['day', 'half_day', 'hour']),
  accrual: z.string(),
  calendarDays: z.boolean(),
  maxPerRequestMinutes: z.number().int(),
  requiresAttachment: z.boolean(),
  gender: z.enum(['male', 'female']).nullable(),
  active: z.boolean(),
});

const balanceOut = z.object({
  leaveTypeId: z.number().int(),
  code: z.string(),
  name: z.string(),
  unit: z.enum(['day', 'half_day', 'hour']),
  paid: z.boolean(),
  granted: z.number().int().describe('minutes granted, accrued or earned this year'),
  carried: z.number().int(),
  adjusted: z.number().int(),
  taken: z.number().int(),
  pending: z.number().int(),
  expired: z.number().int(),
  available: z.number().int().describe('minutes a new request may use now'),
  availableDays: z.number(),
  expiring: z.array(z.object({ date: z.string(), minutes: z.number().int() })),
});

const stepOut = z.object({
  id: z.number().int(),
  stepNo: z.number().int(),
  approverKind: z.enum(['manager', 'department_head', 'hr']),
  approverEmployeeId: z.number().int().nullable(),
  approverName: z.string().nullable(),
  status: z.enum(['waiting', 'pending', 'approved', 'rejected', 'skipped', 'cancelled']),
  comment: z.string(),
  decidedByName: z.string().nullable(),
  decidedAt: z.date().nullable(),
  onBehalf: z.boolean(),
});

const requestOut = z.object({
  id: z.number().int(),
  employeeId: z.number().int(),
  leaveTypeId: z.number().int(),
  leaveType: z.string(),
  startDate: z.string(),
  startHalf: z.enum(['am', 'pm']),
  endDate: z.string(),
  endHalf: z.enum(['am', 'pm']),
  startTime: z.string().nullable(),
  endTime: z.string().nullable(),
  minutes: z.number().int(),
  days: z.number(),
  reason: z.string(),
  hasAttachment: z.boolean(),
  status: z.enum(['pending', 'approved', 'rejected', 'withdrawn', 'cancelled']),
  createdAt: z.date(),
  steps: z.array(stepOut),
});

/** The submit body, for the OpenAPI document; the service checks it again (dates, units, balance…). */
const requestIn = z.object({
  leaveTypeId: z.number().int().positive(),
  startDate: z.string().describe('YYYY-MM-DD'),
  startHalf: z.enum(['am', 'pm']).optional().describe('pm: the first day counts from its afternoon'),
  endDate: z.string().optional().describe('YYYY-MM-DD; defaults to startDate'),
  endHalf: z.enum(['am', 'pm']).optional().describe('am: the last day counts only its morning'),
  startTime: z.string().optional().describe('HH:MM, hourly leave types only'),
  endTime: z.string().optional().describe('HH:MM, hourly leave types only'),
  reason: z.string().max(500).optional(),
});

const idParams = z.object({ id: z.coerce.number().int().positive() });
const employeeQuery = z.object({ employeeId: z.coerce.number().int().positive().optional() });

export function registerLeaveApi(ctx: PluginContext<AttendanceSettings>, att: Attendance): void {
  const { leave } = att;
  const { approvals } = att.parts;
  const workday = ctx.settings.workdayMinutes;

  /** The employee the caller asks about: themselves by default, another only within their `attendance.view` scope. */
  const subject = (user: SessionUser, employeeId: number | undefined): number => {
    if (employeeId === undefined || employeeId === user.employeeId) {
      // 404, not 403: the caller may use the endpoint; there is just no employee record of theirs to show.
      if (user.employeeId == null) throw new HttpError(422, 'attendance.error.noEmployee');
      return user.employeeId;
    }
    const scope = user.permissions.has('attendance.view') ? user.scopes.get('attendance.view') : undefined;
    if (!scope || !ctx.people.scopes.canSee(user, scope, employeeId)) throw new HttpError(404, 'attendance.error.notFound');
    return employeeId;
  };

  const out = (r: LeaveRequest) => ({
    ...r,
    leaveType: leave.type(r.leaveTypeId)?.code ?? '',
    days: Math.round((r.minutes / workday) * 100) / 100,
    hasAttachment: !!r.attachmentPath,
    steps: approvals.steps('leave', r.id),
  });

  const visible = (c: HrContext, id: number): LeaveRequest => {
    const r = leave.requests.get(id);
    if (!r || !leave.requests.canView(c.get('user')!, r)) throw new HttpError(404, 'attendance.error.notFound');
    return r;
  };

  ctx.api.route({
    method: 'get',
    path: '/leave/types',
    permission: 'attendance.self',
    summary: 'Leave types and their policies',
    response: z.object({ items: z.array(leaveTypeOut) }),
    handler: () => ({ items: leave.types() }),
  });

  ctx.api.route({
    method: 'get',
    path: '/leave/balances',
    permission: 'attendance.self',
    summary: 'Leave balances (minutes) of the caller, or of an employee within the caller’s attendance.view scope',
    query: employeeQuery.extend({ asOf: z.string().refine(isIsoDate).optional() }),
    response: z.object({ employeeId: z.number().int(), asOf: z.string(), items: z.array(balanceOut) }),
    handler: (c, { query }) => {
      const employeeId = subject(c.get('user')!, query.employeeId);
      const asOf = query.asOf ?? att.parts.today();
      const items = leave.balances(employeeId, asOf, c.get('locale')).map((b) => ({ ...b, availableDays: Math.round((b.available / workday) * 100) / 100 }));
      return { employeeId, asOf, items };
    },
  });

  ctx.api.route({
    method: 'get',
    path: '/leave/requests',
    permission: 'attendance.self',
    summary: 'Leave requests of the caller (or of an employee within scope), newest first',
    query: employeeQuery.extend({ status: z.enum(['pending', 'approved', 'rejected', 'withdrawn', 'cancelled']).optional() }),
    response: z.object({ items: z.array(requestOut) }),
    handler: (c, { query }) => {
      const employeeId = subject(c.get('user')!, query.employeeId);
      const items = leave.requests.requestsOf(employeeId).filter((r) => !query.status || r.status === query.status);
      return { items: items.map(out) };
    },
  });

  ctx.api.route({
    method: 'post',
    path: '/leave/requests',
    permission: 'attendance.self',
    summary: 'Request leave (no attachment through the API; use the page for one)',
    description: 'The duration is measured over the work calendar. Refused with 4xx and a reason: end before start, overlap, insufficient balance, an unknown holiday year (422), a locked month (409).',
    body: requestIn,
    response: requestOut,
    status: 201,
    handler: (c, { body }) => out(leave.requests.create(c, c.get('user')!, body)),
  });

  ctx.api.route({
    method: 'get',
    path: '/leave/requests/:id',
    permission: 'attendance.self',
    summary: 'One leave request with its approval steps',
    params: idParams,
    response: requestOut,
    handler: (c, { params }) => out(visible(c, params.id)),
  });

  ctx.api.route({
    method: 'post',
    path: '/leave/requests/:id/withdraw',
    permission: 'attendance.self',
    summary: 'Withdraw one of my requests while it is pending',
    params: idParams,
    response: requestOut,
    handler: (c, { params }) => out(leave.requests.withdraw(c, c.get('user')!, visible(c, params.id).id)),
  });

  ctx.api.route({
    method: 'post',
    path: '/leave/requests/:id/cancel',
    permission: 'attendance.self',
    summary: 'Cancel approved leave (the requester before it starts; HR at any time)',
    params: idParams,
    response: requestOut,
    handler: (c, { params }) => out(leave.requests.cancel(c, c.get('user')!, visible(c, params.id).id)),
  });

  ctx.api.route({
    method: 'get',
    path: '/approvals/inbox',
    permission: 'attendance.approve',
    summary: 'Approval steps waiting for the caller (leave, overtime, corrections)',
    response: z.object({
      items: z.array(
        z.object({
          stepId: z.number().int(),
          subjectType: z.enum(['leave', 'overtime', 'correction']),
          subjectId: z.number().int(),
          employeeId: z.number().int(),
          employeeName: z.string(),
          summary: z.string(),
          createdAt: z.date(),
          approverKind: z.enum(['manager', 'department_head', 'hr']),
          onBehalf: z.boolean(),
        }),
      ),
    }),
    handler: (c) => ({ items: approvals.inbox(c.get('user')!, c.get('locale')) }),
  });

  ctx.api.route({
    method: 'post',
    path: '/approvals/:stepId/decide',
    permission: 'attendance.approve',
    summary: 'Approve or reject an approval step (a rejection needs a comment)',
    params: z.object({ stepId: z.coerce.number().int().positive() }),
    body: z.object({ decision: z.enum(['approved', 'rejected']), comment: z.string().max(500).default('') }),
    response: z.object({ stepId: z.number().int(), decision: z.enum(['approved', 'rejected']) }),
    handler: (c, { params, body }) => {
      approvals.decide(c, c.get('user')!, params.stepId, body.decision, body.comment);
      return { stepId: params.stepId, decision: body.decision };
    },
  });
}
