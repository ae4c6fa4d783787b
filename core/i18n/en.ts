import type { zhCN } from './zh-CN.js';

/**
 * Core messages in English. Typed as exactly the keys of `zh-CN.ts`: a missing
 * or extra key is a compile error, not a surprise in production.
 */
export const en: Record<keyof typeof zhCN, string> = {
  'core.app.name': 'HR Suite',

  // layout
  'core.skip': 'Skip to content',
  'core.menu.open': 'Menu',
  'core.menu.label': 'Main navigation',
  'core.menu.self': 'Self-service',
  'core.menu.manage': 'Management',
  'core.menu.settings': 'Settings',
  'core.footer.text': '{app} · your data stays on your own server',

  // signing in and out
  'core.auth.signIn': 'Sign in',
  'core.auth.signOut': 'Sign out',
  'core.auth.signedInAs': 'Signed in as {name}',

  // preferences: language and theme
  'core.prefs.label': 'Display preferences',
  'core.prefs.language': 'Language',
  'core.prefs.theme': 'Theme',
  'core.prefs.apply': 'Apply',
  'core.locale.zh-CN': '简体中文',
  'core.locale.en': 'English',
  'core.theme.default': 'Default',
  'core.theme.dark': 'Dark',

  // errors
  'core.error.400.title': 'Bad request',
  'core.error.400.body': 'The request is not valid. Please check it and try again.',
  'core.error.401.title': 'Please sign in',
  'core.error.401.body': 'You need to sign in to see this page.',
  'core.error.403.title': 'Access denied',
  'core.error.403.body': 'You do not have permission to see this page. Ask an administrator if you need it.',
  'core.error.404.title': 'Page not found',
  'core.error.404.body': 'The page you asked for does not exist. It may have been moved or deleted.',
  'core.error.500.title': 'Something went wrong',
  'core.error.500.body':
    'The server could not complete the request. Please try again later; if it keeps happening, give the request ID below to an administrator.',
  'core.error.requestId': 'Request ID',
  'core.error.home': 'Back to home',

  // flash messages
  'core.flash.region': 'Notifications',
  'core.flash.close': 'Dismiss',

  // pagination and empty states
  'core.pagination.label': 'Pagination',
  'core.pagination.previous': 'Previous',
  'core.pagination.next': 'Next',
  'core.pagination.status': 'Page {page} of {pages}',
  'core.empty.default': 'Nothing here yet',

  // home / dashboard
  'core.home.title': 'Dashboard',
  'core.home.noWidgets':
    'No widgets yet. Cards from your plugins appear here once they are enabled and you have access to them.',

  // validation
  'core.validation.summary': 'Please correct the highlighted fields',

  // common actions, for plugin views that need a generic label
  'core.action.save': 'Save',
  'core.action.cancel': 'Cancel',
  'core.action.delete': 'Delete',
  'core.action.edit': 'Edit',
  'core.action.search': 'Search',
  'core.action.back': 'Back',
  'core.action.confirm': 'Confirm',

  // keys used by core routes (auth, setup, admin pages, API)
  'core.error.csrf': 'This page has expired or the request came from an untrusted page. Reload the page and try again.',
  'core.error.invalid_json': 'The request body is not valid JSON.',
  'core.login.title': 'Sign in',
  'core.login.failed': 'Wrong login or password.',
  'core.setup.title': 'First-time setup',
  'core.setup.not_done': 'The first-time setup has not been completed yet.',
  'core.password.too_short': 'The password needs at least {min} characters.',
  'core.password.too_long': 'The password can have at most {max} characters.',
  'core.password.too_simple': 'The password is too simple; use more different characters.',
  'core.password.contains_login': 'The password must not contain the login.',
  'core.password.mismatch': 'The two passwords do not match.',
  'core.permission.admin': 'Administration',
  'core.permission.audit_view': 'View the audit log',
  'core.admin.plugins.title': 'Plugins',
  'core.admin.jobs.title': 'Scheduled jobs',
  'core.admin.jobs.result.ok': 'Job {job} finished.',
  'core.admin.jobs.result.failed': 'Job {job} failed: {error}',
  'core.admin.jobs.result.skipped': 'Job {job} is already running; this run was skipped.',
  'core.admin.jobs.result.running': 'Job {job} is running.',
  'core.admin.outbox.title': 'Event delivery',
  'core.admin.outbox.retried': 'The event is queued for delivery again.',
  'core.admin.outbox.not_dead': 'That event is not in the failed list, so it cannot be retried.',
  'core.admin.routes.title': 'Routes',
};
