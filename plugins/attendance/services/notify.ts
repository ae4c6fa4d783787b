/**
 * What attendance tells people through the connectors (`ctx.notify`, e.g. a WeCom card):
 * approvers that a request waits for them, requesters how it was decided. Called next to the
 * events, inside the same transaction, so a rolled-back request tells nobody. Texts are given
 * in both languages where they depend on it (a leave type's name, "2 天" / "2 days"); the core
 * picks each recipient's. No amounts of pay, no reasons typed by the requester.
 */
import type { Locale, LocalizedText } from '../../../core/sdk.js';
import type { AttendanceParts } from './types.js';

export type RequestKind = 'leave' | 'overtime' | 'correction';

/** The approvals inbox: where overtime and corrections are decided. */
export const APPROVALS_PATH = '/attendance/approvals';

export function inBoth(text: (locale: Locale) => string): LocalizedText {
  return { 'zh-CN': text('zh-CN'), en: text('en') };
}

export function createAttendanceNotifications(parts: Pick<AttendanceParts, 'ctx'>) {
  const { ctx } = parts;
  const nameOf = (employeeId: number) => ctx.people.employees.roster({ ids: [employeeId], includeLeft: true })[0]?.name ?? '';

  return {
    /** "待你审批：张三的年假 2 天" to the approvers who must act now (none: nobody to tell). */
    waiting(kind: RequestKind, r: { employeeId: number; approverEmployeeIds: number[]; what: LocalizedText; when: LocalizedText; path: string }): void {
      ctx.notify({
        to: r.approverEmployeeIds,
        title: { key: 'attendance.notify.waiting', params: { name: nameOf(r.employeeId), what: r.what } },
        description: { key: 'attendance.notify.when', params: { when: r.when } },
        path: r.path,
        category: `attendance.${kind}`,
      });
    },

    /** "你的年假 2 天已批准" to the requester; a rejection carries the approver's comment. */
    decided(kind: RequestKind, r: { employeeId: number; outcome: 'approved' | 'rejected'; what: LocalizedText; when: LocalizedText; path: string; comment?: string }): void {
      const comment = r.comment?.trim();
      ctx.notify({
        to: [r.employeeId],
        title: { key: `attendance.notify.${r.outcome}`, params: { what: r.what } },
        description: comment ? { key: 'attendance.notify.comment', params: { when: r.when, comment: comment.slice(0, 200) } } : { key: 'attendance.notify.when', params: { when: r.when } },
        path: r.path,
        category: `attendance.${kind}`,
      });
    },
  };
}

export type AttendanceNotifications = ReturnType<typeof createAttendanceNotifications>;
