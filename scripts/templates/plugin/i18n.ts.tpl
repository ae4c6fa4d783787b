import type { Messages } from '__ROOT__/core/sdk.js';

// Every key in both languages, each starting with "__ID__.".
export const messages: Messages = {
  'zh-CN': {
    '__ID__.menu': '__NAME__',
    '__ID__.title': '__NAME__',
    '__ID__.permission.view': '查看__NAME__',
    '__ID__.permission.manage': '管理__NAME__',
    '__ID__.field.title': '标题',
    '__ID__.field.created_by': '添加人',
    '__ID__.field.created_at': '添加时间',
    '__ID__.add': '添加',
    '__ID__.added': '已添加“{title}”。',
    '__ID__.empty': '还没有条目。',
    '__ID__.error.title': '请填写标题。',
  },
  en: {
    '__ID__.menu': '__NAME__',
    '__ID__.title': '__NAME__',
    '__ID__.permission.view': 'View __NAME__',
    '__ID__.permission.manage': 'Manage __NAME__',
    '__ID__.field.title': 'Title',
    '__ID__.field.created_by': 'Added by',
    '__ID__.field.created_at': 'Added on',
    '__ID__.add': 'Add',
    '__ID__.added': '“{title}” was added.',
    '__ID__.empty': 'No items yet.',
    '__ID__.error.title': 'Please enter a title.',
  },
};
