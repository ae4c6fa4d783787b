/**
 * Core benchmarks: startup time and idle memory of the real server with every
 * built-in plugin switched on, and the requests/s of a signed-in page compared
 * with a bare Hono route (both in child processes, loopback only, bounded time).
 * The server starts as `npm start` does: scripts/start.mjs, running the build in
 * dist/ with plain node.
 */
import { build, ensureBuild } from '../../scripts/build.mjs';
import { cleanup, Client, startServer, tempDir, type TestServer } from '../../tests/helpers/server.js';
import { allBuiltinPlugins, load, median, round, rssMb, sleep, spawnTsServer, waitFor200, type ChildServer } from './servers.js';
import type { Benchmark } from './types.js';

const STARTUP_RUNS = 5;
const IDLE_MS = 2_000;
const LOAD = { connections: 10, seconds: 5 };
const WARMUP = { connections: 10, seconds: 1 };

const startup: Benchmark = {
  id: 'core',
  description: `npm start's command (scripts/start.mjs) spawned -> first 200 from /healthz (median of ${STARTUP_RUNS}, build up to date), then RSS after ${IDLE_MS / 1000} s idle; all built-in plugins on; build_ms: a full rebuild, paid once by the first start after the sources change`,
  metrics: ['core.startup_ms', 'core.idle_rss_mb', 'core.build_ms'],
  async run(ctx) {
    const plugins = allBuiltinPlugins();
    ctx.log(`plugins: ${Object.keys(plugins).join(', ') || '(none)'}`);
    let buildMs: number | undefined;
    if (ctx.wants('core.build_ms')) {
      buildMs = (await build()).ms;
      ctx.log(`full build: ${buildMs} ms`);
    } else {
      const built = await ensureBuild();
      if (built) ctx.log(`built first (${built.reason}): ${built.ms} ms, not counted in startup`);
    }
    // One data folder for every run: the first also migrates, later ones are plain restarts.
    const dataDir = tempDir('hr-bench-');
    const times: number[] = [];
    let rss: number | undefined;
    try {
      const runs = ctx.wants('core.startup_ms') ? STARTUP_RUNS : ctx.wants('core.idle_rss_mb') ? 1 : 0;
      for (let i = 1; i <= runs; i++) {
        const t0 = performance.now();
        const server = await startServer({ dataDir, config: { plugins }, production: true });
        try {
          await waitFor200(`${server.url}/healthz`);
          times.push(performance.now() - t0);
          ctx.log(`startup ${i}/${runs}: ${Math.round(times.at(-1)!)} ms`);
          if (i === runs && ctx.wants('core.idle_rss_mb')) {
            await sleep(IDLE_MS);
            rss = rssMb(server.proc.pid!);
          }
        } finally {
          await server.stop();
        }
      }
    } finally {
      cleanup(dataDir);
    }
    return {
      ...(times.length && ctx.wants('core.startup_ms') ? { 'core.startup_ms': round(median(times)) } : {}),
      ...(rss === undefined ? {} : { 'core.idle_rss_mb': round(rss) }),
      ...(buildMs === undefined ? {} : { 'core.build_ms': buildMs }),
    };
  },
};

const pageThroughput: Benchmark = {
  id: 'core',
  description: `GET / signed in vs a bare Hono route: ${LOAD.connections} connections, ${LOAD.seconds} s each, after a ${WARMUP.seconds} s warm-up`,
  metrics: ['core.page_rps', 'core.bare_rps', 'core.page_rps_ratio'],
  async run(ctx) {
    const dataDir = tempDir('hr-bench-');
    let suite: TestServer | undefined;
    let bare: ChildServer | undefined;
    try {
      await ensureBuild();
      suite = await startServer({ dataDir, config: { plugins: allBuiltinPlugins() }, production: true });
      bare = await spawnTsServer('core/bench/bare-server.ts');
      const client = new Client(suite.url);
      const setup = await client.setup();
      if (setup.status !== 303) throw new Error(`setup answered ${setup.status} instead of 303`);
      const home = await client.get('/');
      await home.arrayBuffer();
      if (home.status !== 200) throw new Error(`GET / answered ${home.status} instead of 200 after setup`);
      const headers = { cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ') };
      const pageUrl = `${suite.url}/`;
      const bareUrl = `http://127.0.0.1:${bare.port}/`;

      await load(pageUrl, { ...WARMUP, headers });
      await load(bareUrl, WARMUP);
      ctx.log(`GET / signed in for ${LOAD.seconds} s…`);
      const page = await load(pageUrl, { ...LOAD, headers });
      ctx.log(`bare Hono route for ${LOAD.seconds} s…`);
      const base = await load(bareUrl, LOAD);
      for (const [what, r] of [['GET /', page], ['bare route', base]] as const) {
        if (r.non2xx || r.errors) throw new Error(`${what}: ${r.non2xx} non-2xx responses and ${r.errors} errors out of ${r.requests}`);
      }
      return { 'core.page_rps': round(page.rps, 0), 'core.bare_rps': round(base.rps, 0), 'core.page_rps_ratio': round(page.rps / base.rps, 3) };
    } finally {
      await bare?.stop();
      await suite?.stop();
      cleanup(dataDir);
    }
  },
};

export const benchmarks: Benchmark[] = [startup, pageThroughput];
