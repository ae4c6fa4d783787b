/**
 * Core messages in Simplified Chinese, the default language.
 * `en.ts` is typed against this object, so a key added here and forgotten
 * there fails type-checking; the key-parity test checks it again at runtime.
 */
export const zhCN = {
  'core.app.name': '人事系统',

  // layout
  'core.skip': '跳到主要内容',
  'core.menu.open': '菜单',
  'core.menu.label': '主导航',
  'core.menu.self': '我的',
  'core.menu.manage': '管理',
  'core.menu.settings': '设置',
  'core.footer.text': '{app} · 数据保存在您自己的服务器上',

  // signing in and out
  'core.auth.signIn': '登录',
  'core.auth.signOut': '退出登录',
  'core.auth.signedInAs': '当前用户：{name}',

  // preferences: language and theme
  'core.prefs.label': '显示偏好',
  'core.prefs.language': '语言',
  'core.prefs.theme': '主题',
  'core.prefs.apply': '应用',
  'core.locale.zh-CN': '简体中文',
  'core.locale.en': 'English',
  'core.theme.default': '默认',
  'core.theme.dark': '深色',

  // errors
  'core.error.400.title': '请求无效',
  'core.error.400.body': '请求的内容不正确，请检查后重试。',
  'core.error.401.title': '需要登录',
  'core.error.401.body': '请先登录再访问此页面。',
  'core.error.403.title': '没有权限',
  'core.error.403.body': '您没有访问此页面的权限。如需开通，请联系管理员。',
  'core.error.404.title': '页面不存在',
  'core.error.404.body': '找不到您要访问的页面，它可能已被移动或删除。',
  'core.error.500.title': '服务器出错了',
  'core.error.500.body': '处理请求时出现了问题。请稍后再试；若问题持续，请把下方的请求编号告诉管理员。',
  'core.error.requestId': '请求编号',
  'core.error.home': '返回首页',

  // flash messages
  'core.flash.region': '通知',
  'core.flash.close': '关闭',

  // pagination and empty states
  'core.pagination.label': '分页',
  'core.pagination.previous': '上一页',
  'core.pagination.next': '下一页',
  'core.pagination.status': '第 {page} 页，共 {pages} 页',
  'core.empty.default': '暂无数据',

  // home / dashboard
  'core.home.title': '工作台',
  'core.home.noWidgets': '这里还没有卡片。启用插件并获得相应权限后，它们的摘要会显示在这里。',

  // validation
  'core.validation.summary': '请修正标出的字段',

  // common actions, for plugin views that need a generic label
  'core.action.save': '保存',
  'core.action.cancel': '取消',
  'core.action.delete': '删除',
  'core.action.edit': '编辑',
  'core.action.search': '搜索',
  'core.action.back': '返回',
  'core.action.confirm': '确认',

  // keys used by core routes (auth, setup, admin pages, API)
  'core.error.csrf': '页面已过期或请求来源不可信，请刷新页面后重试。',
  'core.error.invalid_json': '请求体不是有效的 JSON。',
  'core.login.title': '登录',
  'core.login.failed': '账号或密码不正确。',
  'core.setup.title': '初始设置',
  'core.setup.not_done': '系统尚未完成初始设置。',
  'core.password.too_short': '密码至少需要 {min} 个字符。',
  'core.password.too_long': '密码不能超过 {max} 个字符。',
  'core.password.too_simple': '密码过于简单，请使用更多不同的字符。',
  'core.password.contains_login': '密码不能包含登录名。',
  'core.password.mismatch': '两次输入的密码不一致。',
  'core.permission.admin': '系统管理',
  'core.permission.audit_view': '查看审计日志',
  'core.admin.plugins.title': '插件',
  'core.admin.jobs.title': '定时任务',
  'core.admin.jobs.result.ok': '任务 {job} 已完成。',
  'core.admin.jobs.result.failed': '任务 {job} 失败：{error}',
  'core.admin.jobs.result.skipped': '任务 {job} 正在运行，本次已跳过。',
  'core.admin.jobs.result.running': '任务 {job} 正在运行。',
  'core.admin.outbox.title': '事件投递',
  'core.admin.outbox.retried': '已重新排队投递。',
  'core.admin.outbox.not_dead': '该事件不在失败列表中，无法重试。',
  'core.admin.routes.title': '路由',
} as const;
