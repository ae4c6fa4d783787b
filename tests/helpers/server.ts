/**
 * Test harness: the real server in a child process on a free port, with its own
 * data folder and config file, plus a small cookie-keeping HTTP client.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..', '..');

export interface TestServer {
  url: string;
  port: number;
  dataDir: string;
  configFile: string;
  proc: ChildProcess;
  output: () => string;
  /** Graceful stop (SIGTERM), waiting for the process to exit. */
  stop(): Promise<void>;
  /** SIGKILL: simulates a crash. */
  kill(): Promise<void>;
}

export function tempDir(prefix = 'hr-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Write a config file for a test instance; returns its path. */
export function writeConfig(dir: string, config: Record<string, unknown>): string {
  const file = join(dir, 'hr.config.mjs');
  writeFileSync(file, `export default ${JSON.stringify(config, null, 2)};\n`);
  return file;
}

export interface StartOptions {
  dataDir?: string;
  config?: Record<string, unknown>;
  env?: Record<string, string>;
  /** Resolve with the failure output instead of throwing when the process exits early. */
  expectFailure?: boolean;
  /**
   * Start the way `npm start` does (scripts/start.mjs: build dist/ when stale, run it
   * with plain node) instead of running the TypeScript sources through tsx.
   */
  production?: boolean;
  /** Project folder to run (default: this one); for tests on a copy of it. */
  root?: string;
}

/** The command `npm start` runs, or tsx on `core/main.ts` for the sources. */
export function serverArgs(production = false): string[] {
  return production ? ['scripts/start.mjs'] : ['--import', 'tsx', 'core/main.ts'];
}

/** Start the real server in a child process (see `production`); resolves once it listens. */
export function startServer(options: StartOptions = {}): Promise<TestServer> {
  const dataDir = options.dataDir ?? tempDir();
  const configFile = writeConfig(dataDir, { plugins: { notices: true }, ...options.config });
  const proc = spawn(process.execPath, serverArgs(options.production), {
    cwd: options.root ?? ROOT,
    env: { ...process.env, HR_CONFIG: configFile, HR_DATA_DIR: dataDir, HR_PORT: '0', HR_HOST: '127.0.0.1', HR_LOG_LEVEL: 'warn', HR_JOBS: 'off', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  return new Promise((resolveStart, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in 30 s:\n${out}`)), 30_000);
    const onData = () => {
      const m = /listening on port (\d+)/.exec(out);
      if (!m) return;
      clearTimeout(timer);
      proc.stdout!.off('data', onData);
      const port = Number(m[1]);
      resolveStart({
        url: `http://127.0.0.1:${port}`,
        port,
        dataDir,
        configFile,
        proc,
        output: () => out,
        async stop() {
          if (proc.exitCode === null) proc.kill('SIGTERM');
          await exited;
        },
        async kill() {
          if (proc.exitCode === null) proc.kill('SIGKILL');
          await exited;
        },
      });
    };
    proc.stdout!.on('data', onData);
    proc.once('exit', (code) => {
      clearTimeout(timer);
      if (options.expectFailure) reject(Object.assign(new Error(out), { code, output: out }));
      else reject(new Error(`server exited with ${code}:\n${out}`));
    });
  });
}

/** Run the server expecting it to refuse to start; returns exit code and output. */
export async function startExpectingFailure(options: StartOptions = {}): Promise<{ code: number | null; output: string }> {
  try {
    const s = await startServer({ ...options, expectFailure: true });
    await s.stop();
    throw new Error('server started although it should have refused');
  } catch (err) {
    const e = err as Error & { code?: number | null; output?: string };
    if (e.output === undefined) throw err;
    return { code: e.code ?? null, output: e.output };
  }
}

export function cleanup(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** A tiny browser: keeps cookies, sends the CSRF token like our pages do. */
export class Client {
  readonly cookies = new Map<string, string>();
  constructor(readonly base: string) {}

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private keep(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const expired = attrs.some((a) => /max-age=0\b/i.test(a) || /expires=Thu, 01 Jan 1970/i.test(a));
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set('cookie', this.cookieHeader());
    const res = await fetch(new URL(path, this.base), { ...init, headers, redirect: 'manual' });
    this.keep(res);
    return res;
  }

  get(path: string, headers: Record<string, string> = {}): Promise<Response> {
    return this.request(path, { headers });
  }

  /** GET once to obtain the CSRF cookie when we have none yet. */
  async csrf(): Promise<string> {
    const name = () => [...this.cookies.keys()].find((k) => k.startsWith('hr_csrf_'));
    if (!name()) await this.get('/healthz');
    return this.cookies.get(name()!)!;
  }

  async post(path: string, form: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
    const body = new URLSearchParams({ _csrf: await this.csrf(), ...form });
    return this.request(path, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers } });
  }

  async json(method: string, path: string, body?: unknown): Promise<Response> {
    return this.request(path, {
      method,
      body: body === undefined ? undefined : JSON.stringify(body),
      headers: { 'content-type': 'application/json', 'x-csrf-token': await this.csrf() },
    });
  }

  /** First-run setup: creates the admin account and signs in. */
  async setup(admin = { login: 'admin', password: 'correct-horse-9', name: '管理员' }, extra: Record<string, string> = {}): Promise<Response> {
    return this.post('/setup', { company: '示例科技有限公司', name: admin.name, login: admin.login, password: admin.password, confirm: admin.password, locale: 'zh-CN', ...extra });
  }

  async login(login: string, password: string): Promise<Response> {
    return this.post('/login', { login, password });
  }
}
