/** Texts of notifications sent through the connectors (WeCom cards…): never an amount. */
import type { Messages } from '../../../core/sdk.js';

export const notify: Messages = {
  'zh-CN': {
    'payroll.notify.published': '你的 {month} 工资条已发布',
    'payroll.notify.published_detail': '点击查看工资条明细，或下载 PDF。',
  },
  en: {
    'payroll.notify.published': 'Your payslip for {month} is ready',
    'payroll.notify.published_detail': 'Open it to see the details or download the PDF.',
  },
};
