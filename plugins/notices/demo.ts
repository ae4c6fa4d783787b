/** The demo company's notices, in the language chosen at setup. */
import type { DemoContext } from '../../core/sdk.js';
import { createNoticeService } from './services/notices.js';

const DEMO = {
  'zh-CN': [
    { title: '2027年春节放假安排', body: '根据国务院办公厅通知，春节放假时间为2月5日至2月13日，共9天。请各部门提前安排好工作交接。', pinned: true },
    { title: '年度体检通知', body: '公司年度体检将于下月进行，请在系统中选择体检时间。', pinned: false },
    { title: '欢迎新同事加入', body: '本月有 5 位新同事加入研发部和市场部，欢迎大家！', pinned: false },
  ],
  en: [
    { title: 'Spring Festival holidays 2027', body: 'The office is closed from 5 to 13 February (9 days). Please plan handovers in advance.', pinned: true },
    { title: 'Annual health check', body: 'The annual health check takes place next month; pick a time slot in the suite.', pinned: false },
    { title: 'Welcome to our new colleagues', body: 'Five new colleagues join R&D and Marketing this month. Welcome!', pinned: false },
  ],
};

export function demoNotices(ctx: DemoContext): void {
  const service = createNoticeService(ctx.db, ctx.events, { pinnedLimit: 3 });
  for (const n of DEMO[ctx.locale]) service.publish({ ...n, expiresAt: null }, { id: null, name: ctx.locale === 'en' ? 'HR' : '人力资源部' });
}
