/** Finding, choosing and running benchmarks; shaping their results. */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { formatTable, timestamp } from '../cli/table.js';
import { METRIC_UNITS, type BenchContext, type Benchmark } from './types.js';

export interface DiscoveredBenchmark extends Benchmark {
  /** File it came from, relative to the root. */
  file: string;
}

export class BenchError extends Error {
  override name = 'BenchError';
}

/** The benchmark files under `root`: core/bench/*.bench.ts, then plugins/<id>/bench.ts. */
export function benchmarkFiles(root: string): string[] {
  const files: string[] = [];
  const coreDir = join(root, 'core', 'bench');
  if (existsSync(coreDir)) for (const f of readdirSync(coreDir).sort()) if (f.endsWith('.bench.ts')) files.push(join(coreDir, f));
  const pluginsDir = join(root, 'plugins');
  if (existsSync(pluginsDir)) {
    for (const d of readdirSync(pluginsDir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const file = join(pluginsDir, d.name, 'bench.ts');
      if (d.isDirectory() && existsSync(file)) files.push(file);
    }
  }
  return files;
}

export async function discoverBenchmarks(root: string): Promise<DiscoveredBenchmark[]> {
  const found: DiscoveredBenchmark[] = [];
  for (const path of benchmarkFiles(root)) {
    const file = relative(root, path);
    const mod = (await import(pathToFileURL(path).href)) as { benchmarks?: unknown };
    if (!Array.isArray(mod.benchmarks)) throw new BenchError(`${file} must export \`benchmarks: Benchmark[]\`.`);
    for (const b of mod.benchmarks as Benchmark[]) {
      if (!b || typeof b.id !== 'string' || !b.id || typeof b.run !== 'function') throw new BenchError(`${file}: every benchmark needs an id and a run() function.`);
      found.push({ ...b, file });
    }
  }
  return found;
}

/** Whether a benchmark may report a metric starting with `only`. */
export function mayReport(b: Benchmark, only: string | undefined): boolean {
  if (!only) return true;
  if (b.metrics) return b.metrics.some((m) => m.startsWith(only));
  return b.id.startsWith(only) || only.startsWith(b.id);
}

const UNIT_SUFFIX = new RegExp(`_(${METRIC_UNITS.join('|')})$`);

/** A metric id problem, or null: it must start with the benchmark's prefix and end with a unit. */
export function metricProblem(prefix: string, id: string): string | null {
  if (!id.startsWith(prefix)) return `metric "${id}" does not start with its benchmark's prefix "${prefix}"`;
  if (!/^[a-z0-9][a-z0-9_.-]*$/.test(id)) return `metric "${id}" may only hold lower-case letters, digits, dots, dashes and underscores`;
  if (!UNIT_SUFFIX.test(id)) return `metric "${id}" must end with its unit: ${METRIC_UNITS.map((u) => `_${u}`).join(', ')}`;
  return null;
}

export interface RunOutcome {
  results: Record<string, number>;
  failures: { benchmark: string; file?: string; message: string }[];
}

/** Run the benchmarks that may report a metric starting with `only`, one after the other. */
export async function runBenchmarks(benchmarks: (Benchmark & { file?: string })[], options: { only?: string; log?: (message: string) => void } = {}): Promise<RunOutcome> {
  const { only } = options;
  const log = options.log ?? ((m: string) => process.stderr.write(`${m}\n`));
  const wants = (metric: string) => !only || metric.startsWith(only);
  const results: Record<string, number> = {};
  const failures: RunOutcome['failures'] = [];
  for (const b of benchmarks.filter((x) => mayReport(x, only))) {
    const ctx: BenchContext = { wants, log: (m) => log(`[${b.id}] ${m}`) };
    try {
      const metrics = await b.run(ctx);
      for (const [id, value] of Object.entries(metrics)) {
        const problem = metricProblem(b.id, id) ?? (typeof value === 'number' && Number.isFinite(value) ? null : `metric "${id}" is not a finite number (${String(value)})`);
        if (problem) throw new BenchError(problem);
        if (id in results) throw new BenchError(`metric "${id}" is reported twice`);
        if (wants(id)) results[id] = value;
      }
    } catch (err) {
      failures.push({ benchmark: b.id, file: b.file, message: err instanceof Error ? err.message : String(err) });
    }
  }
  return { results, failures };
}

/** A table of metric id -> value, in the order the metrics were reported. */
export function resultsTable(results: Record<string, number>): string {
  const rows = Object.entries(results).map(([id, v]): [string, number] => [id, Number.isInteger(v) ? v : Number(v.toFixed(3))]);
  return rows.length ? formatTable(['METRIC', 'VALUE'], rows) : 'No metrics.';
}

/** Write `bench-<timestamp>.json` and `latest.json` into `dir`; returns the timestamped file. */
export function writeResults(dir: string, results: Record<string, number>, now = new Date()): string {
  mkdirSync(dir, { recursive: true });
  const json = `${JSON.stringify(results, null, 2)}\n`;
  const file = join(dir, `bench-${timestamp(now)}.json`);
  writeFileSync(file, json);
  writeFileSync(join(dir, 'latest.json'), json);
  return file;
}
