// `npm start` runs the plain JavaScript build (scripts/start.mjs -> dist/core/main.js):
// the build serves the suite; a build older than its sources is never used; the
// config file and a TypeScript plugin from outside the build are read on every start;
// when building is impossible the sources run through tsx.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanup, Client, ROOT, serverArgs, startExpectingFailure, startServer, tempDir, type StartOptions } from '../helpers/server.js';

const READY = 'HR suite ready at';

async function startAndStop(options: StartOptions): Promise<string> {
  const server = await startServer({ production: true, ...options });
  try {
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    return server.output();
  } finally {
    await server.stop();
  }
}

describe('npm start', () => {
  const dirs: string[] = [];
  const dir = (prefix?: string) => {
    const d = tempDir(prefix);
    dirs.push(d);
    return d;
  };
  afterAll(() => dirs.forEach(cleanup));

  it('is scripts/start.mjs with plain node, as the tests and benchmarks start it', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.start).toBe(`node ${serverArgs(true).join(' ')}`);
    expect(pkg.scripts.build).toBe('node scripts/build.mjs');
  });

  it('serves the suite from the build with every built-in plugin: setup, the home page, plugin pages, theme and static files', async () => {
    const builtIns = readdirSync(join(ROOT, 'plugins')).filter((id) => existsSync(join(ROOT, 'plugins', id, 'index.ts')));
    const server = await startServer({ dataDir: dir(), production: true, config: { plugins: Object.fromEntries(builtIns.map((id) => [id, true])) } });
    try {
      expect(server.output()).not.toContain('could not be built');
      expect(existsSync(join(ROOT, 'dist', 'core', 'main.js'))).toBe(true);
      const client = new Client(server.url);
      expect((await client.setup()).status).toBe(303);
      const home = await client.get('/');
      expect(home.status).toBe(200);
      expect(await home.text()).toContain('href="/notices"');
      expect((await client.get('/notices')).status).toBe(200);
      // Attendance reads the holiday data of chinese-days (JSON) and its own assets.
      const calendar = await client.get('/attendance/admin/calendar');
      expect(calendar.status).toBe(200);
      expect(await calendar.text()).toContain('2026');
      expect((await client.get('/assets/attendance/time.css')).status).toBe(200);
      expect((await client.get('/themes/default/theme.css')).status).toBe(200);
      expect((await client.get('/static/app.js')).status).toBe(200);
    } finally {
      await server.stop();
    }
  });

  describe('on a copy of the project', () => {
    const proj = dir('hr-build-');
    for (const d of ['core', 'scripts', 'themes', 'plugins/notices']) {
      cpSync(join(ROOT, d), join(proj, d), { recursive: true, filter: (src) => !/[/\\](node_modules|dist)$/.test(src) });
    }
    for (const f of ['package.json', 'tsconfig.json', 'hr.config.ts']) cpSync(join(ROOT, f), join(proj, f));
    symlinkSync(join(ROOT, 'node_modules'), join(proj, 'node_modules'), 'dir');
    const dataDir = dir();
    const edit = (rel: string, from: string, to: string) => {
      const file = join(proj, rel);
      const text = readFileSync(file, 'utf8');
      expect(text).toContain(from);
      writeFileSync(file, text.replace(from, to));
    };

    it('builds on the first start', async () => {
      const out = await startAndStop({ root: proj, dataDir });
      expect(out).toMatch(/Built the suite in \d+ ms \(there is no build yet\)/);
      expect(existsSync(join(proj, 'dist', 'build.json'))).toBe(true);
    });

    it('runs the build with plain node, without rebuilding it, while it matches the sources', async () => {
      edit('dist/core/main.js', READY, 'HR suite (as built) ready at');
      const out = await startAndStop({ root: proj, dataDir });
      expect(out).not.toContain('Built the suite');
      expect(out).toContain('HR suite (as built) ready at');
    });

    it('rebuilds before starting when a source changed, so old code never runs', async () => {
      edit('core/main.ts', READY, 'HR suite (edited) ready at');
      const out = await startAndStop({ root: proj, dataDir });
      expect(out).toMatch(/Built the suite in \d+ ms \(core\/main\.ts changed\)/);
      expect(out).toContain('HR suite (edited) ready at');
      expect(out).not.toContain('(as built)');
    });

    it('reads a TypeScript config on every start and loads a TypeScript plugin from outside the build', async () => {
      mkdirSync(join(proj, 'local', 'hello'), { recursive: true });
      writeFileSync(
        join(proj, 'local', 'hello', 'index.ts'),
        `import { definePlugin, HttpError, PUBLIC } from '../../core/sdk.js';
const greeting: string = 'hello from TypeScript';
export default definePlugin({
  id: 'hello',
  version: '1.0.0',
  name: { 'zh-CN': '你好', en: 'Hello' },
  setup(ctx) {
    ctx.pages.get('/', PUBLIC, (c) => c.text(greeting));
    ctx.pages.get('/conflict', PUBLIC, () => {
      throw new HttpError(409, 'hello.conflict');
    });
  },
});
`,
      );
      const config = join(proj, 'site.config.ts');
      const writeSiteConfig = (scheme: string) =>
        writeFileSync(
          config,
          `import { defineConfig } from './core/config.js';
import { host } from './site-host.js';
const url: string = '${scheme}://' + host;
export default defineConfig({ publicUrl: url, plugins: { notices: true, hello: { path: 'local/hello' } } });
`,
        );
      const writeHost = (host: string) => writeFileSync(join(proj, 'site-host.ts'), `export const host: string = '${host}';\n`);
      writeSiteConfig('http');
      writeHost('first.example');
      const server = await startServer({ root: proj, dataDir, production: true, env: { HR_CONFIG: config } });
      try {
        expect(server.output()).not.toContain('Built the suite');
        expect(server.output()).toContain('ready at http://first.example');
        const client = new Client(server.url);
        expect((await client.setup()).status).toBe(303);
        const hello = await client.get('/hello');
        expect(await hello.text()).toBe('hello from TypeScript');
        // One copy of the core: the plugin's HttpError is the app's HttpError (else a 500).
        expect((await client.get('/hello/conflict')).status).toBe(409);
      } finally {
        await server.stop();
      }
      // The config file itself changed, then a file it imports.
      writeSiteConfig('https');
      expect(await startAndStop({ root: proj, dataDir, env: { HR_CONFIG: config } })).toContain('ready at https://first.example');
      writeHost('second.example');
      const out = await startAndStop({ root: proj, dataDir, env: { HR_CONFIG: config } });
      expect(out).toContain('ready at https://second.example');
      expect(out).not.toContain('Built the suite');
    });

    it('refuses a config file it cannot read, naming the line, without a stack trace', async () => {
      const config = join(proj, 'bad.config.ts');
      writeFileSync(config, 'export default {\n  port: 3000 3001,\n};\n');
      const result = await startExpectingFailure({ root: proj, dataDir, production: true, env: { HR_CONFIG: config } });
      expect(result.code).toBe(1);
      expect(result.output).toContain('bad.config.ts could not be read');
      expect(result.output).toContain('line 2');
      expect(result.output).not.toMatch(/\n\s+at /);
    });

    it('runs the sources through tsx when the build fails, and builds once it can again', async () => {
      writeFileSync(join(proj, 'scripts', 'broken.ts'), 'export const = ;\n');
      const out = await startAndStop({ root: proj, dataDir });
      expect(out).toContain('could not be built');
      expect(out).toContain('HR suite (edited) ready at');
      writeFileSync(join(proj, 'scripts', 'broken.ts'), 'export const mended = 1;\n');
      const again = await startAndStop({ root: proj, dataDir });
      expect(again).toMatch(/Built the suite in \d+ ms \(scripts\/broken\.ts is new\)/);
      rmSync(join(proj, 'scripts', 'broken.ts'));
      const last = await startAndStop({ root: proj, dataDir });
      expect(last).toMatch(/Built the suite in \d+ ms \(scripts\/broken\.ts was removed\)/);
    });
  });
});
