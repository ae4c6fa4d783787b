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
  'core.validation.required': 'Required',
  'core.validation.min_chars': 'At least {n} characters',
  'core.validation.max_chars': 'At most {n} characters',
  'core.validation.min_number': 'Must be at least {n}',
  'core.validation.max_number': 'Must be at most {n}',
  'core.validation.date': 'Enter a valid date',
  'core.validation.number': 'Enter a number',
  'core.validation.email': 'Enter a valid email address',
  'core.validation.choice': 'Choose one of the options',

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
  // sign-in page
  'core.login.intro': 'Enter your login and password.',
  'core.login.login': 'Login',
  'core.login.password': 'Password',
  'core.login.submit': 'Sign in',
  'core.login.forgot': 'Forgot your password? Ask an administrator to reset it.',

  // first-run setup wizard
  'core.setup.intro':
    'Welcome! This step creates your company and the first administrator, who holds every permission. Setup closes once it is done; everyone else gets an account from an administrator.',
  'core.setup.company_legend': 'Company',
  'core.setup.admin_legend': 'Administrator account',
  'core.setup.company': 'Company name',
  'core.setup.name': 'Your name',
  'core.setup.login': 'Login',
  'core.setup.login_hint': '3–64 characters: letters, digits and . _ @ -',
  'core.setup.password': 'Password',
  'core.setup.password_hint': 'At least 10 characters, and it must not contain the login.',
  'core.setup.confirm': 'Repeat the password',
  'core.setup.locale': 'Language',
  'core.setup.demo': 'Start with the demo company so you can try everything',
  'core.setup.demo_hint': 'Good for a first look; leave it unticked for real use.',
  'core.setup.submit': 'Finish setup',

  // admin pages: shared column titles and words
  'core.admin.col.id': 'ID',
  'core.admin.col.name': 'Name',
  'core.admin.col.plugin': 'Plugin',
  'core.admin.col.kind': 'Kind',
  'core.admin.col.method': 'Method',
  'core.admin.col.path': 'Path',
  'core.admin.col.permission': 'Permission',
  'core.admin.col.label': 'Description',
  'core.admin.col.roles': 'Default roles',
  'core.admin.col.job': 'Job',
  'core.admin.col.cron': 'Schedule (cron)',
  'core.admin.col.last_run': 'Last run',
  'core.admin.col.next_run': 'Next run',
  'core.admin.col.status': 'Status',
  'core.admin.col.trigger': 'Trigger',
  'core.admin.col.started': 'Started',
  'core.admin.col.duration': 'Duration',
  'core.admin.col.result': 'Result',
  'core.admin.col.applied_at': 'Applied',
  'core.admin.col.event': 'Event',
  'core.admin.col.subscriber': 'Subscriber',
  'core.admin.col.attempts': 'Attempts',
  'core.admin.col.last_error': 'Last error',
  'core.admin.col.time': 'Time',
  'core.admin.col.payload': 'Payload',
  'core.admin.col.actions': 'Actions',
  'core.admin.duration_ms': '{ms} ms',
  'core.admin.none': 'None',

  // admin: plugins
  'core.admin.plugins.intro': 'Plugins are switched on and off under plugins in hr.config.ts; restart the server afterwards:',
  'core.admin.plugins.keep_data': 'Switching a plugin off does not delete its data; switch it on again and everything is still there.',
  'core.admin.plugins.enabled': 'Enabled',
  'core.admin.plugins.disabled': 'Disabled',
  'core.admin.plugins.load_error': 'Cannot load',
  'core.admin.plugins.load_error_hint': 'The definition of this plugin was not found or could not be read; check its folder or npm package.',
  'core.admin.plugins.version': 'Version',
  'core.admin.plugins.source': 'Source',
  'core.admin.plugins.source.builtin': 'Built in',
  'core.admin.plugins.source.local': 'Local folder',
  'core.admin.plugins.source.npm': 'npm package',
  'core.admin.plugins.requires': 'Requires',
  'core.admin.plugins.optional': 'Optional',
  'core.admin.plugins.health_ok': 'OK',
  'core.admin.plugins.health_failing': '{count} failing job(s)',
  'core.admin.plugins.migrations': 'Migrations ({count})',
  'core.admin.plugins.routes': 'Routes ({count})',
  'core.admin.plugins.permissions': 'Permissions ({count})',
  'core.admin.plugins.jobs': 'Jobs ({count})',
  'core.admin.plugins.core': 'Core',
  'core.admin.plugins.core_hint': 'The tables and migrations of the core itself; always on.',
  'core.admin.plugins.empty': 'No plugins found.',

  // admin: jobs
  'core.admin.jobs.intro': 'Plugins register scheduled jobs; they run on their schedule ({zone} time), and you can run one right now here.',
  'core.admin.jobs.run_now': 'Run now',
  'core.admin.jobs.run_label': 'Run job {job} now',
  'core.admin.jobs.never': 'Never run',
  'core.admin.jobs.not_scheduled': 'Not scheduled',
  'core.admin.jobs.status.ok': 'OK',
  'core.admin.jobs.status.failed': 'Failed',
  'core.admin.jobs.status.skipped': 'Skipped',
  'core.admin.jobs.status.running': 'Running',
  'core.admin.jobs.trigger.schedule': 'Schedule',
  'core.admin.jobs.trigger.manual': 'Manual',
  'core.admin.jobs.history': 'Run history',
  'core.admin.jobs.filter': 'Filter by job',
  'core.admin.jobs.filter_all': 'All jobs',
  'core.admin.jobs.filter_apply': 'Filter',
  'core.admin.jobs.empty': 'No plugin has registered a scheduled job yet.',
  'core.admin.jobs.history_empty': 'No runs yet.',

  // admin: outbox
  'core.admin.outbox.intro':
    'Plugins work together through events: each event is delivered to every plugin that subscribes to it. Failed deliveries are retried automatically; a delivery that still fails after several attempts becomes a dead letter. Fix the cause, then retry it.',
  'core.admin.outbox.pending': 'Pending',
  'core.admin.outbox.done': 'Delivered',
  'core.admin.outbox.dead': 'Dead letters',
  'core.admin.outbox.dead_title': 'Dead letters',
  'core.admin.outbox.retry': 'Retry',
  'core.admin.outbox.retry_label': 'Retry event {event} for {subscriber}',
  'core.admin.outbox.show_payload': 'Show payload',
  'core.admin.outbox.empty': 'No dead letters — all events were delivered.',

  // admin: routes
  'core.admin.routes.intro': 'Every registered page, API and asset address, with the permission needed to use it.',
  'core.admin.routes.count': '{count} routes',
  'core.admin.routes.public': 'Public',
  'core.admin.routes.authenticated': 'Signed in',
  'core.admin.routes.kind.page': 'Page',
  'core.admin.routes.kind.api': 'API',
  'core.admin.routes.kind.asset': 'Asset',
  'core.admin.routes.empty': 'No routes are registered.',
};
