// The bench harness without the heavy benchmarks: discovery, --only, metric ids, the JSON output.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../config.js';
import { benchmarkFiles, discoverBenchmarks, mayReport, metricProblem, resultsTable, runBenchmarks } from './registry.js';
import type { Benchmark } from './types.js';

const root = mkdtempSync(join(tmpdir(), 'hr-bench-test-'));
const put = (rel: string, text: string) => {
  mkdirSync(join(root, rel, '..'), { recursive: true });
  writeFileSync(join(root, rel), text);
};
put('core/bench/fake.bench.ts', `export const benchmarks = [{ id: 'fake', metrics: ['fake.fast_ms', 'fake.size_mb'], run: async () => ({ 'fake.fast_ms': 1.5, 'fake.size_mb': 42 }) }];\n`);
put('core/bench/helpers.ts', 'export const notABenchmark = 1;\n');
put('plugins/payroll/bench.ts', `export const benchmarks = [{ id: 'payroll.tax', run: async () => ({ 'payroll.tax_rps': 1000 }) }];\n`);
put('plugins/notices/index.ts', 'export default {};\n');
afterAll(() => rmSync(root, { recursive: true, force: true }));

function fake(id: string, metrics: Record<string, number>, declared = true) {
  const calls = { n: 0 };
  const b: Benchmark = { id, ...(declared ? { metrics: Object.keys(metrics) } : {}), run: async () => (calls.n++, metrics) };
  return { b, calls };
}

describe('discovery', () => {
  it('finds core/bench/*.bench.ts and plugins/*/bench.ts only', async () => {
    expect(benchmarkFiles(root).map((f) => f.slice(root.length + 1))).toEqual(['core/bench/fake.bench.ts', 'plugins/payroll/bench.ts']);
    const found = await discoverBenchmarks(root);
    expect(found.map((b) => [b.id, b.file])).toEqual([
      ['fake', 'core/bench/fake.bench.ts'],
      ['payroll.tax', 'plugins/payroll/bench.ts'],
    ]);
  });

  it("declares the project's core metrics without running them", async () => {
    const found = await discoverBenchmarks(ROOT);
    const metrics = found.flatMap((b) => b.metrics ?? []);
    expect(metrics).toEqual(expect.arrayContaining(['core.startup_ms', 'core.idle_rss_mb', 'core.page_rps_ratio', 'core.page_rps', 'core.bare_rps']));
    for (const b of found) for (const m of b.metrics ?? []) expect(metricProblem(b.id, m)).toBeNull();
  });
});

describe('--only', () => {
  it('runs only benchmarks that may report a matching metric and keeps only matching metrics', async () => {
    const startup = fake('core', { 'core.startup_ms': 900, 'core.idle_rss_mb': 80 });
    const rps = fake('core', { 'core.page_rps': 500, 'core.page_rps_ratio': 0.1 });
    const other = fake('payroll', { 'payroll.run_ms': 5 }, false);
    const { results, failures } = await runBenchmarks([startup.b, rps.b, other.b], { only: 'core.startup', log: () => {} });
    expect(failures).toEqual([]);
    expect(results).toEqual({ 'core.startup_ms': 900 });
    expect([startup.calls.n, rps.calls.n, other.calls.n]).toEqual([1, 0, 0]);
  });

  it('matches undeclared benchmarks by their id prefix in both directions', () => {
    const b = fake('payroll.tax', {}, false).b;
    expect(mayReport(b, undefined)).toBe(true);
    expect(mayReport(b, 'payroll')).toBe(true);
    expect(mayReport(b, 'payroll.tax_rps')).toBe(true);
    expect(mayReport(b, 'core')).toBe(false);
  });
});

describe('metric ids', () => {
  it.each([
    ['core', 'core.startup_ms', null],
    ['core', 'core.startup', /must end with its unit/],
    ['core', 'other.startup_ms', /does not start with/],
    ['core', 'core.Startup_ms', /lower-case/],
  ])('%s / %s', (prefix, id, problem) => {
    const found = metricProblem(prefix, id);
    if (problem === null) expect(found).toBeNull();
    else expect(found).toMatch(problem);
  });

  it('reports a bad metric or value as a failure of that benchmark only', async () => {
    const bad = fake('bad', { 'bad.thing': 1 });
    const nan = fake('nan', { 'nan.x_ms': Number.NaN });
    const good = fake('good', { 'good.x_ms': 2 });
    const { results, failures } = await runBenchmarks([bad.b, nan.b, good.b], { log: () => {} });
    expect(results).toEqual({ 'good.x_ms': 2 });
    expect(failures.map((f) => f.benchmark)).toEqual(['bad', 'nan']);
    expect(resultsTable(results)).toMatch(/good\.x_ms\s+2/);
  });
});

describe('npm run bench -- --json', () => {
  it('prints one JSON object of numbers on stdout and writes it to bench-<time>.json and latest.json', async () => {
    const out = join(root, 'out');
    const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/bench.ts', '--json', '--only', 'fake'], {
        cwd: ROOT,
        env: { ...process.env, HR_BENCH_ROOT: root, HR_BENCH_OUT: out },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let o = '';
      let e = '';
      child.stdout.on('data', (d) => (o += d));
      child.stderr.on('data', (d) => (e += d));
      child.once('close', (c) => resolve({ code: c, stdout: o, stderr: e }));
    });
    expect(code, stderr).toBe(0);
    const parsed = JSON.parse(stdout) as Record<string, unknown>;
    expect(parsed).toEqual({ 'fake.fast_ms': 1.5, 'fake.size_mb': 42 });
    expect(existsSync(join(out, 'latest.json'))).toBe(true);
    expect(JSON.parse(readFileSync(join(out, 'latest.json'), 'utf8'))).toEqual(parsed);
    const match = /Results written to (\S+bench-\d{8}-\d{6}\.json)/.exec(stderr);
    expect(match).not.toBeNull();
    expect(JSON.parse(readFileSync(match![1]!, 'utf8'))).toEqual(parsed);
  });
});
