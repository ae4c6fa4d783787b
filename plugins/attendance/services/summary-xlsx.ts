/**
 * The monthly summary as an XLSX workbook for payroll, headers in the viewer's
 * language. exceljs is heavy (about a second to load), so it is imported on the
 * first export, never at startup.
 */
import type { Locale } from '../../../core/sdk.js';
import type { MonthlySummary } from '../service-api.js';
import { translate } from './text.js';

export interface SummarySheetOptions {
  month: string;
  locale: Locale;
  /** Department name per employee id. */
  departmentOf: ReadonlyMap<number, string>;
  /** Leave types in display order (code and name in `locale`): one column each, for those taken in the month. */
  leaveTypes: { code: string; name: string }[];
  locked: boolean;
}

/** Header row and data rows; kept apart from the workbook so tests can read it without exceljs. */
export function summaryTable(rows: MonthlySummary[], opts: SummarySheetOptions): { header: string[]; body: (string | number)[][] } {
  const say = (key: string, params?: Record<string, string | number>) => translate(opts.locale, key, params);
  const taken = new Set(rows.flatMap((r) => r.leave.map((l) => l.code)));
  const leaveColumns = opts.leaveTypes.filter((t) => taken.has(t.code));
  // Codes taken that are no longer listed (a type deleted since) still get a column.
  for (const code of taken) if (!leaveColumns.some((t) => t.code === code)) leaveColumns.push({ code, name: rows.flatMap((r) => r.leave).find((l) => l.code === code)?.name ?? code });
  const header = [
    say('attendance.report.col.employeeNo'),
    say('attendance.report.col.name'),
    say('attendance.report.col.department'),
    say('attendance.report.col.scheduledDays'),
    say('attendance.report.col.daysWorked'),
    say('attendance.report.col.lateCount'),
    say('attendance.report.col.lateMinutes'),
    say('attendance.report.col.earlyCount'),
    say('attendance.report.col.earlyMinutes'),
    say('attendance.report.col.absentDays'),
    say('attendance.report.col.missingPunches'),
    say('attendance.report.col.paidLeaveDays'),
    say('attendance.report.col.unpaidLeaveDays'),
    ...leaveColumns.map((t) => say('attendance.report.col.leaveDays', { name: t.name })),
    say('attendance.report.col.overtimeWorkday'),
    say('attendance.report.col.overtimeRestday'),
    say('attendance.report.col.overtimeHoliday'),
    say('attendance.report.col.lieuHours'),
    say('attendance.report.col.overLimit'),
  ];
  const body = rows.map((r) => [
    r.employeeNo,
    r.name,
    opts.departmentOf.get(r.employeeId) ?? '',
    r.scheduledDays,
    r.daysWorked,
    r.lateCount,
    r.lateMinutes,
    r.earlyCount,
    r.earlyMinutes,
    r.absentDays,
    r.missingPunchCount,
    r.paidLeaveDays,
    r.unpaidLeaveDays,
    ...leaveColumns.map((t) => r.leave.find((l) => l.code === t.code)?.days ?? 0),
    r.overtimeHours.workday,
    r.overtimeHours.restday,
    r.overtimeHours.holiday,
    r.lieuHoursEarned,
    say(r.overtimeOverLimit ? 'attendance.report.yes' : 'attendance.report.no'),
  ]);
  return { header, body };
}

export async function summaryWorkbook(rows: MonthlySummary[], opts: SummarySheetOptions): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const { header, body } = summaryTable(rows, opts);
  const wb = new ExcelJS.Workbook();
  const title = translate(opts.locale, opts.locked ? 'attendance.report.sheetLocked' : 'attendance.report.sheet', { month: opts.month });
  const ws = wb.addWorksheet(title.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = header.map((h, i) => ({ header: h, width: i < 3 ? 14 : Math.max(10, h.length * 2 + 2) }));
  ws.getRow(1).font = { bold: true };
  // Employee numbers stay text: `007` must not become 7.
  ws.getColumn(1).numFmt = '@';
  for (const line of body) ws.addRow(line);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
