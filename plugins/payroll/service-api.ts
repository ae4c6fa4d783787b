/** Events the payroll plugin raises (declared in index.ts). Never amounts: connectors send these to people's phones. */
export interface PayrollEvents {
  'payroll.run.approved': { runId: number; month: string };
  'payroll.run.locked': { runId: number; month: string };
  /** One per employee when a run is published: "your payslip is ready". */
  'payroll.payslip.published': { payslipId: number; employeeId: number; month: string; path: string };
}
