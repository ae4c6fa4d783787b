/**
 * Notices (公告): HR publishes company announcements, employees read them.
 * Small on purpose: it is the worked example of docs/plugins.md.
 */
import { definePlugin, escapeHtml, z } from '../../core/sdk.js';
import { registerApi } from './api.js';
import { demoNotices } from './demo.js';
import { messages } from './i18n.js';
import { registerPages } from './routes.js';
import { createNoticeService } from './services/notices.js';

declare module '../../core/sdk.js' {
  interface HrEvents {
    'notices.published': { id: number; title: string; pinned: boolean };
  }
}

export default definePlugin({
  id: 'notices',
  version: '1.0.0',
  name: { 'zh-CN': '公告', en: 'Notices' },
  description: { 'zh-CN': '发布公司公告，员工在电脑和手机上阅读。', en: 'Company announcements that employees read on desktop and phone.' },
  requires: ['core@^1'],
  settings: z.strictObject({
    /** How many notices may stay pinned at once; publishing another unpins the oldest. */
    pinnedLimit: z.number().int().min(0).max(10).default(3),
  }),
  permissions: [
    { id: 'notices.view', label: 'notices.permission.view', roles: ['employee', 'manager', 'hr'] },
    { id: 'notices.manage', label: 'notices.permission.manage', roles: ['hr'] },
  ],
  menu: [
    { id: 'list', section: 'self', label: 'notices.menu.list', href: '/notices', permission: 'notices.view', order: 10, icon: '📢' },
    { id: 'manage', section: 'manage', label: 'notices.menu.manage', href: '/notices/manage', permission: 'notices.manage', order: 50, icon: '📝' },
  ],
  i18n: messages,

  setup(ctx) {
    const service = createNoticeService(ctx.db, ctx.events, {
      pinnedLimit: ctx.settings.pinnedLimit,
      // Everyone still employed hears of a new notice on their messaging platform.
      announce: { notify: ctx.notify, audience: () => ctx.people.employees.roster().map((e) => e.id) },
    });
    registerPages(ctx, service);
    registerApi(ctx, service);

    ctx.jobs.add({
      id: 'expire',
      cron: '0 1 * * *',
      label: 'notices.job.expire',
      run: () => ({ summary: `archived ${service.archiveExpired()}` }),
    });

    ctx.widgets.add({
      id: 'latest',
      title: 'notices.widget.latest',
      permission: 'notices.view',
      order: 10,
      render: (c) => {
        const userId = c.get('user')!.id;
        const { items } = service.list({ page: 1, pageSize: 3, userId });
        return ctx.renderView(c, 'widget', { items, unread: service.unreadCount(userId) });
      },
    });

    ctx.bot.tool({
      id: 'latest',
      description: { 'zh-CN': '列出最新的公司公告标题', en: 'List the titles of the latest company notices' },
      permission: 'notices.view',
      input: z.object({ limit: z.number().int().min(1).max(10).default(5) }),
      run: ({ limit }, { user }) => service.list({ page: 1, pageSize: limit, userId: user.id }).items.map((n) => escapeHtml(n.title)),
    });
  },

  demo: demoNotices,
});
