/**
 * Approval chains for leave, overtime and punch corrections (审批流).
 *
 * A request gets its steps when it is created: the configured chain
 * (`settings.approval.chain`, e.g. manager → HR) plus extra levels for long
 * leave, each step resolved to a person where it names one. Steps nobody can
 * take, or that would ask the same person twice in a row, are `skipped`. The
 * first live step is `pending`, the rest `waiting`; approving one makes the next
 * pending, the last approval (or any rejection) ends the chain and calls the
 * subject's resolver inside the same transaction. The pure rules (`chainFor`,
 * `planSteps`) are exported for table tests.
 */
import { and, asc, desc, eq, inArray, ne, or } from 'drizzle-orm';
import { HttpError, type Locale, type PluginDepartment, type SessionUser } from '../../../core/sdk.js';
import { approvalSteps } from '../schema.js';
import type { AttendanceSettings } from '../settings.js';
import { translate } from './text.js';
import type {
  ApprovalOutcome,
  ApprovalResolver,
  ApprovalStepView,
  ApprovalSubject,
  ApprovalsService,
  AttendanceParts,
  DecidedItem,
  InboxItem,
} from './types.js';

export type ApproverKind = ApprovalStepView['approverKind'];
type StepRow = typeof approvalSteps.$inferSelect;

export const APPROVE_PERMISSION = 'attendance.approve';

/** Whether the user may approve anyone's requests (HR): `attendance.approve` held at scope `all`. */
export function approvesForAll(user: Pick<SessionUser, 'permissions' | 'scopes'>): boolean {
  return user.permissions.has(APPROVE_PERMISSION) && user.scopes.get(APPROVE_PERMISSION) === 'all';
}

/**
 * The kinds of steps a request of `workingDays` walks: the chain, with every
 * extra level reached inserted before the chain's last step (a kind already in
 * the chain is not asked twice).
 */
export function chainFor(approval: AttendanceSettings['approval'], workingDays: number): ApproverKind[] {
  const chain = [...approval.chain];
  const extra: ApproverKind[] = [];
  for (const level of [...approval.extraLevels].sort((a, b) => a.minDays - b.minDays)) {
    if (workingDays >= level.minDays && !chain.includes(level.approver) && !extra.includes(level.approver)) extra.push(level.approver);
  }
  chain.splice(Math.max(0, chain.length - 1), 0, ...extra);
  return chain;
}

/** What the planner needs to know about the requester and the organisation. */
export interface ChainPeople {
  requesterId: number;
  managerId: number | null;
  departmentId: number | null;
  departments: ReadonlyMap<number, Pick<PluginDepartment, 'parentId' | 'managerEmployeeId'>>;
  /** The employee is still employed and has an active account that may approve (`attendance.approve`). */
  canAct(employeeId: number): boolean;
}

export interface PlannedStep {
  approverKind: ApproverKind;
  approverEmployeeId: number | null;
  status: 'pending' | 'waiting' | 'skipped';
}

/** The department head who approves for `people`: up the tree past empty heads, the requester and people who cannot act. */
export function departmentHeadFor(people: ChainPeople): number | null {
  const seen = new Set<number>();
  let id = people.departmentId;
  while (id != null && !seen.has(id)) {
    seen.add(id);
    const d = people.departments.get(id);
    if (!d) return null;
    const head = d.managerEmployeeId;
    if (head != null && head !== people.requesterId && people.canAct(head)) return head;
    id = d.parentId;
  }
  return null;
}

/**
 * Steps for `kinds`: each resolved to its approver, skipped when nobody can take
 * it or when it would ask the previous live step's approver again. When every
 * step is skipped, an HR step is added: a request is never approved by nobody.
 */
export function planSteps(kinds: ApproverKind[], people: ChainPeople): PlannedStep[] {
  const steps: PlannedStep[] = [];
  let previous: { kind: ApproverKind; approver: number | null } | null = null;
  for (const kind of kinds) {
    let approver: number | null = null;
    let available = true;
    if (kind === 'manager') {
      // A manager who cannot act stays named on the skipped step, so the timeline says who was passed over.
      approver = people.managerId != null && people.managerId !== people.requesterId ? people.managerId : null;
      available = approver != null && people.canAct(approver);
    } else if (kind === 'department_head') {
      approver = departmentHeadFor(people);
      available = approver != null;
    }
    const repeated = previous != null && (kind === 'hr' ? previous.kind === 'hr' : approver != null && previous.approver === approver);
    if (!available || repeated) {
      steps.push({ approverKind: kind, approverEmployeeId: approver, status: 'skipped' });
      continue;
    }
    steps.push({ approverKind: kind, approverEmployeeId: approver, status: previous ? 'waiting' : 'pending' });
    previous = { kind, approver };
  }
  if (!previous) steps.push({ approverKind: 'hr', approverEmployeeId: null, status: 'pending' });
  return steps;
}

export function createApprovalsService(parts: AttendanceParts): ApprovalsService {
  const { ctx, db } = parts;
  const resolvers = new Map<ApprovalSubject, ApprovalResolver>();
  const describers = new Map<ApprovalSubject, (subjectId: number, locale: Locale) => string>();
  const advancers = new Map<ApprovalSubject, (subjectId: number, approverEmployeeIds: number[]) => void>();

  const names = (ids: (number | null)[]): Map<number, string> => {
    const wanted = [...new Set(ids.filter((id): id is number => id != null))];
    if (!wanted.length) return new Map();
    return new Map(ctx.people.employees.roster({ ids: wanted, includeLeft: true }).map((e) => [e.id, e.name]));
  };

  const view = (row: StepRow, nameOf: Map<number, string>): ApprovalStepView => ({
    id: row.id,
    stepNo: row.stepNo,
    approverKind: row.approverKind,
    approverEmployeeId: row.approverEmployeeId,
    approverName: row.approverEmployeeId != null ? (nameOf.get(row.approverEmployeeId) ?? null) : null,
    status: row.status,
    comment: row.comment,
    decidedByUserId: row.decidedByUserId,
    decidedByName: row.decidedByName,
    decidedAt: row.decidedAt,
    onBehalf: row.onBehalf,
  });

  const stepsOf = (subject: ApprovalSubject, subjectId: number): StepRow[] =>
    db
      .select()
      .from(approvalSteps)
      .where(and(eq(approvalSteps.subjectType, subject), eq(approvalSteps.subjectId, subjectId)))
      .orderBy(asc(approvalSteps.stepNo))
      .all();

  const describe = (subject: ApprovalSubject, subjectId: number, locale: Locale): string =>
    describers.get(subject)?.(subjectId, locale) ?? translate(locale, `attendance.approval.subject.${subject}`) + ` #${subjectId}`;

  /** The requester, the departments, and whether each possible approver (manager, any head) can act: two queries. */
  const people = (employeeId: number): ChainPeople => {
    const me = ctx.people.employees.roster({ ids: [employeeId], includeLeft: true })[0];
    const departments = ctx.people.departments();
    const candidates = [me?.managerId ?? null, ...departments.map((d) => d.managerEmployeeId)].filter((id): id is number => id != null);
    const byId = new Map(ctx.people.employees.roster({ ids: [...new Set(candidates)], includeLeft: true }).map((e) => [e.id, e]));
    return {
      requesterId: employeeId,
      managerId: me?.managerId ?? null,
      departmentId: me?.departmentId ?? null,
      departments: new Map(departments.map((d) => [d.id, d])),
      canAct: (id) => {
        const e = byId.get(id);
        return !!e && e.status !== 'left' && e.userId != null && ctx.people.grantOf(id, 'attendance.approve') != null;
      },
    };
  };

  return {
    start(subject, subjectId, employeeId, { minutes }) {
      const kinds = chainFor(parts.settings.approval, minutes / parts.settings.workdayMinutes);
      const planned = planSteps(kinds, people(employeeId));
      const at = parts.now();
      const rows = planned.map((p, i) =>
        db
          .insert(approvalSteps)
          .values({ subjectType: subject, subjectId, employeeId, stepNo: i + 1, ...p, createdAt: at })
          .returning()
          .get(),
      );
      const nameOf = names(rows.map((r) => r.approverEmployeeId));
      return rows.map((r) => view(r, nameOf));
    },

    decide(c, user, stepId, decision, comment) {
      const note = comment.trim();
      if (decision === 'rejected' && !note) throw new HttpError(422, 'attendance.approval.error.commentRequired');
      db.transaction(() => {
        const step = db.select().from(approvalSteps).where(eq(approvalSteps.id, stepId)).get();
        if (!step) throw new HttpError(404, 'attendance.error.notFound');
        if (user.employeeId != null && user.employeeId === step.employeeId) throw new HttpError(403, 'attendance.approval.error.own');
        if (step.status === 'waiting') throw new HttpError(409, 'attendance.approval.error.notYet');
        if (step.status !== 'pending') throw new HttpError(409, 'attendance.approval.error.decided');
        const named = step.approverKind !== 'hr' && step.approverEmployeeId != null && step.approverEmployeeId === user.employeeId;
        if (!named && !approvesForAll(user)) throw new HttpError(403, 'attendance.approval.error.notApprover');
        const onBehalf = !named && step.approverKind !== 'hr';
        const after = db
          .update(approvalSteps)
          .set({ status: decision, comment: note, decidedByUserId: user.id, decidedByName: user.name, decidedAt: parts.now(), onBehalf })
          .where(and(eq(approvalSteps.id, stepId), eq(approvalSteps.status, 'pending')))
          .returning()
          .get();
        if (!after) throw new HttpError(409, 'attendance.approval.error.decided');
        ctx.audit(c, {
          action: onBehalf ? 'attendance.approval.on_behalf' : 'attendance.approval.decide',
          entity: 'attendance_approval_steps',
          entityId: stepId,
          before: step,
          after,
        });
        const subject = step.subjectType;
        const rest = stepsOf(subject, step.subjectId).filter((s) => s.stepNo > step.stepNo && s.status === 'waiting');
        if (decision === 'rejected') {
          if (rest.length) db.update(approvalSteps).set({ status: 'cancelled' }).where(inArray(approvalSteps.id, rest.map((s) => s.id))).run();
          resolvers.get(subject)?.(step.subjectId, 'rejected', { c, user, comment: note });
          return;
        }
        const next = rest[0];
        if (next) {
          db.update(approvalSteps).set({ status: 'pending' }).where(eq(approvalSteps.id, next.id)).run();
          advancers.get(subject)?.(step.subjectId, next.approverEmployeeId != null ? [next.approverEmployeeId] : []);
          return;
        }
        resolvers.get(subject)?.(step.subjectId, 'approved', { c, user, comment: note });
      });
    },

    cancel(subject, subjectId) {
      db.update(approvalSteps)
        .set({ status: 'cancelled' })
        .where(and(eq(approvalSteps.subjectType, subject), eq(approvalSteps.subjectId, subjectId), inArray(approvalSteps.status, ['pending', 'waiting'])))
        .run();
    },

    steps(subject, subjectId) {
      const rows = stepsOf(subject, subjectId);
      const nameOf = names(rows.map((r) => r.approverEmployeeId));
      return rows.map((r) => view(r, nameOf));
    },

    inbox(user, locale) {
      const all = approvesForAll(user);
      const me = user.employeeId;
      if (!all && me == null) return [];
      const whose = all ? undefined : eq(approvalSteps.approverEmployeeId, me!);
      const rows = db
        .select()
        .from(approvalSteps)
        .where(and(eq(approvalSteps.status, 'pending'), whose, me != null ? ne(approvalSteps.employeeId, me) : undefined))
        .orderBy(asc(approvalSteps.createdAt), asc(approvalSteps.id))
        .all();
      const nameOf = names(rows.map((r) => r.employeeId));
      const items: InboxItem[] = rows.map((r) => ({
        stepId: r.id,
        subjectType: r.subjectType,
        subjectId: r.subjectId,
        employeeId: r.employeeId,
        employeeName: nameOf.get(r.employeeId) ?? `#${r.employeeId}`,
        summary: describe(r.subjectType, r.subjectId, locale),
        createdAt: r.createdAt,
        approverKind: r.approverKind,
        onBehalf: r.approverKind !== 'hr' && r.approverEmployeeId !== me,
      }));
      // Steps that are the user's own to take first; those they could take on someone's behalf last.
      return [...items.filter((i) => !i.onBehalf), ...items.filter((i) => i.onBehalf)];
    },

    onResolved(subject, resolver) {
      resolvers.set(subject, resolver);
    },

    onDescribe(subject, fn) {
      describers.set(subject, fn);
    },

    onAdvanced(subject, fn) {
      advancers.set(subject, fn);
    },

    currentApprovers(subject, subjectId) {
      const pending = stepsOf(subject, subjectId).find((s) => s.status === 'pending');
      return pending?.approverEmployeeId != null ? [pending.approverEmployeeId] : [];
    },

    canView(user, subject, subjectId) {
      if (approvesForAll(user)) return true;
      if (user.employeeId == null) return false;
      return stepsOf(subject, subjectId).some((s) => s.approverEmployeeId === user.employeeId);
    },

    decidedBy(user, locale, limit = 50) {
      const rows = db
        .select()
        .from(approvalSteps)
        .where(and(eq(approvalSteps.decidedByUserId, user.id), or(eq(approvalSteps.status, 'approved'), eq(approvalSteps.status, 'rejected'))))
        .orderBy(desc(approvalSteps.decidedAt), desc(approvalSteps.id))
        .limit(limit)
        .all();
      const nameOf = names(rows.map((r) => r.employeeId));
      return rows.map(
        (r): DecidedItem => ({
          stepId: r.id,
          subjectType: r.subjectType,
          subjectId: r.subjectId,
          employeeId: r.employeeId,
          employeeName: nameOf.get(r.employeeId) ?? `#${r.employeeId}`,
          summary: describe(r.subjectType, r.subjectId, locale),
          status: r.status as 'approved' | 'rejected',
          comment: r.comment,
          decidedAt: r.decidedAt ?? r.createdAt,
          onBehalf: r.onBehalf,
        }),
      );
    },
  };
}

export type { ApprovalOutcome };
