/**
 * The plugin SDK: the only core module a plugin imports.
 *
 * Everything a plugin can register is typed here. Implementations live in the
 * rest of `core/`; plugins never import them directly, so core can change its
 * internals without breaking community plugins.
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import type Database from 'better-sqlite3';
import type { Logger } from 'pino';
import type { z } from 'zod';

import type { EmployeeHiredEvent, EmployeeLeftEvent, EmployeeUpdatedEvent } from './people/events.js';
import type { ProfileTabDef } from './people/pages/tabs.js';
import type { PeopleService } from './people/service.js';
import type { AiCallOptions, AiEmbeddings, AiLlm, AiStructuredOptions, EmbeddingStatus } from './ai/runtime.js';
import type { ConnectorDef, LinkVia, NotificationEvent, NotificationRequest } from './connectors/types.js';

export { z } from 'zod';
export type { EmployeeHiredEvent, EmployeeLeftEvent, EmployeeUpdatedEvent, ProfileTabDef };
export type { AiCallOptions, AiEmbeddings, AiLlm, AiStructuredOptions, EmbeddingStatus };
export type {
  ConnectorDef,
  ConnectorSignIn,
  DeliveryResult,
  LinkVia,
  NotificationEvent,
  NotificationParams,
  NotificationRequest,
  OutgoingMessage,
  Recipients,
  RemoteDepartment,
  RemoteMember,
  RemoteOrg,
  RemotePunch,
} from './connectors/types.js';

// ---------------------------------------------------------------- basics

export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

/** Text a person reads, in every supported language. */
export type LocalizedText = Record<Locale, string>;

/** Messages of one plugin: every key in both languages. Keys start with `<pluginId>.`. */
export type Messages = Record<Locale, Record<string, string>>;

export type Translate = (key: string, params?: Record<string, string | number>) => string;

/** A route open to anyone, signed in or not. */
export const PUBLIC = 'public';
/** A route open to every signed-in user, whatever their role. */
export const AUTHENTICATED = 'authenticated';
export type Permission = string;

export type BuiltInRole = 'admin' | 'hr' | 'manager' | 'employee';

/**
 * Record scopes, narrowest first: a permission is held with a scope that says
 * whose records it reaches — the user's own, their reporting line (indirect
 * reports included), their department (with sub-departments), or everyone.
 */
export const SCOPES = ['self', 'team', 'department', 'all'] as const;
export type Scope = (typeof SCOPES)[number];

/**
 * What a route needs: a permission, optionally with the narrowest scope that may
 * use it at all (an export of every employee needs `all`). Handlers still filter
 * records by the scope the user actually holds (`user.scopes.get(permission)`).
 */
export type Access = Permission | { permission: Permission; scope: Scope };

export interface PermissionDef {
  /** `<pluginId>.<action>`, e.g. `notices.manage`. */
  id: Permission;
  /** i18n key of a short label. */
  label: string;
  /** Built-in roles that hold it by default (admin holds every permission anyway). */
  roles?: BuiltInRole[];
}

export type MenuSection = 'self' | 'manage' | 'settings';

export interface MenuItemDef {
  id: string;
  section: MenuSection;
  /** i18n key of the label. */
  label: string;
  href: string;
  /** Shown only to users who hold this permission. */
  permission: Permission;
  /** ...and hold it at least this widely (a list of everyone is no use to someone who sees only themselves). */
  scope?: Scope;
  order?: number;
  /** One short glyph or emoji shown before the label. */
  icon?: string;
}

// ---------------------------------------------------------------- users and requests

export interface SessionUser {
  id: number;
  login: string;
  name: string;
  role: string;
  permissions: ReadonlySet<Permission>;
  /** The scope each held permission reaches. */
  scopes: ReadonlyMap<Permission, Scope>;
  /** The employee record linked to this account, if any. */
  employeeId: number | null;
  locale: Locale | null;
  theme: string | null;
}

export interface HrVariables {
  requestId: string;
  log: Logger;
  user: SessionUser | null;
  sessionId: string | null;
  locale: Locale;
  t: Translate;
  theme: string;
  csrfToken: string;
  /** How the user was identified: session cookie, API bearer token, or not at all. */
  authVia: 'session' | 'token' | null;
}

export type HrEnv = { Variables: HrVariables };
export type HrContext = Context<HrEnv>;
export type HrHandler = (c: HrContext) => Response | Promise<Response>;
export type HrMiddleware = MiddlewareHandler<HrEnv>;

export interface RenderOptions {
  /** Page title (already translated). */
  title?: string;
  status?: number;
  /** Render without the layout even for a full page request. */
  fragment?: boolean;
}

export interface FlashMessage {
  kind: 'success' | 'info' | 'warning' | 'error';
  text: string;
}

// ---------------------------------------------------------------- routes

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/**
 * Page routes. `access` is a permission (`'notices.manage'`) or a permission with
 * the narrowest scope that may use the route at all (`{ permission, scope: 'all' }`).
 */
export interface PageOptions {
  /**
   * A server-to-server callback (WeCom, DingTalk): the sender has no session and no CSRF
   * token, so the request is treated as anonymous and the CSRF check is skipped. Only for
   * PUBLIC routes with a fixed path (no `:params`); the handler must authenticate the
   * request itself (a signature over the body, as WeCom's msg_signature).
   */
  webhook?: boolean;
}

export interface PageRoutes {
  get(path: string, access: Access, handler: HrHandler): void;
  post(path: string, access: Access, handler: HrHandler, options?: PageOptions): void;
  put(path: string, access: Access, handler: HrHandler): void;
  patch(path: string, access: Access, handler: HrHandler): void;
  delete(path: string, access: Access, handler: HrHandler): void;
}

export interface ApiInput<P, Q, B> {
  params: P;
  query: Q;
  body: B;
}

export interface ApiRouteDef<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
  R extends z.ZodType = z.ZodType,
> {
  method: HttpMethod;
  /** Hono-style path relative to `/api/v1/<pluginId>`, e.g. `/notices/:id`. */
  path: string;
  permission: Permission;
  /** The narrowest scope of `permission` that may call this endpoint at all (any scope when absent). */
  scope?: Scope;
  summary: string;
  description?: string;
  params?: P;
  query?: Q;
  body?: B;
  /** Schema of the success response body (documented in OpenAPI). */
  response: R;
  /** HTTP status of success; 200 unless given. */
  status?: number;
  handler: (
    c: HrContext,
    input: ApiInput<z.output<P>, z.output<Q>, z.output<B>>,
  ) => z.input<R> | Response | Promise<z.input<R> | Response>;
}

export interface ApiRoutes {
  route<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType, R extends z.ZodType>(
    def: ApiRouteDef<P, Q, B, R>,
  ): void;
}

export interface RouteInfo {
  plugin: string;
  kind: 'page' | 'api' | 'asset';
  method: HttpMethod | 'all';
  path: string;
  permission: Permission;
  /** The narrowest scope of `permission` the route accepts; absent = any scope. */
  scope?: Scope;
}

// ---------------------------------------------------------------- events

/**
 * Typed events. A plugin declares its events by augmenting this interface:
 * `declare module '../../core/sdk.js' { interface HrEvents { 'notices.published': { id: number } } }`
 */
export interface HrEvents {
  /** A new employee in the people directory. */
  'employee.hired': EmployeeHiredEvent;
  /** Field names only: never values, which may be sensitive. */
  'employee.updated': EmployeeUpdatedEvent;
  'employee.left': EmployeeLeftEvent;
  /** A plugin asked to tell people something (`ctx.notify`); connectors deliver it. */
  'core.notification': NotificationEvent;
}
export type EventName = keyof HrEvents & string;

export interface EventMeta {
  /** Stable id of the event: the same on every retry, use it to stay idempotent. */
  eventId: string;
  /** 1 on the first delivery, then 2, 3 … */
  attempt: number;
  emittedAt: Date;
}

export interface Events {
  /**
   * Subscribe. `name` identifies the subscriber durably (deliveries are stored
   * per subscriber and resumed after a restart), so keep it stable.
   */
  on<K extends EventName>(
    event: K,
    name: string,
    handler: (payload: HrEvents[K], meta: EventMeta) => void | Promise<void>,
  ): void;
  /**
   * Raise an event. Inside a database transaction the event is written to the
   * outbox in that same transaction and delivered only after commit; a rollback
   * drops it. Returns the event id.
   */
  emit<K extends EventName>(event: K, payload: HrEvents[K]): string;
}

// ---------------------------------------------------------------- jobs

export interface JobRunContext {
  log: Logger;
  /** Why it runs: on its schedule or because someone pressed "run now". */
  trigger: 'schedule' | 'manual';
}

export interface JobDef {
  /** Unique within the plugin; the full id is `<pluginId>.<id>`. */
  id: string;
  /** Cron expression (5 or 6 fields), in the configured time zone. */
  cron: string;
  /** i18n key of a label shown on the admin pages. */
  label: string;
  run: (job: JobRunContext) => void | { summary?: string } | Promise<void | { summary?: string }>;
}

export interface Jobs {
  add(job: JobDef): void;
}

// ---------------------------------------------------------------- services, widgets, bot tools

/**
 * Services that plugins provide to each other. Augment like `HrEvents`:
 * `interface HrServices { attendance: AttendanceService }`.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface HrServices {}
export type ServiceName = keyof HrServices & string;

export interface Services {
  provide<K extends ServiceName>(name: K, implementation: HrServices[K]): void;
  /** The service, or a clear error naming the plugin that should provide it. */
  get<K extends ServiceName>(name: K): HrServices[K];
  /** The service, or undefined when the plugin that provides it is off. */
  maybe<K extends ServiceName>(name: K): HrServices[K] | undefined;
}

export interface WidgetDef {
  id: string;
  /** i18n key of the card title. */
  title: string;
  permission: Permission;
  order?: number;
  /** Returns HTML (escaped by the widget; render a view with `ctx.renderView`). */
  render: (c: HrContext) => string | Promise<string>;
}

export interface BotToolDef<I extends z.ZodType = z.ZodType> {
  /** Unique within the plugin; the full id is `<pluginId>.<id>`. */
  id: string;
  description: LocalizedText;
  permission: Permission;
  input: I;
  run: (input: z.output<I>, call: { user: SessionUser; locale: Locale }) => unknown | Promise<unknown>;
}

// ---------------------------------------------------------------- audit

export interface AuditEntry {
  action: string;
  entity: string;
  entityId?: string | number | null;
  before?: unknown;
  after?: unknown;
}

// ---------------------------------------------------------------- sensitive fields

export type MaskKind = 'id' | 'bank' | 'mobile' | 'generic';

export interface SensitiveFields {
  /** Encrypt for storage: AES-256-GCM under a key derived from the instance secret, one key per plugin. */
  seal(plain: string): string;
  /** Decrypt a stored value, writing an audit entry of who saw which field of which record. */
  reveal(c: HrContext | null, stored: string, what: { entity: string; entityId: string | number; field: string }): string;
  /**
   * Decrypt without an audit entry, for calculations whose inputs nobody sees
   * (a payroll run over thousands of people). Whatever is then shown to a
   * person, exported or sent is audited by the page or export that does it.
   */
  unseal(stored: string): string;
  /** For display: `110***********002X`, `************7890`, `138****5678`. */
  mask(value: string, kind?: MaskKind): string;
  /**
   * A keyed hash (HMAC-SHA256, one key per plugin) of a value already normalized by the
   * caller, to find duplicates among sealed values (same mobile, same email) without
   * decrypting them. Equal inputs give equal hashes; the value cannot be read back.
   */
  lookupHash(normalized: string): string;
}

// ---------------------------------------------------------------- the people directory for plugins

/**
 * What a plugin may use of the people directory: reading employees (masked
 * sensitive fields), the account → employee link, record scopes, and profile
 * tabs. Writes stay with core's pages and import, which audit them.
 */
export interface PluginPeople {
  /** `tab({ id, label, permission, order, render })` adds a tab to the employee profile. */
  tab(tab: ProfileTabDef): void;
  employees: Pick<PeopleService['employees'], 'get' | 'list' | 'idByEmployeeNo' | 'roster'>;
  /** Departments flat, with parent, head and path (`总部 / 研发部`), for trees, filters and approval chains. */
  departments(): PluginDepartment[];
  employeeOfUser: PeopleService['employeeOfUser'];
  /** Whose records a user reaches: filter every list and check every record with these. */
  scopes: PeopleService['scopes'];
  /**
   * The scope at which the active account linked to an employee holds
   * `permission`, or null (no account, a disabled one, or not held): e.g. to
   * pass over a manager who may not approve.
   */
  grantOf(employeeId: number, permission: Permission): Scope | null;
  /** Display names of user accounts by id, for "decided by" columns and timelines (removed accounts are absent). */
  userNames(userIds: Iterable<number | null | undefined>): Map<number, string>;
  /** The language set on the account linked to an employee, or null (no account, or none chosen). */
  localeOf(employeeId: number): Locale | null;
  /**
   * Full ID numbers of employees, for filings that need them (the tax
   * withholding declaration). Only for a request whose user holds
   * `core.people.sensitive` at scope `all`: returns null otherwise, so the
   * caller falls back to masked numbers. Every number revealed is audited
   * (`people.employee.reveal`, with `purpose`).
   */
  revealIdNumbers(c: HrContext, employeeIds: number[], purpose: string): Map<number, string | null> | null;
  /**
   * Add an employee on behalf of the request's user (recruiting's "hired"): the same
   * validation, audit entry and `employee.hired` event as the people pages. Only for a user
   * holding `core.people.manage` at scope `all` (else HttpError 403). Bad input throws an
   * HttpError 400/409 whose `field` and `errors` (field → i18n key) say what to fix.
   * Runs in its own transaction, or joins the caller's (`sqlite.transaction`).
   */
  hire(c: HrContext, input: HireInput): number;
}

/** An employee to add: number, name and department are required; the rest as on the people form. */
export type HireInput = import('./people/input.js').EmployeeCreateInput;

export interface PluginDepartment {
  id: number;
  name: string;
  parentId: number | null;
  /** The department head (负责人), an employee id. */
  managerEmployeeId: number | null;
  path: string;
}

// ---------------------------------------------------------------- the plugin context

export type Db = BetterSQLite3Database<Record<string, never>>;

export interface PublicConfig {
  publicUrl: string;
  /** The company name entered at setup (payslips, letters), or null before setup. */
  companyName: string | null;
  defaultLocale: Locale;
  timezone: string;
  dataDir: string;
}

export interface PluginContext<S = unknown> {
  id: string;
  settings: S;
  config: PublicConfig;
  log: Logger;
  /** Drizzle over the shared SQLite connection. `db.transaction(fn)` is synchronous. */
  db: Db;
  /** The raw better-sqlite3 handle, for what drizzle cannot express. */
  sqlite: Database.Database;
  /** A folder under the data directory that belongs to this plugin (created on demand). */
  dataPath(...segments: string[]): string;
  pages: PageRoutes;
  api: ApiRoutes;
  events: Events;
  jobs: Jobs;
  services: Services;
  widgets: { add(widget: WidgetDef): void };
  bot: { tool<I extends z.ZodType>(tool: BotToolDef<I>): void };
  /** Render one of this plugin's views (`views/<name>.eta`) as a page or htmx fragment. */
  render(c: HrContext, view: string, data?: Record<string, unknown>, options?: RenderOptions): Promise<Response>;
  /** Render a view to an HTML string (for widgets and partials). */
  renderView(c: HrContext, view: string, data?: Record<string, unknown>): Promise<string>;
  /** Queue a message shown on the next page the user sees. */
  flash(c: HrContext, message: FlashMessage): void;
  /**
   * The address a request came from: the socket's, or the first `X-Forwarded-For`
   * entry when the admin set `trustProxy` (the suite runs behind a reverse proxy).
   */
  clientIp(c: HrContext): string | null;
  /** Append to the audit log, attributed to the request's user and address. */
  audit(c: HrContext | null, entry: AuditEntry): void;
  /** Fields this plugin marks sensitive (bank accounts, salaries…): encrypted at rest, reveals audited. */
  sensitive: SensitiveFields;
  /** The people directory, read-only for plugins, plus profile tabs. */
  people: PluginPeople;
  /**
   * The AI runtime. `ai.llm.available` is false when no LLM is configured and
   * `ai.embeddings.embed()` answers null when no local model is there: every feature keeps
   * an offline path (see docs/ai.md). Calls to a remote LLM are audited and, when the admin's
   * privacy switch is on, sent with phone, ID and card numbers and emails masked.
   */
  ai: PluginAi;
  /** Messaging platforms (WeCom, DingTalk…): register one, and read or set who is who on them. */
  connectors: PluginConnectors;
  /**
   * Tell employees something through every configured connector (a WeCom text card…), rendered
   * in each one's language from this plugin's i18n keys. Inside a transaction the request is
   * written to the outbox with it (a rollback drops it); delivery is retried, never doubled.
   * Employees without a linked account on a platform are skipped there. Returns the outbox
   * event id, or null when `to` is empty. A malformed request or an unknown key throws.
   */
  notify(request: NotificationRequest): string | null;
}

/** Who is who on a platform: employee ↔ platform user id, one to one per connector. */
export interface ConnectorLinks {
  employeeOf(connector: string, remoteUserId: string): number | null;
  /** Employee id → remote user id, for those of `employeeIds` who are linked. */
  remoteIdsOf(connector: string, employeeIds: readonly number[]): Map<number, string>;
  /**
   * Link (replacing the employee's previous account on that connector). 409 `HttpError` when the
   * account is another employee's, 404 for an unknown employee. Audited (`connectors.link`).
   * False when the link already stood.
   */
  link(c: HrContext | null, link: { connector: string; employeeId: number; remoteUserId: string; via: LinkVia }): boolean;
  /** Audited (`connectors.unlink`); false when there was no link. */
  unlink(c: HrContext | null, connector: string, employeeId: number): boolean;
}

export interface PluginConnectors {
  /** Register this plugin's connector (one per plugin), in `setup`. See core/connectors/types.ts. */
  register(def: ConnectorDef): void;
  links: ConnectorLinks;
  /**
   * Run the connector's scheduled org sync now (e.g. on a contact-change callback): adds and
   * changes, leavers only with `syncLeavers`. Recorded in the job history; never runs twice at once.
   */
  syncNow(connectorId: string): Promise<void>;
}

export interface PluginAi {
  llm: AiLlm;
  embeddings: AiEmbeddings;
}

export interface DemoContext {
  id: string;
  db: Db;
  sqlite: Database.Database;
  log: Logger;
  services: Services;
  events: Events;
  locale: Locale;
}

// ---------------------------------------------------------------- the plugin definition

export interface PluginDefinition<S extends z.ZodType = z.ZodType> {
  /** Lower-case letters, digits and dashes; also the URL prefix and table prefix. */
  id: string;
  /** Semver. */
  version: string;
  name: LocalizedText;
  description?: LocalizedText;
  /** `core@^1`, `attendance@^1.2`: refused at startup when absent or out of range. */
  requires?: string[];
  /** Used when enabled, ignored when not; still ordered before this plugin. */
  optional?: string[];
  /** Settings read from `hr.config.ts`, validated at startup. */
  settings?: S;
  /** Folder of drizzle-kit migrations; defaults to `./migrations` next to index.ts when present. */
  migrations?: string | URL;
  /** Folder of eta views; defaults to `./views`. */
  views?: string | URL;
  /** Folder served at `/assets/<id>/`; defaults to `./assets` when present. */
  assets?: string | URL;
  permissions?: PermissionDef[];
  menu?: MenuItemDef[];
  i18n?: Messages;
  setup?: (ctx: PluginContext<z.output<S>>) => void | Promise<void>;
  /** Adds this plugin's part of the demo company (`npm run hr -- demo`). */
  demo?: (ctx: DemoContext) => void | Promise<void>;
}

/** Identity function that gives a plugin definition its types. */
export function definePlugin<S extends z.ZodType = z.ZodType>(def: PluginDefinition<S>): PluginDefinition<S> {
  return def;
}

/** Thrown by handlers for an error a person should read (status 4xx). */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    /** i18n key or plain text shown to the user. */
    readonly messageKey: string,
    readonly params?: Record<string, string | number>,
  ) {
    super(messageKey);
    this.name = 'HttpError';
  }
}

/**
 * Validate input that reached a service without a form (API bodies, other
 * plugins, imports): the first problem becomes `HttpError(400)` naming the
 * field. A message that is one of the caller's i18n keys (starts with
 * `prefix`) is kept for the person to read; any other becomes `fallbackKey`,
 * with zod's text as `{detail}`. Bad input is never a 500.
 */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, keys: { prefix: string; fallbackKey: string }): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = issue.path.map(String).join('.');
  const message = issue.message.startsWith(keys.prefix) ? issue.message : keys.fallbackKey;
  throw new HttpError(400, message, { field, detail: issue.message });
}

export { escapeHtml } from './views/escape.js';
/** Fill `{name}` placeholders as the request translator does (for texts built outside a request: PDFs, exports, bot answers). */
export { interpolate } from './i18n/interpolate.js';
/** Chinese ID numbers, mobiles, emails and dates: pure checks and zod schemas with i18n messages. */
export {
  emailSchema,
  idNumberSchema,
  isEmail,
  isIsoDate,
  isoDateSchema,
  mobileSchema,
  normalizeMobile,
  parseIdNumber,
  todayIn,
  type IdNumberResult,
} from './people/validate.js';
export { formArray, parseForm, parseQuery, zodErrorMap, type ParseResult } from './http/validate.js';
export type { Benchmark, BenchContext } from './bench/types.js';
/** CSV files as people export them from devices and spreadsheets: UTF-8 (with or without BOM), UTF-16 or GBK; `,` `;` or tab. */
export { parseCsv, sniffDelimiter, CsvError, type CsvRecord } from './people/import/csv.js';
export { decodeText, type DecodedText } from './people/import/encoding.js';
/** Plugin commands: `plugins/<id>/commands/<name>.ts` exporting `command = defineCommand({...})` runs as `npm run hr -- <id>:<name>`. */
export { CliError, defineCommand, UsageError, type Command, type ParsedArgs } from './cli/define.js';
/**
 * The AI runtime's offline building blocks (core/ai): Chinese/English tokenizing, the shared
 * synonym dictionary, BM25 search and document text extraction. Cheap to import: jieba and
 * pdf.js load on first use.
 */
export {
  tokenize,
  addChineseWords,
  Synonyms,
  defaultSynonyms,
  builtinSynonyms,
  isStopWord,
  Bm25Index,
  extractText,
  ExtractError,
  isExtractError,
  DEFAULT_EXTRACT_LIMITS,
  type TokenizeOptions,
  type Bm25Hit,
  type Bm25Explanation,
  type ExtractLimits,
  type ExtractedText,
  type ExtractErrorCode,
  LlmError,
  isLlmError,
  type LlmErrorCode,
  type ChatMessage,
  type LlmInput,
  cosine,
} from './ai/index.js';
/** In-memory sliding-window rate limiter for public forms and intake endpoints. */
export { createRateLimiter, type RateLimiter, type RateLimitResult } from './http/rate-limit.js';
/** PDF documents with Chinese text (core/pdf): fonts with a fallback for rare characters such as 𠮷, and a small writer over pdfkit. */
export {
  createPdfWriter,
  resolvePdfFonts,
  fontRuns,
  DEBIAN_CJK,
  type PdfFonts,
  type PdfWriter,
  type PdfWriterOptions,
  type PdfInfo,
  type PdfFontOptions,
  type ResolvedPdfFonts,
  type FontSource,
  type FontRun,
  type PutOptions,
  type ParagraphOptions,
} from './pdf/index.js';
