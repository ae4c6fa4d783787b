/**
 * WeCom (企业微信) connector: notifications as text cards through the outbox, org sync and
 * check-in sync, sign-in inside WeCom and by QR code, the callback endpoint (signed and
 * encrypted per WXBizMsgCrypt) and the bot channel. Idle until configured. See
 * docs/connectors.md.
 */
import { definePlugin } from '../../core/sdk.js';
import { messages } from './i18n.js';
import { registerWecom } from './register.js';
import type { ChatService, WecomEvents } from './service-api.js';
import { settingsSchema } from './settings.js';

declare module '../../core/sdk.js' {
  interface HrServices {
    /** A chat bot answering employees' questions (no built-in plugin provides it yet). */
    chat: ChatService;
  }
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface HrEvents extends WecomEvents {}
}

export default definePlugin({
  id: 'wecom',
  version: '1.0.0',
  name: { 'zh-CN': '企业微信', en: 'WeCom' },
  description: {
    'zh-CN': '企业微信连接器：审批和工资条等消息推送、通讯录和打卡同步、企业微信内免密登录和扫码登录、应用消息机器人。',
    en: 'WeCom connector: approval and payslip notifications, org and check-in sync, password-free sign-in inside WeCom and by QR code, a bot in the app.',
  },
  requires: ['core@^1'],
  // Set up after attendance when it is on: check-ins go into its punches.
  optional: ['attendance'],
  settings: settingsSchema,
  menu: [{ id: 'status', section: 'settings', label: 'wecom.menu.status', href: '/wecom/admin', permission: 'core.admin', order: 926, icon: '💬' }],
  i18n: messages,
  setup: registerWecom,
});
