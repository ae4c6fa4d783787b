/** Texts of notifications sent through the connectors (WeCom cards…): short, no amounts of pay. */
import type { Messages } from '../../../core/sdk.js';

export const notify: Messages = {
  'zh-CN': {
    'attendance.notify.waiting': '待你审批：{name}的{what}',
    'attendance.notify.approved': '你的{what}已批准',
    'attendance.notify.rejected': '你的{what}未获批准',
    'attendance.notify.when': '时间：{when}',
    'attendance.notify.comment': '时间：{when}\n审批意见：{comment}',
    'attendance.notify.what.leave': '请假',
    'attendance.notify.what.overtime': '加班 {hours} 小时',
    'attendance.notify.what.correction': '补卡申请',
  },
  en: {
    'attendance.notify.waiting': 'For your approval: {what} for {name}',
    'attendance.notify.approved': 'Approved: your {what}',
    'attendance.notify.rejected': 'Not approved: your {what}',
    'attendance.notify.when': 'When: {when}',
    'attendance.notify.comment': 'When: {when}\nComment: {comment}',
    'attendance.notify.what.leave': 'leave',
    'attendance.notify.what.overtime': '{hours} h of overtime',
    'attendance.notify.what.correction': 'missing punch correction',
  },
};
