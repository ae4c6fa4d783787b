/** Menu, permissions and errors shared by every part of the payroll plugin. */
import type { Messages } from '../../../core/sdk.js';

export const common: Messages = {
  'zh-CN': {
    'payroll.menu.payslips': '工资条',
    'payroll.menu.calculator': '个税计算器',
    'payroll.menu.runs': '发薪',
    'payroll.menu.setup': '薪酬设置',
    'payroll.menu.exports': '薪酬导出',
    'payroll.permission.self': '查看本人工资条、使用个税计算器',
    'payroll.permission.manage': '管理薪资档案、薪资项目、社保政策，准备工资表和导出',
    'payroll.permission.approve': '审批工资表',
    'payroll.error.notFound': '找不到这条记录，或者你无权查看。',
    'payroll.error.noEmployee': '你的账号还没有关联员工档案，请联系 HR。',
    'payroll.error.badMonth': '月份格式不对，应为 YYYY-MM。',
    'payroll.error.badAmount': '金额格式不对：请填写不超过两位小数的数字，例如 12000 或 12000.50。',
    'payroll.money': '¥{amount}',
  },
  en: {
    'payroll.menu.payslips': 'Payslips',
    'payroll.menu.calculator': 'Tax calculator',
    'payroll.menu.runs': 'Payroll runs',
    'payroll.menu.setup': 'Payroll setup',
    'payroll.menu.exports': 'Payroll exports',
    'payroll.permission.self': 'See own payslips, use the tax calculator',
    'payroll.permission.manage': 'Manage salaries, components and social insurance rules; prepare runs and exports',
    'payroll.permission.approve': 'Approve payroll runs',
    'payroll.error.notFound': 'This record does not exist or you may not see it.',
    'payroll.error.noEmployee': 'Your account is not linked to an employee record yet. Please contact HR.',
    'payroll.error.badMonth': 'Months look like YYYY-MM.',
    'payroll.error.badAmount': 'Amounts are numbers with at most two decimals, e.g. 12000 or 12000.50.',
    'payroll.money': '¥{amount}',
  },
};
