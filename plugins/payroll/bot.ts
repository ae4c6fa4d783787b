/**
 * Bot tools (called by the chat bot with the user's permissions): my latest
 * payslip, to its owner only: month, net pay and the link. Read through the
 * payslip service, so the view is audited like a page view (channel `bot`).
 */
import { HttpError, z, type PluginContext } from '../../core/sdk.js';
import { centsToYuanText, formatCents } from './domain/money.js';
import type { Payroll } from './services/index.js';
import { monthLabel, translate } from './services/payslip-text.js';
import type { PayrollSettings } from './settings.js';

export function registerBotTools(ctx: PluginContext<PayrollSettings>, payroll: Payroll): void {
  ctx.bot.tool({
    id: 'my-latest-payslip',
    description: { 'zh-CN': '查询我最新一张工资条：月份、实发工资和查看链接（仅本人）', en: 'My latest payslip: month, net pay and the link (own payslip only)' },
    permission: 'payroll.self',
    input: z.object({}),
    run: (_input, { user, locale }) => {
      if (user.employeeId == null) throw new HttpError(422, 'payroll.error.noEmployee');
      const latest = payroll.payslips.latest(user.employeeId);
      if (!latest) return { found: false, message: translate(locale, 'payroll.bot.latest.none'), link: '/payroll' };
      // Through `get`: the owner check and the audit entry are the page's.
      const view = payroll.payslips.get(null, user, latest.id, 'bot');
      return {
        found: true,
        month: view.month,
        monthText: monthLabel(view.month, locale),
        net: centsToYuanText(view.netCents),
        netText: `¥${formatCents(view.netCents)}`,
        confirmed: view.confirmedAt !== null,
        link: `/payroll/payslips/${view.id}`,
      };
    },
  });
}
