/**
 * Test harness: the suite in this process (kernel + Hono app, no port), with its
 * own data folder, users inserted straight into the database and signed in by
 * session rows, and requests sent through `app.request`. Much faster than
 * `startServer` when a test only needs HTTP semantics, not a real process.
 */
import { createApp, type HrApp } from '../../core/app.js';
import { createSession, generateSessionToken } from '../../core/auth/sessions.js';
import { resolveConfig, type HrConfigInput } from '../../core/config.js';
import { createKernel, type Kernel } from '../../core/kernel.js';
import { cleanup, tempDir } from './server.js';

/** A user to insert; `name` defaults to the login. The password hash is a dummy: these users never sign in by password. */
export interface InProcessUser {
  login: string;
  role: string;
  name?: string;
  locale?: string | null;
}

export interface InProcessOptions {
  /** Merged over the test defaults (temp data folder, silent log, jobs off); the data folder is always the helper's own. */
  config?: Omit<Partial<HrConfigInput>, 'dataDir'>;
  /** The `plugins` config entry; left out, the config's default applies. */
  plugins?: Record<string, unknown>;
  users?: InProcessUser[];
  /** Fixed so nothing depends on key generation; any 43-character value will do. */
  secret?: string;
}

export type FormValues = Record<string, string | string[]>;

export interface InProcess {
  kernel: Kernel;
  app: HrApp;
  dataDir: string;
  userIds: Record<string, number>;
  /** The CSRF token every request carries, in the cookie and in the form or header. */
  csrf: string;
  /** Insert one more user (e.g. with a role a test has just created); returns its id. */
  addUser(user: InProcessUser): number;
  /** A new session token on every call: walking POST /logout must not sign later requests out. */
  sessionFor(login: string): string;
  /**
   * The cookie header for `login` (null: anonymous, CSRF cookie only). By default one session
   * per login, kept for the whole suite like a browser would; `fresh` signs in anew.
   */
  cookieFor(login: string | null, options?: { fresh?: boolean }): string;
  get(login: string | null, path: string, headers?: Record<string, string>): Promise<Response>;
  /** A form POST with `_csrf` in the body; array values repeat the field, as checkboxes do. */
  post(login: string | null, path: string, form?: FormValues, headers?: Record<string, string>): Promise<Response>;
  /** A request with the CSRF header, as htmx and scripts send it; JSON body only when `body` is given. */
  json(login: string | null, method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

const CSRF = 'c'.repeat(43);

export async function startInProcess(options: InProcessOptions = {}): Promise<InProcess> {
  const dataDir = tempDir();
  let kernel: Kernel;
  try {
    const config = resolveConfig({
      dataDir,
      log: { level: 'silent' },
      jobs: { enabled: false },
      ...options.config,
      ...(options.plugins ? { plugins: options.plugins } : {}),
    });
    config.secret = options.secret ?? 'h'.repeat(43);
    kernel = await createKernel(config);
  } catch (err) {
    // beforeAll failed: afterAll has nothing to close, so the folder goes here.
    cleanup(dataDir);
    throw err;
  }
  const app = createApp(kernel);
  const { sqlite } = kernel.dbh;
  const userIds: Record<string, number> = {};
  const kept = new Map<string, string>();

  const addUser = (user: InProcessUser) => {
    const id = Number(
      sqlite
        .prepare("INSERT INTO core_users (login, name, password_hash, role, locale) VALUES (?, ?, 'x', ?, ?)")
        .run(user.login, user.name ?? user.login, user.role, user.locale ?? null).lastInsertRowid,
    );
    userIds[user.login] = id;
    return id;
  };
  const sessionFor = (login: string) => {
    const id = userIds[login];
    if (id === undefined) throw new Error(`startInProcess: no user "${login}"`);
    const token = generateSessionToken();
    createSession(sqlite, token, id);
    return token;
  };
  const cookieFor = (login: string | null, { fresh = false } = {}) => {
    if (login === null) return `${kernel.cookies.csrf}=${CSRF}`;
    let token = fresh ? undefined : kept.get(login);
    if (!token) {
      token = sessionFor(login);
      if (!fresh) kept.set(login, token);
    }
    return `${kernel.cookies.csrf}=${CSRF}; ${kernel.cookies.session}=${token}`;
  };

  for (const user of options.users ?? []) addUser(user);

  return {
    kernel,
    app,
    dataDir,
    userIds,
    csrf: CSRF,
    addUser,
    sessionFor,
    cookieFor,
    get: async (login, path, headers = {}) => app.request(path, { headers: { cookie: cookieFor(login), ...headers } }),
    post: async (login, path, form = {}, headers = {}) => {
      const body = new URLSearchParams({ _csrf: CSRF });
      for (const [k, v] of Object.entries(form)) for (const one of [v].flat()) body.append(k, one);
      return app.request(path, {
        method: 'POST',
        headers: { cookie: cookieFor(login), 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body: body.toString(),
      });
    },
    json: async (login, method, path, body, headers = {}) =>
      app.request(path, {
        method,
        headers: { cookie: cookieFor(login), 'x-csrf-token': CSRF, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
    async close() {
      await kernel.close();
      cleanup(dataDir);
    },
  };
}
