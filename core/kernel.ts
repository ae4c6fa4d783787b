/**
 * The kernel: configuration, database, migrations, plugins and the registries
 * they fill. HTTP wiring lives in app.ts; this file knows nothing about requests
 * beyond collecting the routes plugins declare.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pino, type Logger } from 'pino';
import type { z } from 'zod';
import { audit } from './audit.js';
import { CORE_MENU, CORE_PERMISSIONS, normalizeAccess, PermissionRegistry } from './auth/permissions.js';
import { createRoleStore, type RoleStore } from './access/roles.js';
import { ROOT, type ResolvedConfig } from './config.js';
import { openDatabase, type DbHandle } from './db/client.js';
import { migrate, type MigrationSource } from './db/migrator.js';
import { clientIp } from './http/security.js';
import { loadPeopleDemo } from './people/demo.js';
import { coreMigrationSources } from './db/modules.js';
import { createEventBus, type EventBus } from './events/index.js';
import { coreMessages } from './i18n/messages.js';
import { createI18n } from './i18n/index.js';
import { createJobRunner, type JobRunner } from './jobs/index.js';
import { loadPlugins, PluginError, type LoadedPlugin } from './plugins/loader.js';
import type {
  Access,
  ApiRouteDef,
  BotToolDef,
  HrHandler,
  HttpMethod,
  MenuItemDef,
  Permission,
  PluginContext,
  RouteInfo,
  ServiceName,
  Services,
  WidgetDef,
  HrServices,
  DemoContext,
  Locale,
  SensitiveFields,
  Scope,
} from './sdk.js';
import { HttpError, LOCALES, PUBLIC, type PageOptions } from './sdk.js';
import { createHmac, hkdfSync } from 'node:crypto';
import { createViews } from './views/engine.js';
import { createFieldCipher, mask } from './crypto/fields.js';
import { registerProfileTab } from './people/pages/tabs.js';
import { peopleMessages } from './people/i18n.js';
import { aiMessages } from './ai/i18n.js';
import { aiAdminMessages } from './ai/admin-messages.js';
import { createAiRuntime, type AiRuntime } from './ai/runtime.js';
import { createConnectors, type ConnectorsRuntime } from './connectors/index.js';
import { connectorMessages } from './connectors/messages.js';
import { importMessages } from './people/import/i18n.js';
import { PEOPLE_MENU, PEOPLE_PERMISSIONS, wirePeople, type PeopleWiring } from './people/wiring.js';
import { getSetting, setSetting } from './settings.js';
import { purgeExpiredSessions } from './auth/sessions.js';
import { cookieNames, type CookieNames } from './http/cookies.js';
import { pluginRenderer } from './http/render.js';

export { CORE_MIGRATIONS, CORE_MODULES, coreMigrationSources } from './db/modules.js';

export interface PageRoute extends RouteInfo {
  kind: 'page';
  method: HttpMethod;
  handler: HrHandler;
}

export interface ApiRoute extends RouteInfo {
  kind: 'api';
  method: HttpMethod;
  def: ApiRouteDef;
}

export interface Kernel {
  config: ResolvedConfig;
  log: Logger;
  dbh: DbHandle;
  plugins: LoadedPlugin[];
  permissions: PermissionRegistry;
  /** Built-in and custom roles, and the (cached) grants each resolves to. */
  roles: RoleStore;
  /** The people directory: `people.service` for everyone, `people.context` (can decrypt) for core only. */
  people: PeopleWiring;
  /** The AI runtime: the configured LLM and embedder, with privacy, audit and usage around them. */
  ai: AiRuntime;
  /** Messaging platforms plugins register (WeCom…): links, notifications, org and punch sync. */
  connectors: ConnectorsRuntime;
  /** `POST /wecom/callback`-style keys of webhook routes (no session, no CSRF check). */
  webhooks: Set<string>;
  /** Every route of the suite with its permission: core routes are added by app.ts. */
  routes: RouteInfo[];
  pages: PageRoute[];
  apis: ApiRoute[];
  menu: (MenuItemDef & { plugin: string })[];
  widgets: (WidgetDef & { plugin: string })[];
  botTools: Map<string, BotToolDef & { plugin: string }>;
  services: Map<string, { plugin: string; implementation: unknown }>;
  events: EventBus;
  jobs: JobRunner;
  i18n: ReturnType<typeof createI18n>;
  views: ReturnType<typeof createViews>;
  contexts: Map<string, PluginContext>;
  cookies: CookieNames;
  close(): Promise<void>;
}

export function createLogger(config: Pick<ResolvedConfig, 'log'>): Logger {
  return pino({ level: config.log.level, base: { app: 'hr' }, redact: ['password', '*.password', 'secret', '*.secret', '*.*.secret', 'token', '*.token', '*.*.token', 'apiKey', '*.apiKey', '*.*.apiKey', 'aesKey', '*.aesKey', '*.*.aesKey', 'contactsSecret', '*.contactsSecret'] });
}

/** Apply pending migrations of core and of the given plugins (all or nothing). */
export function migrateAll(dbh: DbHandle, plugins: Pick<LoadedPlugin, 'id' | 'migrationsDir'>[]) {
  const sources: MigrationSource[] = [...coreMigrationSources(), ...plugins.map((p) => ({ plugin: p.id, folder: p.migrationsDir }))];
  return migrate(dbh.sqlite, sources);
}

function servicesFor(kernel: Pick<Kernel, 'services'>, pluginId: string, declared: Set<string>): Services {
  return {
    provide(name, implementation) {
      const existing = kernel.services.get(name);
      if (existing) throw new Error(`Service "${name}" is provided twice (by ${existing.plugin} and ${pluginId}).`);
      kernel.services.set(name, { plugin: pluginId, implementation });
    },
    get<K extends ServiceName>(name: K): HrServices[K] {
      const found = kernel.services.get(name);
      if (!found) {
        throw new Error(
          `Plugin "${pluginId}" asked for service "${name}", which no enabled plugin provides.` +
            (declared.has(name) ? '' : ` Add the plugin that provides it to "requires" or "optional".`),
        );
      }
      return found.implementation as HrServices[K];
    },
    maybe<K extends ServiceName>(name: K): HrServices[K] | undefined {
      return kernel.services.get(name)?.implementation as HrServices[K] | undefined;
    },
  };
}

function joinPath(prefix: string, path: string): string {
  const p = path === '/' || path === '' ? '' : path.startsWith('/') ? path : `/${path}`;
  return `${prefix}${p}` || '/';
}

export async function createKernel(config: ResolvedConfig, options: { log?: Logger; root?: string } = {}): Promise<Kernel> {
  const log = options.log ?? createLogger(config);
  const plugins = await loadPlugins(config, options.root ?? ROOT);
  const dbh = openDatabase(config.dbPath);
  try {
    const applied = migrateAll(dbh, plugins);
    for (const m of applied) log.info({ plugin: m.plugin, migration: m.name }, 'migration applied');
  } catch (err) {
    dbh.close();
    throw err;
  }

  const i18n = createI18n(config.locale);
  i18n.add('core', coreMessages);
  i18n.add('core.people', peopleMessages);
  i18n.add('core.people.import', importMessages);
  // Texts only: the AI runtime itself (jieba, pdf.js) loads on first use.
  i18n.add('core.ai', aiMessages);
  i18n.add('core.ai.admin', aiAdminMessages);
  i18n.add('core.connectors', connectorMessages);
  const permissions = new PermissionRegistry();
  for (const p of [...CORE_PERMISSIONS, ...PEOPLE_PERMISSIONS]) permissions.add('core', p);
  const pluginViewDirs = new Map<string, string>();
  for (const p of plugins) if (p.viewsDir) pluginViewDirs.set(p.id, p.viewsDir);
  const views = createViews({
    themesDir: join(ROOT, 'themes'),
    coreViewsDir: join(ROOT, 'core', 'views', 'templates'),
    pluginViewDirs,
    // `npm run dev` re-reads templates on every request so edits show without a restart.
    cache: process.env.HR_DEV !== '1',
  });

  const kernel: Kernel = {
    config,
    log,
    dbh,
    plugins,
    permissions,
    roles: createRoleStore(dbh.sqlite, permissions),
    routes: [],
    webhooks: new Set(),
    pages: [],
    apis: [],
    menu: [],
    widgets: [],
    botTools: new Map(),
    services: new Map(),
    events: createEventBus({ sqlite: dbh.sqlite, log: log.child({ module: 'events' }), maxAttempts: config.events.maxAttempts, retryBaseMs: config.events.retryBaseMs }),
    jobs: createJobRunner({ sqlite: dbh.sqlite, log: log.child({ module: 'jobs' }), timezone: config.timezone }),
    i18n,
    views,
    contexts: new Map(),
    cookies: cookieNames(config.secret),
    people: undefined as unknown as PeopleWiring,
    connectors: undefined as unknown as ConnectorsRuntime,
    ai: createAiRuntime(config, { sqlite: dbh.sqlite, audit: (c, entry) => audit(dbh.sqlite, c, entry, config.trustProxy) }),
    async close() {
      await kernel.jobs.stop();
      await kernel.events.stop();
      dbh.close();
    },
  };

  kernel.people = wirePeople({
    db: dbh.db,
    sqlite: dbh.sqlite,
    secret: config.secret,
    timezone: config.timezone,
    trustProxy: config.trustProxy,
    events: kernel.events,
  });
  kernel.connectors = createConnectors({
    sqlite: dbh.sqlite,
    people: () => kernel.people.service,
    events: kernel.events,
    jobs: kernel.jobs,
    i18n,
    config,
    log,
    audit: (c, entry) => audit(dbh.sqlite, c, entry, config.trustProxy),
    service: (name) => kernel.services.get(name)?.implementation,
  });

  for (const plugin of plugins) {
    const { def } = plugin;
    if (def.i18n) i18n.add(plugin.id, def.i18n);
    for (const p of def.permissions ?? []) permissions.add(plugin.id, p);
  }
  for (const item of [...CORE_MENU, ...PEOPLE_MENU]) kernel.menu.push({ ...item, plugin: 'core' });
  kernel.menu.push({ id: 'admin-connectors', section: 'settings', label: 'core.connectors.title', href: '/admin/connectors', permission: 'core.admin', order: 907, icon: '🔗', plugin: 'core' });
  addCoreJobs(kernel);
  for (const plugin of plugins) {
    for (const item of plugin.def.menu ?? []) {
      if (!permissions.has(item.permission)) {
        throw new PluginError(`Plugin "${plugin.id}": menu item "${item.id}" needs permission "${item.permission}", which no plugin registers.`, plugin.id);
      }
      kernel.menu.push({ ...item, plugin: plugin.id });
    }
  }

  for (const plugin of plugins) {
    const ctx = createPluginContext(kernel, plugin);
    kernel.contexts.set(plugin.id, ctx);
    try {
      await plugin.def.setup?.(ctx);
    } catch (err) {
      await kernel.close();
      throw new PluginError(`Plugin "${plugin.id}" failed to start: ${(err as Error).message}`, plugin.id);
    }
  }
  return kernel;
}

/** Housekeeping: delivered events and expired sessions do not pile up forever. */
function addCoreJobs(kernel: Kernel): void {
  const DAY = 24 * 3600 * 1000;
  kernel.jobs.add('core', {
    id: 'outbox-purge',
    cron: '30 3 * * *',
    label: 'core.job.outbox_purge',
    run: () => ({ summary: `purged ${kernel.events.purgeDelivered(30 * DAY)}` }),
  });
  kernel.jobs.add('core', {
    id: 'sessions-purge',
    cron: '40 3 * * *',
    label: 'core.job.sessions_purge',
    run: () => ({ summary: `purged ${purgeExpiredSessions(kernel.dbh.sqlite)}` }),
  });
}

/** Each plugin seals with its own key, so one plugin cannot read another's sensitive fields. */
function sensitiveFieldsFor(kernel: Kernel, pluginId: string): SensitiveFields {
  const cipher = createFieldCipher(kernel.config.secret, `plugin:${pluginId}`);
  const hashKey = Buffer.from(hkdfSync('sha256', kernel.config.secret, 'hr-suite', `plugin-lookup-hash:${pluginId}`, 32));
  return {
    lookupHash: (normalized) => createHmac('sha256', hashKey).update(normalized).digest('hex'),
    seal: (plain) => cipher.encrypt(plain),
    unseal: (stored) => cipher.decrypt(stored),
    reveal(c, stored, what) {
      const plain = cipher.decrypt(stored);
      audit(kernel.dbh.sqlite, c, { action: `${pluginId}.reveal`, entity: what.entity, entityId: what.entityId, after: { field: what.field } }, kernel.config.trustProxy);
      return plain;
    },
    mask,
  };
}

/** `PluginPeople.grantOf`: the scope at which the employee's active account holds `permission`. */
export function employeeGrant(kernel: Pick<Kernel, 'dbh' | 'roles'>, employeeId: number, permission: Permission): Scope | null {
  const account = kernel.dbh.sqlite
    .prepare('SELECT u.role AS role, u.active AS active FROM people_employees e JOIN core_users u ON u.id = e.user_id WHERE e.id = ?')
    .get(employeeId) as { role: string; active: number } | undefined;
  if (!account?.active) return null;
  return kernel.roles.grantsOf(account.role).scopes.get(permission) ?? null;
}

/** Display names of user accounts by id (removed accounts are absent). */
function userNames(kernel: Pick<Kernel, 'dbh'>, ids: Iterable<number | null | undefined>): Map<number, string> {
  const wanted = [...new Set([...ids].filter((id): id is number => typeof id === 'number'))];
  if (!wanted.length) return new Map();
  const rows = kernel.dbh.sqlite.prepare(`SELECT id, name FROM core_users WHERE id IN (${wanted.map(() => '?').join(', ')})`).all(...wanted) as { id: number; name: string }[];
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** The language set on the account linked to an employee, or null (no account, none set). */
function accountLocale(kernel: Pick<Kernel, 'dbh'>, employeeId: number): Locale | null {
  const row = kernel.dbh.sqlite.prepare('SELECT u.locale AS locale FROM people_employees e JOIN core_users u ON u.id = e.user_id WHERE e.id = ?').get(employeeId) as { locale: string | null } | undefined;
  return (LOCALES as readonly string[]).includes(row?.locale ?? '') ? (row!.locale as Locale) : null;
}

function createPluginContext(kernel: Kernel, plugin: LoadedPlugin): PluginContext {
  const { id } = plugin;
  const log = kernel.log.child({ plugin: id });
  const declared = new Set([...(plugin.def.requires ?? []), ...(plugin.def.optional ?? [])].map((s) => s.split('@')[0]!));
  const checkPermission = (what: string, permission: Permission) => {
    if (!kernel.permissions.has(permission)) {
      throw new Error(`Plugin "${id}": ${what} needs permission "${permission}", which no plugin registers. Add it to "permissions".`);
    }
  };
  // Plain strings keep working; `{ permission, scope }` adds the minimum scope the guard enforces.
  const page = (method: HttpMethod) => (path: string, access: Access, handler: HrHandler, options: PageOptions = {}) => {
    const full = joinPath(`/${id}`, path);
    const where = `page ${method.toUpperCase()} ${full}`;
    const { permission, scope } = withWhere(where, () => normalizeAccess(access));
    checkPermission(where, permission);
    if (options.webhook) {
      // Sessions and CSRF are skipped for it: only a public, fixed path may be one.
      if (permission !== PUBLIC || full.includes(':')) throw new Error(`Plugin "${id}": ${where}: a webhook must be PUBLIC and have a fixed path`);
      kernel.webhooks.add(`${method.toUpperCase()} ${full}`);
    }
    const info: RouteInfo = { plugin: id, kind: 'page', method, path: full, permission, ...(scope ? { scope } : {}) };
    kernel.pages.push({ ...info, kind: 'page', method, handler });
    kernel.routes.push(info);
  };
  const withWhere = <T>(where: string, fn: () => T): T => {
    try {
      return fn();
    } catch (err) {
      throw new Error(`Plugin "${id}": ${where}: ${(err as Error).message}`);
    }
  };
  const renderer = pluginRenderer(kernel, id);
  return {
    id,
    settings: plugin.settings,
    config: {
      // A getter: with port 0 the real address is known only once the server listens.
      get publicUrl() {
        return kernel.config.publicUrl;
      },
      // A getter too: the setup wizard stores the name after start.
      get companyName() {
        return getSetting<string>(kernel.dbh.sqlite, 'company.name') ?? null;
      },
      defaultLocale: kernel.config.locale,
      timezone: kernel.config.timezone,
      dataDir: kernel.config.dataDir,
    },
    log,
    db: kernel.dbh.db,
    sqlite: kernel.dbh.sqlite,
    dataPath(...segments) {
      const dir = resolve(kernel.config.dataDir, 'plugins', id);
      mkdirSync(dir, { recursive: true });
      return resolve(dir, ...segments);
    },
    pages: { get: page('get'), post: page('post'), put: page('put'), patch: page('patch'), delete: page('delete') },
    api: {
      route(def) {
        const full = joinPath(`/api/v1/${id}`, def.path);
        const where = `API ${def.method.toUpperCase()} ${full}`;
        const { permission, scope } = withWhere(where, () => normalizeAccess(def.scope === undefined ? def.permission : { permission: def.permission, scope: def.scope }));
        checkPermission(where, permission);
        const info: RouteInfo = { plugin: id, kind: 'api', method: def.method, path: full, permission, ...(scope ? { scope } : {}) };
        kernel.apis.push({ ...info, kind: 'api', method: def.method, def: def as unknown as ApiRouteDef });
        kernel.routes.push(info);
      },
    },
    events: kernel.events.forPlugin(id),
    jobs: kernel.jobs.forPlugin(id),
    services: servicesFor(kernel, id, declared),
    widgets: {
      add(widget) {
        checkPermission(`widget "${widget.id}"`, widget.permission);
        kernel.widgets.push({ ...widget, plugin: id });
      },
    },
    bot: {
      tool<I extends z.ZodType>(tool: BotToolDef<I>) {
        const full = `${id}.${tool.id}`;
        checkPermission(`bot tool "${full}"`, tool.permission);
        if (kernel.botTools.has(full)) throw new Error(`Bot tool "${full}" is registered twice.`);
        kernel.botTools.set(full, { ...(tool as unknown as BotToolDef), plugin: id });
      },
    },
    render: renderer.render,
    renderView: renderer.renderView,
    flash: renderer.flash,
    audit: (c, entry) => audit(kernel.dbh.sqlite, c, entry, kernel.config.trustProxy),
    clientIp: (c) => clientIp(c, kernel.config.trustProxy),
    sensitive: sensitiveFieldsFor(kernel, id),
    ai: { llm: kernel.ai.llmFor(id), embeddings: kernel.ai.embeddings },
    connectors: kernel.connectors.forPlugin(id),
    notify: (request) => kernel.connectors.notify(id, request),
    people: {
      tab(tab) {
        checkPermission(`profile tab "${tab.id}"`, tab.permission);
        registerProfileTab(kernel, id, tab);
      },
      // Getters: the service is wired after the kernel object exists.
      get employees() {
        const { get, list, idByEmployeeNo, roster } = kernel.people.service.employees;
        return { get, list, idByEmployeeNo, roster };
      },
      departments() {
        return kernel.people.service.departments.flat();
      },
      get employeeOfUser() {
        return kernel.people.service.employeeOfUser;
      },
      get scopes() {
        return kernel.people.service.scopes;
      },
      grantOf: (employeeId, permission) => employeeGrant(kernel, employeeId, permission),
      userNames: (ids) => userNames(kernel, ids),
      localeOf: (employeeId) => accountLocale(kernel, employeeId),
      hire(c, input) {
        const user = c.get('user');
        if (!user || user.scopes.get('core.people.manage') !== 'all') throw new HttpError(403, 'core.error.403.body');
        return kernel.people.service.employees.create(input, c);
      },
      revealIdNumbers(c, employeeIds, purpose) {
        if (c.get('user')?.scopes.get('core.people.sensitive') !== 'all') return null;
        const { reveal } = kernel.people.service.employees;
        return kernel.dbh.sqlite.transaction(() => new Map(employeeIds.map((id) => [id, reveal(id, 'idNumber', c, purpose)])))();
      },
    },
  };
}

export const DEMO_KEY = 'demo.loadedAt';

export class DemoAlreadyLoadedError extends Error {
  override name = 'DemoAlreadyLoadedError';
  constructor(readonly loadedAt: string) {
    super(`Demo data was already loaded on ${loadedAt}; loading it twice would duplicate it.`);
  }
}

/**
 * Run every enabled plugin's demo hook, in dependency order, once per database
 * (recorded in core_settings, whether loaded from the setup wizard or the CLI).
 * Hooks may be async, so they are not wrapped in one transaction: a failure
 * leaves what earlier hooks wrote, and releases the claim so it can be retried.
 */
export async function loadDemo(kernel: Kernel, locale: Locale = kernel.config.locale): Promise<string[]> {
  const { sqlite } = kernel.dbh;
  const claimed = sqlite.transaction(() => {
    const loadedAt = getSetting<string>(sqlite, DEMO_KEY);
    if (loadedAt) return loadedAt;
    setSetting(sqlite, DEMO_KEY, new Date().toISOString());
    return null;
  }).immediate();
  if (claimed) throw new DemoAlreadyLoadedError(claimed);
  const done: string[] = [];
  try {
    await runDemoHooks(kernel, locale, done);
  } catch (err) {
    sqlite.prepare('DELETE FROM core_settings WHERE key = ?').run(DEMO_KEY);
    throw err;
  }
  return done;
}

async function runDemoHooks(kernel: Kernel, locale: Locale, done: string[]): Promise<void> {
  // Core's own part first: plugins' demo data belongs to these people.
  if (loadPeopleDemo(kernel.people.service, locale) > 0) done.push('core.people');
  for (const plugin of kernel.plugins) {
    if (!plugin.def.demo) continue;
    const ctx: DemoContext = {
      id: plugin.id,
      db: kernel.dbh.db,
      sqlite: kernel.dbh.sqlite,
      log: kernel.log.child({ plugin: plugin.id, demo: true }),
      services: servicesFor(kernel, plugin.id, new Set()),
      events: kernel.events.forPlugin(plugin.id),
      locale,
    };
    await plugin.def.demo(ctx);
    done.push(plugin.id);
  }
}
