/**
 * Payroll (薪酬): salary setup, formula components, social insurance and
 * housing fund by city, individual income tax by cumulative withholding,
 * monthly runs with review, approval and locking, payslips (phone and PDF),
 * bank and tax exports, and a tax calculator. See docs/payroll.md.
 */
import { definePlugin } from '../../core/sdk.js';
import { demoPayroll } from './demo.js';
import { messages } from './i18n/index.js';
import { registerPayroll } from './register.js';
import type { PayrollEvents } from './service-api.js';
import { settingsSchema } from './settings.js';

declare module '../../core/sdk.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface HrEvents extends PayrollEvents {}
}

export default definePlugin({
  id: 'payroll',
  version: '1.0.0',
  name: { 'zh-CN': '薪酬', en: 'Payroll' },
  description: {
    'zh-CN': '薪资档案、社保公积金、个税累计预扣、月度发薪、工资条（手机和 PDF）、银行和个税导出、个税计算器。',
    en: 'Salary setup, social insurance and housing fund, cumulative income tax withholding, monthly runs, payslips (phone and PDF), bank and tax exports, a tax calculator.',
  },
  requires: ['core@^1', 'attendance@^1'],
  settings: settingsSchema,
  permissions: [
    { id: 'payroll.self', label: 'payroll.permission.self', roles: ['employee', 'manager', 'hr'] },
    { id: 'payroll.manage', label: 'payroll.permission.manage', roles: ['hr'] },
    // Separation of duties: HR prepares a run, someone else (the admin or a custom "finance" role) approves it.
    { id: 'payroll.approve', label: 'payroll.permission.approve' },
  ],
  menu: [
    { id: 'payslips', section: 'self', label: 'payroll.menu.payslips', href: '/payroll', permission: 'payroll.self', order: 30, icon: '💴' },
    { id: 'calculator', section: 'self', label: 'payroll.menu.calculator', href: '/payroll/tax-calculator', permission: 'payroll.self', order: 31, icon: '🧮' },
    { id: 'runs', section: 'manage', label: 'payroll.menu.runs', href: '/payroll/runs', permission: 'payroll.manage', scope: 'all', order: 30, icon: '💰' },
    { id: 'exports', section: 'manage', label: 'payroll.menu.exports', href: '/payroll/exports', permission: 'payroll.manage', scope: 'all', order: 31, icon: '📤' },
    { id: 'setup', section: 'manage', label: 'payroll.menu.setup', href: '/payroll/admin', permission: 'payroll.manage', scope: 'all', order: 32, icon: '⚙' },
  ],
  i18n: messages,
  setup: registerPayroll,
  demo: demoPayroll,
});
