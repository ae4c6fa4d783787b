/**
 * Recruiting (招聘): headcount requisitions and a monthly plan, job openings with their own
 * pipelines, a careers page, résumé parsing and offline screening with explanations, blind
 * screening, intake from job boards, offers and the hire that creates the employee.
 */
import { definePlugin } from '../../core/sdk.js';
import { demoRecruiting } from './demo.js';
import { messages } from './i18n/index.js';
import { registerRecruiting } from './register.js';
import type { RecruitingEvents } from './service-api.js';
import { settingsSchema } from './settings.js';

declare module '../../core/sdk.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface HrEvents extends RecruitingEvents {}
}

export default definePlugin({
  id: 'recruiting',
  version: '1.0.0',
  name: { 'zh-CN': '招聘', en: 'Recruiting' },
  description: {
    'zh-CN': '招聘需求和计划、职位与招聘流程、官网投递、简历解析和离线智能筛选（附理由）、盲筛、招聘网站简历导入、录用和入职。',
    en: 'Requisitions and hiring plans, job openings and pipelines, a careers page, résumé parsing and offline screening with explanations, blind screening, intake from job boards, offers and onboarding.',
  },
  requires: ['core@^1'],
  settings: settingsSchema,
  permissions: [
    { id: 'recruiting.manage', label: 'recruiting.permission.manage', roles: ['hr'] },
    { id: 'recruiting.screen', label: 'recruiting.permission.screen', roles: ['hr', 'manager'] },
    { id: 'recruiting.requisition', label: 'recruiting.permission.requisition', roles: ['manager', 'hr'] },
    // Separation of duties, as payroll.approve: HR prepares, the admin (or a custom role) approves headcount.
    { id: 'recruiting.approve', label: 'recruiting.permission.approve' },
    // For API tokens of job boards and ATS connectors: an admin gives it to a custom role.
    { id: 'recruiting.intake', label: 'recruiting.permission.intake' },
  ],
  menu: [
    { id: 'jobs', section: 'manage', label: 'recruiting.menu.jobs', href: '/recruiting', permission: 'recruiting.screen', order: 40, icon: '🧲' },
    { id: 'candidates', section: 'manage', label: 'recruiting.menu.candidates', href: '/recruiting/candidates', permission: 'recruiting.screen', order: 41, icon: '🧑‍💼' },
    { id: 'requisitions', section: 'manage', label: 'recruiting.menu.requisitions', href: '/recruiting/requisitions', permission: 'recruiting.requisition', order: 42, icon: '📝' },
    { id: 'approvals', section: 'manage', label: 'recruiting.menu.approvals', href: '/recruiting/requisitions/approvals', permission: 'recruiting.approve', order: 44, icon: '✅' },
    { id: 'plans', section: 'manage', label: 'recruiting.menu.plans', href: '/recruiting/plans', permission: 'recruiting.manage', scope: 'all', order: 43, icon: '🎯' },
  ],
  i18n: messages,
  setup: registerRecruiting,
  demo: demoRecruiting,
});
